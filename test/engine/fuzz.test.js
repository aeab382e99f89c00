'use strict';
// Hostile and malformed input, generated with fast-check, through the real engine. Every case must
// fail with a NodeOperationError that names the parameter, and the simulator must see no request at
// all (not even a login). Values arrive through expressions, as from earlier nodes or an AI agent,
// so n8n's own static parameter checks do not stand in for the node's.
const fc = require('fast-check');
const { startTestbed, FAST_WAIT } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed();
});
afterAll(async () => bed.close());

const RUNS = 40;
// The value travels as JSON inside a string literal in which every character but letters and digits
// is a \u escape, so nothing in it can be read as expression syntax (braces, quotes, `*`, spaces).
const expr = (value) => {
	const escaped = [...JSON.stringify(value)]
		.map((c) =>
			/[A-Za-z0-9]/.test(c)
				? c
				: c
						.split('')
						.map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
						.join(''),
		)
		.join('');
	return `={{ JSON.parse("${escaped}") }}`;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Strings that try to break out of a path or a query, or are just not IDs. */
const hostileText = fc
	.oneof(
		fc.string({ maxLength: 60 }),
		fc.constantFrom(
			'../',
			'..%2F',
			'%2e%2e/',
			'?',
			'#',
			'%2F',
			'/',
			'\\',
			'\u0000',
			'\r\n',
			'*',
			'%00',
			'..;/',
		),
		fc
			.tuple(
				fc.uuid(),
				fc.constantFrom('/../token', '?x=1', '#f', '%2Fstates', '\u0000', ' x', '/'),
			)
			.map(([id, tail]) => id + tail),
		fc
			.tuple(fc.constantFrom('../', '?', '#', '%2F', '\u0007'), fc.uuid())
			.map(([head, id]) => head + id),
		fc.string({ unit: 'grapheme', maxLength: 30 }),
	)
	.filter((value) => !UUID.test(value.trim()));

/** Values of the wrong type where text is expected. */
const wrongType = fc.oneof(
	fc.integer(),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
	fc.boolean(),
	fc.array(fc.string(), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

async function expectRefusedBeforeSending(parameters, mentions) {
	await bed.clear();
	const result = await bed.engine.execute(parameters);
	expect(result.error).toBeDefined();
	expect(result.error.name).toBe('NodeOperationError');
	expect(result.error.message).toMatch(mentions);
	expect(await bed.requests()).toEqual([]);
}

const locatorOperations = [
	['repository', 'get', 'repositoryId', /repository/],
	['repository', 'update', 'repositoryId', /repository/],
	['repository', 'delete', 'repositoryId', /repository/],
	['scaleOutRepository', 'get', 'scaleOutRepositoryId', /scale-out repository/],
	['scaleOutRepository', 'update', 'scaleOutRepositoryId', /scale-out repository/],
	['scaleOutRepository', 'delete', 'scaleOutRepositoryId', /scale-out repository/],
	['scaleOutRepository', 'enableSealedMode', 'scaleOutRepositoryId', /scale-out repository/],
	['scaleOutRepository', 'disableSealedMode', 'scaleOutRepositoryId', /scale-out repository/],
	['scaleOutRepository', 'enableMaintenanceMode', 'scaleOutRepositoryId', /scale-out repository/],
	['scaleOutRepository', 'disableMaintenanceMode', 'scaleOutRepositoryId', /scale-out repository/],
];
const extra = {
	defineBy: 'fields',
	updateFields: { description: 'x' },
	extentIds: ['x'],
	options: FAST_WAIT,
};

describe.each(locatorOperations)('%s > %s', (resource, operation, parameter, mentions) => {
	it('refuses IDs that are not UUIDs', async () => {
		await fc.assert(
			fc.asyncProperty(hostileText, async (value) => {
				await expectRefusedBeforeSending(
					{
						resource,
						operation,
						...extra,
						[parameter]: { __rl: true, mode: 'id', value: expr(value) },
					},
					value.trim() === '' ? /^No / : new RegExp(`is not a valid ${mentions.source} ID`),
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses values of the wrong type', async () => {
		await fc.assert(
			fc.asyncProperty(wrongType, async (value) => {
				await expectRefusedBeforeSending(
					{
						resource,
						operation,
						...extra,
						[parameter]: { __rl: true, mode: 'id', value: expr(value) },
					},
					mentions,
				);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses names with wildcards or control characters', async () => {
		const badName = fc.oneof(
			fc
				.tuple(
					fc.string({ unit: 'grapheme', maxLength: 10 }),
					fc.string({ unit: 'grapheme', maxLength: 10 }),
				)
				.map(([a, b]) => `${a}*${b}`),
			fc
				.tuple(fc.string({ maxLength: 10 }), fc.integer({ min: 0, max: 31 }))
				.map(([a, c]) => `x${a}${String.fromCharCode(c)}y`),
		);
		await fc.assert(
			fc.asyncProperty(badName, async (value) => {
				await expectRefusedBeforeSending(
					{
						resource,
						operation,
						...extra,
						[parameter]: { __rl: true, mode: 'name', value: expr(value) },
					},
					mentions,
				);
			}),
			{ numRuns: RUNS },
		);
	});
});

describe.each(['get', 'wait', 'getLogs'])('session > %s', (operation) => {
	it('refuses session IDs that are not UUIDs or not text', async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(hostileText, wrongType), async (value) => {
				await expectRefusedBeforeSending(
					{ resource: 'session', operation, sessionId: expr(value), options: FAST_WAIT },
					/Session ID/,
				);
			}),
			{ numRuns: RUNS },
		);
	});
});

describe('lists of IDs or names (rescan, extents, performance extents)', () => {
	it.each([
		[
			{ resource: 'repository', operation: 'rescan', options: FAST_WAIT },
			'repositoryIds',
			/Repository Names or IDs/,
		],
		[
			{
				resource: 'scaleOutRepository',
				operation: 'enableSealedMode',
				scaleOutRepositoryId: {
					__rl: true,
					mode: 'id',
					value: '11111111-2222-4333-8444-555555555555',
				},
				options: FAST_WAIT,
			},
			'extentIds',
			/Extents/,
		],
		[
			{
				resource: 'scaleOutRepository',
				operation: 'create',
				defineBy: 'fields',
				name: 'S',
				options: FAST_WAIT,
			},
			'performanceExtentIds',
			/Performance Extents/,
		],
	])('refuse non-text entries (%#)', async (base, parameter, mentions) => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(
					fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 })),
					{ minLength: 1, maxLength: 4 },
				),
				async (list) => {
					await expectRefusedBeforeSending({ ...base, [parameter]: expr(list) }, mentions);
				},
			),
			{ numRuns: RUNS },
		);
	});
});

describe('JSON bodies', () => {
	const targets = [
		[
			{ resource: 'repository', operation: 'create', defineBy: 'json', options: FAST_WAIT },
			/Repository \(JSON\)/,
		],
		[
			{ resource: 'scaleOutRepository', operation: 'create', defineBy: 'json', options: FAST_WAIT },
			/Scale-Out Repository \(JSON\)/,
		],
		[
			{
				resource: 'repository',
				operation: 'update',
				defineBy: 'json',
				repositoryId: { __rl: true, mode: 'id', value: '11111111-2222-4333-8444-555555555555' },
				options: FAST_WAIT,
			},
			/Patch \(JSON\)/,
		],
	];

	it.each(targets)('refuse text that is not JSON (%#)', async (base, mentions) => {
		const notJson = fc.string({ minLength: 1, maxLength: 80 }).filter((text) => {
			try {
				JSON.parse(text);
				return false;
			} catch {
				return text.trim() !== '';
			}
		});
		await fc.assert(
			fc.asyncProperty(notJson, async (text) => {
				await expectRefusedBeforeSending({ ...base, body: text }, mentions);
			}),
			{ numRuns: RUNS },
		);
	});

	it.each(targets)('refuse JSON that is not an object (%#)', async (base, mentions) => {
		const notObject = fc.oneof(
			fc.integer(),
			fc.string(),
			fc.boolean(),
			fc.constant(null),
			fc.array(fc.integer(), { maxLength: 3 }),
		);
		await fc.assert(
			fc.asyncProperty(notObject, async (value) => {
				await expectRefusedBeforeSending({ ...base, body: JSON.stringify(value) }, mentions);
			}),
			{ numRuns: RUNS },
		);
	});

	it.each(targets)('refuse an oversized body (%#)', async (base, mentions) => {
		const huge = JSON.stringify({ name: 'x', type: 'Nfs', description: 'y'.repeat(1024 * 1024) });
		await expectRefusedBeforeSending(
			{ ...base, body: huge },
			new RegExp(`${mentions.source} is too large`),
		);
	});
});

describe('numbers and switches of the wrong type', () => {
	it.each([
		[{ resource: 'repository', operation: 'getAll', returnAll: false }, 'limit', /Limit/],
		[
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: ['11111111-2222-4333-8444-555555555555'],
			},
			'options',
			/Timeout|Poll Interval|Dry Run/,
		],
	])('refuse nonsense numbers (%#)', async (base, parameter, mentions) => {
		const nonsense = fc.oneof(
			fc.constantFrom('abc', '', '-1', 'NaN', '1e400', '0x'),
			fc.integer({ max: 0 }),
			fc.double({ min: -1e6, max: 0.099, noNaN: true }),
		);
		await fc.assert(
			fc.asyncProperty(nonsense, async (value) => {
				const parameters =
					parameter === 'options'
						? { ...base, options: { waitTimeoutSeconds: expr(value), pollIntervalSeconds: 1 } }
						: { ...base, [parameter]: expr(value) };
				await expectRefusedBeforeSending(parameters, mentions);
			}),
			{ numRuns: RUNS },
		);
	});

	it('refuses "Delete Backups" and its confirmation as text, and Dry Run as text', async () => {
		const id = { __rl: true, mode: 'id', value: '11111111-2222-4333-8444-555555555555' };
		await expectRefusedBeforeSending(
			{
				resource: 'repository',
				operation: 'delete',
				repositoryId: id,
				deleteBackups: expr('true'),
				confirmDeleteBackups: true,
			},
			/"Delete Backups" must be true or false/,
		);
		await expectRefusedBeforeSending(
			{
				resource: 'repository',
				operation: 'delete',
				repositoryId: id,
				deleteBackups: true,
				confirmDeleteBackups: expr('yes'),
			},
			/"I Understand the Backups Are Deleted Permanently" must be true or false/,
		);
		await expectRefusedBeforeSending(
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: ['11111111-2222-4333-8444-555555555555'],
				options: { dryRun: expr('true') },
			},
			/"Dry Run" must be true or false/,
		);
	});
});
