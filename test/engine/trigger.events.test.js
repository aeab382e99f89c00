'use strict';
// Veeam Repository Trigger through n8n-core's real PollContext against the simulator: every event,
// thresholds and hysteresis, Sustained For, filters, baseline, manual mode, request counts.
const axios = require('axios');
const {
	useTestbed,
	activatedPoller,
	pollItems: items,
	pollNames: names,
} = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');

const STATES = '/api/v1/backupInfrastructure/repositories/states';
const SOBRS = '/api/v1/backupInfrastructure/scaleOutRepositories';
const ALL_BUT_FORECAST = [
	'lowFreeSpace',
	'freeSpaceRecovered',
	'wentOffline',
	'cameOnline',
	'becameOutOfDate',
	'repositoryAdded',
	'repositoryRemoved',
	'extentStatusChanged',
];

const bed = useTestbed();

const setState = (name, patch) => bed.sim.control.setRepositoryState(bed.repositoryId(name), patch);
const snapshotOf = (poller) => JSON.stringify(poller.workflow.staticData);

/** A poller whose first (activation) poll has already recorded the baseline (on another engine if given). */
const activated = (parameters = {}, engine = bed.engine) =>
	activatedPoller({ engine, clear: () => bed.clear() }, parameters);

/** Runs a scale-out extent mode operation over the REST API, as an operator would. */
async function extentMode(operation, extentName, apiVersion = '1.3-rev1') {
	const headers = { 'x-api-version': apiVersion };
	const login = await axios.post(
		`${bed.sim.url}/api/oauth2/token`,
		new URLSearchParams({
			grant_type: 'password',
			username: bed.sim.username,
			password: bed.sim.password,
		}),
		{ headers },
	);
	const auth = { headers: { ...headers, authorization: `Bearer ${login.data.access_token}` } };
	const sobrId = bed.sim.seed.scaleOutRepositories['SOBR Primary'];
	const { data: session } = await axios.post(
		`${bed.sim.url}${SOBRS}/${sobrId}/${operation}`,
		{ repositoryIds: [bed.repositoryId(extentName)] },
		auth,
	);
	// Sessions last 40 ms in the testbed: move the simulator's clock past that instead of polling.
	await bed.sim.control.advanceClock(1000);
	const { data } = await axios.get(`${bed.sim.url}/api/v1/sessions/${session.id}`, auth);
	expect(data).toEqual(
		expect.objectContaining({
			state: 'Stopped',
			result: expect.objectContaining({ result: 'Success' }),
		}),
	);
}

describe('baseline and request budget', () => {
	it('records a baseline on the first poll and emits nothing, then stays silent while nothing changes', async () => {
		const poller = bed.engine.createPoller({});
		expect(await poller.poll()).toBeNull();
		const stored = poller.workflow.staticData['node:Veeam Trigger'];
		expect(typeof stored.snapshot).toBe('string');
		expect(JSON.parse(stored.snapshot).r).toHaveLength(13);
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
	});

	it('reads the states once per poll (one page of 1000) and nothing else without Extent Status Changed', async () => {
		const poller = bed.engine.createPoller({
			events: ALL_BUT_FORECAST.filter((e) => e !== 'extentStatusChanged'),
		});
		await poller.poll();
		await bed.clear();
		await setState('Hardened Repo 01', { isOnline: false });
		await poller.poll();
		const requests = await bed.apiRequests();
		expect(requests.map((r) => [r.method, r.path, r.query.skip, r.query.limit])).toEqual([
			['GET', STATES, '0', '1000'],
		]);
	});

	it('reads the scale-out repositories once more per poll for Extent Status Changed (selected by default)', async () => {
		for (const parameters of [{}, { events: ['extentStatusChanged'] }]) {
			const poller = await activated(parameters);
			await poller.poll();
			expect((await bed.apiRequests()).map((r) => r.path)).toEqual([STATES, SOBRS]);
			await bed.clear();
		}
	});

	it('walks the pages of a small Page Size: ceil(N / page size) requests, no repository lost', async () => {
		const poller = await activated({ options: { pageSize: 5 } });
		await setState('Azure Blob Repo', { capacityGB: 100, freeGB: 1 });
		expect(names(await poller.poll())).toEqual(['lowFreeSpace:Azure Blob Repo']);
		const pages = (await bed.apiRequests()).filter((r) => r.path === STATES);
		expect(pages.map((r) => Number(r.query.skip))).toEqual([0, 5, 10]);
	});

	it('reports the problems present at activation once with Report Current Problems on First Poll', async () => {
		const poller = bed.engine.createPoller({ options: { emitCurrentProblems: true } });
		const first = items(await poller.poll());
		expect(first.map((j) => `${j.event}:${j.repository.name}`).sort()).toEqual([
			'becameOutOfDate:Windows Repo 01',
			'lowFreeSpace:Linux Repo 01',
			'wentOffline:SMB Share Repo',
		]);
		expect(first.every((j) => j.previous === null)).toBe(true);
		expect(await poller.poll()).toBeNull();
	});
});

