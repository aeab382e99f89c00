/**
 * One immutability summary for every repository, whatever field VBR keeps it in.
 *
 * VBR spreads immutability over several models: hardened Linux repositories have a number of days,
 * object storage an `immutability` object on its bucket or container, Azure Archive and Glacier a
 * flag, Dell Data Domain and HPE StoreOnce (API 1.3-rev2) a `RepositoryImmutabilityModel`, and
 * Linux repositories (1.3-rev2) a governance mode. Where a type keeps it, and from which revision,
 * is read off Veeam's specs (test/contract/immutability.contract.test.js re-derives this table from
 * every spec and fails when they disagree). README has the same table for users.
 */
import type { IDataObject } from 'n8n-workflow';

import { objectOf } from './objectOf';

export interface ImmutabilitySummary {
	/** Whether backups in this repository are immutable now. */
	enabled: boolean;
	/** The immutable period in days; null when not enabled or when VBR does not say. */
	days: number | null;
	/** `immutabilityMode` of object storage (where the period comes from), as VBR names it. */
	mode: string | null;
	/** True for Linux governance mode, false for hardened repositories; null where VBR does not say. */
	governance: boolean | null;
	/** The field VBR reports it in, e.g. `bucket.immutability`. */
	source: string;
}

type Reader = (model: IDataObject) => Omit<ImmutabilitySummary, 'source'>;

interface Source {
	/** Path of the field in the repository model. */
	path: [string, string];
	/** The first API revision whose model has the field. */
	since: string;
	read: Reader;
}

/** Revisions in release order (used only to compare with `since`). */
const REVISION_ORDER = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];

const wholeDays = (value: unknown): number | null =>
	typeof value === 'number' && Number.isFinite(value) ? value : null;

/** `{ isEnabled, daysCount, immutabilityMode? }` at one path (object storage, DD, StoreOnce). */
function periodObject(path: [string, string]): Reader {
	return (model) => {
		const settings = objectOf(objectOf(model[path[0]])[path[1]]);
		const enabled = settings.isEnabled === true;
		return {
			enabled,
			days: enabled ? wholeDays(settings.daysCount) : null,
			mode: typeof settings.immutabilityMode === 'string' ? settings.immutabilityMode : null,
			governance: null,
		};
	};
}

/** A yes/no flag with no period (Azure Archive, Amazon S3 Glacier). */
function flag(path: [string, string]): Reader {
	return (model) => ({
		enabled: objectOf(model[path[0]])[path[1]] === true,
		days: null,
		mode: null,
		governance: null,
	});
}

const hardened: Reader = (model) => ({
	// A hardened repository is always immutable; the days are its whole setting.
	enabled: true,
	days: wholeDays(objectOf(model.repository).makeRecentBackupsImmutableDays),
	mode: null,
	governance: false,
});

const governanceMode: Reader = (model) => {
	const repository = objectOf(model.repository);
	const enabled = repository.enableGovernanceMode === true;
	return {
		enabled,
		days: enabled ? wholeDays(repository.governanceModeRetentionDays) : null,
		mode: null,
		governance: enabled ? true : null,
	};
};

const bucket = (since: string): Source => ({
	path: ['bucket', 'immutability'],
	since,
	read: periodObject(['bucket', 'immutability']),
});
const container = (since: string): Source => ({
	path: ['container', 'immutability'],
	since,
	read: periodObject(['container', 'immutability']),
});

/** Repository type → where its immutability is, for the types whose model has it. */
export const IMMUTABILITY_SOURCES: Record<string, Source> = {
	LinuxHardened: {
		path: ['repository', 'makeRecentBackupsImmutableDays'],
		since: '1.2-rev1',
		read: hardened,
	},
	LinuxLocal: {
		path: ['repository', 'enableGovernanceMode'],
		since: '1.3-rev2',
		read: governanceMode,
	},
	AmazonS3: bucket('1.2-rev1'),
	S3Compatible: bucket('1.2-rev1'),
	IBMCloud: bucket('1.2-rev1'),
	WasabiCloud: bucket('1.2-rev1'),
	GoogleCloud: bucket('1.3-rev0'),
	S3Integrated: bucket('1.3-rev2'),
	AzureBlob: container('1.3-rev0'),
	VeeamDataCloudVault: container('1.3-rev0'),
	VeeamDataCloudVaultArchive: container('1.3-rev2'),
	AmazonS3Glacier: {
		path: ['bucket', 'immutabilityEnabled'],
		since: '1.2-rev1',
		read: flag(['bucket', 'immutabilityEnabled']),
	},
	AzureArchive: {
		path: ['container', 'immutabilityEnabled'],
		since: '1.3-rev0',
		read: flag(['container', 'immutabilityEnabled']),
	},
	DellDataDomain: {
		path: ['repository', 'immutability'],
		since: '1.3-rev2',
		read: periodObject(['repository', 'immutability']),
	},
	HPEStoreOnce: {
		path: ['repository', 'immutability'],
		since: '1.3-rev2',
		read: periodObject(['repository', 'immutability']),
	},
};

/** Whether `version` is `since` or newer; an unknown (newer) revision counts as newer. */
function atLeast(version: string, since: string): boolean {
	const at = REVISION_ORDER.indexOf(version);
	return at === -1 || at >= REVISION_ORDER.indexOf(since);
}

/**
 * The summary of one repository model as read with API `version`; null where the type cannot be
 * immutable, or where this revision's model does not say (a type from before its field existed).
 */
export function immutabilityOf(model: IDataObject, version: string): ImmutabilitySummary | null {
	const source = typeof model.type === 'string' ? IMMUTABILITY_SOURCES[model.type] : undefined;
	if (source === undefined || !atLeast(version, source.since)) return null;
	return { ...source.read(model), source: source.path.join('.') };
}

/** A repository model as an output: VBR's fields plus `immutability` (the summary, or null). */
export function withImmutability(model: IDataObject, version: string): IDataObject {
	return { ...model, immutability: immutabilityOf(model, version) as IDataObject | null };
}
