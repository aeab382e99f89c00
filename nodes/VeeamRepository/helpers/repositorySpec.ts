import type { IDataObject } from 'n8n-workflow';

import { isAtLeast, isAtLeast13 } from '../../shared/apiVersion';
import type { ApiVersion } from '../../shared/types';
import { wireEnum } from '../../shared/wireEnums';

/** Repository types the field form covers; every other type goes through JSON mode. */
export const FORM_REPOSITORY_TYPES = [
	'WinLocal',
	'LinuxLocal',
	'LinuxHardened',
	'Smb',
	'Nfs',
	'S3Compatible',
	'AmazonS3',
	'AzureBlob',
] as const;

export type FormRepositoryType = (typeof FORM_REPOSITORY_TYPES)[number];

export type ServerOs = 'Windows' | 'Linux';

export interface RepositoryForm {
	name: string;
	description: string;
	type: FormRepositoryType;
	hostId?: string;
	path?: string;
	immutabilityDays?: number;
	sharePath?: string;
	shareCredentialsId?: string;
	cloudCredentialsId?: string;
	servicePoint?: string;
	regionId?: string;
	regionType?: string;
	bucketName?: string;
	containerName?: string;
	folderName?: string;
	/** Required up to 1.3-rev1; from 1.3-rev2 absent means VBR chooses the mount server. */
	mountServerId?: string;
	mountServerOs?: ServerOs;
	writeCacheFolder?: string;
	/** LinuxLocal, 1.3-rev2: days backups stay immutable in governance mode; 0 turns it off. */
	governanceModeDays?: number;
	maxTaskCount?: number;
	readWriteRateMBps?: number;
	useFastCloningOnXFSVolumes?: boolean;
	alignDataBlocks?: boolean;
	decompressBeforeStoring?: boolean;
	perVmBackup?: boolean;
	importBackup?: boolean;
	importIndex?: boolean;
}

export const DEFAULT_WRITE_CACHE_FOLDER: Record<ServerOs, string> = {
	Windows: 'C:\\ProgramData\\Veeam\\Backup\\IRCache\\',
	Linux: '/var/lib/veeam/ircache/',
};

const LOCAL_TYPES = new Set<FormRepositoryType>(['WinLocal', 'LinuxLocal', 'LinuxHardened']);
const SHARE_TYPES = new Set<FormRepositoryType>(['Smb', 'Nfs']);

export function isLocalType(type: string): boolean {
	return LOCAL_TYPES.has(type as FormRepositoryType);
}

export function isShareType(type: string): boolean {
	return SHARE_TYPES.has(type as FormRepositoryType);
}

/** A form whose mount server is chosen (and its OS known from the managed server record). */
type WithMountServer = RepositoryForm & { mountServerId: string; mountServerOs: ServerOs };

function hasMountServer(form: RepositoryForm): form is WithMountServer {
	return form.mountServerId !== undefined && form.mountServerOs !== undefined;
}

/** Governance mode exists on LinuxLocal from 1.3-rev2 (VBR 13.1). */
export function hasGovernanceMode(version: ApiVersion): boolean {
	return isAtLeast(version, '1.3-rev2');
}

/**
 * The 1.3-rev0 spec lists `isDisabled` among RepositorySpec's required fields (without declaring
 * it; 1.3-rev1 dropped it). A new repository is enabled, so false is what it means either way.
 */
export function requiresIsDisabled(version: ApiVersion): boolean {
	return version === '1.3-rev0';
}

const GOVERNANCE_FIELDS = ['enableGovernanceMode', 'governanceModeRetentionDays'];

/** The governance mode fields a RepositorySpec or patch sets under `repository`. */
export function governanceFieldsIn(body: IDataObject): string[] {
	const repository = body.repository;
	if (typeof repository !== 'object' || repository === null || Array.isArray(repository)) return [];
	return GOVERNANCE_FIELDS.filter((field) => field in repository);
}

/** 1.2-rev1 has one mount server model; 1.3 splits it by OS under a settings type. */
export function buildMountServer(form: WithMountServer, version: ApiVersion): IDataObject {
	const settings: IDataObject = {
		mountServerId: form.mountServerId,
		writeCacheFolder: form.writeCacheFolder || DEFAULT_WRITE_CACHE_FOLDER[form.mountServerOs],
		vPowerNFSEnabled: true,
		vPowerNFSPortSettings: { mountPort: 1058, vPowerNFSPort: 2049 },
	};
	if (!isAtLeast13(version)) return settings;
	return {
		mountServerSettingsType: wireEnum('EMountServerSettingsType', form.mountServerOs, version),
		[form.mountServerOs === 'Windows' ? 'windows' : 'linux']: settings,
	};
}

function limits(form: RepositoryForm): IDataObject {
	const result: IDataObject = {};
	if (form.maxTaskCount !== undefined && form.maxTaskCount > 0) {
		result.taskLimitEnabled = true;
		result.maxTaskCount = form.maxTaskCount;
	} else {
		result.taskLimitEnabled = false;
	}
	if (form.readWriteRateMBps !== undefined && form.readWriteRateMBps > 0) {
		result.readWriteLimitEnabled = true;
		result.readWriteRate = form.readWriteRateMBps;
	} else {
		result.readWriteLimitEnabled = false;
	}
	return result;
}

