// @ts-check
'use strict';

/**
 * Deterministic seed inventory. Every seeded object gets a UUID derived from its kind and name (`nameUuid`), so
 * tests can use `SEED.repositories['Linux Repo 01']` etc. The one exception is "Default Backup Repository", which
 * carries the well-known ID real VBR servers use for it (88788f9e-…, also in Veeam's spec examples).
 *
 * The seed covers: a backup server and Windows/Linux/hardened/gateway/unavailable managed servers plus a vCenter,
 * credentials and cloud credentials, repositories of types WinLocal, LinuxLocal, LinuxHardened, Smb, Nfs,
 * S3Compatible, AmazonS3 and AzureBlob, and the scale-out repository "SOBR Primary" with three performance
 * extents and an S3-compatible capacity tier. States include one repository under 10 % free ("Linux Repo 01"),
 * one offline ("SMB Share Repo"), one with outdated components ("Windows Repo 01") and object storage reporting
 * capacity -1 or 0 as cloud repositories do.
 */
const { nameUuid, uniqueIdOf } = require('./ids');

const DEFAULT_REPOSITORY_ID = '88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec';

/** Fixed creation times keep the seed identical between runs. */
const SEED_EPOCH = Date.parse('2025-06-02T08:00:00Z');

const id = {
	server: (/** @type {string} */ name) => nameUuid('managedServer', name),
	cred: (/** @type {string} */ name) => nameUuid('credentials', name),
	cloud: (/** @type {string} */ name) => nameUuid('cloudCredentials', name),
	repo: (/** @type {string} */ name) =>
		name === 'Default Backup Repository' ? DEFAULT_REPOSITORY_ID : nameUuid('repository', name),
	sobr: (/** @type {string} */ name) => nameUuid('scaleOutRepository', name),
};

const CREDENTIALS = [
	{ username: 'LAB\\svc-veeam', type: 'Standard', description: 'Veeam service account' },
	{ username: 'root', type: 'Linux', description: 'Linux root account (SSH)' },
	{ username: 'LAB\\smb-backup', type: 'Standard', description: 'SMB share access' },
	{ username: 'administrator@vsphere.local', type: 'Standard', description: 'vCenter Server administrator' },
];

const CLOUD_CREDENTIALS = [
	{ key: 'AKIASIMULATOR0000001', type: 'Amazon', description: 'AWS backup account' },
	{ key: 'minio-veeam', type: 'Amazon', description: 'MinIO S3-compatible storage' },
	{ key: 'labveeambackup', type: 'AzureStorage', description: 'Azure storage account' },
];

const WIN_MOUNT_CACHE = 'C:\\ProgramData\\Veeam\\Backup\\IRCache\\';
const LINUX_MOUNT_CACHE = '/var/lib/veeam/IRCache/';

const MANAGED_SERVERS = [
	{
		name: 'vbr01.lab.local', type: 'WindowsHost', description: 'Backup server', credentials: 'LAB\\svc-veeam',
		isBackupServer: true, mount: { writeCacheFolder: WIN_MOUNT_CACHE, mountPort: 1058, isDefault: true },
	},
	{
		name: 'win-repo01.lab.local', type: 'WindowsHost', description: 'Windows repository server',
		credentials: 'LAB\\svc-veeam', mount: { writeCacheFolder: 'D:\\IRCache\\', mountPort: 1058, isDefault: false },
	},
	{
		name: 'lnx-repo01.lab.local', type: 'LinuxHost', description: 'Linux repository server', credentials: 'root',
		mount: { writeCacheFolder: LINUX_MOUNT_CACHE, mountPort: 1063, isDefault: true },
	},
	{
		name: 'lnx-hardened01.lab.local', type: 'LinuxHost',
		description: 'Hardened repository server (single-use credentials)', singleUse: true,
	},
	{ name: 'gw01.lab.local', type: 'WindowsHost', description: 'Gateway server', credentials: 'LAB\\svc-veeam' },
	{
		name: 'win-old01.lab.local', type: 'WindowsHost', description: 'Decommissioned server',
		credentials: 'LAB\\svc-veeam', status: 'Unavailable', updatesState: 'OutOfDate',
	},
	{ name: 'vcenter01.lab.local', type: 'ViHost', description: 'vCenter Server', credentials: 'administrator@vsphere.local' },
];

