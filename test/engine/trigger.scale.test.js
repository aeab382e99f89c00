'use strict';
// Veeam Repository Trigger at 10,000 repositories (static data size, request count) and the
// free-space forecast on a synthetic fill trend, through the real PollContext.
const { startTestbed } = require('../support/simulator');

const STATES = '/api/v1/backupInfrastructure/repositories/states';
const SOBRS = '/api/v1/backupInfrastructure/scaleOutRepositories';
const REPOSITORIES = '/api/v1/backupInfrastructure/repositories';
const HOUR = 3600000;
const N = 10000;

const names = (result) =>
	result === null ? [] : result[0].map((item) => `${item.json.event}:${item.json.repository.name}`);
const bytesOf = (poller) => Buffer.byteLength(JSON.stringify(poller.workflow.staticData));

/** Date.now() as the trigger (and the simulator) see it, moved by the test. */
function fakeClock(start) {
	let now = start;
	jest.spyOn(Date, 'now').mockImplementation(() => now);
	return {
		advance(ms) {
			now += ms;
		},
	};
}

afterEach(() => jest.restoreAllMocks());

describe(`${N} repositories`, () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ repositories: N, tokenLifetimeSeconds: 1e9 });
	});
	afterAll(async () => bed.close());
	beforeEach(async () => bed.clear());

	it('reads ceil(N / 1000) pages per poll, stores under 200 bytes per repository, finds one change among all', async () => {
		const poller = bed.engine.createPoller({});
		expect(await poller.poll()).toBeNull();
		const requests = await bed.requests();
		expect(requests.filter((r) => r.path === '/api/oauth2/token')).toHaveLength(1);
		const pages = requests.filter((r) => r.path === STATES);
		expect(pages.map((r) => Number(r.query.skip))).toEqual(
			Array.from({ length: Math.ceil(N / 1000) }, (_, i) => i * 1000),
		);
		expect(requests.filter((r) => r.path === SOBRS)).toHaveLength(1);
		expect(requests).toHaveLength(1 + Math.ceil(N / 1000) + 1);

		const bytes = bytesOf(poller);
		process.stdout.write(
			`trigger static data, ${N} repositories: ${bytes} bytes (${(bytes / N).toFixed(1)} per repository)\n`,
		);
		expect(bytes / N).toBeLessThan(200);

		await bed.clear();
		await bed.sim.control.setRepositoryState(bed.repositoryId('Repo 009000'), { isOnline: false });
		expect(names(await poller.poll())).toEqual(['wentOffline:Repo 009000']);
		expect(await bed.tokenRequests()).toHaveLength(0);
		expect(await bed.apiRequests()).toHaveLength(Math.ceil(N / 1000) + 1);
	});

	it('immutability events: one more page per 1,000 repositories, still under 200 bytes per repository; drift measured', async () => {
		const immutability = bed.engine.createPoller({
			events: [
				'lowFreeSpace',
				'wentOffline',
				'immutabilityDisabled',
				'immutabilityReduced',
				'immutabilityChanged',
			],
		});
		expect(await immutability.poll()).toBeNull();
		const pages = Math.ceil(N / 1000);
		const requests = await bed.apiRequests();
		expect(requests.filter((r) => r.path === STATES)).toHaveLength(pages);
		expect(requests.filter((r) => r.path === REPOSITORIES)).toHaveLength(pages);
		const immutabilityBytes = bytesOf(immutability);
		expect(immutabilityBytes / N).toBeLessThan(200);

		await bed.clear();
		const drift = bed.engine.createPoller({ events: ['repositorySettingsChanged'] });
		expect(await drift.poll()).toBeNull();
		const driftBytes = bytesOf(drift);
		process.stdout.write(
			`trigger static data, ${N} repositories: with immutability events ${immutabilityBytes} bytes (${(immutabilityBytes / N).toFixed(1)} per repository); with settings drift ${driftBytes} bytes (${(driftBytes / N).toFixed(1)} per repository)\n`,
		);
		await bed.sim.control.updateRepository(bed.repositoryId('Repo 004321'), {
			description: 'drifted',
		});
		expect(names(await drift.poll())).toEqual(['repositorySettingsChanged:Repo 004321']);
	});

	it('stays under 200 bytes per repository with a full forecast history', async () => {
		const clock = fakeClock(Date.UTC(2026, 0, 5, 0, 0, 0));
		const poller = bed.engine.createPoller({
			events: ['lowFreeSpace', 'wentOffline', 'forecastFull'],
		});
		for (let i = 0; i < 10; i++) {
			expect(await poller.poll()).toBeNull();
			clock.advance(4 * HOUR);
		}
		const snapshot = JSON.parse(poller.workflow.staticData['node:Veeam Trigger'].snapshot);
		expect(snapshot.s).toHaveLength(7); // samples inside the 24 h window
		expect(snapshot.r[N - 1][9]).toHaveLength(7);
		const bytes = bytesOf(poller);
		process.stdout.write(
			`trigger static data, ${N} repositories with forecast history: ${bytes} bytes (${(bytes / N).toFixed(1)} per repository)\n`,
		);
		expect(bytes / N).toBeLessThan(200);
	});
});

