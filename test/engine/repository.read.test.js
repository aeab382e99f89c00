'use strict';
const { startTestbed } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed({ repositories: 450 });
});
afterAll(async () => bed.close());
beforeEach(async () => bed.clear());

const getAll = (extra = {}) => ({ resource: 'repository', operation: 'getAll', ...extra });

describe('Repository > Get Many', () => {
	it('returns one item per repository up to the limit', async () => {
		const result = await bed.engine.execute(getAll({ limit: 5 }));
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(5);
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				id: expect.any(String),
				name: expect.any(String),
				type: expect.any(String),
			}),
		);
		expect(result.items.every((item) => item.pairedItem && item.pairedItem.item === 0)).toBe(true);
	});

	it('walks skip/limit pages until pagination.total: ceil(N / page size) requests, nothing lost or repeated', async () => {
		const result = await bed.engine.execute(
			getAll({ returnAll: true, options: { pageSize: 100 } }),
		);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(450);
		expect(new Set(result.json.map((r) => r.id)).size).toBe(450);
		const pages = (await bed.apiRequests()).filter(
			(r) => r.path === '/api/v1/backupInfrastructure/repositories',
		);
		expect(pages).toHaveLength(Math.ceil(450 / 100));
		expect(pages.map((r) => Number(r.query.skip))).toEqual([0, 100, 200, 300, 400]);
		expect(pages.every((r) => Number(r.query.limit) === 100)).toBe(true);
	});

	it('uses the server default page size of 200 unless told otherwise', async () => {
		await bed.engine.execute(getAll({ returnAll: true }));
		const pages = (await bed.apiRequests()).filter(
			(r) => r.path === '/api/v1/backupInfrastructure/repositories',
		);
		expect(pages.map((r) => Number(r.query.limit))).toEqual([200, 200, 200]);
	});

	it('asks only for what the limit needs', async () => {
		await bed.engine.execute(getAll({ limit: 250, options: { pageSize: 200 } }));
		const pages = (await bed.apiRequests()).filter(
			(r) => r.path === '/api/v1/backupInfrastructure/repositories',
		);
		expect(pages.map((r) => [Number(r.query.skip), Number(r.query.limit)])).toEqual([
			[0, 200],
			[200, 50],
		]);
	});

	it('filters by name wildcard, several types (repeated typeFilter) and sorts descending', async () => {
		const result = await bed.engine.execute(
			getAll({
				returnAll: true,
				filters: { name: 'SOBR*', types: ['WinLocal', 'LinuxLocal'] },
				options: { sortBy: 'Name', sortDirection: 'desc' },
			}),
		);
		expect(result.json.map((r) => r.name)).toEqual([
			'SOBR Extent 03',
			'SOBR Extent 02',
			'SOBR Extent 01',
		]);
		const [request] = await bed.apiRequests();
		expect(request.query).toEqual(
			expect.objectContaining({
				nameFilter: 'SOBR*',
				typeFilter: ['WinLocal', 'LinuxLocal'],
				orderColumn: 'Name',
				orderAsc: 'false',
			}),
		);
	});

	it('excludes scale-out extents on request', async () => {
		const all = await bed.engine.execute(getAll({ returnAll: true, filters: { name: 'SOBR*' } }));
		expect(all.json).toHaveLength(4);
		const result = await bed.engine.execute(
			getAll({ returnAll: true, filters: { excludeExtents: true } }),
		);
		expect(result.json.length).toBeGreaterThan(0);
		expect(result.json.filter((r) => r.name.startsWith('SOBR'))).toEqual([]);
	});

	it('filters by host ID and path', async () => {
		const hostId = bed.sim.store.repositories.get(bed.repositoryId('Linux Repo 01')).model.hostId;
		const result = await bed.engine.execute(
			getAll({ returnAll: true, filters: { hostId, path: '/mnt/backup*' } }),
		);
		expect(result.json.map((r) => r.name)).toEqual(['Linux Repo 01']);
	});
});

describe('Repository > Get', () => {
	const id = () => bed.repositoryId('Hardened Repo 01');

	it.each([
		['list', () => id()],
		['id', () => id().toUpperCase()],
		['name', () => 'Hardened Repo 01'],
	])('finds a repository chosen by %s', async (mode, value) => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: { __rl: true, mode, value: value() },
		});
		expect(result.error).toBeUndefined();
		expect(result.json).toEqual([
			expect.objectContaining({
				id: id(),
				name: 'Hardened Repo 01',
				type: 'LinuxHardened',
				repository: expect.objectContaining({ makeRecentBackupsImmutableDays: 14 }),
			}),
		]);
	});

	it('matches names exactly, not as a wildcard', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: { __rl: true, mode: 'name', value: 'Hardened Repo' },
		});
		expect(result.error.message).toBe('No repository named "Hardened Repo" exists');
	});

	it("keeps Veeam's errorCode and message for an unknown ID", async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: { __rl: true, mode: 'id', value: '00000000-0000-4000-8000-000000000001' },
		});
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('404');
		expect(result.error.description).toMatch(/VBR error NotFound \(HTTP 404\)/);
		expect(result.error.description).toMatch(/00000000-0000-4000-8000-000000000001/);
	});
});

describe('Repository > Get States', () => {
	const states = (extra = {}) => ({
		resource: 'repository',
		operation: 'getStates',
		returnAll: true,
		...extra,
	});

	it('adds usedPercent and freePercent from capacity minus free space', async () => {
		const result = await bed.engine.execute(states({ filters: { name: 'Linux Repo 01' } }));
		expect(result.json).toEqual([
			expect.objectContaining({
				name: 'Linux Repo 01',
				capacityGB: 8192,
				freeGB: 512,
				usedPercent: 93.75,
				freePercent: 6.25,
			}),
		]);
	});

	it('gives null percentages for object storage that reports capacity -1 or 0', async () => {
		const result = await bed.engine.execute(states({ filters: { name: '*S3 Repo' } }));
		const byName = Object.fromEntries(result.json.map((s) => [s.name, s]));
		expect(byName['Amazon S3 Repo']).toEqual(
			expect.objectContaining({ capacityGB: 0, usedPercent: null, freePercent: null }),
		);
		expect(result.json.every((s) => s.usedPercent === null)).toBe(true);
	});

	const seeded = (result) =>
		result.json.map((s) => s.name).filter((name) => !/^Repo \d+$/.test(name));

	it('filters offline repositories, out-of-date ones and scale-out extents (API 1.3)', async () => {
		const offline = await bed.engine.execute(
			states({ filters: { online: 'offline', name: '*Repo*' } }),
		);
		expect(seeded(offline)).toEqual(['SMB Share Repo']);
		expect(offline.json.every((s) => s.isOnline === false)).toBe(true);
		const outOfDate = await bed.engine.execute(
			states({ filters: { outOfDate: 'outOfDate', name: '*Repo*' } }),
		);
		expect(seeded(outOfDate)).toEqual(['Windows Repo 01']);
		expect(outOfDate.json.every((s) => s.isOutOfDate === true)).toBe(true);
		const sobrId = [...bed.sim.store.scaleOutRepositories.values()][0].id;
		const extents = await bed.engine.execute(states({ filters: { scaleOutRepositoryId: sobrId } }));
		expect(extents.json.map((s) => s.name).sort()).toEqual([
			'SOBR Capacity S3',
			'SOBR Extent 01',
			'SOBR Extent 02',
			'SOBR Extent 03',
		]);
	});
});