const VBR01 = id.server('vbr01.lab.local');
const WIN01 = id.server('win-repo01.lab.local');
const LNX01 = id.server('lnx-repo01.lab.local');
const HARD01 = id.server('lnx-hardened01.lab.local');
const GW01 = id.server('gw01.lab.local');

const WINDOWS_MOUNT = Object.freeze({
	mountServerId: VBR01,
	writeCacheFolder: WIN_MOUNT_CACHE,
	vPowerNFSEnabled: true,
	vPowerNFSPortSettings: { mountPort: 1058, vPowerNFSPort: 2049 },
});
const LINUX_MOUNT = Object.freeze({
	mountServerId: LNX01,
	writeCacheFolder: LINUX_MOUNT_CACHE,
	vPowerNFSEnabled: true,
	vPowerNFSPortSettings: { mountPort: 1063, vPowerNFSPort: 2049 },
});

const mountWindows = () => ({ mountServerSettingsType: 'Windows', windows: { ...WINDOWS_MOUNT, vPowerNFSPortSettings: { ...WINDOWS_MOUNT.vPowerNFSPortSettings } } });
const mountLinux = () => ({ mountServerSettingsType: 'Linux', linux: { ...LINUX_MOUNT, vPowerNFSPortSettings: { ...LINUX_MOUNT.vPowerNFSPortSettings } } });
const mountBoth = () => ({ ...mountWindows(), mountServerSettingsType: 'Both', linux: mountLinux().linux });

const advanced = () => ({
	RotatedDriveCleanupMode: 'Disabled',
	alignDataBlocks: true,
	decompressBeforeStoring: false,
	rotatedDrives: false,
	perVmBackup: true,
});

const importOptions = () => ({ importBackup: false, importIndex: false });

/**
 * @param {string} name @param {string} type @param {string} description @param {object} rest
 */
function repoModel(name, type, description, rest) {
	const rid = id.repo(name);
	return { type, id: rid, name, description, uniqueId: uniqueIdOf(rid), ...rest };
}

/** @param {string} name @param {string} type @param {string} hostId @param {string} path @param {object} [extra] */
function local(name, type, hostId, path, extra = {}, description = '') {
	const linux = type !== 'WinLocal';
	/** @type {any} */
	const repository = {
		path,
		taskLimitEnabled: true,
		maxTaskCount: 4,
		readWriteLimitEnabled: false,
		readWriteRate: 0,
		...(linux ? { useFastCloningOnXFSVolumes: type === 'LinuxHardened' } : {}),
		...extra,
		advancedSettings: advanced(),
	};
	return repoModel(name, type, description, {
		hostId,
		repository,
		mountServer: type === 'LinuxHardened' ? mountLinux() : linux ? mountBoth() : mountWindows(),
		importOptions: importOptions(),
	});
}

const network = () => ({
	taskLimitEnabled: true,
	maxTaskCount: 4,
	readWriteLimitEnabled: false,
	readWriteRate: 0,
	advancedSettings: advanced(),
});

const noLimit = () => ({ isEnabled: false, consumptionLimitCount: 10, consumptionLimitKind: 'TB' });

/** @param {string} name @param {string} bucket @param {string} folder @param {string} description */
function s3Compatible(name, bucket, folder, description, immutable = true) {
	return repoModel(name, 'S3Compatible', description, {
		taskLimitEnabled: false,
		maxTaskCount: 0,
		account: {
			servicePoint: 'https://minio.lab.local:9000',
			regionId: 'us-east-1',
			credentialsId: id.cloud('minio-veeam'),
			connectionSettings: { connectionType: 'Direct' },
		},
		bucket: {
			bucketName: bucket,
			folderName: folder,
			enableAutoProvision: false,
			storageConsumptionLimit: noLimit(),
			immutability: immutable
				? { isEnabled: true, daysCount: 30, immutabilityMode: 'RepositorySettings' }
				: { isEnabled: false, daysCount: 0, immutabilityMode: 'RepositorySettings' },
		},
		mountServer: mountWindows(),
	});
}

