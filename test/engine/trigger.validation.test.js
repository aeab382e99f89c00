'use strict';
// Veeam Repository Trigger: it validates what it reads before it believes it. An unusable states
// answer fails the poll (nothing stored, nothing emitted), a mass vanishing waits for
// confirmation, and static data it cannot read rebuilds the baseline with a warning, never a flood.
const { NodeApiError } = require('n8n-workflow');
// n8n-core's own copies: the logger PollContext hands the node comes from its container.
const coreRequire = require('module').createRequire(require.resolve('n8n-core'));
const { Container } = coreRequire('@n8n/di');
const { Logger } = coreRequire('@n8n/backend-common');
const { useTestbed, activatedPoller, pollNames: names } = require('../support/simulator');

const STATES = '/api/v1/backupInfrastructure/repositories/states';

const bed = useTestbed();
afterEach(() => jest.restoreAllMocks());

const setState = (name, patch) => bed.sim.control.setRepositoryState(bed.repositoryId(name), patch);
const stored = (poller) => JSON.stringify(poller.workflow.staticData);
const statesRead = async () => (await bed.apiRequests()).filter((r) => r.path === STATES);

/** A poller whose first (activation) poll has recorded the baseline, with the request log cleared. */
const activated = (parameters = {}, options = {}) => activatedPoller(bed, parameters, options);

/** The warnings n8n's logger (the one PollContext hands the node) receives. */
function warnings() {
	const warn = jest.spyOn(Container.get(Logger), 'warn').mockImplementation(() => {});
	return () => warn.mock.calls.map((call) => String(call[0]));
}

const KEY = 'node:Veeam Trigger';
const snapshotOf = (poller) => poller.workflow.staticData[KEY].snapshot;
const setSnapshot = (poller, value) => {
	poller.workflow.staticData[KEY].snapshot = value;
};

const someState = { id: 'c0ffee00-0000-4000-8000-000000000001', name: 'X', type: 'WinLocal' };

describe('an unusable states answer fails the poll: nothing stored, nothing emitted', () => {
	it.each([
		[
			'data null with a total',
			{ type: 'body', json: { data: null, pagination: { total: 17 } } },
			/data is null/,
		],
		[
			'data not an array',
			{ type: 'body', json: { data: { id: 'x' }, pagination: { total: 1 } } },
			/data is object/,
		],
		['no data at all', { type: 'body', json: {} }, /data is undefined/],
		['a 204 without a body', { type: 'body', status: 204 }, /empty answer/],
		['a 200 with an empty body', { type: 'body', raw: '' }, /empty answer/],
		[
			'a null element',
			{ type: 'body', json: { data: [someState, null], pagination: { total: 2 } } },
			/null element/,
		],
		[
			'an element without an ID',
			{ type: 'body', json: { data: [{ name: 'X' }], pagination: { total: 1 } } },
			/without an ID/,
		],
		['a total over 1,000,000', { type: 'rewriteList', total: 1e12 }, /implausible total/],
		['a total that is not a count', { type: 'rewriteList', total: -1 }, /implausible total/],
	])('%s', async (_, fault, message) => {
		const poller = await activated();
		const before = stored(poller);
		await setState('Hardened Repo 01', { isOnline: false });
		await bed.sim.control.injectFault({ ...fault, count: -1, match: { path: STATES } });
		const error = await poller.poll().catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(stored(poller)).toBe(before);
		await bed.sim.control.clearFaults();
		expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		expect(await poller.poll()).toBeNull();
	});

	it.each([
		['ends early: an empty page while the total says more', { keep: 0 }, /ended early/],
		['changes its total between pages', { total: 999 }, /changed while it was read/],
		['sends more than its total', { append: [someState] }, /more objects than the total/],
	])('a multi-page read that %s', async (_, rewrite, message) => {
		const poller = await activated({ options: { pageSize: 5 } });
		const before = stored(poller);
		await setState('Azure Blob Repo', { isOnline: false });
		// The first page is answered as it is; the later ones are reshaped.
		await bed.sim.control.injectFault({
			type: 'rewriteList',
			...rewrite,
			after: 1,
			count: -1,
			match: { path: STATES },
		});
		const error = await poller.poll().catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(message);
		expect(stored(poller)).toBe(before);
		await bed.sim.control.clearFaults();
		expect(names(await poller.poll())).toEqual(['wentOffline:Azure Blob Repo']);
		expect(await poller.poll()).toBeNull();
	});

	it('endless distinct pages under a huge total end with an error after one request', async () => {
		const poller = await activated({ options: { pageSize: 1000 } });
		const before = stored(poller);
		await bed.sim.control.injectFault({ type: 'endlessPages', count: -1, match: { path: STATES } });
		await bed.clear();
		const heap = process.memoryUsage().heapUsed;
		const error = await poller.poll().catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/implausible total of 1000000000000/);
		expect(await statesRead()).toHaveLength(1);
		expect(process.memoryUsage().heapUsed - heap).toBeLessThan(100 * 1024 * 1024);
		expect(stored(poller)).toBe(before);
	});
});

