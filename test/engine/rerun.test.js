'use strict';
// Re-runs of changes (a crashed worker's job handed to another worker, or a person running the
// execution again): a change found in place is reported, never applied a second time. Each rule is
// checked in the simulator's request log: the second run sends no POST or DELETE.
const { startTestbed, FAST_WAIT } = require('../support/simulator');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const SOBR = 'SOBR Primary';

let bed;
beforeAll(async () => (bed = await startTestbed()));
afterAll(() => bed.close());
beforeEach(() => bed.sim.control.reset().then(() => bed.clear()));

const server = (name) => [...bed.sim.store.managedServers.values()].find((s) => s.name === name);
const changes = async () => (await bed.apiRequests()).filter((r) => r.method !== 'GET');
const named = (name) =>
	[...bed.sim.store.repositories.values()].filter((r) => r.model.name === name);

/** The same Add each time, as a re-run sends it; `extra` changes one part. */
const hardenedAdd = (extra = {}) => ({
	...{ resource: 'repository', operation: 'create', defineBy: 'fields', name: 'Rerun Repo' },
	...{ repositoryType: 'LinuxHardened', path: '/mnt/veeam/rerun', immutabilityDays: 14 },
	hostId: server('lnx-hardened01.lab.local').id,
	mountServerId: server('vbr01.lab.local').id,
	options: FAST_WAIT,
	...extra,
});

describe('re-run of Repository > Add', () => {
	it('returns the repository the first run added, flagged alreadyPresent, without a second POST', async () => {
		const first = await bed.engine.execute(hardenedAdd());
		expect(first.error).toBeUndefined();
		expect(first.json[0].alreadyPresent).toBeUndefined();
		await bed.clear();

		const again = await bed.engine.execute(hardenedAdd());
		expect(again.error).toBeUndefined();
		const [out] = again.json;
		expect(out).toEqual(
			expect.objectContaining({ id: first.json[0].id, name: 'Rerun Repo', alreadyPresent: true }),
		);
		expect(out.session).toBeUndefined();
		expect(out.audit).toEqual(
			expect.objectContaining({
				operation: 'repository.create',
				alreadyDone: true,
				sessionId: null,
				targets: [{ id: first.json[0].id, name: 'Rerun Repo' }],
			}),
		);
		expect(await changes()).toEqual([]);
		expect(named('Rerun Repo')).toHaveLength(1);
	});

	it('a repository of that name on another host is not the one it added: the Add is sent and VBR refuses it', async () => {
		await bed.engine.execute(hardenedAdd());
		await bed.clear();
		const elsewhere = await bed.engine.execute(
			hardenedAdd({ hostId: server('lnx-repo01.lab.local').id }),
		);
		expect(elsewhere.error).toBeDefined();
		expect(elsewhere.error.message).toMatch(/already used/);
		expect((await changes()).map((r) => r.method)).toEqual(['POST']);
		expect(named('Rerun Repo')).toHaveLength(1);
	});

	it('a Dry Run still shows the request (it reads nothing to decide)', async () => {
		await bed.engine.execute(hardenedAdd());
		const dry = await bed.engine.execute(hardenedAdd({ options: { ...FAST_WAIT, dryRun: true } }));
		expect(dry.json[0]).toEqual(expect.objectContaining({ dryRun: true }));
		expect(dry.json[0].alreadyPresent).toBeUndefined();
	});
});

describe('re-run of Scale-Out Repository > Add', () => {
	it('returns the scale-out repository the first run added, without a second POST', async () => {
		const add = {
			resource: 'scaleOutRepository',
			operation: 'create',
			defineBy: 'json',
			body: JSON.stringify({
				name: 'Rerun SOBR',
				description: '',
				performanceTier: { performanceExtents: [{ id: bed.repositoryId('Windows Repo 01') }] },
				placementPolicy: { type: 'DataLocality' },
			}),
			options: FAST_WAIT,
		};
		const first = await bed.engine.execute(add);
		expect(first.error).toBeUndefined();
		await bed.clear();
		const again = await bed.engine.execute(add);
		expect(again.error).toBeUndefined();
		expect(again.json[0]).toEqual(
			expect.objectContaining({
				id: first.json[0].id,
				alreadyPresent: true,
				extents: expect.any(Array),
			}),
		);
		expect(await changes()).toEqual([]);
	});
});

