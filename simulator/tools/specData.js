#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Derive, from Veeam's official OpenAPI specs, the per-revision data the simulator needs: the spelling of every
 * enum it reads or writes, the repository types whose model / spec the revision can express (the RepositoryModel
 * and RepositorySpec discriminator mappings) and the repository types renamed since the previous revision.
 *
 * The specs (2-4 MB each) are Veeam's and never part of this project, so the simulator cannot read them at run
 * time (it must start without them). Instead this tool writes `simulator/specData.json`, which is checked in; the
 * contract test `test/contract/specData.contract.test.js` re-derives it from the specs and fails on any drift.
 *
 *   node simulator/tools/specData.js            print what the specs say
 *   node simulator/tools/specData.js --write    rewrite simulator/specData.json
 * Specs are read from VEEAM_OPENAPI_DIR, else ../shared/veeam-openapi (from the repository root).
 */
const fs = require('fs');
const path = require('path');

/** Revisions with an official spec, oldest first. */
const SPEC_VERSIONS = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];

/** Enums the simulator reads (query, bodies) or writes (answers). */
const ENUM_NAMES = [
	'ESessionState', 'ESessionResult', 'ESessionType', 'ETaskLogRecordStatus', 'ESessionsFiltersOrderColumn',
	'ERepositoryType', 'ERepositoryFiltersOrderColumn', 'ERepositoryStatesFiltersOrderColumn',
	'ERepositoryExtentStatusType', 'EScaleOutRepositoryExtentType', 'EScaleOutRepositoryFiltersOrderColumn',
	'EMountServerSettingsType', 'EMountServerType', 'EMountServersFiltersOrderColumn', 'EDayOfWeek', 'ELoginGrantType',
	'ERepositoryConnectionType', 'EAmazonRegionType', 'EAzureRegionType', 'EConsumptionLimitKind',
	'ERotatedDriveCleanupMode', 'ERepositoryImmutabilityMode', 'EPlacementPolicyType', 'EAllowedBackupsType',
	'EEncryptionType', 'EDayNumberInMonth', 'EMonth', 'EViHostType', 'EManagedServerState', 'EHostUpdatesState',
	'ECloudCredentialsType', 'ERepositoryAccessType', 'EUserType',
];

function specDir() {
	return process.env.VEEAM_OPENAPI_DIR || path.resolve(__dirname, '..', '..', '..', 'shared', 'veeam-openapi');
}

/** @param {any} spec @param {string} schema */
function mappingKeys(spec, schema) {
	const s = spec.components.schemas[schema];
	return s && s.discriminator && s.discriminator.mapping ? Object.keys(s.discriminator.mapping) : [];
}

/**
 * Values at the same position that changed while the old value left the enum: a rename, not a new value.
 * @param {string[] | undefined} before @param {string[] | undefined} after
 */
function renames(before, after) {
	/** @type {Record<string, string>} */
	const out = {};
	if (!before || !after) return out;
	before.forEach((old, i) => {
		const now = after[i];
		if (now !== undefined && now !== old && !after.includes(old) && !before.includes(now) && now.toLowerCase() !== old.toLowerCase()) out[old] = now;
	});
	return out;
}

/** @param {string} [dir] */
function extract(dir = specDir()) {
	/** @type {Record<string, any>} */
	const out = {};
	/** @type {any} */
	let previous = null;
	for (const version of SPEC_VERSIONS) {
		const file = path.join(dir, `vbr_rest_${version}.json`);
		if (!fs.existsSync(file)) throw new Error(`Veeam OpenAPI spec ${file} is missing (set VEEAM_OPENAPI_DIR)`);
		const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
		/** @type {Record<string, string[]>} */
		const enums = {};
		for (const name of ENUM_NAMES) {
			const s = spec.components.schemas[name];
			if (s && Array.isArray(s.enum)) enums[name] = s.enum;
		}
		out[version] = {
			enums,
			repositoryModelTypes: mappingKeys(spec, 'RepositoryModel'),
			repositorySpecTypes: mappingKeys(spec, 'RepositorySpec'),
			renamedRepositoryTypes: previous ? renames(previous.enums.ERepositoryType, enums.ERepositoryType) : {},
		};
		previous = out[version];
	}
	return out;
}

/** Stable JSON text: one enum per line, so a diff shows what a revision changed. @param {Record<string, any>} data */
function format(data) {
	const lines = ['{'];
	const versions = Object.keys(data);
	versions.forEach((v, vi) => {
		const d = data[v];
		lines.push(`\t${JSON.stringify(v)}: {`, '\t\t"enums": {');
		const names = Object.keys(d.enums);
		names.forEach((n, i) => lines.push(`\t\t\t${JSON.stringify(n)}: ${JSON.stringify(d.enums[n])}${i < names.length - 1 ? ',' : ''}`));
		lines.push('\t\t},');
		lines.push(`\t\t"repositoryModelTypes": ${JSON.stringify(d.repositoryModelTypes)},`);
		lines.push(`\t\t"repositorySpecTypes": ${JSON.stringify(d.repositorySpecTypes)},`);
		lines.push(`\t\t"renamedRepositoryTypes": ${JSON.stringify(d.renamedRepositoryTypes)}`);
		lines.push(`\t}${vi < versions.length - 1 ? ',' : ''}`);
	});
	lines.push('}', '');
	return lines.join('\n');
}

const DATA_FILE = path.join(__dirname, '..', 'specData.json');

if (require.main === module) {
	const text = format(extract());
	if (process.argv.includes('--write')) {
		fs.writeFileSync(DATA_FILE, text);
		console.log(`wrote ${DATA_FILE}`);
	} else {
		process.stdout.write(text);
	}
}

module.exports = { extract, format, SPEC_VERSIONS, ENUM_NAMES, DATA_FILE };
