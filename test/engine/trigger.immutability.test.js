'use strict';
// Veeam Repository Trigger: Immutability Disabled / Reduced / Changed and Repository Settings Changed
// (configuration drift), through n8n-core's real PollContext against the simulator. Changes are made
// the way an admin makes them in the console (the simulator's control API, no session).
const {
	useTestbed,
	activatedPoller,
	pollItems: items,
	pollNames: names,
} = require('../support/simulator');

const STATES = '/api/v1/backupInfrastructure/repositories/states';
const REPOSITORIES = '/api/v1/backupInfrastructure/repositories';
const IMMUTABILITY = ['immutabilityDisabled', 'immutabilityReduced', 'immutabilityChanged'];

const bed = useTestbed();

const change = (name, patch) => bed.sim.control.updateRepository(bed.repositoryId(name), patch);
const hardenedDays = (days) =>
	change('Hardened Repo 01', { repository: { makeRecentBackupsImmutableDays: days } });

const activated = (parameters, options) => activatedPoller(bed, parameters, options);

describe('immutability events', () => {
	it('a disabled object-storage immutability is one critical event with both summaries, then silence', async () => {
		const poller = await activated({ events: IMMUTABILITY });
		await change('S3 Compatible Repo', { bucket: { immutability: { isEnabled: false } } });
		const [event, ...rest] = items(await poller.poll());
		expect(rest).toEqual([]);
		expect(event).toEqual(
			expect.objectContaining({
				event: 'immutabilityDisabled',
				message:
					'Immutability was disabled on repository "S3 Compatible Repo" on 127.0.0.1: it was immutable for 30 days, RepositorySettings, now its backups are not protected from deletion.',
				previous: {
					immutability: {
						enabled: true,
						days: 30,
						mode: 'RepositorySettings',
						governance: null,
						source: 'bucket.immutability',
					},
				},
				immutability: {
					enabled: false,
					days: null,
					mode: 'RepositorySettings',
					governance: null,
					source: 'bucket.immutability',
				},
			}),
		);
		expect(event.repository).toEqual(expect.objectContaining({ name: 'S3 Compatible Repo' }));
		expect(await poller.poll()).toBeNull();
	});

	it('a shorter period is Reduced, a longer one Changed, re-enabling Changed', async () => {
		const poller = await activated({ events: IMMUTABILITY });
		await hardenedDays(7);
		const reduced = items(await poller.poll());
		expect(
			reduced.map((j) => [j.event, j.previous.immutability.days, j.immutability.days]),
		).toEqual([['immutabilityReduced', 14, 7]]);
		expect(reduced[0].message).toBe(
			'The immutable period of repository "Hardened Repo 01" on 127.0.0.1 was shortened: it was immutable for 14 days, now immutable for 7 days.',
		);
		await hardenedDays(21);
		expect(names(await poller.poll())).toEqual(['immutabilityChanged:Hardened Repo 01']);
		await change('SOBR Capacity S3', {
			bucket: { immutability: { isEnabled: true, daysCount: 10 } },
		});
		const enabled = items(await poller.poll());
		expect(enabled.map((j) => [j.event, j.previous.immutability.enabled, j.immutability])).toEqual([
			[
				'immutabilityChanged',
				false,
				expect.objectContaining({ enabled: true, days: 10, source: 'bucket.immutability' }),
			],
		]);
	});

	it('reports only the selected kinds; an unselected change is recorded, never reported later', async () => {
		const poller = await activated({ events: ['immutabilityDisabled'] });
		await hardenedDays(7);
		expect(await poller.poll()).toBeNull();
		await change('S3 Compatible Repo', { bucket: { immutability: { isEnabled: false } } });
		expect(names(await poller.poll())).toEqual(['immutabilityDisabled:S3 Compatible Repo']);
	});

	it('Sustained For: a change must hold; a flip back within the window is never reported', async () => {
		const poller = await activated({ events: IMMUTABILITY, options: { sustainedForPolls: 2 } });
		await hardenedDays(7);
		expect(await poller.poll()).toBeNull();
		await hardenedDays(14);
		expect(await poller.poll()).toBeNull();
		expect(await poller.poll()).toBeNull();
		await hardenedDays(3);
		expect(await poller.poll()).toBeNull();
		expect(names(await poller.poll())).toEqual(['immutabilityReduced:Hardened Repo 01']);
		expect(await poller.poll()).toBeNull();
	});

	it('a change made while n8n was down is reported once by the restarted trigger', async () => {
		const first = await activated({ events: IMMUTABILITY });
		const staticData = first.workflow.staticData;
		await hardenedDays(5);
		const restarted = bed.engine.createPoller({ events: IMMUTABILITY }, { staticData });
		expect(names(await restarted.poll())).toEqual(['immutabilityReduced:Hardened Repo 01']);
		expect(await restarted.poll()).toBeNull();
	});

	it('costs one paginated read of the repositories per poll, only when such an event is selected', async () => {
		const poller = await activated({ events: ['wentOffline', 'immutabilityDisabled'] });
		await poller.poll();
		expect((await bed.apiRequests()).map((r) => r.path).sort()).toEqual([REPOSITORIES, STATES]);
		await bed.clear();
		const plain = await activated({ events: ['wentOffline'] });
		await bed.clear();
		await plain.poll();
		expect((await bed.apiRequests()).map((r) => r.path)).toEqual([STATES]);
	});

	it('every event carries the immutability summary when the repositories are read', async () => {
		const poller = await activated({ events: ['wentOffline', 'immutabilityDisabled'] });
		await bed.sim.control.setRepositoryState(bed.repositoryId('Hardened Repo 01'), {
			isOnline: false,
		});
		await bed.sim.control.setRepositoryState(bed.repositoryId('Linux Repo 01'), {
			isOnline: false,
		});
		const offline = items(await poller.poll());
		expect(offline.map((j) => [j.repository.name, j.immutability])).toEqual([
			['Linux Repo 01', null],
			[
				'Hardened Repo 01',
				{
					enabled: true,
					days: 14,
					mode: null,
					governance: false,
					source: 'repository.makeRecentBackupsImmutableDays',
				},
			],
		]);
	});

	it('Fetch Test Event builds an immutability sample from a repository that has immutability', async () => {
		const poller = bed.engine.createPoller({ events: ['immutabilityDisabled'] });
		const [event] = items(await poller.poll('manual'));
		expect(event.sample).toBe(true);
		expect(event.event).toBe('immutabilityDisabled');
		expect(event.immutability).toEqual(expect.objectContaining({ enabled: false }));
		expect(event.previous.immutability).toEqual(expect.objectContaining({ enabled: true }));
		expect(event.message).toMatch(/^Test event .*Immutability was disabled on repository/);
	});
});

