import type { DetectedEvent, Observation } from '../../nodes/VeeamRepositoryTrigger/detect';
import { detect } from '../../nodes/VeeamRepositoryTrigger/detect';
import type { SettingsInput, TriggerSettings } from '../../nodes/VeeamRepositoryTrigger/settings';
import { EVENT_NAMES, createSettings } from '../../nodes/VeeamRepositoryTrigger/settings';
import type { Snapshot } from '../../nodes/VeeamRepositoryTrigger/snapshot';
import { decodeSnapshot, encodeSnapshot } from '../../nodes/VeeamRepositoryTrigger/snapshot';
import { representativeEvent } from '../../nodes/VeeamRepositoryTrigger/testEvent';
import type { ExtentState } from '../../nodes/shared/extentStatus';
import { extentStatesById } from '../../nodes/shared/extentStatus';
import type { RepositoryStateModel } from '../../nodes/shared/types';

const HOUR = 3600000;
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);

function settingsFor(input: SettingsInput = {}): TriggerSettings {
	const result = createSettings(input);
	if (!result.settings) throw new Error(result.problem);
	return result.settings;
}

/** Every event except the forecast (which has its own tests). */
const ALL = { events: EVENT_NAMES.filter((e) => e !== 'forecastFull') };

function repo(n: number, patch: Partial<RepositoryStateModel> = {}): RepositoryStateModel {
	return {
		id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
		name: `Repo ${n}`,
		type: 'WinLocal',
		description: '',
		capacityGB: 1000,
		freeGB: 500,
		usedSpaceGB: 500,
		isOnline: true,
		isOutOfDate: false,
		...patch,
	};
}

/**
 * Runs polls through encode/decode, as the node does between polls. Each call gives the events of
 * one poll; `now` advances by an hour per poll unless given.
 */
function driver(settings: TriggerSettings, start = T0) {
	let stored: string | undefined;
	let now = start;
	return {
		poll(
			states: RepositoryStateModel[],
			extra: Partial<Observation> = {},
			at?: number,
		): DetectedEvent[] {
			now = at ?? now + HOUR;
			const { events, next } = detect(
				decodeSnapshot(stored),
				{ states, singlePage: true, ...extra },
				settings,
				now,
			);
			stored = encodeSnapshot(next);
			return events;
		},
		snapshot(): Snapshot | undefined {
			return decodeSnapshot(stored);
		},
		stored: () => stored,
	};
}

const names = (events: DetectedEvent[]) => events.map((e) => `${e.event}:${e.repository.name}`);

describe('baseline', () => {
	it('records every repository on the first poll and reports nothing', () => {
		const d = driver(settingsFor(ALL));
		const events = d.poll([
			repo(1, { freeGB: 10 }),
			repo(2, { isOnline: false }),
			repo(3, { isOutOfDate: true }),
		]);
		expect(events).toEqual([]);
		expect([...d.snapshot()!.repos.keys()]).toHaveLength(3);
		// The recorded problems are not reported later either: nothing changed.
		expect(
			d.poll([
				repo(1, { freeGB: 10 }),
				repo(2, { isOnline: false }),
				repo(3, { isOutOfDate: true }),
			]),
		).toEqual([]);
	});

	it('reports the current problems once with Report Current Problems on First Poll', () => {
		const d = driver(settingsFor({ ...ALL, options: { emitCurrentProblems: true } }));
		const states = [
			repo(1, { freeGB: 10 }),
			repo(2, { isOnline: false }),
			repo(3, { isOutOfDate: true }),
			repo(4),
			repo(5, { capacityGB: -1, freeGB: -1 }),
		];
		const events = d.poll(states);
		expect(names(events)).toEqual([
			'lowFreeSpace:Repo 1',
			'wentOffline:Repo 2',
			'becameOutOfDate:Repo 3',
		]);
		expect(events.every((e) => e.previous === null)).toBe(true);
		expect(events[0].threshold).toEqual({ freePercent: 10, freeGB: null });
		expect(d.poll(states)).toEqual([]);
	});

	it('reports only the selected events of watched repositories on the first poll', () => {
		const d = driver(
			settingsFor({
				events: ['wentOffline'],
				options: { emitCurrentProblems: true, excludeNames: 'Repo 3' },
			}),
		);
		const events = d.poll([
			repo(1, { freeGB: 10 }),
			repo(2, { isOnline: false }),
			repo(3, { isOnline: false }),
		]);
		expect(names(events)).toEqual(['wentOffline:Repo 2']);
	});

	it('treats an unreadable stored snapshot as no snapshot (a new baseline, no events)', () => {
		const settings = settingsFor(ALL);
		for (const stored of ['{not json', '{"v":99,"t":[],"s":[],"r":[]}', '']) {
			const { events } = detect(
				decodeSnapshot(stored),
				{ states: [repo(1, { freeGB: 1 })], singlePage: true },
				settings,
				T0,
			);
			expect(events).toEqual([]);
		}
	});
});