/** @returns {Array<{ model: any, state: import('./store').RepositoryState }>} */
function seedRepositories() {
	const st = (/** @type {number} */ capacityGB, /** @type {number} */ freeGB, /** @type {number} */ usedSpaceGB, isOnline = true, isOutOfDate = false) =>
		({ capacityGB, freeGB, usedSpaceGB, isOnline, isOutOfDate });
	return [
		{ model: local('Default Backup Repository', 'WinLocal', VBR01, 'C:\\Backup', {}, 'Created by Veeam Backup'), state: st(199.4, 112.6, 86.8) },
		{ model: local('Windows Repo 01', 'WinLocal', WIN01, 'D:\\Backups', { maxTaskCount: 8 }, 'Windows repository on win-repo01'), state: st(4096, 1870.5, 2225.5, true, true) },
		{ model: local('Linux Repo 01', 'LinuxLocal', LNX01, '/mnt/backup/repo01', {}, 'Linux repository on lnx-repo01'), state: st(8192, 512, 7680) },
		{
			model: local('Hardened Repo 01', 'LinuxHardened', HARD01, '/mnt/veeam/hardened', { makeRecentBackupsImmutableDays: 14 }, 'Hardened repository, 14 days immutability'),
			state: st(16384, 9216.25, 7167.75),
		},
		{
			model: repoModel('SMB Share Repo', 'Smb', 'SMB share on nas01', {
				share: {
					sharePath: '\\\\nas01.lab.local\\backups',
					credentialsId: id.cred('LAB\\smb-backup'),
					gatewayServer: { autoSelectEnabled: false, gatewayServerIds: [GW01] },
				},
				repository: network(),
				mountServer: mountWindows(),
				importOptions: importOptions(),
			}),
			state: st(2048, 1024, 1024, false),
		},
		{
			model: repoModel('NFS Share Repo', 'Nfs', 'NFS export on nas02', {
				share: { sharePath: 'nas02.lab.local:/export/veeam', gatewayServer: { autoSelectEnabled: true, gatewayServerIds: [] } },
				repository: network(),
				mountServer: mountWindows(),
				importOptions: importOptions(),
			}),
			state: st(3072, 2900.5, 171.5),
		},
		{ model: s3Compatible('S3 Compatible Repo', 'veeam-backups', 'vbr01', 'MinIO object storage'), state: st(-1, -1, 1530.25) },
		{
			model: repoModel('Amazon S3 Repo', 'AmazonS3', 'Offsite copies in AWS', {
				taskLimitEnabled: false,
				maxTaskCount: 0,
				account: { credentialsId: id.cloud('AKIASIMULATOR0000001'), regionType: 'Global', connectionSettings: { connectionType: 'Direct' } },
				bucket: {
					regionId: 'eu-central-1',
					bucketName: 'lab-veeam-offsite',
					folderName: 'vbr01',
					storageConsumptionLimit: noLimit(),
					immutability: { isEnabled: true, daysCount: 30, immutabilityMode: 'RetentionSettings' },
					infrequentAccessStorage: { isEnabled: false, singleZoneEnabled: false },
				},
				mountServer: mountWindows(),
			}),
			state: st(0, 0, 845.2),
		},
		{
			model: repoModel('Azure Blob Repo', 'AzureBlob', 'Azure blob container', {
				taskLimitEnabled: false,
				maxTaskCount: 0,
				account: {
					credentialsId: id.cloud('labveeambackup'),
					regionType: 'Global',
					connectionSettings: { connectionType: 'SelectedGateway', gatewayServerIds: [GW01] },
				},
				container: {
					containerName: 'veeam',
					folderName: 'vbr01',
					storageConsumptionLimit: noLimit(),
					immutability: { isEnabled: false, daysCount: 0, immutabilityMode: 'RepositorySettings' },
				},
				mountServer: mountWindows(),
			}),
			state: st(-1, -1, 312.7),
		},
		{ model: local('SOBR Extent 01', 'WinLocal', WIN01, 'E:\\SOBR\\Extent01', {}, 'Performance extent of SOBR Primary'), state: st(2048, 1200, 848) },
		{ model: local('SOBR Extent 02', 'WinLocal', WIN01, 'F:\\SOBR\\Extent02', {}, 'Performance extent of SOBR Primary'), state: st(2048, 300, 1748) },
		{ model: local('SOBR Extent 03', 'LinuxLocal', LNX01, '/mnt/sobr/extent03', {}, 'Performance extent of SOBR Primary'), state: st(4096, 3500, 596) },
		{ model: s3Compatible('SOBR Capacity S3', 'veeam-sobr-capacity', 'sobr-primary', 'Capacity tier of SOBR Primary', false), state: st(-1, -1, 640) },
	];
}