describe('forecast on a synthetic fill trend', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ tokenLifetimeSeconds: 1e9 });
	});
	afterAll(async () => bed.close());

	it('fires once when the trend reaches Forecast Days, stays quiet, and fires again on a new fill after a pause', async () => {
		const start = Date.UTC(2026, 0, 5, 0, 0, 0);
		const clock = fakeClock(start);
		const poller = bed.engine.createPoller({ events: ['forecastFull'], forecastDays: 7 });
		const nfs = bed.repositoryId('NFS Share Repo'); // 3072 GB, 2900.5 GB free
		const fired = [];
		let hour = 0;
		const pollAt = async (freeGB) => {
			await bed.sim.control.setRepositoryState(nfs, { freeGB });
			const result = await poller.poll();
			if (result !== null) fired.push({ hour, items: result[0].map((i) => i.json) });
			clock.advance(4 * HOUR);
			hour += 4;
		};
		// Filling by 48 GB an hour (1152 GB a day): 2900 GB last 2.5 days.
		for (let i = 0; i <= 10; i++) await pollAt(2900.5 - 48 * hour);
		expect(
			fired.map((f) => [f.hour, f.items.map((j) => `${j.event}:${j.repository.name}`)]),
		).toEqual([[8, ['forecastFull:NFS Share Repo']]]);
		const [event] = fired[0].items;
		expect(event.threshold).toEqual({ forecastDays: 7 });
		expect(event.forecast).toEqual({
			daysUntilFull: 2.18,
			fullAt: new Date(start + 8 * HOUR + ((2900.5 - 384) / 1152) * 24 * HOUR).toISOString(),
			trendGBPerDay: -1152,
			samples: 3,
			spanHours: 8,
			forecastWindowHours: 24,
		});
		expect(event.previous).toEqual({ freeGB: 2708.5, freePercent: 88.17 });
		expect(event.message).toBe(
			`Repository "NFS Share Repo" on 127.0.0.1 is forecast to be full in 2.2 days (around ${event.forecast.fullAt.slice(0, 10)}): free space falls by 1.13 TB a day, 2.46 TB free now.`,
		);

		// Pause: flat for a day and a half (the trend flattens, no event), then fill again.
		const level = 2900.5 - 48 * hour;
		for (let i = 0; i < 9; i++) await pollAt(level);
		expect(fired).toHaveLength(1);
		const resumed = hour;
		for (let i = 0; i < 6; i++) await pollAt(level - 48 * (hour - resumed));
		expect(fired).toHaveLength(2);
		expect(fired[1].items.map((j) => j.event)).toEqual(['forecastFull']);
	});
});