describe('low free space and recovery (hysteresis)', () => {
	const settings = settingsFor({ ...ALL, freeSpaceThresholdPercent: 10 });

	it('fires once below the threshold, not again while low, and recovers only above threshold + margin', () => {
		const d = driver(settings);
		const at = (freeGB: number) => d.poll([repo(1, { freeGB })]);
		expect(at(500)).toEqual([]);
		expect(at(100)).toEqual([]); // exactly 10 %: not below
		const low = at(99.9);
		expect(names(low)).toEqual(['lowFreeSpace:Repo 1']);
		expect(low[0].previous).toEqual({ freeGB: 100, freePercent: 10 });
		expect(low[0].threshold).toEqual({ freePercent: 10, freeGB: null });
		expect(low[0].repository).toEqual(
			expect.objectContaining({ freeGB: 99.9, freePercent: 9.99, usedPercent: 90.01 }),
		);
		expect(at(50)).toEqual([]); // still low: nothing new
		expect(at(120)).toEqual([]); // 12 %: inside the band, no recovery
		expect(at(95)).toEqual([]); // back below: still the same low episode
		expect(at(149.9)).toEqual([]); // 14.99 %: still inside the band
		const recovered = at(150);
		expect(names(recovered)).toEqual(['freeSpaceRecovered:Repo 1']);
		expect(recovered[0].threshold).toEqual({ freePercent: 15, freeGB: null });
		expect(recovered[0].previous).toEqual({ freeGB: 149.9, freePercent: 14.99 });
		expect(at(140)).toEqual([]); // 14 %: above the threshold, in space
		expect(names(at(90))).toEqual(['lowFreeSpace:Repo 1']); // a new episode
	});

	it('uses the GB threshold too; recovery needs the GB threshold plus the margin of the capacity', () => {
		const d = driver(
			settingsFor({
				...ALL,
				freeSpaceThresholdPercent: 10,
				options: { freeSpaceThresholdGB: 300, recoveryMarginPercent: 5 },
			}),
		);
		const at = (freeGB: number) => d.poll([repo(1, { freeGB })]);
		at(500);
		const low = at(299); // 29.9 %: above the % threshold, below 300 GB
		expect(names(low)).toEqual(['lowFreeSpace:Repo 1']);
		expect(low[0].threshold).toEqual({ freePercent: 10, freeGB: 300 });
		expect(at(340)).toEqual([]); // 300 + 5 % of 1000 = 350 needed
		const recovered = at(350);
		expect(names(recovered)).toEqual(['freeSpaceRecovered:Repo 1']);
		expect(recovered[0].threshold).toEqual({ freePercent: 15, freeGB: 350 });
	});

	it('works with only a GB threshold (percentage threshold 0)', () => {
		const d = driver(
			settingsFor({ ...ALL, freeSpaceThresholdPercent: 0, options: { freeSpaceThresholdGB: 50 } }),
		);
		d.poll([repo(1, { freeGB: 60 })]);
		expect(d.poll([repo(1, { freeGB: 55 })])).toEqual([]);
		expect(names(d.poll([repo(1, { freeGB: 40 })]))).toEqual(['lowFreeSpace:Repo 1']);
	});

	it.each([0, -1])('never reports low free space for an unknown capacity of %d', (capacityGB) => {
		const d = driver(settings);
		d.poll([repo(1, { capacityGB, freeGB: capacityGB })]);
		expect(d.poll([repo(1, { capacityGB, freeGB: 0 })])).toEqual([]);
		expect(d.poll([repo(1, { capacityGB, freeGB: -1 })])).toEqual([]);
	});

	it('keeps a low repository low while its capacity is unknown (no recovery, no new low)', () => {
		const d = driver(settings);
		d.poll([repo(1)]);
		expect(names(d.poll([repo(1, { freeGB: 50 })]))).toEqual(['lowFreeSpace:Repo 1']);
		expect(d.poll([repo(1, { capacityGB: -1, freeGB: -1 })])).toEqual([]);
		expect(d.poll([repo(1, { freeGB: 40 })])).toEqual([]);
		expect(names(d.poll([repo(1, { freeGB: 400 })]))).toEqual(['freeSpaceRecovered:Repo 1']);
	});
});