/**
 * Repositories of types REST cannot create (before 1.3-rev2 none of them has a RepositoryModel, so GET
 * /repositories leaves them out and only the states list them), seeded with `applianceRepositories: true`:
 * a Data Domain (DDBoost; DellDataDomain with a DellDataDomainStorageModel in 1.3-rev2), an ExaGrid (an
 * ExaGridStorageModel in 1.3-rev2),
 * a tape library and an external Amazon S3 repository (1.3 types) and a Veeam Data Cloud Vault on AWS
 * (VeeamDataCloudVaultAwsExternal, 1.3-rev2 only).
 * @returns {Array<{ model: any, state: import('./store').RepositoryState }>}
 */
function seedApplianceRepositories() {
	const st = (/** @type {number} */ capacityGB, /** @type {number} */ freeGB, isOnline = true) =>
		({ capacityGB, freeGB, usedSpaceGB: Math.round((capacityGB - freeGB) * 100) / 100, isOnline, isOutOfDate: false });
	return [
		{
			model: repoModel('Data Domain Repo', 'DDBoost', 'Dell Data Domain (DD Boost)', {
				// The 1.3-rev2 spec requires ddServerName but declares ddServername; the required spelling is the one a
				// client must be able to read, so the simulator writes that. No gatewayServer: its 1.3-rev2 schema
				// (GatewayServerSettingsModel) requires ddServerName and credentialsId, a copy-paste slip no answer can meet.
				dellDataDomain: { ddServerName: 'dd01.lab.local', useFCConnectivity: false, credentialsId: id.cred('LAB\\svc-veeam') },
				repository: { path: '/data/col1/veeam', enableTaskLimit: true, maxTaskCount: 4, enableReadWriteLimit: false, readWriteRate: 0, advancedSettings: advanced() },
				mountServers: mountWindows(),
			}),
			state: st(32768, 20480),
		},
		{
			model: repoModel('ExaGrid Repo', 'ExaGrid', 'ExaGrid tiered backup storage', {
				hostId: LNX01,
				repository: { path: '/home/veeam/exagrid01', enableTaskLimit: true, maxTaskCount: 10, enableReadWriteLimit: false, readWriteRate: 0, advancedSettings: advanced() },
				mountServers: mountLinux(),
			}),
			state: st(16384, 4096),
		},
		{ model: repoModel('Tape Library 01', 'Tape', 'LTO-9 tape library', { hostId: VBR01 }), state: st(0, 0, false) },
		{
			model: repoModel('External S3 Repo', 'AmazonS3External', 'Amazon S3 repository of another backup server', {
				bucket: { bucketName: 'partner-veeam', folderName: 'vbr02' },
			}),
			state: st(-1, -1),
		},
		{
			model: repoModel('VDC Vault AWS', 'VeeamDataCloudVaultAwsExternal', 'Veeam Data Cloud Vault on AWS', {
				bucket: { bucketName: 'vdc-vault-aws', folderName: 'vbr01' },
			}),
			state: st(-1, -1),
		},
	];
}

/**
 * One repository of every type that can be immutable, seeded with `immutableRepositories: true` (off by default
 * so existing counts stay): object storage both immutable and not, the archive flags, Linux governance mode and,
 * for 1.3-rev2 (the only revision whose RepositoryModel has them), Data Domain / StoreOnce immutability, S3
 * Integrated and Veeam Data Cloud Vault Archive. Canonical (1.3-rev1) models: shaping.js removes per revision what
 * it does not have, and GET /repositories lists only the types the revision's model can express.
 * @returns {Array<{ model: any, state: import('./store').RepositoryState }>}
 */
