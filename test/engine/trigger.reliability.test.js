'use strict';
// Veeam Repository Trigger: failed polls, recovery, n8n and VBR restarts, the poll budget. A
// change must be reported by exactly one poll, whatever fails around it.
const { NodeApiError, NodeOperationError } = require('n8n-workflow');
const { useTestbed, activatedPoller, pollNames: names } = require('../support/simulator');

const STATES = '/api/v1/backupInfrastructure/repositories/states';

const bed = useTestbed();

const setState = (name, patch) => bed.sim.control.setRepositoryState(bed.repositoryId(name), patch);
const stored = (poller) => JSON.stringify(poller.workflow.staticData);
const clone = (value) => JSON.parse(JSON.stringify(value));

/** A poller whose first (activation) poll has recorded the baseline, with the request log cleared. */
const activated = (parameters = {}, options = {}) => activatedPoller(bed, parameters, options);

describe('a failed poll, then recovery', () => {
	it.each([
		['a 500 from VBR', { type: 'status', status: 500 }],
		['a dropped connection', { type: 'reset' }],
	])(
		'throws on %s, keeps the snapshot, and the next poll reports the change once',
		async (_, fault) => {
			const poller = await activated();
			const before = stored(poller);
			await setState('Hardened Repo 01', { isOnline: false });
			// Until cleared: the transport's own retries of the read fail too.
			await bed.sim.control.injectFault({ ...fault, count: -1, match: { path: STATES } });
			const error = await poller.poll().catch((e) => e);
			expect(error).toBeInstanceOf(NodeApiError);
			expect(stored(poller)).toBe(before);
			await bed.sim.control.clearFaults();
			expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
			expect(await poller.poll()).toBeNull();
		},
	);

	it('VBR unreachable for several polls, then back: each change made meanwhile is reported once', async () => {
		// A small poll budget leaves no room for retries, so each failed poll fails at once.
		const poller = await activated({}, { pollBudgetMs: 300 });
		const before = stored(poller);
		await bed.sim.control.injectFault({ type: 'reset', count: -1, match: { path: STATES } });
		await setState('Hardened Repo 01', { isOnline: false });
		for (let poll = 0; poll < 3; poll++) {
			expect(await poller.poll().catch((e) => e)).toBeInstanceOf(NodeApiError);
			if (poll === 1) await setState('NFS Share Repo', { freeGB: 10 });
		}
		expect(stored(poller)).toBe(before);
		await bed.sim.control.clearFaults();
		expect(names(await poller.poll()).sort()).toEqual([
			'lowFreeSpace:NFS Share Repo',
			'wentOffline:Hardened Repo 01',
		]);
		expect(await poller.poll()).toBeNull();
	});

	it('keeps the snapshot when a later page fails (nothing is decided on a partial list)', async () => {
		const poller = await activated({ options: { pageSize: 5 } });
		const before = stored(poller);
		await setState('Azure Blob Repo', { isOnline: false }); // on the last page
		await bed.clear();
		// Fail every page after the first (`after: 1`), whatever the timing.
		await bed.sim.control.injectFault({
			type: 'status',
			status: 500,
			count: -1,
			after: 1,
			match: { path: STATES },
		});
		expect(await poller.poll().catch((e) => e)).toBeInstanceOf(NodeApiError);
		// The scale-out read runs alongside the states pages after the first one: only the pages count.
		const pages = (await bed.apiRequests())
			.filter((r) => r.path === STATES)
			.map((r) => [Number(r.query.skip), r.status]);
		expect(pages[0]).toEqual([0, 200]);
		expect(pages.length).toBeGreaterThan(1);
		// Every page after the first failed, and none beyond the pages read ahead from the first was asked.
		expect(pages.slice(1).every(([, status]) => status === 500)).toBe(true);
		expect(Math.max(...pages.map(([skip]) => skip))).toBeLessThanOrEqual(5 * 4);
		expect(stored(poller)).toBe(before);
		await bed.sim.control.clearFaults();
		expect(names(await poller.poll())).toEqual(['wentOffline:Azure Blob Repo']);
		expect(await poller.poll()).toBeNull();
	});

	it('throws when the login fails (expired token, credentials refused) and recovers afterwards', async () => {
		const poller = await activated();
		const before = stored(poller);
		await setState('NFS Share Repo', { freeGB: 10 });
		await bed.sim.control.expireTokens();
		await bed.sim.control.injectFault({
			type: 'status',
			status: 401,
			errorCode: 'AccessDenied',
			message: 'Invalid username or password.',
			match: { path: '/api/oauth2/token' },
		});
		await expect(poller.poll()).rejects.toThrow(/refused the login/);
		expect(stored(poller)).toBe(before);
		expect(names(await poller.poll())).toEqual(['lowFreeSpace:NFS Share Repo']);
		expect(await poller.poll()).toBeNull();
	});

	it('logs in again by itself when only the token expired (no failure, no duplicate)', async () => {
		const poller = await activated();
		await bed.sim.control.expireTokens();
		await setState('NFS Share Repo', { freeGB: 10 });
		expect(names(await poller.poll())).toEqual(['lowFreeSpace:NFS Share Repo']);
		expect(await bed.tokenRequests()).toHaveLength(1);
		expect(await poller.poll()).toBeNull();
	});

	it('does not start a retry that would end after the poll budget', async () => {
		const poller = await activated({}, { pollBudgetMs: 300 });
		const before = stored(poller);
		await bed.sim.control.injectFault({
			type: 'status',
			status: 503,
			count: -1,
			match: { path: STATES },
		});
		await bed.clear();
		const error = await poller.poll().catch((e) => e);
		expect(error).toBeInstanceOf(NodeApiError);
		// The first backoff (500 ms or more) would not fit in the 240 ms the reads may use.
		expect((await bed.apiRequests()).filter((r) => r.path === STATES)).toHaveLength(1);
		expect(stored(poller)).toBe(before);
		await bed.sim.control.clearFaults();
	});

	it('stops reading when the poll budget is spent, keeping the snapshot', async () => {
		// Activated with room; then a 5 s budget (reads may use 80 %: 4 s) against pages after the
		// first that take 6 s: the first page is read, the others are cut by the budget, none is retried.
		let budgetMs = 300000;
		const poller = await activated({ options: { pageSize: 5 } }, { pollBudgetMs: () => budgetMs });
		const before = stored(poller);
		await setState('Hardened Repo 01', { isOnline: false });
		await bed.sim.control.injectFault({
			type: 'latency',
			ms: 6000,
			after: 1,
			match: { path: STATES },
		});
		await bed.clear();
		budgetMs = 5000;
		const error = await poller.poll().catch((e) => e);
		expect([NodeOperationError, NodeApiError].some((type) => error instanceof type)).toBe(true);
		expect(error.message).toMatch(/poll budget/);
		// The first page, then the pages read ahead from it (at most 4): each asked once, none again
		// (no retry starts that would end after the budget).
		const skips = (await bed.apiRequests()).filter((r) => r.path === STATES).map((r) => r.query.skip);
		expect(skips.length).toBeGreaterThanOrEqual(2);
		expect(skips.length).toBeLessThanOrEqual(1 + 4);
		expect(new Set(skips).size).toBe(skips.length);
		expect(stored(poller)).toBe(before);
		await bed.sim.control.clearFaults();
		budgetMs = 300000;
		expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
	});
});