describe('Sustained For', () => {
	const settings = settingsFor({ ...ALL, options: { sustainedForPolls: 3 } });

	it('fires only after the condition held for N consecutive polls', () => {
		const d = driver(settings);
		d.poll([repo(1)]);
		expect(d.poll([repo(1, { freeGB: 50 })])).toEqual([]);
		expect(d.poll([repo(1, { freeGB: 50 })])).toEqual([]);
		const events = d.poll([repo(1, { freeGB: 40 })]);
		expect(names(events)).toEqual(['lowFreeSpace:Repo 1']);
		// previous is the value of the poll before, not of the start of the streak
		expect(events[0].previous).toEqual({ freeGB: 50, freePercent: 5 });
		expect(d.poll([repo(1, { freeGB: 40 })])).toEqual([]);
	});

	it('restarts the count when the condition is interrupted or unknown', () => {
		const d = driver(settings);
		d.poll([repo(1)]);
		d.poll([repo(1, { isOnline: false })]);
		d.poll([repo(1, { isOnline: false })]);
		expect(d.poll([repo(1, { isOnline: true })])).toEqual([]); // interrupted
		d.poll([repo(1, { isOnline: false })]);
		d.poll([repo(1, { isOnline: false })]);
		expect(d.poll([repo(1, { isOnline: undefined })])).toEqual([]); // unknown breaks it too
		d.poll([repo(1, { isOnline: false })]);
		d.poll([repo(1, { isOnline: false })]);
		expect(names(d.poll([repo(1, { isOnline: false })]))).toEqual(['wentOffline:Repo 1']);
	});

	it('applies to the way back too', () => {
		const d = driver(settings);
		d.poll([repo(1, { isOnline: false })]);
		expect(d.poll([repo(1)])).toEqual([]);
		expect(d.poll([repo(1)])).toEqual([]);
		expect(names(d.poll([repo(1)]))).toEqual(['cameOnline:Repo 1']);
	});

	it('needs a repository to be missing for N polls before it counts as removed', () => {
		const d = driver(settings);
		d.poll([repo(1), repo(2)]);
		expect(d.poll([repo(1)])).toEqual([]);
		expect(d.poll([repo(1), repo(2)])).toEqual([]); // back: no removal, no addition
		expect(d.poll([repo(1)])).toEqual([]);
		expect(d.poll([repo(1)])).toEqual([]);
		expect(names(d.poll([repo(1)]))).toEqual(['repositoryRemoved:Repo 2']);
	});
});

