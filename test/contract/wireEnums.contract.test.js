'use strict';
// The node's table of the enum spellings it sends (nodes/shared/wireEnums.ts) against Veeam's four
// official specs: every list is exactly the spec's enum, or empty where the revision has none. A
// missing spec fails (loadSpec throws), it never skips.
const path = require('path');
const { loadSpec } = require('../support/openapi');

const DIST = path.resolve(process.env.VEEAM_TEST_DIST || path.resolve(__dirname, '../../dist'));
const { WIRE_ENUMS, wireEnum } = require(`${DIST}/nodes/shared/wireEnums.js`);
const { API_VERSIONS } = require(`${DIST}/nodes/shared/types.js`);

const cases = Object.keys(WIRE_ENUMS).flatMap((name) => API_VERSIONS.map((v) => [name, v]));

describe('wire enum table', () => {
	test('covers the four revisions with an official spec', () => {
		expect(API_VERSIONS).toEqual(['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2']);
	});

	test.each(cases)('%s on %s is what the spec says', (name, version) => {
		const schema = loadSpec(version).spec.components.schemas[name];
		expect(WIRE_ENUMS[name][version]).toEqual(schema?.enum ?? []);
	});

	test('1.3-rev0 is camelCase only where its spec is (the issue: Direct, RepositorySettings)', () => {
		expect(wireEnum('ERepositoryConnectionType', 'direct', '1.3-rev0')).toBe('Direct');
		expect(wireEnum('ERepositoryImmutabilityMode', 'RepositorySettings', '1.3-rev0')).toBe(
			'RepositorySettings',
		);
		expect(wireEnum('EMountServerSettingsType', 'Windows', '1.3-rev0')).toBe('windows');
		expect(wireEnum('EMountServerSettingsType', 'Linux', '1.3-rev2')).toBe('Linux');
	});
});
