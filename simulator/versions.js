// @ts-check
'use strict';

/**
 * API revisions the simulator speaks and what differs between them. Everything version-dependent asks the
 * feature object returned by `features(version)`. The internal inventory is kept in one canonical shape (the
 * 1.3-rev1 model, PascalCase enums, 1.3-rev1 repository type names plus the types 1.3-rev2 added); `shaping.js`
 * converts at the edge.
 *
 * Enum spellings, repository type lists and renames are not a casing rule: they come per revision from
 * `specData.json`, which `tools/specData.js` derives from Veeam's official specs (and a contract test re-derives
 * to catch drift). 1.2-rev0 has no spec in this project; it is treated as 1.2-rev1 without rescan.
 */
const SPEC_DATA = /** @type {Record<string, { enums: Record<string, string[]>, repositoryModelTypes: string[], repositorySpecTypes: string[], renamedRepositoryTypes: Record<string, string> }>} */ (require('./specData.json'));

/** Newest first, as the unsupported-version message lists them. */
const ALL_VERSIONS = ['1.3-rev2', '1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0'];

/** The revision whose spec describes a version (1.2-rev0 has none here). @param {string} version */
const specVersionOf = (version) => (version === '1.2-rev0' ? '1.2-rev1' : version);

/**
 * VBR releases the simulator can pretend to be: the build `GET /serverInfo` names and the newest revision that
 * release speaks (doc §0 table; 13.1.0.411 for 1.3-rev2). A release speaks every older revision too.
 */
const VBR_RELEASES = [
	{ release: '13.1.0', build: '13.1.0.411', newest: '1.3-rev2' },
	{ release: '13.0.1', build: '13.0.1.180', newest: '1.3-rev1' },
	{ release: '13.0.0', build: '13.0.0.4967', newest: '1.3-rev0' },
	{ release: '12.3.1', build: '12.3.1.1139', newest: '1.2-rev1' },
	{ release: '12.3.0', build: '12.3.0.310', newest: '1.2-rev0' },
];

/** The release the simulator is when started without `vbrVersion` (what the existing tests expect). */
const DEFAULT_VBR_VERSION = '13.0.1';

/**
 * '13.1', '13.1.0' or '13.1.0.411' → the release entry; throws for an unknown release.
 * @param {string} vbrVersion
 */
function vbrRelease(vbrVersion) {
	const parts = String(vbrVersion).trim().split('.');
	if (!parts.every((p) => /^\d+$/.test(p)) || parts.length < 2 || parts.length > 4) {
		throw new Error(`vbrVersion must look like 13.1 or 12.3.1 (got ${vbrVersion})`);
	}
	while (parts.length < 3) parts.push('0');
	const key = parts.slice(0, 3).join('.');
	const hit = VBR_RELEASES.find((r) => r.release === key);
	if (!hit) throw new Error(`vbrVersion ${vbrVersion} is not a VBR release the simulator knows (${VBR_RELEASES.map((r) => r.release).join(', ')})`);
	return hit;
}

/** Revisions a release speaks, newest first. @param {string} vbrVersion */
function versionsOfRelease(vbrVersion) {
	const { newest } = vbrRelease(vbrVersion);
	return ALL_VERSIONS.slice(ALL_VERSIONS.indexOf(newest));
}

/** The release whose newest revision is the newest of `versions` (for a simulator started with supportedVersions). @param {string[]} versions */
function releaseForVersions(versions) {
	const newest = ALL_VERSIONS.find((v) => versions.includes(v));
	return VBR_RELEASES.find((r) => r.newest === newest) || VBR_RELEASES[0];
}

/** @param {string} s */
const lower = (s) => s.toLowerCase();

/**
 * Canonical spelling of each enum: the newest spec's (1.3-rev1 and later are PascalCase throughout). Repository
 * and session types are per revision (see features), not here.
 * @type {Record<string, string[]>}
 */
const ENUMS = {};
for (const v of [...ALL_VERSIONS].reverse()) {
	const data = SPEC_DATA[specVersionOf(v)];
	for (const [name, values] of Object.entries(data.enums)) {
		const list = ENUMS[name] || (ENUMS[name] = []);
		for (const value of values) {
			const at = list.findIndex((x) => lower(x) === lower(value));
			if (at < 0) list.push(value);
			else list[at] = value; // a newer spelling wins
		}
	}
}

