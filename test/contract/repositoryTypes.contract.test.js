'use strict';
/**
 * nodes/shared/repositoryTypes.ts carries, per revision, the repository types of Veeam's specs and what
 * each can be in a scale-out repository. The specs are not shipped, so the node keeps its own copy; this
 * test derives everything again from the four official specs and fails on any drift (and, never
 * skipping, when a spec is missing).
 */
// The TypeScript sources themselves (ts-jest), so the test needs no build.
const {
	RENAMED_IN_1_3_REV2,
	SCALE_OUT_ROLE_TYPES,
	newestTypeName,
	repositoryTypeOptions,
	repositoryTypesOf,
	typeForVersion,
} = require('../../nodes/shared/repositoryTypes.ts');
const { API_VERSIONS } = require('../../nodes/shared/types.ts');
const { loadSpec: loadSpecEntry } = require('../support/openapi');

const SPEC_VERSIONS = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];

/** Throws (never skips) when the spec is missing. */
const loadSpec = (version) => loadSpecEntry(version).spec;

function propertiesOf(spec, name) {
	const schema = spec.components.schemas[name];
	const names = new Set(Object.keys(schema.properties ?? {}));
	for (const part of schema.allOf ?? []) {
		const inner = part.$ref
			? [...propertiesOf(spec, part.$ref.split('/').pop())]
			: Object.keys(part.properties ?? {});
		for (const key of inner) names.add(key);
	}
	return names;
}

/** The scale-out role of each RepositoryModel type, as the model's shape says. */
function rolesFromSpec(spec) {
	const roles = {};
	const mapping = spec.components.schemas.RepositoryModel.discriminator?.mapping ?? {};
	for (const [type, ref] of Object.entries(mapping)) {
		const model = ref.split('/').pop();
		const properties = propertiesOf(spec, model);
		const description = spec.components.schemas[model].description ?? '';
		if (properties.has('repository') || properties.has('share')) roles[type] = 'performance';
		else if (properties.has('bucket') || properties.has('container')) {
			roles[type] = /archive|glacier/i.test(description) ? 'archive' : 'capacity';
		} else roles[type] = 'none';
	}
	return roles;
}

describe('repository types of the node against the official specs', () => {
	it('covers every revision with a spec', () => {
		expect(API_VERSIONS).toEqual(SPEC_VERSIONS);
	});

	it.each(SPEC_VERSIONS)('lists ERepositoryType of %s exactly (names and order)', (version) => {
		const spec = loadSpec(version);
		expect(repositoryTypesOf(version)).toEqual(spec.components.schemas.ERepositoryType.enum);
	});

	it('knows every rename: a value that left the enum where a new one took its place', () => {
		const before = loadSpec('1.3-rev1').components.schemas.ERepositoryType.enum;
		const after = loadSpec('1.3-rev2').components.schemas.ERepositoryType.enum;
		const renamed = {};
		before.forEach((old, i) => {
			if (!after.includes(old) && !before.includes(after[i])) renamed[old] = after[i];
		});
		expect(RENAMED_IN_1_3_REV2).toEqual(renamed);
	});

	it('gives each RepositoryModel type the scale-out role its model shape says, in every revision', () => {
		const derived = {};
		for (const version of SPEC_VERSIONS) {
			for (const [type, role] of Object.entries(rolesFromSpec(loadSpec(version)))) {
				(derived[role] ??= new Set()).add(newestTypeName(type));
			}
		}
		expect(derived.none).toBeUndefined();
		for (const role of ['performance', 'capacity', 'archive']) {
			expect([...SCALE_OUT_ROLE_TYPES[role]].sort()).toEqual([...derived[role]].sort());
		}
	});

	it('offers every type of every revision once, under its newest name', () => {
		expect(repositoryTypeOptions.map((o) => o.value).sort()).toEqual(
			[...repositoryTypesOf('1.3-rev2')].sort(),
		);
		expect(repositoryTypeOptions.find((o) => o.value === 'DellDataDomain')?.description).toMatch(
			/DDBoost before API 1\.3-rev2/,
		);
	});

	it('spells a type as each revision does, and knows where one is missing', () => {
		expect(typeForVersion('DellDataDomain', '1.3-rev1')).toBe('DDBoost');
		expect(typeForVersion('ddboost', '1.3-rev2')).toBe('DellDataDomain');
		expect(typeForVersion('S3Integrated', '1.3-rev0')).toBe('SmartObjectS3');
		expect(typeForVersion('S3Integrated', '1.2-rev1')).toBeNull();
		expect(typeForVersion('VeeamDataCloudVaultArchive', '1.3-rev1')).toBeNull();
		expect(typeForVersion('winlocal', '1.2-rev1')).toBe('WinLocal');
		expect(typeForVersion('QuantumFlux', '1.3-rev2')).toBe('QuantumFlux');
	});
});
