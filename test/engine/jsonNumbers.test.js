'use strict';
// JSON mode refuses numbers that would not reach VBR as written (JSON.parse turns 1e400 into
// Infinity, sent as null, and rounds 9007199254740993), naming the field, before any request.
const { startTestbed, FAST_WAIT } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed();
});
afterAll(async () => bed.close());
beforeEach(async () => bed.clear());

const SOME_ID = '11111111-2222-4333-8444-555555555555';
const rl = (value) => ({ __rl: true, mode: 'id', value });

const targets = [
	['repository create', { resource: 'repository', operation: 'create' }, 'Repository (JSON)'],
	[
		'scale-out repository create',
		{ resource: 'scaleOutRepository', operation: 'create' },
		'Scale-Out Repository (JSON)',
	],
	[
		'repository edit',
		{ resource: 'repository', operation: 'update', repositoryId: rl(SOME_ID) },
		'Patch (JSON)',
	],
	[
		'scale-out repository edit',
		{ resource: 'scaleOutRepository', operation: 'update', scaleOutRepositoryId: rl(SOME_ID) },
		'Patch (JSON)',
	],
];

const literals = [
	['1e400', /would be sent as null/],
	['9007199254740993', /9007199254740991.*9007199254740992/],
	['1.00000000000000000001', /would be sent as 1\./],
];

describe.each(targets)('%s', (_title, base, label) => {
	it.each(literals)('refuses %s, naming the field, and sends nothing', async (literal, why) => {
		const body = `{"name":"Numbers","type":"Nfs","repository":{"maxTaskCount":${literal}}}`;
		const result = await bed.engine.execute({
			...base,
			defineBy: 'json',
			body: base.operation === 'update' ? `{"repository":{"maxTaskCount":${literal}}}` : body,
			options: FAST_WAIT,
		});
		expect(result.error).toBeDefined();
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe(
			`The number at repository.maxTaskCount in ${label} would not reach VBR as written`,
		);
		expect(result.error.description).toMatch(why);
		expect(await bed.requests()).toHaveLength(0);
	});
});

it('names the position inside a list', async () => {
	const result = await bed.engine.execute({
		resource: 'scaleOutRepository',
		operation: 'create',
		defineBy: 'json',
		body: '{"name":"S","performanceTier":{"performanceExtents":[{"id":"a"},{"id":"b","size":1e999}]}}',
		options: FAST_WAIT,
	});
	expect(result.error.message).toMatch(
		/^The number at performanceTier\.performanceExtents\[1\]\.size /,
	);
	expect(await bed.requests()).toHaveLength(0);
});

it('refuses Infinity in an object that an expression built', async () => {
	const result = await bed.engine.execute({
		resource: 'repository',
		operation: 'update',
		repositoryId: rl(SOME_ID),
		defineBy: 'json',
		body: '={{ { repository: { maxTaskCount: 1 / 0 } } }}',
		options: FAST_WAIT,
	});
	expect(result.error.message).toBe(
		'The number at repository.maxTaskCount in Patch (JSON) would not reach VBR as written',
	);
	expect(await bed.requests()).toHaveLength(0);
});

it('sends numbers that survive parsing as written (0.1, 1.50, 1e1, the largest safe integer)', async () => {
	const result = await bed.engine.execute({
		resource: 'repository',
		operation: 'create',
		defineBy: 'json',
		body: '{"name":"Exact","type":"Nfs","description":"1e400 in text is fine","repository":{"maxTaskCount":1e1,"a":0.1,"b":1.50,"c":9007199254740991}}',
		options: { ...FAST_WAIT, dryRun: true },
	});
	expect(result.error).toBeUndefined();
	expect(result.json[0].request.body).toEqual(
		expect.objectContaining({
			description: '1e400 in text is fine',
			repository: { maxTaskCount: 10, a: 0.1, b: 1.5, c: 9007199254740991 },
		}),
	);
});