describe('online, out of date, added, removed', () => {
	it('reports going offline and coming back, with the previous value', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1)]);
		const off = d.poll([repo(1, { isOnline: false })]);
		expect(names(off)).toEqual(['wentOffline:Repo 1']);
		expect(off[0].previous).toEqual({ isOnline: true });
		const on = d.poll([repo(1)]);
		expect(names(on)).toEqual(['cameOnline:Repo 1']);
		expect(on[0].previous).toEqual({ isOnline: false });
	});

	it('reports becoming out of date, not the way back, and never without the field (API 1.2-rev1)', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1), repo(2, { isOutOfDate: undefined })]);
		expect(
			names(d.poll([repo(1, { isOutOfDate: true }), repo(2, { isOutOfDate: undefined })])),
		).toEqual(['becameOutOfDate:Repo 1']);
		expect(d.poll([repo(1), repo(2, { isOutOfDate: undefined })])).toEqual([]);
		expect(names(d.poll([repo(1, { isOutOfDate: true }), repo(2)]))).toEqual([
			'becameOutOfDate:Repo 1',
		]);
	});

	it('reports added repositories, and the problems a new repository already has', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1)]);
		const events = d.poll([repo(1), repo(2), repo(3, { isOnline: false, freeGB: 10 })]);
		expect(names(events)).toEqual([
			'repositoryAdded:Repo 2',
			'repositoryAdded:Repo 3',
			'wentOffline:Repo 3',
			'lowFreeSpace:Repo 3',
		]);
		expect(events[3].previous).toBeNull();
	});

	it('reports removed repositories as last seen', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1), repo(2, { freeGB: 250, type: 'Nfs' })]);
		const events = d.poll([repo(1)]);
		expect(names(events)).toEqual(['repositoryRemoved:Repo 2']);
		expect(events[0].repository).toEqual({
			id: repo(2).id,
			name: 'Repo 2',
			type: 'Nfs',
			capacityGB: 1000,
			freeGB: 250,
			isOnline: true,
			usedPercent: 75,
			freePercent: 25,
		});
		expect(d.poll([repo(1)])).toEqual([]);
		expect(d.snapshot()!.repos.size).toBe(1);
	});

	it('waits for a second poll before calling a repository removed when the list took several pages', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1), repo(2), repo(3)]);
		// Repo 2 skipped by a page shift: not removed yet.
		expect(d.poll([repo(1), repo(3)], { singlePage: false })).toEqual([]);
		expect(d.poll([repo(1), repo(2), repo(3)], { singlePage: false })).toEqual([]);
		expect(d.poll([repo(1), repo(3)], { singlePage: false })).toEqual([]);
		expect(names(d.poll([repo(1), repo(3)], { singlePage: false }))).toEqual([
			'repositoryRemoved:Repo 2',
		]);
	});

	it('ignores a repository listed twice (shifted across a page boundary)', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1), repo(2)]);
		expect(d.poll([repo(1), repo(2), repo(2, { isOnline: false })])).toEqual([]);
	});
});

