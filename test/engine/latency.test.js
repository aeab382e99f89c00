'use strict';
// Round trips that need not wait for each other do not: shown by what the simulator sees in flight
// at once (a `hold` fault keeps a request open until the next one arrives), never by timing.
const { useTestbed, activatedPoller } = require('../support/simulator');

const LIST = '/api/v1/backupInfrastructure/repositories';
const bed = useTestbed();

describe('Rescan', () => {
	it('reads the name of a repository given by ID while it reads the session snapshot, both before the POST', async () => {
		const id = bed.repositoryId('Linux Repo 01');
		// Whichever of the two reads arrives first is held until another request arrives: read one
		// after the other, the second would come only once the hold gave up.
		await bed.sim.control.injectFault({
			type: 'hold',
			until: 1,
			ms: 5000,
			match: { method: 'GET', path: `^(/api/v1/sessions|${LIST}/${id})$` },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: [id],
			waitForCompletion: false,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0].audit.targets).toEqual([{ id, name: 'Linux Repo 01' }]);
		const log = await bed.apiRequests();
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(
			expect.arrayContaining([`GET ${LIST}/${id}`, 'GET /api/v1/sessions']),
		);
		expect(log).toHaveLength(3);
		const [first, second, post] = log;
		expect(first.held).toBe(true);
		expect(second.inFlight).toBe(2);
		expect(`${post.method} ${post.path}`).toBe(`POST ${LIST}/rescan`);
		expect(post.inFlight).toBe(1);
	});

	it('sends nothing when a repository given by ID is not found, and its error has no audit', async () => {
		const id = '00000000-0000-4000-8000-00000000abcd';
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: [id],
			waitForCompletion: false,
		});
		expect(result.error).toBeDefined();
		expect(result.error.context?.audit).toBeUndefined();
		expect((await bed.apiRequests()).filter((r) => r.method === 'POST')).toEqual([]);
	});
});

describe('Get Many, Return All', () => {
	it('reads the pages after the first ahead, 4 at a time, and returns every repository once, in order', async () => {
		const total = bed.sim.store.repositories.size;
		const pageSize = 2;
		expect(Math.ceil(total / pageSize)).toBeGreaterThan(5);
		// The second page is held until the next three arrive: read one after the other, they would
		// come only once the hold gave up.
		await bed.sim.control.injectFault({
			type: 'hold',
			until: 3,
			ms: 5000,
			after: 1,
			match: { method: 'GET', path: `^${LIST}$` },
		});
		const parameters = { resource: 'repository', operation: 'getAll', returnAll: true, options: { pageSize } };
		const result = await bed.engine.execute(parameters);
		expect(result.error).toBeUndefined();
		const pages = (await bed.apiRequests()).filter((r) => r.path === LIST);
		expect(pages).toHaveLength(Math.ceil(total / pageSize));
		expect(pages[1].held).toBe(true);
		// The next three arrived while the held one was still open.
		expect(pages.slice(2, 5).every((r) => r.inFlight >= 2)).toBe(true);
		// Never more than 4 of them open at once.
		expect(Math.max(...pages.map((r) => r.inFlight))).toBeLessThanOrEqual(4);
		// The same list, in the same order, as page by page (one page holding them all).
		await bed.sim.control.clearFaults();
		const whole = await bed.engine.execute({ ...parameters, options: { pageSize: 1000 } });
		expect(result.json.map((r) => r.id)).toEqual(whole.json.map((r) => r.id));
		expect(new Set(result.json.map((r) => r.id)).size).toBe(total);
	});
});

describe('Trigger poll', () => {
	it('reads the scale-out repositories and the repositories while it reads the pages of the states', async () => {
		const poller = await activatedPoller(bed, {
			events: ['extentStatusChanged', 'immutabilityDisabled'],
			options: { pageSize: 5 },
		});
		// The second page of the states is held until the other pages read ahead (3) and both other
		// reads (they start once the first page is in) arrived: read one after the other, they would
		// come only once the hold gave up.
		await bed.sim.control.injectFault({
			type: 'hold',
			until: 3 + 2,
			ms: 5000,
			after: 1,
			match: { method: 'GET', path: `^${LIST}/states$` },
		});
		expect(await poller.poll()).toBeNull();
		const log = await bed.apiRequests();
		const states = log.filter((r) => r.path === `${LIST}/states`);
		expect(states.length).toBeGreaterThan(2);
		expect(states[1].held).toBe(true);
		const others = [LIST, '/api/v1/backupInfrastructure/scaleOutRepositories'].map((path) =>
			log.find((r) => r.path === path),
		);
		// The first page of each of the other two arrived while the held page was still open.
		expect(others.every((r) => r.inFlight >= 2)).toBe(true);
		// One login for all of them.
		expect(await bed.tokenRequests()).toHaveLength(0);
	});
});
