import type { IDataObject } from 'n8n-workflow';

import { isAtLeast13 } from '../../shared/apiVersion';
import type { ApiVersion } from '../../shared/types';
import { UpdateNotApplicable } from './edit';
import { isLocalType, isShareType } from './repositorySpec';

/** The fields the "Edit" form can change. Undefined means "leave as it is". */
export interface RepositoryUpdate {
	name?: string;
	description?: string;
	path?: string;
	maxTaskCount?: number;
	readWriteRate?: number;
	immutabilityDays?: number;
	/** LinuxLocal, 1.3-rev2: 0 turns governance mode off. */
	governanceModeDays?: number;
	useFastCloningOnXFSVolumes?: boolean;
	perVmBackup?: boolean;
}

function clone<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function settingsOf(model: IDataObject, type: string, field: string): IDataObject {
	if (!isLocalType(type) && !isShareType(type)) {
		throw new UpdateNotApplicable(`"${field}" does not apply to a ${type} repository`);
	}
	const repository = (model.repository as IDataObject | undefined) ?? {};
	model.repository = repository;
	return repository;
}

/** Applies only the fields the user set to the model VBR returned, for PUT /repositories/{id}. */
export function applyRepositoryUpdate(
	current: IDataObject,
	update: RepositoryUpdate,
	version: ApiVersion,
): IDataObject {
	const model = clone(current);
	const type = String(model.type);
	if (update.name !== undefined) model.name = update.name;
	if (update.description !== undefined) model.description = update.description;
	if (update.path !== undefined) {
		if (!isLocalType(type))
			throw new UpdateNotApplicable(`"Path" does not apply to a ${type} repository`);
		settingsOf(model, type, 'Path').path = update.path;
	}
	if (update.maxTaskCount !== undefined) {
		// Object storage keeps the task limit at the top level, local and share repositories inside `repository`.
		const target =
			isLocalType(type) || isShareType(type)
				? settingsOf(model, type, 'Max Concurrent Tasks')
				: model;
		target.taskLimitEnabled = update.maxTaskCount > 0;
		if (update.maxTaskCount > 0) target.maxTaskCount = update.maxTaskCount;
	}
	if (update.readWriteRate !== undefined) {
		const settings = settingsOf(model, type, 'Read/Write Limit');
		settings.readWriteLimitEnabled = update.readWriteRate > 0;
		if (update.readWriteRate > 0) settings.readWriteRate = update.readWriteRate;
	}
	if (update.useFastCloningOnXFSVolumes !== undefined) {
		if (type !== 'LinuxLocal' && type !== 'LinuxHardened') {
			throw new UpdateNotApplicable(
				`"Use Fast Cloning on XFS" does not apply to a ${type} repository`,
			);
		}
		settingsOf(model, type, 'Use Fast Cloning on XFS').useFastCloningOnXFSVolumes =
			update.useFastCloningOnXFSVolumes;
	}
	if (update.perVmBackup !== undefined) {
		const settings = settingsOf(model, type, 'Per-Machine Backup Files');
		settings.advancedSettings = {
			...((settings.advancedSettings as IDataObject) ?? {}),
			perVmBackup: update.perVmBackup,
		};
	}
	if (update.governanceModeDays !== undefined) {
		if (type !== 'LinuxLocal') {
			throw new UpdateNotApplicable(
				`"Governance Mode Immutability" applies to Linux Server repositories, not to ${type}`,
			);
		}
		const settings = settingsOf(model, type, 'Governance Mode Immutability');
		settings.enableGovernanceMode = update.governanceModeDays > 0;
		if (update.governanceModeDays > 0)
			settings.governanceModeRetentionDays = update.governanceModeDays;
	}
	if (update.immutabilityDays !== undefined)
		applyImmutability(model, type, update.immutabilityDays, version);
	return model;
}

/**
 * Archive types keep a switch, not a period: `immutabilityEnabled` on the Glacier bucket (every
 * revision) and on the Azure Archive container (1.3-rev0 and later). The period follows retention.
 */
const ARCHIVE_IMMUTABILITY: Record<string, { holder: 'bucket' | 'container'; from13: boolean }> = {
	AmazonS3Glacier: { holder: 'bucket', from13: false },
	AzureArchive: { holder: 'container', from13: true },
};

function applyImmutability(
	model: IDataObject,
	type: string,
	days: number,
	version: ApiVersion,
): void {
	const archive = ARCHIVE_IMMUTABILITY[type];
	if (archive) {
		if (archive.from13 && !isAtLeast13(version)) {
			throw new UpdateNotApplicable(
				`API ${version} cannot change the immutability of a ${type} repository (1.3-rev0 and later can)`,
			);
		}
		const holder = { ...((model[archive.holder] as IDataObject | undefined) ?? {}) };
		holder.immutabilityEnabled = days > 0;
		model[archive.holder] = holder;
		return;
	}
	if (type === 'LinuxHardened') {
		if (days < 7)
			throw new UpdateNotApplicable(
				'A hardened repository keeps backups immutable for at least 7 days',
			);
		settingsOf(model, type, 'Immutability').makeRecentBackupsImmutableDays = days;
		return;
	}
	const holder = (model.bucket ?? model.container) as IDataObject | undefined;
	if (!holder)
		throw new UpdateNotApplicable(`"Immutability" does not apply to a ${type} repository`);
	const immutability = { ...((holder.immutability as IDataObject) ?? {}) };
	immutability.isEnabled = days > 0;
	if (days > 0) immutability.daysCount = days;
	holder.immutability = immutability;
}