describe('filters and event selection', () => {
	it('reports only watched repositories (names with *, types), case-insensitively', () => {
		const settings = settingsFor({
			...ALL,
			options: { includeNames: 'prod*, *-critical', excludeNames: '*old*', excludeTypes: ['nfs'] },
		});
		const d = driver(settings);
		const list = (offline: boolean) => [
			repo(1, { name: 'Prod A', isOnline: !offline }),
			repo(2, { name: 'db-critical', isOnline: !offline }),
			repo(3, { name: 'Prod Old', isOnline: !offline }),
			repo(4, { name: 'Prod NFS', type: 'Nfs', isOnline: !offline }),
			repo(5, { name: 'Test', isOnline: !offline }),
		];
		d.poll(list(false));
		expect(names(d.poll(list(true)))).toEqual(['wentOffline:Prod A', 'wentOffline:db-critical']);
	});

	it('tracks unwatched repositories and unselected events, so changing the filters invents nothing', () => {
		const d1 = driver(settingsFor({ events: ['wentOffline'], options: { includeNames: 'A' } }));
		d1.poll([repo(1, { name: 'A' }), repo(2, { name: 'B' })]);
		expect(
			d1.poll([repo(1, { name: 'A', freeGB: 5 }), repo(2, { name: 'B', isOnline: false })]),
		).toEqual([]);
		// Same history, wider settings: the changes above were recorded, not re-announced.
		const wide = settingsFor(ALL);
		const { events } = detect(
			d1.snapshot(),
			{
				states: [repo(1, { name: 'A', freeGB: 5 }), repo(2, { name: 'B', isOnline: false })],
				singlePage: true,
			},
			wide,
			T0 + 10 * HOUR,
		);
		expect(events).toEqual([]);
	});

	it('applies the filters to removed repositories by their last name and type', () => {
		const d = driver(settingsFor({ ...ALL, options: { includeTypes: ['LinuxLocal'] } }));
		d.poll([repo(1, { type: 'LinuxLocal' }), repo(2)]);
		expect(names(d.poll([]))).toEqual(['repositoryRemoved:Repo 1']);
	});
});

describe('scale-out extents', () => {
	const sobr = (statuses: Array<string | string[]>) =>
		extentStatesById([
			{
				id: 'sobr-1',
				name: 'SOBR Primary',
				performanceTier: {
					performanceExtents: statuses.map((status, i) => ({ id: repo(i + 1).id, status })),
				},
			},
		]);

	it('reports status changes (1.3 arrays and 1.2-rev1 single values alike), not the first sighting', () => {
		const d = driver(settingsFor(ALL));
		const states = [repo(1), repo(2)];
		expect(d.poll(states, { extents: sobr([['Normal'], 'Normal']) })).toEqual([]);
		const events = d.poll(states, { extents: sobr([['Sealed'], 'Maintenance']) });
		expect(names(events)).toEqual(['extentStatusChanged:Repo 1', 'extentStatusChanged:Repo 2']);
		expect(events[0].previous).toEqual({ status: ['Normal'] });
		expect(events[0].extent).toEqual({
			scaleOutRepositoryId: 'sobr-1',
			scaleOutRepositoryName: 'SOBR Primary',
			status: ['Sealed'],
		});
		expect(d.poll(states, { extents: sobr([['sealed'], 'Maintenance']) })).toEqual([]); // casing only
		const both = d.poll(states, { extents: sobr([['Sealed', 'Maintenance'], 'Maintenance']) });
		expect(both[0].extent!.status).toEqual(['Maintenance', 'Sealed']);
		expect(both[0].previous).toEqual({ status: ['Sealed'] });
	});

	it('takes the status of an extent seen for the first time as it is (events re-selected, repository joined)', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1)]);
		expect(d.poll([repo(1)], { extents: sobr([['Sealed']]) })).toEqual([]);
		expect(d.poll([repo(1)])).toEqual([]); // statuses not read: forgotten
		expect(d.poll([repo(1)], { extents: sobr([['Maintenance']]) })).toEqual([]);
	});

	it('reports a new repository that arrives as a non-normal extent', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(2)]);
		const events = d.poll([repo(1), repo(2)], { extents: sobr([['Maintenance']]) });
		expect(names(events)).toEqual(['repositoryAdded:Repo 1', 'extentStatusChanged:Repo 1']);
		expect(events[1].previous).toEqual({ status: ['Normal'] });
	});

	it('holds a changing status for Sustained For polls, restarting when it changes again', () => {
		const d = driver(settingsFor({ ...ALL, options: { sustainedForPolls: 2 } }));
		const states = [repo(1)];
		d.poll(states, { extents: sobr([['Normal']]) });
		expect(d.poll(states, { extents: sobr([['Sealed']]) })).toEqual([]);
		expect(d.poll(states, { extents: sobr([['Maintenance']]) })).toEqual([]);
		const events = d.poll(states, { extents: sobr([['Maintenance']]) });
		expect(names(events)).toEqual(['extentStatusChanged:Repo 1']);
		expect(events[0].previous).toEqual({ status: ['Normal'] });
	});
});

