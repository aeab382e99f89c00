/**
 * nodes/shared/immutability.ts says where each repository type keeps its immutability and from which
 * API revision. This test reads the same thing off Veeam's four official specs (every RepositoryModel
 * type, every field whose name speaks of immutability or governance, one level inside each part of the
 * model) and fails when the two disagree: a new spec that moves or adds a field shows up here.
 */
'use strict';
const { loadSpec } = require('../support/openapi');
const { IMMUTABILITY_SOURCES, immutabilityOf } = require('../../dist/nodes/shared/immutability');

const REVISIONS = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];

/** Every property of a schema, its allOf parts included. */
function fieldsOf(schemas, schema, seen = new Set()) {
	let at = schema;
	if (at.$ref) {
		const name = at.$ref.split('/').pop();
		if (seen.has(name)) return {};
		seen.add(name);
		at = schemas[name];
	}
	const out = { ...(at?.properties ?? {}) };
	for (const part of at?.allOf ?? []) Object.assign(out, fieldsOf(schemas, part, seen));
	return out;
}

/** type → the immutability field paths its RepositoryModel has in this revision. */
function derive(version) {
	const schemas = loadSpec(version).spec.components.schemas;
	const found = {};
	for (const [type, ref] of Object.entries(schemas.RepositoryModel.discriminator.mapping)) {
		for (const [part, schema] of Object.entries(fieldsOf(schemas, { $ref: ref }))) {
			for (const field of Object.keys(fieldsOf(schemas, schema))) {
				if (/immutab|governance/i.test(field)) (found[type] ??= []).push(`${part}.${field}`);
			}
		}
	}
	return found;
}

describe.each(REVISIONS)('immutability sources on API %s', (version) => {
	it('name exactly the types and fields the spec has', () => {
		const derived = derive(version);
		const ours = {};
		for (const type of Object.keys(IMMUTABILITY_SOURCES)) {
			const summary = immutabilityOf({ type }, version);
			if (summary !== null) ours[type] = summary.source;
		}
		expect(Object.keys(ours).sort()).toEqual(Object.keys(derived).sort());
		for (const [type, source] of Object.entries(ours)) {
			expect([type, derived[type]]).toEqual([type, expect.arrayContaining([source])]);
		}
	});
});
