// @ts-check
'use strict';

/**
 * The spec helpers the contract tests (and the node tests) rely on: they must find real problems, not just pass.
 */
const path = require('path');
const { execFileSync } = require('child_process');
const oa = require('../support/openapi');
const { SEED } = require('./helpers');

const repoModel13 = {
	type: 'WinLocal', id: SEED.defaultRepositoryId, name: 'Default Backup Repository', description: 'x', hostId: SEED.backupServerId,
	repository: { path: 'C:\\Backup' },
	mountServer: { mountServerSettingsType: 'Windows', windows: { mountServerId: SEED.backupServerId, writeCacheFolder: 'C:\\c\\', vPowerNFSEnabled: true } },
	importOptions: { importBackup: false, importIndex: false },
};

describe('test/support/openapi.js', () => {
	test('a missing spec throws (never skips)', () => {
		expect(() => oa.loadSpec('9.9-rev9')).toThrow(/not found.*VEEAM_OPENAPI_DIR/s);
		const script = `process.env.VEEAM_OPENAPI_DIR='/nonexistent'; require(${JSON.stringify(path.join(__dirname, '../support/openapi.js'))}).loadSpec('1.3-rev1')`;
		expect(() => execFileSync(process.execPath, ['-e', script], { stdio: 'pipe' })).toThrow(/\/nonexistent\/vbr_rest_1\.3-rev1\.json/);
	});

	test('loads both revisions from the shared folder', () => {
		expect(oa.loadSpec('1.3-rev1').spec.info.version).toBe('1.3-rev1');
		expect(oa.loadSpec('1.2-rev1').spec.info.version).toBe('1.2-rev1');
	});

	test('matches concrete paths to templates, literal segments first', () => {
		expect(oa.matchOperation('1.3-rev1', 'GET', '/api/v1/backupInfrastructure/repositories/states?limit=1')?.template).toBe('/api/v1/backupInfrastructure/repositories/states');
		expect(oa.matchOperation('1.3-rev1', 'GET', `http://x:1/api/v1/backupInfrastructure/repositories/${SEED.defaultRepositoryId}`)?.template).toBe('/api/v1/backupInfrastructure/repositories/{id}');
		expect(oa.matchOperation('1.2-rev1', 'GET', '/api/v1/backupInfrastructure/mountServers')).toBeNull();
	});

	test('a valid model passes; the discriminator picks the variant', () => {
		expect(oa.validateSchema('1.3-rev1', 'RepositoryModel', repoModel13)).toEqual({ valid: true, errors: [] });
		const noHost = oa.validateSchema('1.3-rev1', 'RepositoryModel', { ...repoModel13, hostId: undefined });
		expect(noHost.valid).toBe(false);
		expect(noHost.errors.join('\n')).toMatch(/hostId/);
		const badType = oa.validateSchema('1.3-rev1', 'RepositoryModel', { ...repoModel13, type: 'DDBoost' });
		expect(badType.errors.join('\n')).toMatch(/discriminator|tag/);
	});

	test('a 1.3 model is wrong for 1.2-rev1: mountServer shape and importOptions are reported', () => {
		const res = oa.validateSchema('1.2-rev1', 'RepositoryModel', repoModel13);
		expect(res.valid).toBe(false);
		const text = res.errors.join('\n');
		expect(text).toMatch(/mountServer.*mountServerId/);
		expect(text).toMatch(/importOptions is not a property/);
		expect(oa.validateSchema('1.2-rev1', 'RepositoryModel', repoModel13, { strictProperties: false }).errors.join('\n')).not.toMatch(/importOptions/);
	});

	test('responses: undeclared status, wrong enum, missing body, 204 with a body', () => {
		const list = '/api/v1/backupInfrastructure/repositories';
		expect(oa.validateResponse('1.3-rev1', { method: 'GET', path: list, status: 418, body: {} }).errors[0]).toMatch(/status 418 is not declared/);
		expect(oa.validateResponse('1.3-rev1', { method: 'GET', path: list, status: 418, body: { errorCode: 'NotFound', message: 'x' }, allowUndeclaredStatus: true }).valid).toBe(true);
		expect(oa.validateResponse('1.3-rev1', { method: 'GET', path: list, status: 200 }).errors[0]).toMatch(/body is missing/);
		const wrongEnum = oa.validateResponse('1.3-rev1', { method: 'GET', path: '/api/v1/sessions/' + SEED.defaultRepositoryId, status: 404, body: { errorCode: 'Gone', message: 'x' } });
		expect(wrongEnum.errors.join('\n')).toMatch(/errorCode must be equal to one of the allowed values/);
		expect(oa.validateResponse('1.3-rev1', { method: 'DELETE', path: `${list}/${SEED.defaultRepositoryId}`, status: 204, body: { a: 1 } }).valid).toBe(false);
		expect(oa.validateResponse('1.2-rev1', { method: 'DELETE', path: `${list}/${SEED.defaultRepositoryId}`, status: 204 }).valid).toBe(true);
		expect(() => oa.assertValidResponse('1.3-rev1', { method: 'GET', path: list, status: 200, body: { data: [] } })).toThrow(/pagination/);
	});

	test('requests: query parameters per revision, array vs scalar, body schema, form coercion, headers', () => {
		const list = '/api/v1/backupInfrastructure/repositories';
		expect(oa.validateRequest('1.3-rev1', { method: 'GET', path: list, query: { typeFilter: ['WinLocal', 'Smb'], excludeExtents: true, limit: 10 } }).valid).toBe(true);
		const r12 = oa.validateRequest('1.2-rev1', { method: 'GET', path: list, query: { typeFilter: ['WinLocal', 'Smb'], excludeExtents: 'true' } });
		expect(r12.errors).toEqual(expect.arrayContaining([expect.stringMatching(/typeFilter is given 2 times/), expect.stringMatching(/excludeExtents is not declared/)]));
		expect(oa.validateRequest('1.3-rev1', { method: 'GET', path: `${list}?limit=abc` }).errors.join()).toMatch(/limit must be integer/);
		expect(oa.validateRequest('1.3-rev1', { method: 'GET', path: `${list}/not-a-uuid` }).errors.join()).toMatch(/path.id must match format "uuid"/);
		expect(oa.validateRequest('1.3-rev1', { method: 'GET', path: list, headers: {} }).errors).toEqual(['header x-api-version is required']);

		const token = '/api/oauth2/token';
		expect(oa.validateRequest('1.3-rev1', { method: 'POST', path: token, body: 'grant_type=Password&username=a&password=b', contentType: 'application/x-www-form-urlencoded' }).valid).toBe(true);
		// The 1.3-rev1 enum is PascalCase.
		expect(oa.validateRequest('1.3-rev1', { method: 'POST', path: token, body: { grant_type: 'password' }, contentType: 'application/x-www-form-urlencoded' }).valid).toBe(false);
		expect(oa.validateRequest('1.2-rev1', { method: 'POST', path: token, body: { grant_type: 'password', use_short_term_refresh: 'true' }, contentType: 'application/x-www-form-urlencoded' }).valid).toBe(true);
		expect(oa.validateRequest('1.3-rev1', { method: 'POST', path: token, body: { grant_type: 'Password' }, contentType: 'application/json' }).errors.join()).toMatch(/content type application\/json is not accepted/);

		const { id, importOptions, ...spec } = repoModel13;
		expect(oa.validateRequest('1.3-rev1', { method: 'POST', path: list, body: spec }).valid).toBe(true);
		const bad = oa.validateRequest('1.3-rev1', { method: 'POST', path: list, body: { ...spec, importOptions } });
		expect(bad.errors.join()).toMatch(/importOptions is not a property/);
		expect(oa.validateRequest('1.3-rev1', { method: 'POST', path: `${list}/rescan`, body: undefined }).errors).toEqual(['request body is required']);
		expect(() => oa.assertValidRequest('1.3-rev1', { method: 'GET', path: '/api/v1/nothing' })).toThrow(/not an operation/);
	});

	test('spec errata: a property the schema requires but never declares is accepted, others are still unknown', () => {
		const { id, importOptions, ...spec } = repoModel13;
		const list = '/api/v1/backupInfrastructure/repositories';
		const rev0 = { ...spec, mountServer: { ...spec.mountServer, mountServerSettingsType: 'windows' } };
		// 1.3-rev0 RepositorySpec requires isDisabled without declaring it.
		expect(oa.validateRequest('1.3-rev0', { method: 'POST', path: list, body: rev0 }).errors).toContain('body must have required property \'isDisabled\'');
		expect(oa.validateRequest('1.3-rev0', { method: 'POST', path: list, body: { ...rev0, isDisabled: false } }).errors).toEqual([]);
		expect(oa.validateRequest('1.3-rev1', { method: 'POST', path: list, body: { ...spec, isDisabled: false } }).errors.join()).toMatch(/isDisabled is not a property/);
		expect(oa.validateRequest('1.3-rev0', { method: 'POST', path: list, body: { ...rev0, isDisabled: false, bogus: 1 } }).errors.join()).toMatch(/bogus is not a property/);
	});
});
