import type { INodePropertyOptions } from 'n8n-workflow';

import type { ApiVersion } from './types';

/*
 * ERepositoryType of each revision, written as what changed from one revision to the next, each in
 * that revision's spelling and the spec's order. Not guessed: test/contract/repositoryTypes.contract
 * .test.ts rebuilds every list (and the kinds below) from Veeam's four specs and fails on any drift.
 */
const TYPES_1_2_REV1 = [
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
];

/** 1.3-rev0 (VBR 13.0) added these; 1.3-rev1 changed nothing. */
const ADDED_IN_1_3_REV0 = [
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

/** 1.3-rev2 (VBR 13.1) renamed four types (same place in the enum, same meaning): old → new. */
export const RENAMED_IN_1_3_REV2: Readonly<Record<string, string>> = {
	DDBoost: 'DellDataDomain',
	HPStoreOnceIntegration: 'HPEStoreOnce',
	Quantum: 'QuantumDXi',
	SmartObjectS3: 'S3Integrated',
};

const ADDED_IN_1_3_REV2 = [
	'VeeamDataCloudVaultArchive',
	'VeeamDataCloudVaultAwsExternal',
	'VeeamDataCloudVaultAzureExternal',
];

const TYPES_1_3 = [...TYPES_1_2_REV1, ...ADDED_IN_1_3_REV0];

const TYPES_BY_VERSION: Readonly<Record<ApiVersion, readonly string[]>> = {
	'1.2-rev1': TYPES_1_2_REV1,
	'1.3-rev0': TYPES_1_3,
	'1.3-rev1': TYPES_1_3,
	'1.3-rev2': [...TYPES_1_3.map((type) => RENAMED_IN_1_3_REV2[type] ?? type), ...ADDED_IN_1_3_REV2],
};

/** ERepositoryType of a revision, spelled and ordered as its spec has it. */
export function repositoryTypesOf(version: ApiVersion): readonly string[] {
	// A revision added to ApiVersion without its list here fails to compile; at run time, newest.
	return TYPES_BY_VERSION[version] ?? TYPES_BY_VERSION['1.3-rev2'];
}

const NEWEST_TYPES = TYPES_BY_VERSION['1.3-rev2'];
const OLD_NAME = new Map(Object.entries(RENAMED_IN_1_3_REV2).map(([old, now]) => [now, old]));

/** Any spelling of a type the node knows (old or new name, any casing) → its newest name. */
const NEWEST_BY_KEY = new Map<string, string>([
	...NEWEST_TYPES.map((type): [string, string] => [type.toLowerCase(), type]),
	...Object.entries(RENAMED_IN_1_3_REV2).map(([old, now]): [string, string] => [
		old.toLowerCase(),
		now,
	]),
]);

/** A type's newest name (DDBoost → DellDataDomain); a name the node does not know stays as it is. */
export function newestTypeName(type: string): string {
	return NEWEST_BY_KEY.get(type.trim().toLowerCase()) ?? type.trim();
}

/** One key for the old and the new name of a type, for comparisons (the trigger's type filters). */
export function repositoryTypeKey(type: string): string {
	return newestTypeName(type).toLowerCase();
}

export function isKnownRepositoryType(type: string): boolean {
	return NEWEST_BY_KEY.has(type.trim().toLowerCase());
}

/**
 * A type as `version` spells it (DellDataDomain on 1.3-rev1 → DDBoost; DDBoost on 1.3-rev2 →
 * DellDataDomain). `null`: a type the node knows but that revision does not have. A name the node does
 * not know is sent as given: a newer server may know it, and VBR says so if it does not.
 */
export function typeForVersion(type: string, version: ApiVersion): string | null {
	if (!isKnownRepositoryType(type)) return type.trim();
	const newest = newestTypeName(type);
	const types = repositoryTypesOf(version);
	if (types.includes(newest)) return newest;
	const old = OLD_NAME.get(newest);
	return old !== undefined && types.includes(old) ? old : null;
}

/** The oldest revision (and VBR release) whose ERepositoryType has a type, for messages and hints. */
export function firstRevisionWith(type: string): string {
	const newest = newestTypeName(type);
	if (TYPES_1_2_REV1.includes(OLD_NAME.get(newest) ?? newest)) return 'API 1.2-rev1';
	if (TYPES_1_3.includes(OLD_NAME.get(newest) ?? newest)) return 'API 1.3-rev0 (VBR 13.0)';
	return 'API 1.3-rev2 (VBR 13.1)';
}

function optionDescription(type: string): string | undefined {
	const notes: string[] = [];
	const old = OLD_NAME.get(type);
	if (old !== undefined) notes.push(`${old} before API 1.3-rev2 (VBR 13.1); either name works`);
	if (!TYPES_1_2_REV1.includes(old ?? type)) notes.push(`${firstRevisionWith(type)} and later`);
	return notes.length > 0 ? notes.join('; ') : undefined;
}

/** Every type of every revision under its newest name; the node sends each revision's spelling. */
export const repositoryTypeOptions: INodePropertyOptions[] = [...NEWEST_TYPES]
	.sort((a, b) => a.localeCompare(b))
	.map((type) => {
		const description = optionDescription(type);
		return description === undefined
			? { name: type, value: type }
			: { name: type, value: type, description };
	});

/*
 * What a repository of a type can be in a scale-out repository, from the RepositoryModel each spec maps
 * the type to: a model with a path on a server or share is file or block storage (a performance extent),
 * one with a bucket or container is object storage (capacity tier), and archive object storage (Azure
 * Archive, Glacier, VDC Vault Archive) only serves an archive tier. Newest names; the contract test
 * derives the three lists from the specs. Types without a RepositoryModel (tape, *External…) are never
 * listed by GET /repositories and so never offered.
 */
const FILE_OR_BLOCK_TYPES = [
	'WinLocal',
	'LinuxLocal',
	'Smb',
	'Nfs',
	'LinuxHardened',
	'DellDataDomain',
	'ExaGrid',
	'HPEStoreOnce',
	'QuantumDXi',
	'Infinidat',
	'Fujitsu',
];

const CAPACITY_OBJECT_STORAGE_TYPES = [
	'AzureBlob',
	'AzureDataBox',
	'AmazonS3',
	'AmazonSnowballEdge',
	'S3Compatible',
	'S3Integrated',
	'GoogleCloud',
	'IBMCloud',
	'WasabiCloud',
	'VeeamDataCloudVault',
];

const ARCHIVE_OBJECT_STORAGE_TYPES = [
	'AzureArchive',
	'AmazonS3Glacier',
	'VeeamDataCloudVaultArchive',
];

export type ScaleOutRole = 'performance' | 'capacity' | 'archive';

const ROLE_BY_TYPE = new Map<string, ScaleOutRole>([
	...FILE_OR_BLOCK_TYPES.map((t): [string, ScaleOutRole] => [t, 'performance']),
	...CAPACITY_OBJECT_STORAGE_TYPES.map((t): [string, ScaleOutRole] => [t, 'capacity']),
	...ARCHIVE_OBJECT_STORAGE_TYPES.map((t): [string, ScaleOutRole] => [t, 'archive']),
]);

/**
 * The scale-out role a repository type can take; `undefined` for a type that has none (tape…) and for a
 * type this node does not know (a newer server's), which the pickers offer with a warning instead.
 */
export function scaleOutRoleOf(type: string): ScaleOutRole | undefined {
	return ROLE_BY_TYPE.get(newestTypeName(type));
}

/** The lists above, for the contract test that derives them from the specs. */
export const SCALE_OUT_ROLE_TYPES: Readonly<Record<ScaleOutRole, readonly string[]>> = {
	performance: FILE_OR_BLOCK_TYPES,
	capacity: CAPACITY_OBJECT_STORAGE_TYPES,
	archive: ARCHIVE_OBJECT_STORAGE_TYPES,
};