describe('repository settings changed (drift)', () => {
	it('one event per repository with a field-level diff, in path order; nothing while unchanged', async () => {
		const poller = await activated({ events: ['repositorySettingsChanged'] });
		await change('Windows Repo 01', { description: 'moved', repository: { maxTaskCount: 2 } });
		const [event, ...rest] = items(await poller.poll());
		expect(rest).toEqual([]);
		expect(event.event).toBe('repositorySettingsChanged');
		expect(event.repository.name).toBe('Windows Repo 01');
		expect(event.changes).toEqual([
			{ path: 'description', previous: 'Windows repository on win-repo01', current: 'moved' },
			{ path: 'repository.maxTaskCount', previous: 8, current: 2 },
		]);
		expect(event.message).toBe(
			'Repository "Windows Repo 01" on 127.0.0.1: 2 settings changed (description: "Windows repository on win-repo01" → "moved"; repository.maxTaskCount: 8 → 2).',
		);
		expect(await poller.poll()).toBeNull();
	});

	it('Include/Exclude Fields choose what is reported; the change is recorded either way', async () => {
		const poller = await activated({
			events: ['repositorySettingsChanged'],
			options: { excludeFields: 'description' },
		});
		await change('Windows Repo 01', { description: 'only the description' });
		expect(await poller.poll()).toBeNull();
		await change('Windows Repo 01', { repository: { maxTaskCount: 3 } });
		expect(items(await poller.poll())[0].changes).toEqual([
			{ path: 'repository.maxTaskCount', previous: 8, current: 3 },
		]);
		const scoped = await activated({
			events: ['repositorySettingsChanged'],
			options: { includeFields: 'mountServer.*' },
		});
		await change('Windows Repo 01', { repository: { maxTaskCount: 5 } });
		expect(await scoped.poll()).toBeNull();
	});

	it('a renamed repository is drift of its name, not a removal and an addition', async () => {
		const poller = await activated({
			events: ['repositorySettingsChanged', 'repositoryAdded', 'repositoryRemoved'],
		});
		await change('NFS Share Repo', { name: 'NFS Share Renamed' });
		const found = items(await poller.poll());
		expect(found.map((j) => [j.event, j.changes])).toEqual([
			[
				'repositorySettingsChanged',
				[{ path: 'name', previous: 'NFS Share Repo', current: 'NFS Share Renamed' }],
			],
		]);
	});
});