/**
 * Canonical repository type names are the 1.3-rev1 ones; each rename of a later revision maps canonical → wire.
 * @param {string} version
 */
function renamesUpTo(version) {
	/** @type {Record<string, string>} canonical → this revision's name */
	const out = {};
	const order = ['1.3-rev2'];
	for (const v of order) {
		if (ALL_VERSIONS.indexOf(v) < ALL_VERSIONS.indexOf(version)) continue;
		for (const [from, to] of Object.entries(SPEC_DATA[v].renamedRepositoryTypes)) out[from] = to;
	}
	return out;
}

/**
 * @typedef {object} Features
 * @property {string} version
 * @property {string} specVersion the revision whose spec describes this one
 * @property {boolean} is13 1.3-rev0 or later
 * @property {boolean} rev1of13 1.3-rev1 or later
 * @property {boolean} rev2of13 1.3-rev2 or later
 * @property {boolean} rescan POST repositories/rescan exists (1.2-rev1+)
 * @property {boolean} mountServersApi /backupInfrastructure/mountServers exists (1.3+)
 * @property {boolean} splitMountServer repository mountServer is MountServersSettingsModel (1.3+)
 * @property {boolean} mountServerOptional repository mountServer is not required (1.3-rev2)
 * @property {boolean} localPathRequired WinLocal/LinuxLocal repository.path is required (1.3-rev2)
 * @property {boolean} linuxGovernanceMode LinuxLocal enableGovernanceMode / governanceModeRetentionDays (1.3-rev2)
 * @property {boolean} extentStatusArray PerformanceExtentModel.status is an array (1.3+)
 * @property {boolean} statesV13 states carry isOutOfDate and scaleOutRepositoryDetails, and their 1.3 filters
 * @property {boolean} statesArrayTypeFilter states typeFilter is an array (1.3-rev2)
 * @property {boolean} arrayTypeFilters typeFilter on repositories/managedServers/sessions is an array (1.3+)
 * @property {boolean} importOptions repository models carry importOptions (1.3-rev1)
 * @property {boolean} importSpec RepositorySpec accepts importBackup/importIndex (1.3+)
 * @property {boolean} s3AutoProvision S3CompatibleStorageBucketModel.enableAutoProvision etc. (1.3-rev1)
 * @property {boolean} smbCredentialsOptional SmbRepositoryShareSettingsModel.credentialsId optional (1.3-rev1)
 * @property {boolean} objectImmutability13 immutabilityMode, AzureBlob/Google immutability, archive immutability (1.3+)
 * @property {boolean} relatedSessionId SessionModel.relatedSessionId (1.3-rev1)
 * @property {boolean} initiatedBy SessionModel.initiatedBy (1.3+)
 * @property {boolean} logStatusFilter GET sessions/{id}/logs takes statusFilter (1.3+)
 * @property {boolean} logAdditionalInfoList log record additionalInfo is [{ field, data }] (1.3-rev2), else a string
 * @property {boolean} accessPermissions GET/PUT repositories/{id}/accessPermissions (1.3-rev2)
 * @property {boolean} actionRequiredState ESessionState has ActionRequired (1.3-rev2)
 * @property {string[]} repositoryTypes ERepositoryType values, this revision's spelling
 * @property {Set<string>} knownTypes canonical repository types this revision's ERepositoryType has
 * @property {Set<string>} modelTypes canonical types RepositoryModel can express (GET /repositories shows them)
 * @property {Set<string>} specTypes canonical types RepositorySpec can express
 * @property {string[]} sessionTypes ESessionType values
 * @property {Record<string, string[]>} enums this revision's enums as its spec spells them
 * @property {Record<string, string>} typeRenames canonical repository type → this revision's name
 */

/** @type {Map<string, Features>} */
const cache = new Map();

