'use strict';
// Scale-out repositories through the real engine: list, get, add, edit, remove, and the four extent
// mode operations, on API 1.3-rev1 (status lists) and 1.2-rev1 (single status values).
const { startTestbed, FAST_WAIT } = require('../support/simulator');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const SOBR = 'SOBR Primary';

describe.each(['1.3-rev1', '1.2-rev1'])('scale-out repositories on API %s', (apiVersion) => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ credential: { apiVersion } });
	});
	afterAll(async () => bed.close());
	beforeEach(async () => {
		await bed.sim.control.reset();
		await bed.clear();
	});

	const sobrId = () =>
		[...bed.sim.store.scaleOutRepositories.values()].find((s) => s.name === SOBR).id;
	const mode = (operation, extentIds, extra = {}) => ({
		resource: 'scaleOutRepository',
		operation,
		scaleOutRepositoryId: rl(SOBR, 'name'),
		extentIds,
		options: FAST_WAIT,
		...extra,
	});

	it('lists and gets scale-out repositories with every extent status as a list', async () => {
		const list = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(list.error).toBeUndefined();
		expect(list.json.map((s) => s.name)).toEqual([SOBR]);
		const got = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'get',
			scaleOutRepositoryId: rl(sobrId()),
		});
		expect(got.json[0].extents).toEqual([
			{
				id: bed.repositoryId('SOBR Extent 01'),
				name: 'SOBR Extent 01',
				status: ['Normal'],
				isSealed: false,
				isInMaintenance: false,
				immutability: null,
			},
			{
				id: bed.repositoryId('SOBR Extent 02'),
				name: 'SOBR Extent 02',
				status: ['Normal'],
				isSealed: false,
				isInMaintenance: false,
				immutability: null,
			},
			{
				id: bed.repositoryId('SOBR Extent 03'),
				name: 'SOBR Extent 03',
				status: ['Normal'],
				isSealed: false,
				isInMaintenance: false,
				immutability: null,
			},
		]);
		expect(
			got.json[0].performanceTier.performanceExtents.every((e) => Array.isArray(e.status)),
		).toBe(true);
	});

	const IMMUTABLE_30 = {
		enabled: true,
		days: 30,
		// 1.2-rev1's bucket immutability has no mode.
		mode: apiVersion === '1.2-rev1' ? null : 'RepositorySettings',
		governance: null,
		source: 'bucket.immutability',
	};
	const get = () =>
		bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'get',
			scaleOutRepositoryId: rl(sobrId()),
		});

	it("carries each extent repository's immutability, read from the repositories themselves", async () => {
		const capacity = bed.repositoryId('SOBR Capacity S3');
		const before = await get();
		expect(before.error).toBeUndefined();
		expect(before.json[0].capacityExtents).toEqual([
			{
				id: capacity,
				name: 'SOBR Capacity S3',
				immutability: { ...IMMUTABLE_30, enabled: false, days: null },
			},
		]);
		expect(before.json[0].archiveExtent).toBeNull();
		// VBR's own fields are untouched.
		expect(before.json[0].capacityTier.extents).toEqual([{ id: capacity }]);

		await bed.sim.control.updateRepository(capacity, {
			bucket: { immutability: { isEnabled: true, daysCount: 30 } },
		});
		const after = await get();
		expect(after.json[0].capacityExtents[0].immutability).toEqual(IMMUTABLE_30);
		// WinLocal is never immutable, and LinuxLocal says so only from 1.3-rev2 (governance mode).
		const extent = bed.repositoryId('SOBR Extent 03');
		const model = await bed.sim.control.updateRepository(extent, {});
		expect(model.type).toBe('LinuxLocal');
		expect(after.json[0].extents.map((e) => e.immutability)).toEqual([null, null, null]);
	});

	it('reads the extents of one scale-out repository by ID, after its own read', async () => {
		await get();
		const paths = (await bed.apiRequests()).map((r) => `${r.method} ${r.path}`);
		const byId = (name) =>
			`GET /api/v1/backupInfrastructure/repositories/${bed.repositoryId(name)}`;
		expect(paths[0]).toBe(`GET /api/v1/backupInfrastructure/scaleOutRepositories/${sobrId()}`);
		expect(paths.slice(1).sort()).toEqual(
			['SOBR Extent 01', 'SOBR Extent 02', 'SOBR Extent 03', 'SOBR Capacity S3'].map(byId).sort(),
		);
	});

	it('gives null immutability, not an error, for an extent repository VBR no longer returns', async () => {
		const gone = bed.repositoryId('SOBR Extent 02');
		// Gone from the repositories but still named by the scale-out repository (a stale answer).
		bed.sim.store.deleteRepository(gone);
		const result = await get();
		expect(result.error).toBeUndefined();
		const extent = result.json[0].extents.find((e) => e.id === gone);
		expect(extent).toEqual(expect.objectContaining({ status: ['Normal'], immutability: null }));
		const list = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(list.error).toBeUndefined();
		expect(list.json[0].extents.find((e) => e.id === gone).immutability).toBeNull();
	});

	it('Get Many reads all repositories once for every scale-out repository', async () => {
		await bed.sim.control.updateRepository(bed.repositoryId('SOBR Capacity S3'), {
			bucket: { immutability: { isEnabled: true, daysCount: 30 } },
		});
		const list = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(list.json[0].capacityExtents[0].immutability).toEqual(IMMUTABLE_30);
		expect((await bed.apiRequests()).map((r) => r.path)).toEqual([
			'/api/v1/backupInfrastructure/scaleOutRepositories',
			'/api/v1/backupInfrastructure/repositories',
		]);
	});

	it('a mode change reads the extent repositories only after the change', async () => {
		const result = await bed.engine.execute(mode('enableSealedMode', ['SOBR Extent 01']));
		expect(result.error).toBeUndefined();
		expect(result.json[0].capacityExtents[0].name).toBe('SOBR Capacity S3');
		const log = await bed.apiRequests();
		const post = log.findIndex((r) => r.method === 'POST');
		const extentReads = log
			.map((r, at) => ({ at, path: r.path }))
			.filter(({ path }) => /\/backupInfrastructure\/repositories\/[^/]+$/.test(path));
		expect(extentReads).toHaveLength(4);
		expect(extentReads.every(({ at }) => at > post)).toBe(true);
	});

	it('seals an extent chosen by name, waits for the session and returns the scale-out repository after it', async () => {
		const result = await bed.engine.execute(mode('enableSealedMode', ['SOBR Extent 02']));
		expect(result.error).toBeUndefined();
		const [out] = result.json;
		expect(out.extents.find((e) => e.name === 'SOBR Extent 02')).toEqual(
			expect.objectContaining({ status: ['Sealed'], isSealed: true }),
		);
		expect(out.extents.filter((e) => e.isSealed)).toHaveLength(1);
		expect(out.session).toEqual(
			expect.objectContaining({ type: 'RepositoryMaintenance', result: 'Success' }),
		);
		expect(out.audit).toEqual(
			expect.objectContaining({
				operation: 'scaleOutRepository.enableSealedMode',
				targets: [{ id: bed.repositoryId('SOBR Extent 02'), name: 'SOBR Extent 02' }],
				scope: { id: sobrId(), name: SOBR },
				sessionResult: 'Success',
			}),
		);
		const [post] = (await bed.apiRequests()).filter((r) => r.method === 'POST');
		expect(post.path).toBe(
			`/api/v1/backupInfrastructure/scaleOutRepositories/${sobrId()}/enableSealedMode`,
		);
		expect(post.body).toEqual({ repositoryIds: [bed.repositoryId('SOBR Extent 02')] });

		const unsealed = await bed.engine.execute(
			mode('disableSealedMode', [bed.repositoryId('SOBR Extent 02')]),
		);
		expect(unsealed.json[0].extents.every((e) => e.status.join() === 'Normal')).toBe(true);
	});

	it('puts several extents in maintenance and brings them back', async () => {
		const ids = [bed.repositoryId('SOBR Extent 01'), bed.repositoryId('SOBR Extent 03')];
		const entered = await bed.engine.execute(
			mode('enableMaintenanceMode', '={{ "SOBR Extent 01, SOBR Extent 03" }}'),
		);
		expect(entered.error).toBeUndefined();
		expect(
			entered.json[0].extents
				.filter((e) => e.isInMaintenance)
				.map((e) => e.id)
				.sort(),
		).toEqual([...ids].sort());
		const left = await bed.engine.execute(mode('disableMaintenanceMode', ids));
		expect(left.json[0].extents.some((e) => e.isInMaintenance)).toBe(false);
	});

	it('refuses an extent of another scale-out repository before sending anything that changes VBR', async () => {
		const result = await bed.engine.execute(
			mode('enableSealedMode', [bed.repositoryId('Linux Repo 01')]),
		);
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe(
			`"${bed.repositoryId('Linux Repo 01')}" is not a performance extent of "${SOBR}"`,
		);
		expect(result.error.description).toMatch(/SOBR Extent 01, SOBR Extent 02, SOBR Extent 03/);
		expect((await bed.apiRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
		const byName = await bed.engine.execute(mode('enableMaintenanceMode', ['SOBR Capacity S3']));
		expect(byName.error.message).toMatch(/"SOBR Capacity S3" is not a performance extent/);
	});

	it('fails with the session message when sealing fails', async () => {
		await bed.sim.control.configure({
			nextSessionResults: [{ result: 'Failed', message: 'Extent is busy' }],
		});
		const result = await bed.engine.execute(mode('enableSealedMode', ['SOBR Extent 01']));
		expect(result.error.message).toMatch(/failed: Extent is busy/);
		const got = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'get',
			scaleOutRepositoryId: rl(SOBR, 'name'),
		});
		expect(got.json[0].extents.some((e) => e.isSealed)).toBe(false);
	});

	it('times out naming the session', async () => {
		await bed.sim.control.configure({ sessionDurationMs: 60000 });
		const result = await bed.engine.execute(
			mode('enableSealedMode', ['SOBR Extent 01'], {
				options: { pollIntervalSeconds: 0.05, waitTimeoutSeconds: 0.5 },
			}),
		);
		expect(result.error.message).toMatch(
			/^Timed out after 0\.5 s waiting for VBR session [0-9a-f-]{36}$/,
		);
	});

	it('dry run returns the request and changes nothing', async () => {
		const result = await bed.engine.execute(
			mode('enableMaintenanceMode', ['SOBR Extent 01'], {
				options: { ...FAST_WAIT, dryRun: true },
			}),
		);
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				dryRun: true,
				request: expect.objectContaining({
					method: 'POST',
					body: { repositoryIds: [bed.repositoryId('SOBR Extent 01')] },
				}),
			}),
		);
		expect((await bed.apiRequests()).filter((r) => r.method !== 'GET')).toEqual([]);
	});

	it('adds a scale-out repository from the form and removes it again', async () => {
		const created = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'create',
			defineBy: 'fields',
			name: 'SOBR Secondary',
			performanceExtentIds: ['Linux Repo 01', bed.repositoryId('NFS Share Repo')],
			placementPolicy: 'Performance',
			capacityTierEnabled: true,
			capacityExtentId: bed.repositoryId('S3 Compatible Repo'),
			copyPolicyEnabled: true,
			movePolicyEnabled: true,
			operationalRestorePeriodDays: 21,
			description: 'from n8n',
			options: FAST_WAIT,
		});
		expect(created.error).toBeUndefined();
		const [sobr] = created.json;
		expect(sobr).toEqual(
			expect.objectContaining({
				name: 'SOBR Secondary',
				capacityTier: expect.objectContaining({
					isEnabled: true,
					operationalRestorePeriodDays: 21,
					copyPolicyEnabled: true,
				}),
				placementPolicy: expect.objectContaining({ type: 'Performance' }),
				session: expect.objectContaining({ result: 'Success' }),
			}),
		);
		expect(sobr.extents.map((e) => e.name).sort()).toEqual(['Linux Repo 01', 'NFS Share Repo']);
		expect(sobr.audit.targets).toEqual([{ id: sobr.id, name: 'SOBR Secondary' }]);

		const removed = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'delete',
			scaleOutRepositoryId: rl(sobr.id),
		});
		expect(removed.json[0]).toEqual(
			expect.objectContaining({
				id: sobr.id,
				name: 'SOBR Secondary',
				removed: true,
				backupsDeleted: false,
			}),
		);
		expect(bed.sim.store.scaleOutRepositories.has(sobr.id)).toBe(false);
	});

	it('guards removal with backups exactly like repositories', async () => {
		const result = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'delete',
			scaleOutRepositoryId: rl(SOBR, 'name'),
			deleteBackups: true,
		});
		expect(result.error.message).toBe('Deleting backups needs an explicit confirmation');
		expect(await bed.requests()).toEqual([]);
	});

	it('edits only the fields set and keeps the rest of the model', async () => {
		const before = JSON.parse(JSON.stringify(bed.sim.store.scaleOutRepositories.get(sobrId())));
		const result = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'update',
			scaleOutRepositoryId: rl(SOBR, 'name'),
			defineBy: 'fields',
			updateFields: { description: 'edited', operationalRestorePeriodDays: 30 },
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				description: 'edited',
				capacityTier: expect.objectContaining({ operationalRestorePeriodDays: 30 }),
			}),
		);
		const [put] = (await bed.apiRequests()).filter((r) => r.method === 'PUT');
		expect(put.body.performanceTier.performanceExtents.map((e) => e.id)).toEqual(
			before.performanceTier.performanceExtents.map((e) => e.id),
		);
		expect(put.body.capacityTier.extents).toEqual(before.capacityTier.extents);
		expect(put.body.name).toBe(SOBR);
	});

	it('edits with a JSON merge patch', async () => {
		const result = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'update',
			scaleOutRepositoryId: rl(sobrId()),
			defineBy: 'json',
			body: '{"description":"patched"}',
			options: FAST_WAIT,
		});
		expect(result.json[0].description).toBe('patched');
	});

	it('edits with a whole Get output as the patch: the immutability summaries are not sent', async () => {
		const [got] = (await get()).json;
		await bed.clear();
		const result = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'update',
			scaleOutRepositoryId: rl(sobrId()),
			defineBy: 'json',
			body: JSON.stringify({ ...got, description: 'from an output' }),
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0].description).toBe('from an output');
		const [put] = (await bed.apiRequests()).filter((r) => r.method === 'PUT');
		for (const field of ['extents', 'capacityExtents', 'archiveExtent'])
			expect(put.body).not.toHaveProperty(field);
		// The output after the edit carries them again, read after the PUT.
		expect(result.json[0].capacityExtents.map((e) => e.name)).toEqual(['SOBR Capacity S3']);
	});
});