function seedImmutableRepositories() {
	const objectState = { capacityGB: -1, freeGB: -1, usedSpaceGB: 100, isOnline: true, isOutOfDate: false };
	const period = (/** @type {boolean} */ on, days = 30) =>
		on ? { isEnabled: true, daysCount: days, immutabilityMode: 'RepositorySettings' } : { isEnabled: false, daysCount: 0, immutabilityMode: 'RepositorySettings' };
	const tasks = { taskLimitEnabled: false, maxTaskCount: 0 };
	const amazon = { credentialsId: id.cloud('AKIASIMULATOR0000001'), regionType: 'Global', connectionSettings: { connectionType: 'Direct' } };
	const azure = { credentialsId: id.cloud('labveeambackup'), regionType: 'Global', connectionSettings: { connectionType: 'Direct' } };
	const minio = { servicePoint: 'https://s3.lab.local', regionId: 'us-east-1', credentialsId: id.cloud('minio-veeam'), connectionSettings: { connectionType: 'Direct' } };
	const bucket = (/** @type {string} */ name, /** @type {boolean} */ on) => ({ bucketName: name, folderName: 'vbr01', storageConsumptionLimit: noLimit(), immutability: period(on) });
	const objectRepo = (/** @type {string} */ name, /** @type {string} */ type, /** @type {object} */ rest) =>
		({ model: repoModel(name, type, `${type}, immutability seed`, { ...tasks, ...rest, mountServer: mountWindows() }), state: objectState });
	// Archive tiers have no task limit and no mount server; Azure Archive needs its proxy appliance.
	const archiveRepo = (/** @type {string} */ name, /** @type {string} */ type, /** @type {object} */ rest) =>
		({ model: repoModel(name, type, `${type}, immutability seed`, rest), state: objectState });
	return [
		{
			model: local('Governance Linux Repo', 'LinuxLocal', LNX01, '/mnt/backup/governance', { enableGovernanceMode: true, governanceModeRetentionDays: 10 }, 'Linux repository in governance mode'),
			state: { capacityGB: 1024, freeGB: 512, usedSpaceGB: 512, isOnline: true, isOutOfDate: false },
		},
		objectRepo('Mutable Amazon S3', 'AmazonS3', { account: amazon, bucket: { regionId: 'eu-west-1', ...bucket('mutable-s3', false) } }),
		objectRepo('Immutable IBM Cloud', 'IBMCloud', { account: minio, bucket: bucket('ibm-immutable', true) }),
		objectRepo('Mutable Wasabi', 'WasabiCloud', { account: { regionId: 'eu-central-1', credentialsId: id.cloud('minio-veeam'), connectionSettings: { connectionType: 'Direct' } }, bucket: bucket('wasabi-mutable', false) }),
		objectRepo('Immutable Google Cloud', 'GoogleCloud', {
			account: { credentialsId: id.cloud('minio-veeam'), regionId: 'europe-west1', connectionSettings: { connectionType: 'Direct' } },
			bucket: { ...bucket('google-immutable', true), nearlineStorageEnabled: false },
		}),
		objectRepo('Immutable Azure Blob', 'AzureBlob', { account: azure, container: { containerName: 'immutable', folderName: 'vbr01', storageConsumptionLimit: noLimit(), immutability: period(true, 21) } }),
		archiveRepo('Immutable Glacier', 'AmazonS3Glacier', { account: amazon, bucket: { regionId: 'eu-west-1', bucketName: 'glacier', folderName: 'vbr01', immutabilityEnabled: true } }),
		archiveRepo('Mutable Glacier', 'AmazonS3Glacier', { account: amazon, bucket: { regionId: 'eu-west-1', bucketName: 'glacier-mutable', folderName: 'vbr01', immutabilityEnabled: false } }),
		archiveRepo('Immutable Azure Archive', 'AzureArchive', {
			account: azure,
			container: { containerName: 'archive', folderName: 'vbr01', immutabilityEnabled: true },
			proxyAppliance: { subscriptionId: '0b6f4f5e-3c1d-4a7b-9e2f-1a2b3c4d5e6f' },
		}),
		// Veeam Data Cloud Vault: from 1.3-rev0 (no such type in 1.2-rev1).
		objectRepo('Immutable VDC Vault', 'VeeamDataCloudVault', {
			account: { vault: { vaultId: 'vdc-vault-0001', vaultName: 'Vault 01', isInitialized: true }, connectionSettings: { connectionType: 'Direct' } },
			container: { folder: 'vbr01', storageConsumptionLimit: noLimit(), immutability: period(true, 30) },
		}),
		// S3 Integrated (SmartObjectS3 before its 1.3-rev2 name; an S3CompatibleStorageModel) and Veeam Data Cloud
		// Vault Archive: RepositoryModel types from 1.3-rev2.
		objectRepo('Immutable S3 Integrated', 'SmartObjectS3', { account: minio, bucket: bucket('s3-integrated', true) }),
		archiveRepo('Immutable VDC Vault Archive', 'VeeamDataCloudVaultArchive', {
			...tasks,
			account: { vault: { vaultId: 'vdc-vault-0002', vaultName: 'Archive Vault', isInitialized: true }, connectionSettings: { connectionType: 'Direct' } },
			container: { folder: 'vbr01-archive', immutability: period(true, 90) },
		}),
		// Listed by GET /repositories on 1.3-rev2 only (the first RepositoryModel with these types).
		{
			model: repoModel('Immutable Data Domain', 'DDBoost', 'Dell Data Domain with immutability', {
				dellDataDomain: { ddServerName: 'dd02.lab.local', useFCConnectivity: false, credentialsId: id.cred('LAB\\svc-veeam') },
				repository: { path: '/data/col1/immutable', immutability: { isEnabled: true, daysCount: 14 }, enableTaskLimit: true, maxTaskCount: 4, enableReadWriteLimit: false, readWriteRate: 0, advancedSettings: advanced() },
				mountServers: mountWindows(),
			}),
			state: { capacityGB: 32768, freeGB: 16384, usedSpaceGB: 16384, isOnline: true, isOutOfDate: false },
		},
		{
			model: repoModel('Immutable StoreOnce', 'HPStoreOnceIntegration', 'HPE StoreOnce with immutability', {
				hpeStoreOnce: { storeOnceServerName: 'storeonce01.lab.local', useFCConnectivity: false, credentialsId: id.cred('LAB\\svc-veeam') },
				repository: { path: 'VeeamCatalyst', immutability: { isEnabled: true, daysCount: 7 }, enableTaskLimit: true, maxTaskCount: 4, enableReadWriteLimit: false, readWriteRate: 0, advancedSettings: advanced() },
				mountServers: mountWindows(),
			}),
			state: { capacityGB: 65536, freeGB: 40000, usedSpaceGB: 25536, isOnline: true, isOutOfDate: false },
		},
	];
}