describe('Repository Removed for most repositories at once waits for the next poll', () => {
	it('a valid but empty list emits nothing; when the repositories come back, nothing at all', async () => {
		const poller = await activated();
		expect(JSON.parse(snapshotOf(poller)).r.length).toBeGreaterThan(3);
		await bed.sim.control.injectFault({
			type: 'rewriteList',
			keep: 0,
			total: 0,
			match: { path: STATES },
		});
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull(); // back again
		expect(await poller.poll()).toBeNull();
	});

	it('emits the removals once the next poll confirms them, and only once', async () => {
		const poller = await activated();
		await bed.sim.control.injectFault({
			type: 'rewriteList',
			keep: 2,
			total: 2,
			count: 2,
			match: { path: STATES },
		});
		expect(await poller.poll()).toBeNull();
		const confirmed = names(await poller.poll());
		expect(confirmed.length).toBeGreaterThan(3);
		expect(confirmed.every((name) => name.startsWith('repositoryRemoved:'))).toBe(true);
		expect(new Set(confirmed).size).toBe(confirmed.length);
	});

	it('a few removals (not more than half) are still reported at once', async () => {
		const poller = await activated();
		const all = (
			await bed.engine.execute({ resource: 'repository', operation: 'getStates', returnAll: true })
		).json;
		await bed.sim.control.injectFault({
			type: 'rewriteList',
			keep: all.length - 1,
			total: all.length - 1,
			match: { path: STATES },
		});
		expect(names(await poller.poll())).toEqual([`repositoryRemoved:${all[all.length - 1].name}`]);
	});
});

describe('static data the trigger cannot read', () => {
	it.each([
		['damaged JSON', () => '{"v":1,"t":['],
		['an old format', (text) => JSON.stringify({ ...JSON.parse(text), v: 0 })],
		['not text at all', () => ({ repos: {} })],
	])(
		'%s: rebuilds the baseline, reports known problems not again, logs a warning',
		async (_, damage) => {
			await setState('Hardened Repo 01', { isOnline: false });
			const poller = bed.engine.createPoller({ options: { emitCurrentProblems: true } });
			expect(names(await poller.poll())).toContain('wentOffline:Hardened Repo 01');
			const intact = snapshotOf(poller);
			setSnapshot(poller, damage(intact));
			const logged = warnings();
			expect(await poller.poll()).toBeNull();
			expect(logged()).toEqual([expect.stringMatching(/snapshot.*Rebuilt the baseline/)]);
			expect(snapshotOf(poller)).toBe(
				intact.replace(/"at":\d+/, `"at":${JSON.parse(snapshotOf(poller)).at}`),
			);
			// Healthy again: the next change is reported once, no warning.
			await setState('Hardened Repo 01', { isOnline: true });
			expect(names(await poller.poll())).toEqual(['cameOnline:Hardened Repo 01']);
			expect(logged()).toHaveLength(1);
		},
	);

	it('tampered flags and streaks do not flood events; readable records keep their changes', async () => {
		const poller = await activated({ options: { sustainedForPolls: 2 } });
		const data = JSON.parse(snapshotOf(poller));
		const hardened = bed.repositoryId('Hardened Repo 01').toLowerCase();
		for (const record of data.r) {
			if (record[0] === hardened) continue;
			record[3] = 'x'; // flags
			record[6] = [999999, -1]; // streaks
		}
		setSnapshot(poller, JSON.stringify(data));
		await setState('Hardened Repo 01', { isOnline: false });
		await setState('NFS Share Repo', { isOnline: false });
		const logged = warnings();
		expect(await poller.poll()).toBeNull(); // Hardened Repo 01: 1 of 2 polls, kept
		expect(logged()).toEqual([
			expect.stringMatching(new RegExp(`${data.r.length - 1} of ${data.r.length} records`)),
		]);
		// The readable record kept its streak; the rebuilt ones took what VBR reports.
		expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		expect(await poller.poll()).toBeNull();
		expect(logged()).toHaveLength(1);
	});

	it('a record with an unreadable ID: unknown repositories are taken as they are, not as added', async () => {
		const poller = await activated();
		const data = JSON.parse(snapshotOf(poller));
		const nfs = bed.repositoryId('NFS Share Repo').toLowerCase();
		const record = data.r.find((r) => r[0] === nfs);
		record[0] = 42;
		setSnapshot(poller, JSON.stringify(data));
		await setState('Hardened Repo 01', { isOnline: false });
		const logged = warnings();
		expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		expect(logged()).toHaveLength(1);
		expect(await poller.poll()).toBeNull();
	});
});

describe('Get Many (Return All) against a broken list', () => {
	it('stops with a clear error on an implausible total with endless distinct pages', async () => {
		await bed.sim.control.injectFault({ type: 'endlessPages', count: -1, match: { path: STATES } });
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getStates',
			returnAll: true,
		});
		expect(result.error?.message).toMatch(/implausible total/);
		expect(await statesRead()).toHaveLength(1);
	});

	it('a null element is a clear error, not a TypeError', async () => {
		await bed.sim.control.injectFault({
			type: 'body',
			count: -1,
			match: { path: '/api/v1/backupInfrastructure/repositories' },
			json: { data: [null], pagination: { total: 1 } },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error?.message).toMatch(/null element/);
	});

	it('tolerates a list that changes while it is read (an object removed meanwhile)', async () => {
		await bed.sim.control.injectFault({
			type: 'rewriteList',
			total: 999,
			after: 1,
			count: -1,
			match: { path: STATES },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getStates',
			returnAll: true,
			options: { pageSize: 5 },
		});
		expect(result.error).toBeUndefined();
	});
});
