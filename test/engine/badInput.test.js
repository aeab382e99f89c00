'use strict';
// Input that cannot be right fails with NodeOperationError before anything reaches VBR: the
// simulator's request log stays empty (not even a token request).
const { startTestbed, FAST_WAIT } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed();
});
afterAll(async () => bed.close());
beforeEach(async () => bed.clear());

// Values come through expressions, as they do from earlier nodes: n8n's static checks (required
// fields, the locator's regex) do not apply to them, so the node's own validation must catch them.
const expr = (value) => `={{ ${JSON.stringify(value)} }}`;
const rl = (value, mode = 'id') => ({ __rl: true, mode, value: expr(value) });
const MOUNT = '11111111-2222-4333-8444-555555555555';

const cases = [
	[
		'a malformed repository ID',
		{ resource: 'repository', operation: 'get', repositoryId: rl('not-a-uuid') },
		/"not-a-uuid" is not a valid repository ID/,
	],
	[
		'an ID with a path in it',
		{ resource: 'repository', operation: 'get', repositoryId: rl('../../oauth2/token') },
		/is not a valid repository ID/,
	],
	[
		'an empty repository',
		{ resource: 'repository', operation: 'get', repositoryId: rl('') },
		/No repository given/,
	],
	[
		'a name with control characters',
		{ resource: 'repository', operation: 'get', repositoryId: rl('Repo\u0000', 'name') },
		/control characters/,
	],
	[
		'a missing required field of the form',
		{
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			repositoryType: 'LinuxHardened',
			name: 'X',
			hostId: MOUNT,
			path: expr(''),
			mountServerId: MOUNT,
		},
		/"Path" is required for a LinuxHardened repository/,
	],
	[
		'a missing name',
		{
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			repositoryType: 'WinLocal',
			name: expr(''),
			hostId: MOUNT,
			path: 'D:\\B',
			mountServerId: MOUNT,
		},
		/"Name" is required/,
	],
	[
		'a host that is not a UUID',
		{
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			repositoryType: 'WinLocal',
			name: 'X',
			hostId: 'srv01',
			path: 'D:\\B',
			mountServerId: MOUNT,
		},
		/"srv01" is not a valid Host ID/,
	],
	[
		'immutability under 7 days',
		{
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			repositoryType: 'LinuxHardened',
			name: 'X',
			hostId: MOUNT,
			path: '/b',
			immutabilityDays: 3,
			mountServerId: MOUNT,
		},
		/7 to 9999/,
	],
	[
		'invalid JSON',
		{ resource: 'repository', operation: 'create', defineBy: 'json', body: '{"name": "x",' },
		/Repository \(JSON\) is not valid JSON/,
	],
	[
		'JSON that is not an object',
		{ resource: 'repository', operation: 'create', defineBy: 'json', body: '[1,2]' },
		/must be a JSON object/,
	],
	[
		'JSON without a type',
		{ resource: 'repository', operation: 'create', defineBy: 'json', body: '{"name":"x"}' },
		/needs a "type" string/,
	],
	[
		'a patch for another ID than the repository given by ID',
		{
			resource: 'repository',
			operation: 'update',
			repositoryId: rl(MOUNT),
			defineBy: 'json',
			body: '{"id":"99999999-2222-4333-8444-555555555555","description":"x"}',
		},
		/cannot change "id"/,
	],
	[
		'an edit without fields',
		{
			resource: 'repository',
			operation: 'update',
			repositoryId: rl(MOUNT),
			defineBy: 'fields',
			updateFields: {},
		},
		/No field to change/,
	],
	[
		'an invalid JSON patch',
		{
			resource: 'repository',
			operation: 'update',
			repositoryId: rl(MOUNT),
			defineBy: 'json',
			body: 'nope',
		},
		/not valid JSON/,
	],
	[
		'a rescan without repositories',
		{ resource: 'repository', operation: 'rescan', repositoryIds: expr([]) },
		/No repository to rescan/,
	],
	[
		'a non-string rescan reference',
		{ resource: 'repository', operation: 'rescan', repositoryIds: '={{ [42] }}' },
		/must be IDs or names \(strings\), got number/,
	],
	[
		'a limit of 0',
		{ resource: 'repository', operation: 'getAll', limit: 0 },
		/Limit must be a whole number/,
	],
	[
		'a host ID filter that is not a UUID',
		{ resource: 'repository', operation: 'getAll', filters: { hostId: 'srv01' } },
		/not a valid Host ID/,
	],
	[
		'a wait timeout of 0',
		{
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: [MOUNT],
			options: { ...FAST_WAIT, waitTimeoutSeconds: 0 },
		},
		/Timeout must be a number of seconds, at least 0.1/,
	],
	[
		'delete backups without confirmation',
		{ resource: 'repository', operation: 'delete', repositoryId: rl(MOUNT), deleteBackups: true },
		/explicit confirmation/,
	],
];

describe.each(cases)('%s', (_title, parameters, message) => {
	it('fails with NodeOperationError and sends nothing', async () => {
		const result = await bed.engine.execute(parameters);
		expect(result.error).toBeDefined();
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toMatch(message);
		expect(await bed.requests()).toHaveLength(0);
	});
});

it("is also stopped by n8n's own parameter check when a fixed locator value is not a UUID", async () => {
	const result = await bed.engine.execute({
		resource: 'repository',
		operation: 'get',
		repositoryId: { __rl: true, mode: 'id', value: 'not-a-uuid' },
	});
	expect(result.error.message).toMatch(/Not a repository ID \(a UUID\)/);
	expect(await bed.requests()).toHaveLength(0);
});

describe('API-version checks before sending', () => {
	let old;
	beforeAll(async () => {
		old = await startTestbed({ credential: { apiVersion: '1.2-rev1' } });
	});
	afterAll(async () => old.close());

	it.each([
		[
			{ resource: 'repository', operation: 'getAll', filters: { types: ['WinLocal', 'Nfs'] } },
			/one type only/,
		],
		[
			{ resource: 'repository', operation: 'getAll', filters: { excludeExtents: true } },
			/needs API 1\.3-rev0/,
		],
		[
			{ resource: 'repository', operation: 'getStates', filters: { outOfDate: 'outOfDate' } },
			/Out of Date Status need API 1\.3-rev0/,
		],
		[
			{
				resource: 'repository',
				operation: 'create',
				defineBy: 'fields',
				repositoryType: 'Smb',
				name: 'X',
				sharePath: '\\\\nas\\b',
				mountServerId: MOUNT,
			},
			/"Share Credentials" is required for a Smb repository/,
		],
	])('refuses what API 1.2-rev1 does not have or requires (%#)', async (parameters, message) => {
		await old.clear();
		const result = await old.engine.execute(parameters);
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toMatch(message);
		expect(await old.requests()).toHaveLength(0);
	});

	it('sends a single typeFilter on 1.2-rev1', async () => {
		await old.clear();
		const result = await old.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
			filters: { types: ['Nfs'] },
		});
		expect(result.json.map((r) => r.name)).toEqual(['NFS Share Repo']);
		const [request] = await old.apiRequests();
		expect(request.query.typeFilter).toBe('Nfs');
	});
});