describe('forecast', () => {
	const settings = settingsFor({
		events: ['forecastFull'],
		forecastDays: 7,
		options: { forecastWindowHours: 24 },
	});

	it('fires once when a steady fill trend reaches the forecast horizon', () => {
		const d = driver(settings);
		// 1000 GB capacity, filling by 12 GB an hour (288 GB a day), polled every 4 hours.
		const fired: Array<{ hour: number; events: DetectedEvent[] }> = [];
		for (let hour = 0; hour <= 96; hour += 4) {
			const free = 1000 - 12 * hour;
			if (free < 0) break;
			const events = d.poll([repo(1, { freeGB: free })], {}, T0 + hour * HOUR);
			if (events.length) fired.push({ hour, events });
		}
		// free/288 ≤ 7 days holds from the start; the forecast needs 3 samples over ≥ 6 h first.
		expect(fired).toHaveLength(1);
		expect(fired[0].hour).toBe(8);
		const [event] = fired[0].events;
		expect(event.event).toBe('forecastFull');
		expect(event.threshold).toEqual({ forecastDays: 7 });
		expect(event.forecast).toEqual(
			expect.objectContaining({ trendGBPerDay: -288, daysUntilFull: 3.14, samples: 3 }),
		);
		expect(Date.parse(String(event.forecast!.fullAt))).toBeCloseTo(
			T0 + 8 * HOUR + (904 / 288) * 86400000,
			-4,
		);
	});

	it('does not fire for a slow trend or a flat line, and re-arms once the trend stops', () => {
		const d = driver(settings);
		let hour = 0;
		const step = (free: number) => d.poll([repo(1, { freeGB: free })], {}, T0 + (hour += 4) * HOUR);
		// 1 GB an hour: 500 GB last 20 days.
		for (let i = 0; i < 10; i++) expect(step(500 - hour)).toEqual([]);
		// 20 GB an hour: fires.
		let fired = 0;
		for (let i = 0; i < 5; i++) fired += step(400 - 20 * i * 4).length;
		expect(fired).toBe(1);
		// Flat for a day: the trend flattens, no new event; then a new fill episode fires again.
		for (let i = 0; i < 8; i++) expect(step(60)).toEqual([]);
		let again = 0;
		for (let i = 0; i < 6; i++) again += step(60 - i * 8).length;
		expect(again).toBe(1);
	});

	it('does not flap when the forecast wobbles around Forecast Days (re-arms only beyond twice that)', () => {
		const d = driver(settings);
		// About 1 GB an hour: the forecast crosses 7 days, goes back to 8-9 days after a small
		// deletion, then falls below 7 again. One episode, one event.
		const frees = [190, 186, 182, 178, 174, 170, 166, 168, 163, 158, 153, 149, 145, 141];
		const fired = frees.map(
			(freeGB, i) => d.poll([repo(1, { freeGB })], {}, T0 + i * 4 * HOUR).length,
		);
		expect(fired).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
	});

	it('keeps at most 8 samples inside the window', () => {
		const d = driver(settings);
		for (let h = 0; h <= 72; h += 1) d.poll([repo(1, { freeGB: 900 })], {}, T0 + h * HOUR);
		const snapshot = d.snapshot()!;
		expect(snapshot.sampleTimes.length).toBeLessThanOrEqual(8);
		expect(snapshot.sampleTimes[0]).toBeGreaterThanOrEqual((T0 + 48 * HOUR) / 60000);
		expect(snapshot.repos.get(repo(1).id)!.history!.length).toBe(snapshot.sampleTimes.length);
	});

	it('stores no history when the forecast is not selected', () => {
		const d = driver(settingsFor(ALL));
		d.poll([repo(1)]);
		d.poll([repo(1)], {}, T0 + 10 * HOUR);
		expect(d.snapshot()!.sampleTimes).toEqual([]);
		expect(d.snapshot()!.repos.get(repo(1).id)!.history).toBeUndefined();
	});
});