describe('re-run of Remove', () => {
	it('reports a repository removed by an earlier run as removed, without a second DELETE', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		const remove = { resource: 'repository', operation: 'delete', repositoryId: rl(id) };
		const first = await bed.engine.execute(remove);
		expect(first.json[0].removed).toBe(true);
		expect(first.json[0].alreadyRemoved).toBeUndefined();
		await bed.clear();

		const again = await bed.engine.execute(remove);
		expect(again.error).toBeUndefined();
		expect(again.json[0]).toEqual(
			expect.objectContaining({ id, removed: true, alreadyRemoved: true, backupsDeleted: null }),
		);
		expect(again.json[0].audit).toEqual(
			expect.objectContaining({
				operation: 'repository.delete',
				alreadyDone: true,
				targets: [{ id, name: null }],
			}),
		);
		expect(await changes()).toEqual([]);
	});

	it('reports a scale-out repository removed by an earlier run as removed', async () => {
		const id = [...bed.sim.store.scaleOutRepositories.values()].find((s) => s.name === SOBR).id;
		const remove = {
			resource: 'scaleOutRepository',
			operation: 'delete',
			scaleOutRepositoryId: rl(id),
		};
		expect((await bed.engine.execute(remove)).json[0].removed).toBe(true);
		await bed.clear();
		const again = await bed.engine.execute(remove);
		expect(again.json[0]).toEqual(
			expect.objectContaining({ id, removed: true, alreadyRemoved: true }),
		);
		expect(await changes()).toEqual([]);
	});

	it('a name that matches nothing stays an error (it may be a typo)', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl('No Such Repo', 'name'),
		});
		expect(result.error.message).toBe('No repository named "No Such Repo" exists');
		expect(await changes()).toEqual([]);
	});

	it('a 404 without Veeam\'s error (a proxy) is not taken for "gone"', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		await bed.sim.control.injectFault({
			type: 'html',
			status: 404,
			count: 1,
			match: { method: 'GET', path: `/api/v1/backupInfrastructure/repositories/${id}` },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
		});
		expect(result.error).toBeDefined();
		expect(await changes()).toEqual([]);
		expect(bed.sim.store.repositories.has(id)).toBe(true);
	});
});

describe('re-run of a mode change', () => {
	const mode = (operation, extentIds) => ({
		resource: 'scaleOutRepository',
		operation,
		scaleOutRepositoryId: rl(SOBR, 'name'),
		extentIds,
		options: FAST_WAIT,
	});

	it('extents already in that mode: succeeds without a second session', async () => {
		const first = await bed.engine.execute(mode('enableSealedMode', ['SOBR Extent 02']));
		expect(first.json[0].session.result).toBe('Success');
		await bed.clear();

		const again = await bed.engine.execute(mode('enableSealedMode', ['SOBR Extent 02']));
		expect(again.error).toBeUndefined();
		const [out] = again.json;
		expect(out.alreadyInMode).toBe(true);
		expect(out.session).toBeUndefined();
		expect(out.extents.find((e) => e.name === 'SOBR Extent 02').isSealed).toBe(true);
		expect(out.audit).toEqual(expect.objectContaining({ alreadyDone: true, sessionId: null }));
		expect(await changes()).toEqual([]);
	});

	it('only the extents not yet in that mode are sent', async () => {
		await bed.engine.execute(mode('enableMaintenanceMode', ['SOBR Extent 01']));
		await bed.clear();
		const both = await bed.engine.execute(
			mode('enableMaintenanceMode', ['SOBR Extent 01', 'SOBR Extent 03']),
		);
		expect(both.error).toBeUndefined();
		expect(both.json[0].alreadyInMode).toBeUndefined();
		const posts = await changes();
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toEqual({ repositoryIds: [bed.repositoryId('SOBR Extent 03')] });
		expect(both.json[0].extents.filter((e) => e.isInMaintenance)).toHaveLength(2);
	});
});