const ALL_HOURS = Array(24).fill('1').join(',');

function seedScaleOutRepositories() {
	const name = 'SOBR Primary';
	const sid = id.sobr(name);
	return [
		{
			id: sid,
			name,
			description: 'Primary scale-out backup repository',
			uniqueId: uniqueIdOf(sid),
			performanceTier: {
				performanceExtents: ['SOBR Extent 01', 'SOBR Extent 02', 'SOBR Extent 03'].map((n) => ({ id: id.repo(n), status: ['Normal'] })),
				advancedSettings: { perVmBackup: true, fullWhenExtentOffline: false },
			},
			placementPolicy: { type: 'DataLocality', settings: [], enforceStrictPlacementPolicy: false },
			capacityTier: {
				isEnabled: true,
				extents: [{ id: id.repo('SOBR Capacity S3') }],
				offloadWindow: {
					days: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'].map((day) => ({ day, hours: ALL_HOURS })),
				},
				backupHealth: { isEnabled: true, weekly: { isEnabled: true, days: ['Saturday'], localTime: '22:00:00' } },
				copyPolicyEnabled: true,
				movePolicyEnabled: true,
				operationalRestorePeriodDays: 14,
				overridePolicy: { isEnabled: false, overrideSpaceThresholdPercents: 90 },
				encryption: { isEnabled: false },
			},
			archiveTier: { isEnabled: false },
		},
	];
}