function advancedSettings(form: RepositoryForm): IDataObject | undefined {
	const settings: IDataObject = {};
	if (form.alignDataBlocks !== undefined) settings.alignDataBlocks = form.alignDataBlocks;
	if (form.decompressBeforeStoring !== undefined)
		settings.decompressBeforeStoring = form.decompressBeforeStoring;
	if (form.perVmBackup !== undefined) settings.perVmBackup = form.perVmBackup;
	return Object.keys(settings).length > 0 ? settings : undefined;
}

function immutability(days: number | undefined, version: ApiVersion): IDataObject | undefined {
	if (days === undefined || days <= 0) return undefined;
	const model: IDataObject = { isEnabled: true, daysCount: days };
	if (isAtLeast13(version))
		model.immutabilityMode = wireEnum('ERepositoryImmutabilityMode', 'RepositorySettings', version);
	return model;
}

function direct(version: ApiVersion): IDataObject {
	return { connectionType: wireEnum('ERepositoryConnectionType', 'Direct', version) };
}

function compact(object: IDataObject): IDataObject {
	for (const key of Object.keys(object)) {
		if (object[key] === undefined) delete object[key];
	}
	return object;
}

/** The account and bucket (or container) of an object storage repository; other types have none. */
function objectStorageParts(form: RepositoryForm, version: ApiVersion): IDataObject {
	const parts: IDataObject = {};
	if (form.type === 'S3Compatible') {
		parts.account = {
			servicePoint: form.servicePoint,
			regionId: form.regionId,
			credentialsId: form.cloudCredentialsId,
			connectionSettings: direct(version),
		};
		parts.bucket = compact({
			bucketName: form.bucketName,
			folderName: form.folderName,
			immutability: immutability(form.immutabilityDays, version),
		});
	} else if (form.type === 'AmazonS3') {
		parts.account = {
			credentialsId: form.cloudCredentialsId,
			regionType: form.regionType,
			connectionSettings: direct(version),
		};
		parts.bucket = compact({
			regionId: form.regionId,
			bucketName: form.bucketName,
			folderName: form.folderName,
			immutability: immutability(form.immutabilityDays, version),
		});
	} else if (form.type === 'AzureBlob') {
		parts.account = {
			credentialsId: form.cloudCredentialsId,
			regionType: form.regionType,
			connectionSettings: direct(version),
		};
		parts.container = compact({
			containerName: form.containerName,
			folderName: form.folderName,
			// Container immutability exists from 1.3-rev0 only.
			immutability: isAtLeast13(version) ? immutability(form.immutabilityDays, version) : undefined,
		});
	}
	return parts;
}

/** Builds the RepositorySpec body of POST /repositories for the declared API revision. */
export function buildRepositorySpec(form: RepositoryForm, version: ApiVersion): IDataObject {
	const spec: IDataObject = {
		name: form.name,
		description: form.description,
		type: form.type,
	};
	if (requiresIsDisabled(version)) spec.isDisabled = false;
	if (isAtLeast13(version)) {
		if (form.importBackup !== undefined) spec.importBackup = form.importBackup;
		if (form.importIndex !== undefined) spec.importIndex = form.importIndex;
	}
	const advanced = advancedSettings(form);

	if (isLocalType(form.type)) {
		spec.hostId = form.hostId;
		const repository: IDataObject = {
			path: form.path,
			...limits(form),
			advancedSettings: advanced,
		};
		if (form.type !== 'WinLocal' && form.useFastCloningOnXFSVolumes !== undefined) {
			repository.useFastCloningOnXFSVolumes = form.useFastCloningOnXFSVolumes;
		}
		if (form.type === 'LinuxHardened')
			repository.makeRecentBackupsImmutableDays = form.immutabilityDays;
		if (form.type === 'LinuxLocal' && form.governanceModeDays !== undefined) {
			repository.enableGovernanceMode = form.governanceModeDays > 0;
			if (form.governanceModeDays > 0)
				repository.governanceModeRetentionDays = form.governanceModeDays;
		}
		spec.repository = compact(repository);
	} else if (isShareType(form.type)) {
		const share: IDataObject = {
			sharePath: form.sharePath,
			gatewayServer: { autoSelectEnabled: true },
		};
		if (form.type === 'Smb' && form.shareCredentialsId)
			share.credentialsId = form.shareCredentialsId;
		spec.share = share;
		spec.repository = compact({ ...limits(form), advancedSettings: advanced });
	} else {
		Object.assign(spec, objectStorageParts(form, version));
	}
	if (
		!isLocalType(form.type) &&
		!isShareType(form.type) &&
		form.maxTaskCount !== undefined &&
		form.maxTaskCount > 0
	) {
		spec.taskLimitEnabled = true;
		spec.maxTaskCount = form.maxTaskCount;
	}
	if (hasMountServer(form)) spec.mountServer = buildMountServer(form, version);
	return spec;
}
