import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isAtLeast } from '../../shared/apiVersion';
import type { ApiVersion } from '../../shared/types';
import { isUuid } from '../../shared/validation';
import type { FormRepositoryType, RepositoryForm, ServerOs } from './repositorySpec';
import {
	FORM_REPOSITORY_TYPES,
	governanceFieldsIn,
	hasGovernanceMode,
	isLocalType,
} from './repositorySpec';

const OBJECT_TYPES = new Set(['S3Compatible', 'AmazonS3', 'AzureBlob']);

function text(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '') as unknown;
	return typeof value === 'string'
		? value.trim()
		: value === undefined || value === null
			? ''
			: String(value);
}

/** The form's Additional Fields: limits (whole numbers from 0), switches and the write cache folder. */
function readAdditionalFields(
	ctx: IExecuteFunctions,
	itemIndex: number,
	form: Omit<RepositoryForm, 'mountServerOs'>,
	fail: (message: string, description?: string) => NodeOperationError,
): void {
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	for (const name of ['maxTaskCount', 'readWriteRate'] as const) {
		if (extra[name] === undefined) continue;
		const value = Number(extra[name]);
		if (!Number.isInteger(value) || value < 0)
			throw fail(`"${name}" must be a whole number of at least 0`);
	}
	if (extra.maxTaskCount !== undefined) form.maxTaskCount = Number(extra.maxTaskCount);
	if (extra.readWriteRate !== undefined) form.readWriteRateMBps = Number(extra.readWriteRate);
	for (const flag of [
		'useFastCloningOnXFSVolumes',
		'alignDataBlocks',
		'decompressBeforeStoring',
		'perVmBackup',
		'importBackup',
		'importIndex',
	] as const) {
		if (typeof extra[flag] === 'boolean') form[flag] = extra[flag] as boolean;
	}
	if (typeof extra.writeCacheFolder === 'string' && extra.writeCacheFolder.trim() !== '') {
		form.writeCacheFolder = extra.writeCacheFolder.trim();
	}
	if (extra.governanceModeDays !== undefined) {
		form.governanceModeDays = readGovernanceModeDays(extra.governanceModeDays, form.type, fail);
	}
}

/** Governance mode: LinuxLocal only, 0 (off) or a whole number of days up to 9999. */
function readGovernanceModeDays(
	value: unknown,
	type: FormRepositoryType,
	fail: (message: string, description?: string) => NodeOperationError,
): number {
	if (type !== 'LinuxLocal') {
		throw fail(`Governance mode applies to Linux Server repositories, not to ${type}`);
	}
	const days = Number(value);
	if (!Number.isInteger(days) || days < 0 || days > 9999) {
		throw fail('Governance Mode Immutability must be a whole number of days from 0 to 9999');
	}
	return days;
}

/**
 * Reads and checks the "Add" form for one item. Everything that can be known without asking VBR is
 * checked here, before any request: required fields per type, IDs that must be UUIDs, numbers.
 */
export function readRepositoryForm(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: ApiVersion,
): Omit<RepositoryForm, 'mountServerOs'> {
	const node = ctx.getNode();
	const fail = (message: string, description?: string) =>
		new NodeOperationError(node, message, { itemIndex, description });
	const type = ctx.getNodeParameter('repositoryType', itemIndex) as FormRepositoryType;
	if (!FORM_REPOSITORY_TYPES.includes(type)) {
		throw fail(
			`Repository type "${String(type)}" is not in the form`,
			'Use "Define By: JSON" for other types.',
		);
	}
	const required = (name: string, label: string): string => {
		const value = text(ctx, name, itemIndex);
		if (value === '') throw fail(`"${label}" is required for a ${type} repository`);
		return value;
	};
	const uuid = (name: string, label: string, optional = false): string | undefined => {
		const value = text(ctx, name, itemIndex);
		if (value === '' && optional) return undefined;
		if (value === '') throw fail(`"${label}" is required for a ${type} repository`);
		if (!isUuid(value))
			throw fail(
				`"${value}" is not a valid ${label} ID`,
				'Pick it from the list or give its UUID.',
			);
		return value;
	};

	const form: Omit<RepositoryForm, 'mountServerOs'> = {
		name: required('name', 'Name'),
		description: text(ctx, 'description', itemIndex),
		type,
		// 1.3-rev2 lets VBR choose the mount server when none is given.
		mountServerId: uuid('mountServerId', 'Mount Server', isAtLeast(apiVersion, '1.3-rev2')),
	};
	if (isLocalType(type)) {
		form.hostId = uuid('hostId', 'Host');
		form.path = required('path', 'Path');
		if (type === 'LinuxHardened') {
			const days = Number(ctx.getNodeParameter('immutabilityDays', itemIndex, 7));
			if (!Number.isInteger(days) || days < 7 || days > 9999) {
				throw fail('Immutability must be a whole number of days from 7 to 9999');
			}
			form.immutabilityDays = days;
		}
	} else if (type === 'Smb' || type === 'Nfs') {
		form.sharePath = required('sharePath', 'Share Path');
		// SMB share credentials are required up to 1.3-rev0 and optional from 1.3-rev1.
		if (type === 'Smb') {
			const optional = isAtLeast(apiVersion, '1.3-rev1');
			form.shareCredentialsId = uuid('shareCredentialsId', 'Share Credentials', optional);
		}
	} else if (OBJECT_TYPES.has(type)) {
		form.cloudCredentialsId = uuid('cloudCredentialsId', 'Cloud Credentials');
		form.folderName = required('folderName', 'Folder');
		if (type === 'AzureBlob') form.containerName = required('containerName', 'Container');
		else form.bucketName = required('bucketName', 'Bucket');
		if (type === 'S3Compatible') form.servicePoint = required('servicePoint', 'Service Point');
		if (type !== 'AzureBlob') form.regionId = required('regionId', 'Region');
		if (type !== 'S3Compatible') form.regionType = text(ctx, 'regionType', itemIndex) || 'Global';
		const days = Number(ctx.getNodeParameter('objectImmutabilityDays', itemIndex, 0));
		if (!Number.isInteger(days) || days < 0)
			throw fail('Object Immutability must be a whole number of days');
		form.immutabilityDays = days;
	}

	readAdditionalFields(ctx, itemIndex, form, fail);
	if (form.governanceModeDays !== undefined && !hasGovernanceMode(apiVersion)) {
		throw fail(
			`Governance mode needs API 1.3-rev2 (VBR 13.1); the credential uses ${apiVersion}`,
			'Remove "Governance Mode Immutability" or choose API 1.3-rev2 in the credential.',
		);
	}
	return form;
}

/** JSON mode (Add body, Edit patch): governance mode fields are refused before any request on older revisions. */
export function refuseGovernanceFields(
	ctx: IExecuteFunctions,
	body: IDataObject,
	apiVersion: ApiVersion,
	itemIndex: number,
): void {
	const fields = governanceFieldsIn(body);
	if (fields.length === 0 || hasGovernanceMode(apiVersion)) return;
	throw new NodeOperationError(
		ctx.getNode(),
		`repository.${fields[0]} needs API 1.3-rev2 (VBR 13.1); the credential uses ${apiVersion}`,
		{
			description: `API ${apiVersion} has no governance mode, so VBR would ignore it. Nothing was sent to VBR.`,
			itemIndex,
		},
	);
}

/** Managed server types that can be mount servers, by the OS they run. */
export function serverOs(managedServerType: unknown): ServerOs | undefined {
	const type = String(managedServerType ?? '').toLowerCase();
	if (type === 'windowshost') return 'Windows';
	if (type === 'linuxhost') return 'Linux';
	return undefined;
}