/** Number of repositories in the fixed seed. */
const SEED_REPOSITORY_COUNT = 13;

/**
 * Extra repositories for benchmarks: 'Repo 000001', … (WinLocal / LinuxLocal / Nfs in turn), with spread-out states.
 * Sub-objects that never change are shared, which keeps 100,000 repositories at a few tens of MB.
 * @param {number} count
 * @returns {Array<{ model: any, state: import('./store').RepositoryState }>}
 */
function generatedRepositories(count) {
	const winMount = Object.freeze(mountWindows());
	const bothMount = Object.freeze(mountBoth());
	const adv = Object.freeze(advanced());
	const imp = Object.freeze(importOptions());
	const nfsGateway = Object.freeze({ autoSelectEnabled: true, gatewayServerIds: [] });
	const out = [];
	for (let i = 1; i <= count; i++) {
		const num = String(i).padStart(6, '0');
		const name = `Repo ${num}`;
		const rid = nameUuid('repository', name);
		const kind = i % 3;
		/** @type {any} */
		let model;
		if (kind === 1) {
			model = {
				type: 'WinLocal', id: rid, name, description: `Generated repository ${num}`, uniqueId: uniqueIdOf(rid), hostId: WIN01,
				repository: { path: `D:\\Repos\\Repo${num}`, taskLimitEnabled: true, maxTaskCount: 4, readWriteLimitEnabled: false, readWriteRate: 0, advancedSettings: adv },
				mountServer: winMount, importOptions: imp,
			};
		} else if (kind === 2) {
			model = {
				type: 'LinuxLocal', id: rid, name, description: `Generated repository ${num}`, uniqueId: uniqueIdOf(rid), hostId: LNX01,
				repository: { path: `/mnt/repos/repo${num}`, taskLimitEnabled: true, maxTaskCount: 4, readWriteLimitEnabled: false, readWriteRate: 0, useFastCloningOnXFSVolumes: true, advancedSettings: adv },
				mountServer: bothMount, importOptions: imp,
			};
		} else {
			model = {
				type: 'Nfs', id: rid, name, description: `Generated repository ${num}`, uniqueId: uniqueIdOf(rid),
				share: { sharePath: `nas02.lab.local:/export/repo${num}`, gatewayServer: nfsGateway },
				repository: { taskLimitEnabled: true, maxTaskCount: 4, readWriteLimitEnabled: false, readWriteRate: 0, advancedSettings: adv },
				mountServer: winMount, importOptions: imp,
			};
		}
		const capacityGB = 1024 * (1 + (i % 8));
		const freeGB = Math.round(capacityGB * ((i * 37) % 100)) / 100;
		out.push({
			model,
			state: {
				capacityGB,
				freeGB,
				usedSpaceGB: Math.round((capacityGB - freeGB) * 100) / 100,
				isOnline: i % 97 !== 0,
				isOutOfDate: i % 53 === 0,
			},
		});
	}
	return out;
}

/**
 * Fill a (cleared) store with the seed.
 * @param {import('./store').Store} store @param {{ repositories?: number, applianceRepositories?: boolean, immutableRepositories?: boolean }} [options]
 */
