import type { INodePropertyOptions } from 'n8n-workflow';

/** ERepositoryType of API 1.3 (1.2-rev1 knows the first 22). Used by filters. */
const REPOSITORY_TYPES = [
	'WinLocal',
	'LinuxLocal',
	'Smb',
	'Nfs',
	'AzureBlob',
	'AzureDataBox',
	'AzureArchive',
	'AmazonS3',
	'AmazonSnowballEdge',
	'AmazonS3Glacier',
	'S3Compatible',
	'GoogleCloud',
	'IBMCloud',
	'ExtendableRepository',
	'DDBoost',
	'ExaGrid',
	'HPStoreOnceIntegration',
	'Quantum',
	'WasabiCloud',
	'LinuxHardened',
	'Infinidat',
	'Fujitsu',
	'VeeamDataCloudVault',
	'S3GlacierCompatible',
	'SmartObjectS3',
	'Cloud',
	'HPStoreOnce',
	'Foreign',
	'SanSnapshotOnly',
	'Tape',
	'AmazonS3External',
	'AzureStorageExternal',
	'PlatformServiceExternal',
	'GoogleCloudStorageExternal',
	'PlatformServiceVmbApi',
	'AmazonS3GlacierExternal',
	'GoogleArchiveStorageExternal',
	'AzureArchiveStorageExternal',
	'HPStoreOnceCloudBank',
	'VeeamVault',
	'ElevenElevenS3',
	'AbrVirtual',
];

export const repositoryTypeOptions: INodePropertyOptions[] = [...REPOSITORY_TYPES]
	.sort((a, b) => a.localeCompare(b))
	.map((type) => ({ name: type, value: type }));

/** Types that live in object storage: capacity and archive tier candidates, never performance extents. */
export const OBJECT_STORAGE_TYPES = new Set([
	'AzureBlob',
	'AzureDataBox',
	'AzureArchive',
	'AmazonS3',
	'AmazonSnowballEdge',
	'AmazonS3Glacier',
	'S3Compatible',
	'GoogleCloud',
	'IBMCloud',
	'WasabiCloud',
	'VeeamDataCloudVault',
	'S3GlacierCompatible',
]);