/** @param {string} version */
function features(version) {
	let f = cache.get(version);
	if (f) return f;
	const [line, rev] = version.split('-rev');
	const is13 = line === '1.3';
	const rev1of13 = is13 && Number(rev) >= 1;
	const rev2of13 = is13 && Number(rev) >= 2;
	const specVersion = specVersionOf(version);
	const data = SPEC_DATA[specVersion];
	if (!data) throw new Error(`No spec data for API ${version}`);
	const typeRenames = renamesUpTo(version);
	/** @type {Record<string, string>} wire → canonical */
	const back = {};
	for (const [c, w] of Object.entries(typeRenames)) back[w] = c;
	const canon = (/** @type {string} */ t) => back[t] || t;
	f = Object.freeze({
		version,
		specVersion,
		is13,
		rev1of13,
		rev2of13,
		rescan: is13 || Number(rev) >= 1,
		mountServersApi: is13,
		splitMountServer: is13,
		mountServerOptional: rev2of13,
		localPathRequired: rev2of13,
		linuxGovernanceMode: rev2of13,
		extentStatusArray: is13,
		statesV13: is13,
		statesArrayTypeFilter: rev2of13,
		arrayTypeFilters: is13,
		importOptions: rev1of13,
		importSpec: is13,
		s3AutoProvision: rev1of13,
		smbCredentialsOptional: rev1of13,
		objectImmutability13: is13,
		relatedSessionId: rev1of13,
		initiatedBy: is13,
		logStatusFilter: is13,
		logAdditionalInfoList: rev2of13,
		accessPermissions: rev2of13,
		actionRequiredState: data.enums.ESessionState.includes('ActionRequired'),
		repositoryTypes: data.enums.ERepositoryType,
		knownTypes: new Set(data.enums.ERepositoryType.map(canon)),
		modelTypes: new Set(data.repositoryModelTypes.map(canon)),
		specTypes: new Set(data.repositorySpecTypes.map(canon)),
		sessionTypes: data.enums.ESessionType,
		enums: data.enums,
		typeRenames,
	});
	cache.set(version, f);
	return f;
}

/**
 * Spell a canonical enum value the way this revision's spec writes it (the value itself when the revision's
 * enum does not have it, or the enum does not exist there).
 * @param {Features} f @param {string} enumName @param {string} value
 */
function enumOut(f, enumName, value) {
	const values = f.enums[enumName];
	if (!values || typeof value !== 'string') return value;
	return values.find((v) => lower(v) === lower(value)) || value;
}

/**
 * The canonical values of an enum that exist in this revision (for binding query and body values).
 * @param {Features} f @param {string} enumName
 */
function valuesOf(f, enumName) {
	const canonical = ENUMS[enumName] || [];
	const here = f.enums[enumName];
	if (!here) return canonical;
	return canonical.filter((c) => here.some((v) => lower(v) === lower(c)));
}

/** Canonical repository type → this revision's name. @param {Features} f @param {string} type */
function typeOut(f, type) {
	return f.typeRenames[type] || type;
}

/**
 * A repository type as a client of this revision wrote it (any casing) → canonical, or undefined when the
 * revision has no such type.
 * @param {Features} f @param {unknown} raw
 */
function typeIn(f, raw) {
	if (typeof raw !== 'string') return undefined;
	const wire = f.repositoryTypes.find((t) => lower(t) === lower(raw));
	if (!wire) return undefined;
	for (const [c, w] of Object.entries(f.typeRenames)) if (w === wire) return c;
	return wire;
}

/**
 * Case-insensitive lookup of an enum value (ASP.NET binds enums case-insensitively); undefined when unknown.
 * @param {readonly string[]} values @param {unknown} raw
 */
function canonicalEnum(values, raw) {
	if (typeof raw !== 'string') return undefined;
	const l = raw.toLowerCase();
	return values.find((v) => v.toLowerCase() === l);
}

/** Newest-first ordering of a list of versions. @param {string[]} list */
function sortNewestFirst(list) {
	return ALL_VERSIONS.filter((v) => list.includes(v));
}

module.exports = {
	ALL_VERSIONS,
	ENUMS,
	SPEC_DATA,
	VBR_RELEASES,
	DEFAULT_VBR_VERSION,
	vbrRelease,
	versionsOfRelease,
	releaseForVersions,
	features,
	enumOut,
	valuesOf,
	typeOut,
	typeIn,
	canonicalEnum,
	sortNewestFirst,
};