describe('free space', () => {
	it('fires Low Free Space below 10 %, keeps quiet in the 10–15 % band, recovers at 15 %, and fires again on a new episode', async () => {
		// Default Backup Repository: 199.4 GB capacity; 10 % = 19.94 GB, 15 % = 29.91 GB.
		const poller = await activated();
		const at = async (freeGB) => {
			await setState('Default Backup Repository', { freeGB });
			return await poller.poll();
		};
		const started = Date.now();
		const low = items(await at(19.9));
		expect(low).toHaveLength(1);
		expect(low[0]).toEqual({
			event: 'lowFreeSpace',
			message:
				'Repository "Default Backup Repository" on 127.0.0.1 is low on free space: 9.98 % free (19.9 GB of 199.4 GB), below the 10 % threshold.',
			repository: expect.objectContaining({
				id: bed.repositoryId('Default Backup Repository'),
				name: 'Default Backup Repository',
				type: 'WinLocal',
				capacityGB: 199.4,
				freeGB: 19.9,
				usedSpaceGB: 86.8,
				isOnline: true,
				freePercent: 9.98,
				usedPercent: 90.02,
			}),
			previous: { freeGB: 112.6, freePercent: 56.47 },
			threshold: { freePercent: 10, freeGB: null },
			detectedAt: expect.any(String),
			serverUrl: bed.sim.url,
		});
		expect(Date.parse(low[0].detectedAt)).toBeGreaterThanOrEqual(started - 1000);
		expect(await at(25)).toBeNull(); // 12.5 %: in the band
		expect(await at(19)).toBeNull(); // still the same low episode
		expect(await at(29.9)).toBeNull(); // 14.99 %: still in the band
		const recovered = items(await at(30));
		expect(recovered.map((j) => j.event)).toEqual(['freeSpaceRecovered']);
		expect(recovered[0].threshold).toEqual({ freePercent: 15, freeGB: null });
		expect(recovered[0].previous).toEqual({ freeGB: 29.9, freePercent: 14.99 });
		expect(await at(25)).toBeNull(); // above 10 %: in space
		expect(names(await at(19.5))).toEqual(['lowFreeSpace:Default Backup Repository']);
	});

	it('uses a custom percentage threshold and margin', async () => {
		await setState('Default Backup Repository', { freeGB: 130 }); // 65.2 %
		const poller = await activated({
			freeSpaceThresholdPercent: 60,
			options: { recoveryMarginPercent: 1 },
		});
		await setState('Default Backup Repository', { freeGB: 110 }); // 55.17 %
		expect(names(await poller.poll())).toEqual(['lowFreeSpace:Default Backup Repository']);
		await setState('Default Backup Repository', { freeGB: 121 }); // 60.68 %
		expect(await poller.poll()).toBeNull();
		await setState('Default Backup Repository', { freeGB: 122 }); // 61.18 %
		expect(names(await poller.poll())).toEqual(['freeSpaceRecovered:Default Backup Repository']);
	});

	it('fires below the GB threshold and recovers only at the threshold plus the margin of the capacity', async () => {
		// NFS Share Repo: 3072 GB capacity; recovery at 1000 + 5 % of 3072 = 1153.6 GB.
		const poller = await activated({ options: { freeSpaceThresholdGB: 1000 } });
		await setState('NFS Share Repo', { freeGB: 990 });
		const low = items(await poller.poll());
		expect(low.map((j) => j.event)).toEqual(['lowFreeSpace']);
		expect(low[0].threshold).toEqual({ freePercent: 10, freeGB: 1000 });
		expect(low[0].message).toContain('below the 1000 GB threshold');
		await setState('NFS Share Repo', { freeGB: 1150 });
		expect(await poller.poll()).toBeNull();
		await setState('NFS Share Repo', { freeGB: 1160 });
		const recovered = items(await poller.poll());
		expect(recovered.map((j) => j.event)).toEqual(['freeSpaceRecovered']);
		expect(recovered[0].threshold).toEqual({ freePercent: 15, freeGB: 1153.6 });
	});

	it('never reports low free space for an unknown capacity (0 or -1)', async () => {
		const poller = await activated();
		await setState('S3 Compatible Repo', { freeGB: 0, usedSpaceGB: 99999 });
		await setState('Amazon S3 Repo', { freeGB: -1 });
		expect(await poller.poll()).toBeNull();
	});
});

