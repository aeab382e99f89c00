'use strict';
// Exact request counts: the package must cost VBR as few round trips as the work needs.
const { startTestbed, FAST_WAIT } = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');

const N = 2500;
const LIST = '/api/v1/backupInfrastructure/repositories';
let bed;
beforeAll(async () => {
	bed = await startTestbed({ repositories: N });
});
afterAll(async () => bed.close());
beforeEach(async () => bed.clear());

const byPath = async (path) => (await bed.apiRequests()).filter((r) => r.path === path);

describe.each([200, 1000, 5000])('Get Many, Return All, page size %d', (pageSize) => {
	it('costs 1 token request + ceil(N / page size) reads, and 0 token requests with a cached token', async () => {
		const engine = createEngine(simulatorCredential(bed.sim));
		const first = await engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
			options: { pageSize },
		});
		expect(first.json).toHaveLength(N);
		expect(await bed.tokenRequests()).toHaveLength(1);
		expect(await byPath(LIST)).toHaveLength(Math.ceil(N / pageSize));
		expect((await bed.apiRequests()).length).toBe(Math.ceil(N / pageSize));

		await bed.clear();
		await engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
			options: { pageSize },
		});
		expect(await bed.tokenRequests()).toHaveLength(0);
		expect((await bed.apiRequests()).length).toBe(Math.ceil(N / pageSize));
	});
});

it('Get States for N repositories is one paginated read', async () => {
	const result = await bed.engine.execute({
		resource: 'repository',
		operation: 'getStates',
		returnAll: true,
	});
	expect(result.json).toHaveLength(N);
	expect((await bed.apiRequests()).map((r) => r.path)).toEqual(
		Array(Math.ceil(N / 200)).fill(`${LIST}/states`),
	);
});

// 1,000 executions of a node take long on a loaded 2-core machine: a runtime budget, not a timing assertion.
jest.setTimeout(240000);

describe.each([1, 8])('1,000 items of Get at concurrency %d', (concurrency) => {
	it('makes exactly one token request for the whole execution and none in the next one', async () => {
		// A little latency so that parallel requests really overlap at the server.
		await bed.sim.control.injectFault({ type: 'latency', ms: 2 });
		const engine = createEngine(simulatorCredential(bed.sim));
		const ids = [...bed.sim.store.repositories.keys()].slice(0, 1000);
		const parameters = {
			resource: 'repository',
			operation: 'get',
			repositoryId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			requestOptions: { concurrency },
		};
		const items = ids.map((id) => ({ id }));
		const first = await engine.execute(parameters, { items });
		expect(first.error).toBeUndefined();
		expect(first.json.map((r) => r.id)).toEqual(ids);
		expect(first.items.map((item) => item.pairedItem.item)).toEqual(ids.map((_, i) => i));
		expect(await bed.tokenRequests()).toHaveLength(1);
		const reads = (await bed.apiRequests()).filter((r) => r.path.startsWith(`${LIST}/`));
		expect(reads).toHaveLength(1000);
		// Concurrency 1 never has two requests open at once; 8 does.
		const maxInFlight = Math.max(...reads.map((r) => r.inFlight));
		if (concurrency === 1) expect(maxInFlight).toBe(1);
		else expect(maxInFlight).toBeGreaterThan(1);

		// The credential is read (from n8n's database, decrypted) once per execution, not per request.
		engine.credentialsHelper.decryptCalls = 0;
		await bed.clear();
		await engine.execute(parameters, { items });
		expect(await bed.tokenRequests()).toHaveLength(0);
		expect(engine.credentialsHelper.decryptCalls).toBe(1);
		await bed.sim.control.clearFaults();
	});
});

it('a failed item at concurrency 8 stops the run with that item named, after the items already started finished', async () => {
	const ids = [...bed.sim.store.repositories.keys()].slice(0, 20);
	ids[5] = 'not-an-id';
	const result = await bed.engine.execute(
		{
			resource: 'repository',
			operation: 'get',
			repositoryId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
			requestOptions: { concurrency: 8 },
		},
		{ items: ids.map((id) => ({ id })) },
	);
	expect(result.error.message).toBe('"not-an-id" is not a valid repository ID');
	expect(result.error.context.itemIndex).toBe(5);
	// Items 1-8 ran as one batch; nothing after it was started.
	expect((await bed.apiRequests()).filter((r) => r.path.startsWith(`${LIST}/`))).toHaveLength(8);
});

it('an add with waiting costs: 1 mount server read, 1 re-run lookup, 1 session snapshot, 1 POST, the session polls, 1 read of the result', async () => {
	const mount = [...bed.sim.store.managedServers.values()].find(
		(s) => s.name === 'vbr01.lab.local',
	).id;
	const result = await bed.engine.execute({
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		name: 'Counted',
		repositoryType: 'Nfs',
		sharePath: 'n:/c',
		mountServerId: mount,
		options: FAST_WAIT,
	});
	expect(result.error).toBeUndefined();
	const log = await bed.apiRequests();
	const polls = log.filter((r) => r.path.startsWith('/api/v1/sessions/'));
	expect(polls.length).toBeGreaterThanOrEqual(1);
	// The snapshot of the newest Infrastructure sessions, read just before the POST, is how a lost
	// answer is later told apart from older sessions.
	const post = log.findIndex((r) => r.method === 'POST');
	expect(log[post - 1]).toEqual(
		expect.objectContaining({ method: 'GET', path: '/api/v1/sessions' }),
	);
	// Before it, the name lookup that lets a re-run find the repository an earlier run added.
	expect(log[post - 2]).toEqual(
		expect.objectContaining({ method: 'GET', path: '/api/v1/backupInfrastructure/repositories' }),
	);
	expect(log.length).toBe(1 + 1 + 1 + 1 + polls.length + 1);
});

describe('scale-out repositories with the immutability of their extents', () => {
	const SOBR_LIST = '/api/v1/backupInfrastructure/scaleOutRepositories';
	const sobr = () => [...bed.sim.store.scaleOutRepositories.values()][0];

	it.each([200, 1000])(
		'Get Many costs the scale-out pages + ONE paginated repositories read (page size %d), not one read per extent',
		async (pageSize) => {
			const result = await bed.engine.execute({
				resource: 'scaleOutRepository',
				operation: 'getAll',
				returnAll: true,
				options: { pageSize },
			});
			expect(result.error).toBeUndefined();
			const total = bed.sim.store.repositories.size;
			expect((await bed.apiRequests()).map((r) => r.path)).toEqual([
				SOBR_LIST,
				...Array(Math.ceil(total / pageSize)).fill(LIST),
			]);
		},
	);

	it('Get costs 1 scale-out read + 1 read by ID per extent repository (performance, capacity, archive)', async () => {
		const model = sobr();
		const extents =
			model.performanceTier.performanceExtents.length +
			(model.capacityTier?.extents?.length ?? 0) +
			(model.archiveTier?.extentId ? 1 : 0);
		const result = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'get',
			scaleOutRepositoryId: { __rl: true, mode: 'id', value: model.id },
		});
		expect(result.error).toBeUndefined();
		const paths = (await bed.apiRequests()).map((r) => r.path);
		expect(paths).toHaveLength(1 + extents);
		expect(paths.filter((path) => path.startsWith(`${LIST}/`))).toHaveLength(extents);
	});
});
