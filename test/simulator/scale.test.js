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
		const t0 = Date.now();
		sim = await startHttp({ repositories: 100000 });
		// Seeding 100k is a one-off; keep it well under the test timeout on a slow CI box.
		expect(Date.now() - t0).toBeLessThan(20000);
		api = client(sim, '1.3-rev1');
		await api.login();
	}, 60000);
	afterAll(() => sim.close());

	/** @param {() => Promise<any>} fn */
	async function timed(fn) {
		const t0 = process.hrtime.bigint();
		const res = await fn();
		return { res, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
	}

	test('total is exactly the requested count; seed first, then Repo 000001…', async () => {
		const { res, ms } = await timed(() => api.get(REPOS));
		expect(res.data.pagination).toEqual({ total: 100000, count: 200, skip: 0, limit: 200 });
		expect(res.data.data[0].id).toBe(SEED.defaultRepositoryId);
		expect(res.data.data[13].name).toBe('Repo 000001');
		expect(res.data.data[13].id).toBe(generatedRepositoryId(1));
		expect(ms).toBeLessThan(500);
	});

	test('a deep page, a filtered page and a sorted page are fast', async () => {
		const deep = await timed(() => api.get(REPOS, { skip: 99900, limit: 100 }));
		expect(deep.res.data.data.at(-1).name).toBe('Repo 099987');
		expect(deep.ms).toBeLessThan(500);

		const filtered = await timed(() => api.get(REPOS, { nameFilter: 'Repo 0999*', typeFilter: ['Nfs'] }));
		// Generated: Repo 000001 … Repo 099987; every third one is Nfs.
		let nfs = 0;
		for (let i = 99900; i <= 100000 - 13; i++) if (i % 3 === 0) nfs++;
		expect(filtered.res.data.pagination.total).toBe(nfs);
		expect(filtered.res.data.data.every((/** @type {any} */ r) => r.type === 'Nfs' && r.name.startsWith('Repo 0999'))).toBe(true);
		expect(filtered.ms).toBeLessThan(500);

		const sorted = await timed(() => api.get(REPOS, { orderColumn: 'Name', orderAsc: false, limit: 5 }));
		expect(sorted.res.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['Windows Repo 01', 'SOBR Extent 03', 'SOBR Extent 02', 'SOBR Extent 01', 'SOBR Capacity S3']);
		expect(sorted.ms).toBeLessThan(3000);
		// The sorted order is cached until the next change.
		const again = await timed(() => api.get(REPOS, { orderColumn: 'Name', orderAsc: false, skip: 50000, limit: 200 }));
		expect(again.ms).toBeLessThan(500);
	});

	test('states pages and numeric filters over 100k', async () => {
		const page = await timed(() => api.get(`${REPOS}/states`, { skip: 50000, limit: 200 }));
		expect(page.res.data.data).toHaveLength(200);
		expect(page.ms).toBeLessThan(500);
		const offline = await timed(() => api.get(`${REPOS}/states`, { isOnlineFilter: false, limit: 1 }));
		expect(offline.res.data.pagination.total).toBe(1 + Math.floor((100000 - 13) / 97));
		expect(offline.ms).toBeLessThan(500);
		const byFree = await timed(() => api.get(`${REPOS}/states`, { orderColumn: 'FreeGB', limit: 3 }));
		expect(byFree.res.data.data.map((/** @type {any} */ s) => s.freeGB)).toEqual([-1, -1, -1]);
		expect(byFree.ms).toBeLessThan(3000);
	});

	test('mutations still work and invalidate cached orders', async () => {
		await sim.control.configure({ sessionDurationMs: 20 });
		const model = (await api.get(`${REPOS}/${generatedRepositoryId(5)}`)).data;
		const put = await api.put(`${REPOS}/${model.id}`, { ...model, name: 'ZZZ last' });
		await api.waitForSession(put.data.id);
		const top = (await api.get(REPOS, { orderColumn: 'Name', orderAsc: false, limit: 1 })).data.data[0];
		expect(top.name).toBe('ZZZ last');
	});
});
