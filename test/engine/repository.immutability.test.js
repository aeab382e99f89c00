'use strict';
// The immutability summary on repository outputs (Get, Get Many, Add, Edit, Get States with Include
// Immutability), through n8n-core's real engine against the simulator, on API 1.3-rev1 and 1.3-rev2.
const { useTestbed, FAST_WAIT } = require('../support/simulator');

const rl = (value, mode = 'name') => ({ __rl: true, mode, value });
const REPOSITORIES = '/api/v1/backupInfrastructure/repositories';

describe('immutability on repository outputs (1.3-rev1)', () => {
	const bed = useTestbed();

	it('Get: a hardened repository is immutable for its days; a Windows one cannot be (null)', async () => {
		const hardened = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: rl('Hardened Repo 01'),
		});
		expect(hardened.json[0].immutability).toEqual({
			enabled: true,
			days: 14,
			mode: null,
			governance: false,
			source: 'repository.makeRecentBackupsImmutableDays',
		});
		const windows = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: rl('Windows Repo 01'),
		});
		expect(windows.json[0].immutability).toBeNull();
	});

	it('Get Many: every item carries it; object storage with it off is enabled: false', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.json.every((r) => 'immutability' in r)).toBe(true);
		const byName = Object.fromEntries(result.json.map((r) => [r.name, r.immutability]));
		expect(byName['S3 Compatible Repo']).toEqual(
			expect.objectContaining({ enabled: true, days: 30, source: 'bucket.immutability' }),
		);
		expect(byName['SOBR Capacity S3']).toEqual(
			expect.objectContaining({ enabled: false, days: null }),
		);
	});

	it('Edit with the whole Get output (immutability included) changes only what was changed', async () => {
		const got = (
			await bed.engine.execute({
				resource: 'repository',
				operation: 'get',
				repositoryId: rl('Hardened Repo 01'),
			})
		).json[0];
		await bed.clear();
		const edited = await bed.engine.execute({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl('Hardened Repo 01'),
			defineBy: 'json',
			body: JSON.stringify({ ...got, description: 'edited from the output' }),
			options: FAST_WAIT,
		});
		expect(edited.error).toBeUndefined();
		const put = (await bed.apiRequests()).find((r) => r.method === 'PUT');
		expect(put.body).not.toHaveProperty('immutability');
		expect(edited.json[0]).toEqual(
			expect.objectContaining({
				description: 'edited from the output',
				immutability: got.immutability,
			}),
		);
	});

	it('Get States: Include Immutability joins the summary from one paginated read of the repositories', async () => {
		const plain = await bed.engine.execute({
			resource: 'repository',
			operation: 'getStates',
			returnAll: true,
		});
		expect(plain.json[0]).not.toHaveProperty('immutability');
		await bed.clear();
		const joined = await bed.engine.execute({
			resource: 'repository',
			operation: 'getStates',
			returnAll: true,
			includeImmutability: true,
		});
		expect(joined.json.every((s) => 'immutability' in s)).toBe(true);
		expect(joined.json.find((s) => s.name === 'Hardened Repo 01').immutability).toEqual(
			expect.objectContaining({ enabled: true, days: 14 }),
		);
		const reads = (await bed.apiRequests()).filter((r) => r.path === REPOSITORIES);
		expect(reads).toHaveLength(1);
	});
});

describe('immutability on repository outputs (1.3-rev2)', () => {
	const bed = useTestbed({ vbrVersion: '13.1', credential: { apiVersion: '1.3-rev2' } });

	it('LinuxLocal reports governance mode; the Add result carries the summary', async () => {
		const linux = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: rl('Linux Repo 01'),
		});
		expect(linux.json[0].immutability).toEqual({
			enabled: false,
			days: null,
			mode: null,
			governance: null,
			source: 'repository.enableGovernanceMode',
		});
		await bed.sim.control.updateRepository(bed.repositoryId('Linux Repo 01'), {
			repository: { enableGovernanceMode: true, governanceModeRetentionDays: 9 },
		});
		const governed = await bed.engine.execute({
			resource: 'repository',
			operation: 'get',
			repositoryId: rl('Linux Repo 01'),
		});
		expect(governed.json[0].immutability).toEqual({
			enabled: true,
			days: 9,
			mode: null,
			governance: true,
			source: 'repository.enableGovernanceMode',
		});
		const server = [...bed.sim.store.managedServers.values()].find(
			(s) => s.name === 'lnx-repo01.lab.local',
		).id;
		const added = await bed.engine.execute({
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			name: 'Governed',
			repositoryType: 'LinuxLocal',
			hostId: server,
			path: '/mnt/governed',
			additionalFields: { governanceModeDays: 21 },
			options: FAST_WAIT,
		});
		expect(added.error).toBeUndefined();
		expect(added.json[0].immutability).toEqual(
			expect.objectContaining({ enabled: true, days: 21, governance: true }),
		);
	});
});