describe('Fetch Test Event (representative event)', () => {
	const observation = (states: RepositoryStateModel[], extents?: Map<string, ExtentState>) => ({
		states,
		extents,
		singlePage: true,
	});

	it('picks the most serious current problem', () => {
		const found = representativeEvent(
			observation([
				repo(1, { isOutOfDate: true }),
				repo(2, { freeGB: 80 }),
				repo(3, { freeGB: 20 }),
				repo(4, { isOnline: false, freeGB: 5 }),
			]),
			settingsFor(ALL),
			T0,
		)!;
		expect(found.sample).toBe(false);
		expect(found.event.event).toBe('wentOffline');
		expect(found.event.repository.name).toBe('Repo 4');
		const low = representativeEvent(
			observation([
				repo(1, { isOutOfDate: true }),
				repo(2, { freeGB: 80 }),
				repo(3, { freeGB: 20 }),
			]),
			settingsFor(ALL),
			T0,
		)!;
		expect([low.event.event, low.event.repository.name]).toEqual(['lowFreeSpace', 'Repo 3']);
	});

	it('builds a sample of the first selected event when nothing matches now', () => {
		const found = representativeEvent(
			observation([repo(1, { freeGB: 700 }), repo(2, { freeGB: 300 })]),
			settingsFor({ events: ['cameOnline', 'repositoryRemoved'] }),
			T0,
		)!;
		expect(found.sample).toBe(true);
		expect(found.event.event).toBe('cameOnline');
		expect(found.event.repository.name).toBe('Repo 2');
	});

	it('returns nothing when no repository is watched', () => {
		expect(
			representativeEvent(
				observation([repo(1)]),
				settingsFor({ options: { includeNames: 'x*' } }),
				T0,
			),
		).toBeUndefined();
	});
});

describe('validation of what detection believes', () => {
	const many = Array.from({ length: 8 }, (_, i) => repo(i + 1));

	it('more than half (and more than 3) vanishing at once waits one poll for confirmation', () => {
		const d = driver(settingsFor(ALL));
		d.poll(many);
		expect(d.poll(many.slice(0, 2))).toEqual([]);
		expect(names(d.poll(many.slice(0, 2)))).toHaveLength(6);
		const back = driver(settingsFor(ALL));
		back.poll(many);
		expect(back.poll([])).toEqual([]);
		expect(back.poll(many)).toEqual([]);
	});

	it('repositories whose stored record was lost are taken as they are, without events', () => {
		const settings = settingsFor({ ...ALL, options: { emitCurrentProblems: true } });
		const states = [repo(1, { isOnline: false }), repo(2, { freeGB: 1 }), repo(3)];
		const lost: Snapshot = {
			polledAt: T0,
			sampleTimes: [],
			repos: new Map(),
			unreadable: { ids: new Set(), anyId: true },
		};
		expect(detect(lost, { states, singlePage: true }, settings, T0 + HOUR).events).toEqual([]);
		const one: Snapshot = {
			...lost,
			unreadable: { ids: new Set([states[0].id]), anyId: false },
		};
		// Repository 1 was lost: taken as it is; 2 and 3 are new: reported as added.
		expect(
			names(detect(one, { states, singlePage: true }, settings, T0 + HOUR).events).filter((n) =>
				n.startsWith('repositoryAdded'),
			),
		).toEqual(['repositoryAdded:Repo 2', 'repositoryAdded:Repo 3']);
	});
});