describe('state changes', () => {
	it('reports going offline and coming back online', async () => {
		const poller = await activated();
		await setState('Hardened Repo 01', { isOnline: false });
		const off = items(await poller.poll());
		expect(off.map((j) => j.event)).toEqual(['wentOffline']);
		expect(off[0].previous).toEqual({ isOnline: true });
		expect(off[0].message).toBe('Repository "Hardened Repo 01" on 127.0.0.1 went offline.');
		expect(await poller.poll()).toBeNull();
		await setState('Hardened Repo 01', { isOnline: true });
		const on = items(await poller.poll());
		expect(on.map((j) => j.event)).toEqual(['cameOnline']);
		expect(on[0].previous).toEqual({ isOnline: false });
	});

	it('reports a repository becoming out of date (API 1.3), once', async () => {
		const poller = await activated();
		await setState('NFS Share Repo', { isOutOfDate: true });
		const events = items(await poller.poll());
		expect(events.map((j) => j.event)).toEqual(['becameOutOfDate']);
		expect(events[0].previous).toEqual({ isOutOfDate: false });
		expect(await poller.poll()).toBeNull();
		await setState('NFS Share Repo', { isOutOfDate: false });
		expect(await poller.poll()).toBeNull();
	});

	it('never reports out of date on API 1.2-rev1, where the field does not exist', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { apiVersion: '1.2-rev1' }));
		const poller = await activated({}, engine);
		await setState('NFS Share Repo', { isOutOfDate: true });
		await setState('Hardened Repo 01', { isOnline: false });
		expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		const [request] = await bed.apiRequests();
		expect(request.headers['x-api-version']).toBe('1.2-rev1');
	});

	it('reports added and removed repositories', async () => {
		const poller = await activated();
		const added = await bed.sim.control.addRepository({
			name: 'Added Repo',
			type: 'LinuxLocal',
			state: { capacityGB: 500, freeGB: 400, usedSpaceGB: 100 },
		});
		const events = items(await poller.poll());
		expect(events.map((j) => j.event)).toEqual(['repositoryAdded']);
		expect(events[0].repository).toEqual(
			expect.objectContaining({
				id: added.id,
				name: 'Added Repo',
				type: 'LinuxLocal',
				freePercent: 80,
			}),
		);
		expect(events[0].message).toBe(
			'Repository "Added Repo" (LinuxLocal) was added on 127.0.0.1: 80 % free (400 GB of 500 GB).',
		);
		expect(await poller.poll()).toBeNull();

		await bed.sim.control.removeRepository(bed.repositoryId('NFS Share Repo'));
		const removed = items(await poller.poll());
		expect(removed.map((j) => `${j.event}:${j.repository.name}`)).toEqual([
			'repositoryRemoved:NFS Share Repo',
		]);
		expect(removed[0].repository).toEqual(
			expect.objectContaining({ type: 'Nfs', capacityGB: 3072, freeGB: 2900.5, isOnline: true }),
		);
		expect(await poller.poll()).toBeNull();
	});

	it('reports a new repository that is already offline and low', async () => {
		const poller = await activated();
		await bed.sim.control.addRepository({
			name: 'Broken Repo',
			type: 'WinLocal',
			state: { capacityGB: 100, freeGB: 2, usedSpaceGB: 98, isOnline: false },
		});
		expect(names(await poller.poll())).toEqual([
			'repositoryAdded:Broken Repo',
			'wentOffline:Broken Repo',
			'lowFreeSpace:Broken Repo',
		]);
	});

	it.each(['1.3-rev1', '1.2-rev1'])(
		'reports scale-out extent status changes (API %s)',
		async (apiVersion) => {
			const engine = createEngine(simulatorCredential(bed.sim, { apiVersion }));
			const poller = await activated({}, engine);
			await extentMode('enableSealedMode', 'SOBR Extent 01', apiVersion);
			const events = items(await poller.poll());
			expect(events.map((j) => j.event)).toEqual(['extentStatusChanged']);
			expect(events[0]).toEqual(
				expect.objectContaining({
					repository: expect.objectContaining({ name: 'SOBR Extent 01' }),
					previous: { status: ['Normal'] },
					extent: {
						scaleOutRepositoryId: bed.sim.seed.scaleOutRepositories['SOBR Primary'],
						scaleOutRepositoryName: 'SOBR Primary',
						status: ['Sealed'],
					},
				}),
			);
			expect(events[0].message).toBe(
				'Extent "SOBR Extent 01" of scale-out repository "SOBR Primary" on 127.0.0.1 changed from Normal to Sealed.',
			);
			expect(await poller.poll()).toBeNull();
			await extentMode('enableMaintenanceMode', 'SOBR Extent 01', apiVersion);
			const next = items(await poller.poll());
			// 1.3 lists both modes; 1.2-rev1 shows the most significant one.
			expect(next[0].extent.status).toEqual(
				apiVersion === '1.2-rev1' ? ['Maintenance'] : ['Maintenance', 'Sealed'],
			);
			expect(next[0].previous).toEqual({ status: ['Sealed'] });
		},
	);
});