describe('sessions', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ sessionDurationMs: 300 });
	});
	afterAll(async () => bed.close());

	it('starts a change without waiting, then gets, waits for and reads the logs of its session', async () => {
		const started = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			waitForCompletion: false,
		});
		const sessionId = started.json[0].id;
		const got = await bed.engine.execute({ resource: 'session', operation: 'get', sessionId });
		expect(got.json[0]).toEqual(expect.objectContaining({ id: sessionId, state: 'Working' }));
		const waited = await bed.engine.execute({
			resource: 'session',
			operation: 'wait',
			sessionId: `={{ "${sessionId}" }}`,
			options: FAST_WAIT,
		});
		expect(waited.json[0]).toEqual(
			expect.objectContaining({
				id: sessionId,
				state: 'Stopped',
				result: 'Success',
				type: 'ConfigurationResynchronize',
			}),
		);
		const logs = await bed.engine.execute({ resource: 'session', operation: 'getLogs', sessionId });
		expect(logs.json.length).toBeGreaterThan(0);
		expect(logs.json[0]).toEqual(
			expect.objectContaining({ sessionId, status: expect.any(String), title: expect.any(String) }),
		);
		expect(logs.items.every((item) => item.pairedItem.item === 0)).toBe(true);
	});

	it('filters logs by status', async () => {
		const started = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			options: FAST_WAIT,
		});
		const sessionId = started.json[0].session.id;
		const failed = await bed.engine.execute({
			resource: 'session',
			operation: 'getLogs',
			sessionId,
			statusFilter: 'Failed',
		});
		expect(failed.json).toEqual([]);
		const succeeded = await bed.engine.execute({
			resource: 'session',
			operation: 'getLogs',
			sessionId,
			statusFilter: 'Succeeded',
		});
		expect(succeeded.json.length).toBeGreaterThan(0);
		expect(succeeded.json.every((r) => r.status === 'Succeeded')).toBe(true);
	});

	it('wait fails on a Failed session and says Warning on a warning one', async () => {
		await bed.sim.control.configure({
			nextSessionResults: [
				{ result: 'Failed', message: 'Nope' },
				{ result: 'Warning', message: 'Careful' },
			],
		});
		const first = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			waitForCompletion: false,
		});
		const second = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			waitForCompletion: false,
		});
		const failed = await bed.engine.execute({
			resource: 'session',
			operation: 'wait',
			sessionId: first.json[0].id,
			options: FAST_WAIT,
		});
		expect(failed.error.message).toMatch(/failed: Nope/);
		const warned = await bed.engine.execute({
			resource: 'session',
			operation: 'wait',
			sessionId: second.json[0].id,
			options: FAST_WAIT,
		});
		expect(warned.json[0]).toEqual(
			expect.objectContaining({ result: 'Warning', warning: expect.stringMatching(/Careful/) }),
		);
	});

	it('refuses a session ID that is not a UUID before sending anything', async () => {
		await bed.clear();
		const result = await bed.engine.execute({
			resource: 'session',
			operation: 'get',
			sessionId: '../repositories',
		});
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe('"../repositories" is not a valid Session ID');
		expect(await bed.requests()).toEqual([]);
	});

	it("reports an unknown session with Veeam's 404", async () => {
		const result = await bed.engine.execute({
			resource: 'session',
			operation: 'get',
			sessionId: '00000000-0000-4000-8000-00000000beef',
		});
		expect(result.error.httpCode).toBe('404');
	});
});