describe('restarts', () => {
	/**
	 * n8n in its default (legacy) persistence: static data reaches the database after the
	 * activation poll (ActiveWorkflowManager.add saves it) and after every poll that emits; a poll
	 * that returns null changes only the in-memory copy. A restart builds a new workflow from the
	 * database copy and runs the activation poll at once.
	 */
	function legacyN8n(parameters) {
		let database = {};
		let poller;
		const run = async () => {
			const result = await poller.poll();
			if (result !== null) database = clone(poller.workflow.staticData);
			return result;
		};
		return {
			async start() {
				poller = bed.engine.createPoller(parameters, { staticData: clone(database) });
				const result = await run();
				database = clone(poller.workflow.staticData); // saved after activation
				return result;
			},
			poll: run,
			database: () => database,
		};
	}

	it('after an n8n restart reports what changed while it was down exactly once, and nothing twice', async () => {
		const n8n = legacyN8n({});
		expect(await n8n.start()).toBeNull(); // baseline
		await setState('Hardened Repo 01', { isOnline: false });
		expect(names(await n8n.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		await setState('Default Backup Repository', { freeGB: 80 }); // silent change
		expect(await n8n.poll()).toBeNull();

		// n8n stops; meanwhile NFS Share Repo goes offline. n8n starts from the database.
		await setState('NFS Share Repo', { isOnline: false });
		expect(names(await n8n.start())).toEqual(['wentOffline:NFS Share Repo']);
		expect(await n8n.poll()).toBeNull();
		// A second restart with nothing new reports nothing.
		expect(await n8n.start()).toBeNull();
		await setState('Hardened Repo 01', { isOnline: true });
		expect(names(await n8n.poll())).toEqual(['cameOnline:Hardened Repo 01']);
	});

	it('a restart during a Sustained For count delays the event; it still fires once', async () => {
		const n8n = legacyN8n({ options: { sustainedForPolls: 2 } });
		await n8n.start();
		await setState('Hardened Repo 01', { isOnline: false });
		expect(await n8n.poll()).toBeNull(); // 1 of 2, not persisted
		expect(await n8n.start()).toBeNull(); // restart: counting starts again (1 of 2)
		expect(names(await n8n.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		expect(await n8n.start()).toBeNull(); // persisted with the event: not repeated
		expect(await n8n.poll()).toBeNull();
	});

	it('after a VBR restart (service down, tokens gone) reports each change once, without a storm', async () => {
		const poller = await activated();
		const before = stored(poller);
		await bed.sim.control.injectFault({
			type: 'status',
			status: 503,
			count: -1,
			match: { path: '/api/v1/' },
		});
		await setState('SOBR Extent 02', { freeGB: 100 });
		await expect(poller.poll()).rejects.toThrow(NodeApiError);
		expect(stored(poller)).toBe(before);
		// VBR is back; its restart invalidated every token.
		await bed.sim.control.clearFaults();
		await bed.sim.control.expireTokens();
		expect(names(await poller.poll())).toEqual(['lowFreeSpace:SOBR Extent 02']);
		expect(await poller.poll()).toBeNull();
	});

	it('a new poller given the persisted static data continues where the old one stopped', async () => {
		const first = await activated();
		await setState('Hardened Repo 01', { isOnline: false });
		expect(names(await first.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		const second = bed.engine.createPoller({}, { staticData: clone(first.workflow.staticData) });
		expect(await second.poll()).toBeNull();
		await setState('Hardened Repo 01', { isOnline: true });
		expect(names(await second.poll())).toEqual(['cameOnline:Hardened Repo 01']);
	});
});
