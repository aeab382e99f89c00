// @ts-check
'use strict';

const { startHttp, client, SEED, REPOS } = require('./helpers');
const { generatedRepositoryId } = require('../../simulator/seed');

describe('100,000 repositories', () => {
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	beforeAll(async () => {
		// Seeding 100k is a one-off; the hook's own timeout bounds it (no wall-clock assertion: CI is loaded).
		sim = await startHttp({ repositories: 100000 });
		api = client(sim, '1.3-rev1');
		await api.login();
	}, 60000);
	afterAll(() => sim.close());

	// What keeps 100k cheap is structural (one linear scan per request over an order sorted once and cached
	// until the next change), so the tests check that structure; the benchmark reports the times. No time is
	// asserted here: CI machines are loaded.
	/** The cached sorted order of a list and column, if one was computed since the last change. */
	const cachedOrder = (/** @type {string} */ key) => sim.store.sortCache.get(key)?.list;

	test('total is exactly the requested count; seed first, then Repo 000001…', async () => {
		const res = await api.get(REPOS);
		expect(res.data.pagination).toEqual({ total: 100000, count: 200, skip: 0, limit: 200 });
		expect(res.data.data[0].id).toBe(SEED.defaultRepositoryId);
		expect(res.data.data[13].name).toBe('Repo 000001');
		expect(res.data.data[13].id).toBe(generatedRepositoryId(1));
	});

	test('a deep page, a filtered page and a sorted page; a sorted order is computed once until a change', async () => {
		const deep = await api.get(REPOS, { skip: 99900, limit: 100 });
		expect(deep.data.data.at(-1).name).toBe('Repo 099987');

		const filtered = await api.get(REPOS, { nameFilter: 'Repo 0999*', typeFilter: ['Nfs'] });
		// Generated: Repo 000001 … Repo 099987; every third one is Nfs.
		let nfs = 0;
		for (let i = 99900; i <= 100000 - 13; i++) if (i % 3 === 0) nfs++;
		expect(filtered.data.pagination.total).toBe(nfs);
		expect(filtered.data.data.every((/** @type {any} */ r) => r.type === 'Nfs' && r.name.startsWith('Repo 0999'))).toBe(true);
		// Unsorted reads never sort.
		expect(cachedOrder('repositories:Name:false')).toBeUndefined();

		const sorted = await api.get(REPOS, { orderColumn: 'Name', orderAsc: false, limit: 5 });
		expect(sorted.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['Windows Repo 01', 'SOBR Extent 03', 'SOBR Extent 02', 'SOBR Extent 01', 'SOBR Capacity S3']);
		const order = cachedOrder('repositories:Name:false');
		expect(order).toHaveLength(100000);
		// The next page reuses that order (the same array, not a second sort of 100k).
		const again = await api.get(REPOS, { orderColumn: 'Name', orderAsc: false, skip: 50000, limit: 200 });
		expect(again.data.data).toHaveLength(200);
		expect(cachedOrder('repositories:Name:false')).toBe(order);
	});

	test('states pages and numeric filters over 100k', async () => {
		const page = await api.get(`${REPOS}/states`, { skip: 50000, limit: 200 });
		expect(page.data.data).toHaveLength(200);
		const offline = await api.get(`${REPOS}/states`, { isOnlineFilter: false, limit: 1 });
		expect(offline.data.pagination.total).toBe(1 + Math.floor((100000 - 13) / 97));
		const byFree = await api.get(`${REPOS}/states`, { orderColumn: 'FreeGB', limit: 3 });
		expect(byFree.data.data.map((/** @type {any} */ s) => s.freeGB)).toEqual([-1, -1, -1]);
		expect(cachedOrder('states:FreeGB:true')).toHaveLength(100000);
	});

	test('mutations still work and invalidate cached orders', async () => {
		await sim.control.configure({ sessionDurationMs: 20 });
		await api.get(REPOS, { orderColumn: 'Name', orderAsc: false, limit: 1 });
		const before = cachedOrder('repositories:Name:false');
		const model = (await api.get(`${REPOS}/${generatedRepositoryId(5)}`)).data;
		const put = await api.put(`${REPOS}/${model.id}`, { ...model, name: 'ZZZ last' });
		await api.waitForSession(put.data.id);
		const top = (await api.get(REPOS, { orderColumn: 'Name', orderAsc: false, limit: 1 })).data.data[0];
		expect(top.name).toBe('ZZZ last');
		expect(cachedOrder('repositories:Name:false')).not.toBe(before);
	});
});