function seedStore(store, options = {}) {
	for (const c of CREDENTIALS) {
		const cid = id.cred(c.username);
		store.putCredentials({
			id: cid,
			username: c.username,
			description: c.description,
			type: c.type,
			creationTime: SEED_EPOCH,
			uniqueId: cid,
			...(c.type === 'Linux' ? { SSHPort: 22, elevateToRoot: false, addToSudoers: false, useSu: false, authenticationType: 'Password' } : {}),
		});
	}
	for (const c of CLOUD_CREDENTIALS) {
		const cid = id.cloud(c.key);
		store.putCloudCredentials({
			id: cid,
			type: c.type,
			description: c.description,
			lastModified: SEED_EPOCH,
			uniqueId: cid,
			...(c.type === 'AzureStorage' ? { account: c.key } : { accessKey: c.key }),
		});
	}
	for (const s of MANAGED_SERVERS) {
		/** @type {any} */
		const server = {
			id: id.server(s.name),
			name: s.name,
			description: s.description,
			type: s.type,
			status: s.status || 'Available',
			updatesState: s.updatesState || 'NotAvailable',
			isBackupServer: !!s.isBackupServer,
		};
		if (s.type === 'ViHost') {
			server.credentialsId = id.cred(/** @type {string} */ (s.credentials));
			server.viHostType = 'VC';
			server.port = 443;
		} else if (s.singleUse) {
			server.credentialsStorageType = 'SingleUse';
		} else {
			server.credentialsStorageType = 'Permanent';
			server.credentialsId = id.cred(/** @type {string} */ (s.credentials));
		}
		if (s.mount) server.mount = { ...s.mount, vPowerNFSEnabled: true, vPowerNFSPort: 2049 };
		store.putManagedServer(server);
	}
	const repos = seedRepositories()
		.concat(options.applianceRepositories ? seedApplianceRepositories() : [])
		.concat(options.immutableRepositories ? seedImmutableRepositories() : []);
	const total = Math.max(0, Math.min(options.repositories || 0, 1_000_000));
	const extra = total > repos.length ? generatedRepositories(total - repos.length) : [];
	for (const r of repos.concat(extra)) store.insertRepository(r.model, r.state);
	for (const sobr of seedScaleOutRepositories()) store.putScaleOutRepository(sobr);
}

/** Completed sessions that exist before anything happens, relative to the start time. @param {number} now */
function seedSessions(now) {
	return [
		{
			id: nameUuid('session', 'Initial repository setup'),
			name: 'Infrastructure Item Saving',
			sessionType: 'Infrastructure',
			creationMs: now - 50 * 3600_000,
			durationMs: 8_000,
			result: { result: 'Success', message: 'Success' },
			resourceId: DEFAULT_REPOSITORY_ID,
			resourceReference: `/api/v1/backupInfrastructure/repositories/${DEFAULT_REPOSITORY_ID}`,
			initiatedBy: '.\\administrator',
			steps: ["Saving repository 'Default Backup Repository'"],
			doneTitle: "Repository 'Default Backup Repository' has been saved",
		},
		{
			id: nameUuid('session', 'Nightly configuration resynchronize'),
			name: 'Configuration Database Resynchronize',
			sessionType: 'ConfigurationResynchronize',
			jobId: '00000000-0000-0000-0000-000000000000',
			creationMs: now - 26 * 3600_000,
			durationMs: 6_000,
			result: { result: 'Success', message: 'Success' },
			initiatedBy: '.\\administrator',
			steps: ["Rescanning repository 'Default Backup Repository'"],
			doneTitle: 'Rescan completed',
		},
	];
}

/** Names → IDs of everything seeded, for tests. */
const SEED = Object.freeze({
	backupServerId: VBR01,
	defaultRepositoryId: DEFAULT_REPOSITORY_ID,
	managedServers: Object.freeze(Object.fromEntries(MANAGED_SERVERS.map((s) => [s.name, id.server(s.name)]))),
	credentials: Object.freeze(Object.fromEntries(CREDENTIALS.map((c) => [c.username, id.cred(c.username)]))),
	cloudCredentials: Object.freeze(Object.fromEntries(CLOUD_CREDENTIALS.map((c) => [c.key, id.cloud(c.key)]))),
	repositories: Object.freeze(Object.fromEntries(seedRepositories().map((r) => [r.model.name, r.model.id]))),
	/** Seeded only with `applianceRepositories: true`. */
	applianceRepositories: Object.freeze(Object.fromEntries(seedApplianceRepositories().map((r) => [r.model.name, r.model.id]))),
	scaleOutRepositories: Object.freeze(Object.fromEntries(seedScaleOutRepositories().map((s) => [s.name, s.id]))),
});

/** ID a generated benchmark repository gets. @param {number} i 1-based */
function generatedRepositoryId(i) {
	return nameUuid('repository', `Repo ${String(i).padStart(6, '0')}`);
}

module.exports = { seedStore, seedSessions, SEED, SEED_REPOSITORY_COUNT, generatedRepositoryId, DEFAULT_REPOSITORY_ID };