describe('Sustained For and filters', () => {
	it('fires only after the change held for the given number of consecutive polls', async () => {
		const poller = await activated({ options: { sustainedForPolls: 3 } });
		await setState('Hardened Repo 01', { isOnline: false });
		expect(await poller.poll()).toBeNull();
		await setState('Hardened Repo 01', { isOnline: true });
		expect(await poller.poll()).toBeNull(); // interrupted: counting starts again
		await setState('Hardened Repo 01', { isOnline: false });
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		expect(names(await poller.poll())).toEqual(['wentOffline:Hardened Repo 01']);
		expect(await poller.poll()).toBeNull();
	});

	it('reports only repositories passing the name and type filters', async () => {
		const poller = await activated({
			options: { includeNames: 'sobr extent*, hardened*', excludeTypes: ['LinuxLocal'] },
		});
		for (const name of ['SOBR Extent 01', 'SOBR Extent 03', 'Hardened Repo 01', 'NFS Share Repo']) {
			await setState(name, { isOnline: false });
		}
		expect(names(await poller.poll()).sort()).toEqual([
			'wentOffline:Hardened Repo 01',
			'wentOffline:SOBR Extent 01',
		]);
	});

	it('reports only the selected events', async () => {
		const poller = await activated({ events: ['cameOnline'] });
		await setState('Hardened Repo 01', { isOnline: false, freeGB: 1 });
		expect(await poller.poll()).toBeNull();
		await setState('Hardened Repo 01', { isOnline: true });
		expect(names(await poller.poll())).toEqual(['cameOnline:Hardened Repo 01']);
	});

	it('refuses parameters that cannot work before reading anything', async () => {
		const poller = bed.engine.createPoller({ freeSpaceThresholdPercent: 0 });
		await expect(poller.poll()).rejects.toThrow(/need a threshold/);
		expect(await bed.apiRequests()).toEqual([]);
	});
});

describe('Fetch Test Event (manual mode)', () => {
	it('returns the most serious current problem and leaves the stored snapshot untouched', async () => {
		const poller = await activated();
		await setState('Hardened Repo 01', { freeGB: 5 });
		const before = snapshotOf(poller);
		const result = await poller.poll('manual');
		expect(result[0]).toHaveLength(1);
		// SMB Share Repo is offline in the seed: more serious than low space.
		expect(names(result)).toEqual(['wentOffline:SMB Share Repo']);
		expect(snapshotOf(poller)).toBe(before);
		// The change the manual run saw is still reported by the next real poll.
		expect(names(await poller.poll())).toEqual(['lowFreeSpace:Hardened Repo 01']);
	});

	it('creates no static data at all when there is none yet', async () => {
		const poller = bed.engine.createPoller({});
		expect(await poller.poll('manual')).toHaveLength(1);
		expect(poller.workflow.staticData).toEqual({});
		// The first real poll is still the baseline.
		expect(await poller.poll()).toBeNull();
	});

	it('builds a sample from a real repository when no repository has a selected condition', async () => {
		const poller = bed.engine.createPoller({ events: ['repositoryAdded'] });
		const [item] = items(await poller.poll('manual'));
		expect(item).toEqual(
			expect.objectContaining({ event: 'repositoryAdded', sample: true, serverUrl: bed.sim.url }),
		);
		expect(item.message).toMatch(/^Test event/);
		expect(poller.workflow.staticData).toEqual({});
	});
});

describe('secrets', () => {
	it('never puts the password or the access token into an item', async () => {
		const poller = bed.engine.createPoller({
			events: ALL_BUT_FORECAST,
			options: { emitCurrentProblems: true },
		});
		const first = await poller.poll();
		await setState('Hardened Repo 01', { isOnline: false });
		const second = await poller.poll();
		const manual = await poller.poll('manual');
		const text = JSON.stringify([first, second, manual]);
		const { password, accessToken } = bed.engine.credential();
		expect(accessToken.length).toBeGreaterThan(10);
		expect(text).not.toContain(password);
		expect(text).not.toContain(accessToken);
		expect(JSON.stringify(poller.workflow.staticData)).not.toContain(accessToken);
	});
});
