'use strict';
// Veeam Repository Trigger options that change what a capacity event is about: Group Repositories on
// the Same Volume and Scale-Out Repositories as a Whole, through n8n-core's real PollContext.
const {
	useTestbed,
	activatedPoller,
	pollItems: items,
	pollNames: names,
} = require('../support/simulator');

const bed = useTestbed();

const setState = (name, patch) => bed.sim.control.setRepositoryState(bed.repositoryId(name), patch);

const activated = (parameters, options) => activatedPoller(bed, parameters, options);

describe('Scale-Out Repositories as a Whole', () => {
	// Seed: SOBR Primary = Extent 01 (2048 GB, 1200 free), 02 (2048, 300), 03 (4096, 3500): 5000 of 8192 free.
	const WHOLE = {
		events: ['lowFreeSpace', 'freeSpaceRecovered'],
		freeSpaceThresholdPercent: 20,
		options: { scaleOutAsWhole: true },
	};

	it('fires for the scale-out repository over the extents that take new backups, listing them', async () => {
		const poller = await activated(WHOLE);
		await setState('SOBR Extent 03', { freeGB: 100 });
		const found = items(await poller.poll());
		// 1600 of 8192 free (19.5 %): the whole is low; no extent on its own is below 20 % except 02 and 03.
		const whole = found.find((j) => j.repository.type === 'ScaleOutRepository');
		expect(whole).toEqual(
			expect.objectContaining({
				event: 'lowFreeSpace',
				repository: expect.objectContaining({
					name: 'SOBR Primary',
					capacityGB: 8192,
					freeGB: 1600,
					freePercent: 19.53,
				}),
				extents: [
					expect.objectContaining({ name: 'SOBR Extent 01', status: ['Normal'], counted: true }),
					expect.objectContaining({ name: 'SOBR Extent 02', status: ['Normal'], counted: true }),
					expect.objectContaining({ name: 'SOBR Extent 03', status: ['Normal'], counted: true }),
				],
			}),
		);
		expect(whole.message).toBe(
			'Scale-out repository "SOBR Primary" (3 of 3 extents taking new backups) on 127.0.0.1 is low on free space: 19.53 % free (1.56 TB of 8 TB), below the 20 % threshold.',
		);
		expect(await poller.poll()).toBeNull();
	});

	it('a sealed extent is listed but no longer counts towards the whole', async () => {
		const poller = await activated(WHOLE);
		await bed.sim.control.configure({ sessionDurationMs: 0 });
		const sobr = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'enableSealedMode',
			scaleOutRepositoryId: { __rl: true, mode: 'name', value: 'SOBR Primary' },
			extentIds: ['SOBR Extent 03'],
			options: { pollIntervalSeconds: 0.02, waitTimeoutSeconds: 20 },
		});
		expect(sobr.error).toBeUndefined();
		const whole = items(await poller.poll()).filter(
			(j) => j.repository.type === 'ScaleOutRepository',
		);
		// Extents 01 + 02: 1500 of 4096 free (36.6 %), not low; the sealed 03 is listed, not counted.
		expect(whole).toEqual([]);
		await setState('SOBR Extent 01', { freeGB: 400 });
		const low = items(await poller.poll()).filter(
			(j) => j.repository.type === 'ScaleOutRepository',
		);
		expect(low.map((j) => [j.event, j.repository.freeGB, j.extents.map((e) => e.counted)])).toEqual(
			[['lowFreeSpace', 700, [true, true, false]]],
		);
	});

	it('off by default: no event about a scale-out repository, no extra read', async () => {
		const poller = await activated({ events: ['lowFreeSpace'], freeSpaceThresholdPercent: 20 });
		await setState('SOBR Extent 03', { freeGB: 100 });
		expect(items(await poller.poll()).map((j) => j.repository.name)).toEqual(['SOBR Extent 03']);
		expect((await bed.apiRequests()).map((r) => r.path)).toEqual([
			'/api/v1/backupInfrastructure/repositories/states',
		]);
	});
});

describe('Group Repositories on the Same Volume', () => {
	const sameVolume = async (names, state) => {
		for (const name of names)
			await bed.sim.control.setRepositoryState(bed.repositoryId(name), state);
	};

	it('one Low Free Space and one Free Space Recovered for a full shared volume, listing all its repositories', async () => {
		// SOBR Extent 01 and 02 sit on win-repo01 with Windows Repo 01: make the three one volume.
		const volume = ['Windows Repo 01', 'SOBR Extent 01', 'SOBR Extent 02'];
		await sameVolume(volume, { capacityGB: 4096, freeGB: 2000 });
		const poller = await activated({
			events: ['lowFreeSpace', 'freeSpaceRecovered'],
			options: { groupByVolume: true },
		});
		await sameVolume(volume, { freeGB: 100 });
		const low = items(await poller.poll());
		expect(low).toHaveLength(1);
		expect(low[0].event).toBe('lowFreeSpace');
		expect(low[0].volume).toEqual({
			hostId: expect.any(String),
			hostName: 'win-repo01.lab.local',
			capacityGB: 4096,
			freeGB: 100,
			repositories: volume.map((name) =>
				expect.objectContaining({ name, id: bed.repositoryId(name) }),
			),
		});
		expect(low[0].message).toBe(
			'The volume shared by "Windows Repo 01", "SOBR Extent 01" and "SOBR Extent 02" on 127.0.0.1 is low on free space: 2.44 % free (100 GB of 4 TB), below the 10 % threshold.',
		);
		await sameVolume(volume, { freeGB: 3000 });
		expect(items(await poller.poll()).map((j) => [j.event, j.volume.repositories.length])).toEqual([
			['freeSpaceRecovered', 3],
		]);
	});

	it('off by default: one event per repository; different free space is never one volume', async () => {
		const volume = ['Windows Repo 01', 'SOBR Extent 01'];
		await sameVolume(volume, { capacityGB: 4096, freeGB: 2000 });
		const poller = await activated({ events: ['lowFreeSpace'] });
		await sameVolume(volume, { freeGB: 100 });
		expect(names(await poller.poll()).sort()).toEqual([
			'lowFreeSpace:SOBR Extent 01',
			'lowFreeSpace:Windows Repo 01',
		]);
		const grouped = await activated({ events: ['lowFreeSpace'], options: { groupByVolume: true } });
		await bed.sim.control.setRepositoryState(bed.repositoryId('Windows Repo 01'), { freeGB: 5000 });
		await bed.sim.control.setRepositoryState(bed.repositoryId('SOBR Extent 01'), { freeGB: 5000 });
		await grouped.poll();
		await bed.sim.control.setRepositoryState(bed.repositoryId('Windows Repo 01'), { freeGB: 101 });
		await bed.sim.control.setRepositoryState(bed.repositoryId('SOBR Extent 01'), { freeGB: 102 });
		const separate = items(await grouped.poll());
		expect(separate.map((j) => [j.repository.name, j.volume])).toEqual([
			['Windows Repo 01', undefined],
			['SOBR Extent 01', undefined],
		]);
	});
});
