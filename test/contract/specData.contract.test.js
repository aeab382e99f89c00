// @ts-check
'use strict';

/**
 * simulator/specData.json is what the simulator knows of each revision's spec (enum spellings, the repository
 * types each RepositoryModel / RepositorySpec can express, renamed types). It is derived from Veeam's specs by
 * simulator/tools/specData.js; this test derives it again and fails on any drift, so the simulator never
 * carries a casing rule or a hand-written list that disagrees with a spec.
 */
const fs = require('fs');
const { extract, format, DATA_FILE, SPEC_VERSIONS } = require('../../simulator/tools/specData');
const { specDir } = require('../support/openapi');

describe('simulator/specData.json', () => {
	test('is exactly what the four official specs say (regenerate: node simulator/tools/specData.js --write)', () => {
		expect(SPEC_VERSIONS).toEqual(['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2']);
		const derived = format(extract(specDir()));
		expect(fs.readFileSync(DATA_FILE, 'utf8')).toBe(derived);
	});

	test('records the casing the issue names: 1.3-rev0 camelCase only for some enums', () => {
		const data = JSON.parse(fs.readFileSync(DATA_FILE, 'utf8'));
		const rev0 = data['1.3-rev0'].enums;
		expect(rev0.ERepositoryConnectionType).toEqual(['Direct', 'SelectedGateway']);
		expect(rev0.ERepositoryImmutabilityMode).toEqual(['RepositorySettings', 'RetentionSettings']);
		expect(rev0.EMountServerSettingsType).toEqual(['windows', 'linux', 'both']);
		expect(rev0.EDayOfWeek[0]).toBe('monday');
		expect(data['1.3-rev2'].renamedRepositoryTypes).toEqual({
			DDBoost: 'DellDataDomain',
			HPStoreOnceIntegration: 'HPEStoreOnce',
			Quantum: 'QuantumDXi',
			SmartObjectS3: 'S3Integrated',
		});
		expect(data['1.3-rev2'].enums.ESessionState).toContain('ActionRequired');
		expect(data['1.3-rev1'].enums.ESessionState).not.toContain('ActionRequired');
	});

	test('a spec that is missing fails the derivation (never skips)', () => {
		expect(() => extract('/nonexistent-spec-dir')).toThrow(/vbr_rest_1\.2-rev1\.json is missing/);
	});
});
