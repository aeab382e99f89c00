// @ts-check
'use strict';

const { startHttp, client, repositorySpec, SEED, IDS, REPOS, SOBRS } = require('./helpers');

describe('scale-out repositories', () => {
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	/** @type {ReturnType<typeof client>} */
	let api12;
	beforeAll(async () => {
		sim = await startHttp({ sessionDurationMs: 100 });
		api = client(sim, '1.3-rev1');
		api12 = client(sim, '1.2-rev1');
		await api.login();
		await api12.login();
	});
	afterAll(() => sim.close());
	afterEach(() => sim.control.reset());

	/** @param {ReturnType<typeof client>} c */
	const statuses = async (c = api) => {
		const sobr = (await c.get(`${SOBRS}/${IDS.sobr}`)).data;
		return Object.fromEntries(sobr.performanceTier.performanceExtents.map((/** @type {any} */ e) => [e.name, e.status]));
	};

	test('seeded SOBR: three Normal performance extents and an S3-compatible capacity tier', async () => {
		const sobr = (await api.get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(sobr.name).toBe('SOBR Primary');
		expect(sobr.performanceTier.performanceExtents).toEqual([
			{ id: IDS.extent1, name: 'SOBR Extent 01', status: ['Normal'] },
			{ id: IDS.extent2, name: 'SOBR Extent 02', status: ['Normal'] },
			{ id: IDS.extent3, name: 'SOBR Extent 03', status: ['Normal'] },
		]);
		expect(sobr.capacityTier).toEqual(expect.objectContaining({ isEnabled: true, extents: [{ id: IDS.capacity }] }));
		expect(sobr.capacityTier.offloadWindow.days[0]).toEqual({ day: 'Monday', hours: Array(24).fill('1').join(',') });
		const old = (await api12.get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(old.performanceTier.performanceExtents[0].status).toBe('Normal');
		expect(old.capacityTier.offloadWindow.days[0].day).toBe('monday');
		expect(old.capacityTier).not.toHaveProperty('backupHealth');
	});

	test('sealed and maintenance mode change extent statuses when the session stops', async () => {
		// Sessions long enough that wall-clock time cannot end them; the test moves the simulator's clock.
		await sim.control.configure({ sessionDurationMs: 60000 });
		/** @param {{ data: { id: string } }} started */
		const finish = async (started) => {
			await sim.control.advanceClock(60000);
			return api.waitForSession(started.data.id);
		};
		const seal = await api.post(`${SOBRS}/${IDS.sobr}/enableSealedMode`, { repositoryIds: [IDS.extent1, IDS.extent2] });
		expect(seal.status).toBe(201);
		expect(seal.data).toEqual(expect.objectContaining({ sessionType: 'RepositoryMaintenance', name: 'Enable Sealed Mode', state: 'Working', resourceId: IDS.sobr }));
		expect((await statuses())['SOBR Extent 01']).toEqual(['Normal']);
		await finish(seal);
		expect(await statuses()).toEqual({ 'SOBR Extent 01': ['Sealed'], 'SOBR Extent 02': ['Sealed'], 'SOBR Extent 03': ['Normal'] });

		const maint = await api.post(`${SOBRS}/${IDS.sobr}/enableMaintenanceMode`, { repositoryIds: [IDS.extent2] });
		await finish(maint);
		expect((await statuses())['SOBR Extent 02']).toEqual(['Sealed', 'Maintenance']);
		// 1.2 shows one status: the most significant.
		expect((await statuses(api12))['SOBR Extent 02']).toBe('Maintenance');

		await finish(await api.post(`${SOBRS}/${IDS.sobr}/disableSealedMode`, { repositoryIds: [IDS.extent1, IDS.extent2] }));
		expect(await statuses()).toEqual({ 'SOBR Extent 01': ['Normal'], 'SOBR Extent 02': ['Maintenance'], 'SOBR Extent 03': ['Normal'] });
		await finish(await api12.post(`${SOBRS}/${IDS.sobr}/disableMaintenanceMode`, { repositoryIds: [IDS.extent2] }));
		expect((await statuses())['SOBR Extent 02']).toEqual(['Normal']);
		const logs = (await api.get(`/api/v1/sessions/${maint.data.id}/logs`)).data.records.map((/** @type {any} */ r) => r.title);
		expect(logs).toContain("Enabling maintenance mode for extent 'SOBR Extent 02'");
	});

	test('a Failed mode session leaves statuses unchanged', async () => {
		await sim.control.configure({ nextSessionResults: [{ result: 'Failed', message: 'Extent is busy' }] });
		const res = await api.post(`${SOBRS}/${IDS.sobr}/enableMaintenanceMode`, { repositoryIds: [IDS.extent3] });
		const done = await api.waitForSession(res.data.id);
		expect(done.result).toEqual({ result: 'Failed', message: 'Extent is busy', isCanceled: false });
		expect((await statuses())['SOBR Extent 03']).toEqual(['Normal']);
	});

	test('mode operations: only performance extents of that SOBR; unknown SOBR 404', async () => {
		for (const id of [SEED.defaultRepositoryId, IDS.capacity]) {
			const res = await api.post(`${SOBRS}/${IDS.sobr}/enableSealedMode`, { repositoryIds: [IDS.extent1, id] });
			expect(res.status).toBe(400);
			expect(res.data.errorCode).toBe('UnexpectedContent');
			expect(res.data.message).toMatch(/is not a performance extent of scale-out backup repository 'SOBR Primary'/);
		}
		expect((await api.post(`${SOBRS}/${IDS.sobr}/enableSealedMode`, { repositoryIds: [] })).status).toBe(400);
		expect((await api.post(`${SOBRS}/${IDS.sobr}/enableSealedMode`, {})).status).toBe(400);
		const missing = await api.post(`${SOBRS}/0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11/enableSealedMode`, { repositoryIds: [IDS.extent1] });
		expect(missing.status).toBe(404);
		expect((await api.post(`${SOBRS}/nope/enableSealedMode`, { repositoryIds: [IDS.extent1] })).data.errorCode).toBe('InvalidURI');
		expect((await api.get('/api/v1/sessions', { typeFilter: ['RepositoryMaintenance'] })).data.pagination.total).toBe(0);
	});

	test('add a SOBR: extents must exist, be free, be block storage; capacity tier must be object storage', async () => {
		const ids = [];
		for (const n of ['P1', 'P2']) {
			const s = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', n));
			ids.push((await api.waitForSession(s.data.id)).resourceId);
		}
		const s3 = await api.post(REPOS, repositorySpec('S3Compatible', '1.3-rev1', 'Cap'));
		const capId = (await api.waitForSession(s3.data.id)).resourceId;
		const base = { name: 'SOBR Two', description: 'second', performanceTier: { performanceExtents: ids.map((id) => ({ id })) } };
		const bad = [
			[{ ...base, performanceTier: { performanceExtents: [] } }, /at least one extent/],
			[{ ...base, performanceTier: { performanceExtents: [{ id: IDS.extent1 }] } }, /already an extent of scale-out repository 'SOBR Primary'/],
			[{ ...base, performanceTier: { performanceExtents: [{ id: capId }] } }, /object storage repository 'Cap'.*cannot be a performance extent/],
			[{ ...base, capacityTier: { isEnabled: true, extents: [{ id: ids[0] }] } }, /more than once|needs an object storage repository/],
			[{ ...base, capacityTier: { isEnabled: true } }, /capacityTier.extents must contain/],
			[{ ...base, placementPolicy: { type: 'Performance', settings: [{ extentId: IDS.extent1, allowedBackups: 'All' }] } }, /must be one of the performance extents/],
			[{ ...base, name: 'Default Backup Repository' }, /already used/],
			[{ ...base, performanceTier: undefined }, /performanceTier is required/],
		];
		for (const [body, pattern] of bad) {
			const res = await api.post(SOBRS, body);
			expect(res.status).toBe(400);
			expect(res.data.message).toMatch(/** @type {RegExp} */ (pattern));
		}
		const placementPolicy = { type: 'Performance', settings: [{ extentId: ids[0], allowedBackups: 'FullsOnly' }, { extentId: ids[1], allowedBackups: 'IncrementsOnly' }] };
		const ok = await api.post(SOBRS, { ...base, placementPolicy, capacityTier: { isEnabled: true, extents: [{ id: capId }], copyPolicyEnabled: true } });
		expect(ok.status).toBe(201);
		expect(ok.data.sessionType).toBe('Infrastructure');
		expect((await api.get(SOBRS)).data.pagination.total).toBe(1);
		const done = await api.waitForSession(ok.data.id);
		const sobr = (await api.get(`${SOBRS}/${done.resourceId}`)).data;
		expect(sobr.performanceTier.performanceExtents.map((/** @type {any} */ e) => [e.name, e.status])).toEqual([['P1', ['Normal']], ['P2', ['Normal']]]);
		expect(sobr.placementPolicy.settings).toEqual([
			{ name: 'P1', extentId: ids[0], allowedBackups: 'FullsOnly' },
			{ name: 'P2', extentId: ids[1], allowedBackups: 'IncrementsOnly' },
		]);
		expect((await api12.get(`${SOBRS}/${done.resourceId}`)).data.placementPolicy.settings[0]).toEqual({ extentId: ids[0], allowedBackups: 'FullsOnly' });
		const member = (await api.get(`${REPOS}/states`, { idFilter: capId })).data.data[0];
		expect(member.scaleOutRepositoryDetails).toEqual({ membership: 'SOBR Two', scaleOutRepositoryId: done.resourceId, extentType: 'Capacity' });
		expect((await api.del(`${REPOS}/${ids[0]}`)).status).toBe(400);

		// Removing the SOBR frees its extents.
		expect((await api.del(`${SOBRS}/${done.resourceId}`)).status).toBe(204);
		expect((await api.get(`${SOBRS}/${done.resourceId}`)).status).toBe(404);
		expect((await api.del(`${REPOS}/${ids[0]}`)).status).toBe(204);
	});

	test('edit a SOBR: extent statuses survive; new extents start Normal; id must match', async () => {
		await api.waitForSession((await api.post(`${SOBRS}/${IDS.sobr}/enableSealedMode`, { repositoryIds: [IDS.extent1] })).data.id);
		const add = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'SOBR Extent 04'));
		const newId = (await api.waitForSession(add.data.id)).resourceId;
		const model = (await api.get(`${SOBRS}/${IDS.sobr}`)).data;
		const body = {
			...model,
			description: 'grown',
			performanceTier: { ...model.performanceTier, performanceExtents: [...model.performanceTier.performanceExtents.filter((/** @type {any} */ e) => e.id !== IDS.extent3), { id: newId, name: 'SOBR Extent 04' }] },
		};
		const put = await api.put(`${SOBRS}/${IDS.sobr}`, body);
		expect(put.status).toBe(201);
		await api.waitForSession(put.data.id);
		const after = (await api.get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(after.description).toBe('grown');
		expect(after.performanceTier.performanceExtents.map((/** @type {any} */ e) => [e.name, e.status])).toEqual([
			['SOBR Extent 01', ['Sealed']], ['SOBR Extent 02', ['Normal']], ['SOBR Extent 04', ['Normal']],
		]);
		// Extent 03 left the SOBR and can now be deleted.
		expect((await api.del(`${REPOS}/${IDS.extent3}`)).status).toBe(204);
		const mismatch = await api.put(`${SOBRS}/${IDS.sobr}`, { ...after, id: SEED.defaultRepositoryId });
		expect(mismatch.status).toBe(400);
		expect((await api.put(`${SOBRS}/0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11`, after)).status).toBe(404);
	});

	test('1.2-rev1 SOBR edit: single status and lower-case days accepted; backupHealth kept', async () => {
		const model = (await api12.get(`${SOBRS}/${IDS.sobr}`)).data;
		const put = await api12.put(`${SOBRS}/${IDS.sobr}`, { ...model, description: 'edited by 1.2' });
		expect(put.status).toBe(201);
		await api12.waitForSession(put.data.id);
		const after = (await api.get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(after.description).toBe('edited by 1.2');
		expect(after.capacityTier.offloadWindow.days.map((/** @type {any} */ d) => d.day)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
		expect(after.capacityTier.backupHealth).toEqual(expect.objectContaining({ isEnabled: true }));
		const wrong = await api12.put(`${SOBRS}/${IDS.sobr}`, { ...model, performanceTier: { performanceExtents: [{ id: IDS.extent1, name: 'x', status: ['Normal'] }] } });
		expect(wrong.status).toBe(400);
	});
});
