import type { INodeProperties } from 'n8n-workflow';

import { properties } from '../../nodes/VeeamRepositoryTrigger/description';
import type { DetectedEvent } from '../../nodes/VeeamRepositoryTrigger/detect';
import { forecastFromPoints } from '../../nodes/VeeamRepositoryTrigger/forecast';
import {
	buildItem,
	eventMessage,
	formatSize,
	hostOf,
} from '../../nodes/VeeamRepositoryTrigger/items';
import { compileNamePatterns, matchesAny } from '../../nodes/VeeamRepositoryTrigger/patterns';
import {
	DEFAULTS,
	DEFAULT_EVENTS,
	EVENT_NAMES,
	createSettings,
} from '../../nodes/VeeamRepositoryTrigger/settings';
import type { RepoRecord, Snapshot } from '../../nodes/VeeamRepositoryTrigger/snapshot';
import {
	decodeSnapshot,
	encodeSnapshot,
	noStreaks,
} from '../../nodes/VeeamRepositoryTrigger/snapshot';
import { extentStatesById, normalizeExtentStatus } from '../../nodes/shared/extentStatus';

describe('snapshot encoding', () => {
	const record = (patch: Partial<RepoRecord> = {}): RepoRecord => ({
		name: 'Repo "A", with quotes',
		type: 'WinLocal',
		capacityGB: 1000,
		freeGB: 12.34,
		reported: { online: true, outOfDate: false, low: true, forecast: false },
		streaks: noStreaks(),
		...patch,
	});

	it('round-trips every field', () => {
		const snapshot: Snapshot = {
			polledAt: 1767600000000,
			sampleTimes: [29460000, 29460200],
			repos: new Map([
				['a', record()],
				[
					'b',
					record({
						type: 'Nfs',
						capacityGB: null,
						freeGB: null,
						streaks: { ...noStreaks(), online: 2, extent: 1 },
					}),
				],
				[
					'c',
					record({
						reported: {
							online: false,
							outOfDate: true,
							low: false,
							forecast: true,
							extent: 'Normal',
						},
						extentPending: 'Maintenance,Sealed',
						history: [10, null],
						streaks: { ...noStreaks(), missing: 1 },
					}),
				],
			]),
		};
		expect(decodeSnapshot(encodeSnapshot(snapshot))).toEqual(snapshot);
	});

	it('keeps a repository without streaks, extent or history to six short fields', () => {
		const text = encodeSnapshot({
			polledAt: 1,
			sampleTimes: [],
			repos: new Map([['id-1', record({ name: 'R' })]]),
		});
		expect(JSON.parse(text).r).toEqual([['id-1', 'R', 0, 5, 1000, 12.34]]);
	});

	it.each([undefined, 42, '', '[]', '{"v":1}', '{"v":1,"t":[],"s":[],"r":[[1]]}', 'nope'])(
		'reads %p as no snapshot',
		(text) => {
			expect(decodeSnapshot(text)).toBeUndefined();
		},
	);
});

describe('forecastFromPoints', () => {
	it('fits the trend by least squares and extrapolates from the current free space', () => {
		const points = [0, 60, 120, 180].map((m, i) => ({ minute: 1000 + m, freeGB: 500 - 10 * i }));
		const f = forecastFromPoints(points, 470, 12)!;
		expect(f.trendGBPerDay).toBeCloseTo(-240, 6);
		expect(f.daysUntilFull).toBeCloseTo(470 / 240, 6);
		expect(f.samples).toBe(4);
		expect(f.spanHours).toBe(3);
	});

	it('says nothing with fewer than 3 points or a span under a quarter of the window', () => {
		expect(
			forecastFromPoints(
				[
					{ minute: 0, freeGB: 10 },
					{ minute: 600, freeGB: 5 },
				],
				5,
				24,
			),
		).toBeUndefined();
		const short = [0, 60, 120].map((m) => ({ minute: m, freeGB: 100 - m }));
		expect(forecastFromPoints(short, 0, 24)).toBeUndefined(); // 2 h < 6 h
		expect(forecastFromPoints(short, 0, 8)).toBeDefined(); // 2 h ≥ 2 h
	});

	it('gives no date when free space is not falling', () => {
		const rising = [0, 300, 600].map((m, i) => ({ minute: m, freeGB: 100 + i }));
		expect(forecastFromPoints(rising, 102, 24)!.daysUntilFull).toBeNull();
	});
});

describe('settings', () => {
	it('has the documented defaults, matching the parameter defaults', () => {
		const { settings } = createSettings({});
		expect(settings).toBeDefined();
		expect([...settings!.events]).toEqual(DEFAULT_EVENTS);
		expect(DEFAULT_EVENTS).not.toContain('forecastFull');
		const byName = new Map<string, INodeProperties>();
		for (const p of properties) {
			byName.set(p.name, p);
			for (const o of (p.options ?? []) as INodeProperties[]) if (o.name) byName.set(o.name, o);
		}
		expect(byName.get('events')!.default).toEqual(DEFAULT_EVENTS);
		expect(
			(byName.get('events')!.options as Array<{ value: string }>).map((o) => o.value).sort(),
		).toEqual([...EVENT_NAMES].sort());
		for (const [key, value] of Object.entries(DEFAULTS)) {
			expect([key, byName.get(key)?.default]).toEqual([key, value]);
		}
		expect(settings).toEqual(
			expect.objectContaining({
				freeSpaceThresholdPercent: 10,
				freeSpaceThresholdGB: 0,
				recoveryMarginPercent: 5,
				sustainedForPolls: 1,
				forecastDays: 7,
				emitCurrentProblems: false,
				pageSize: 1000,
			}),
		);
	});

	it.each([
		[{ events: [] }, 'Select at least one event'],
		[{ events: ['lowFreeSpace', 'nope'] }, 'Unknown event(s): nope'],
		[{ freeSpaceThresholdPercent: 101 }, 'Free Space Threshold (%)'],
		[{ freeSpaceThresholdPercent: 'abc' }, 'Free Space Threshold (%)'],
		[{ options: { freeSpaceThresholdGB: -1 } }, 'Free Space Threshold (GB)'],
		[{ options: { sustainedForPolls: 1.5 } }, 'Sustained For (Polls)'],
		[{ options: { sustainedForPolls: 0 } }, 'Sustained For (Polls)'],
		[{ forecastDays: 0 }, 'Forecast Days'],
		[{ options: { forecastWindowHours: 0 } }, 'Forecast Window (Hours)'],
		[{ options: { pageSize: 0 } }, 'Page Size'],
		[{ freeSpaceThresholdPercent: 0 }, 'need a threshold'],
	])('refuses %p', (input, message) => {
		expect(createSettings(input).problem).toContain(message);
	});

	it('needs no threshold when no free-space event is selected', () => {
		expect(
			createSettings({ events: ['wentOffline'], freeSpaceThresholdPercent: 0 }).settings,
		).toBeDefined();
	});

	it('filters by included and excluded names and types', () => {
		const { settings } = createSettings({
			options: {
				includeNames: 'Prod*',
				excludeNames: '*tmp',
				includeTypes: ['WinLocal', 'LinuxHardened'],
				excludeTypes: ['LinuxHardened'],
			},
		});
		const watched = settings!.isWatched;
		expect(watched('Prod 1', 'WinLocal')).toBe(true);
		expect(watched('prod 1', 'winlocal')).toBe(true);
		expect(watched('Prod tmp', 'WinLocal')).toBe(false);
		expect(watched('Prod 1', 'LinuxHardened')).toBe(false);
		expect(watched('Prod 1', 'Nfs')).toBe(false);
		expect(watched('Test', 'WinLocal')).toBe(false);
	});
});

describe('name patterns', () => {
	it('matches whole names, * anywhere, case-insensitively, regex characters literally', () => {
		const p = compileNamePatterns(' SOBR*Extent?, a.b(c) ,*[x]*');
		expect(matchesAny(p, 'sobr primary extent?')).toBe(true);
		expect(matchesAny(p, 'SOBR Extent')).toBe(false);
		expect(matchesAny(p, 'a.b(c)')).toBe(true);
		expect(matchesAny(p, 'aXb(c)')).toBe(false);
		expect(matchesAny(p, 'the [x] repo')).toBe(true);
		expect(compileNamePatterns(' , ')).toEqual([]);
	});
});

describe('extent statuses', () => {
	it('reads 1.2-rev1 single values and 1.3 lists into one sorted PascalCase form', () => {
		expect(normalizeExtentStatus('Sealed')).toEqual(['Sealed']);
		expect(normalizeExtentStatus(['sealed', 'Maintenance'])).toEqual(['Maintenance', 'Sealed']);
		expect(normalizeExtentStatus(['Normal', 'Evacuate'])).toEqual(['Evacuate']);
		expect(normalizeExtentStatus([])).toEqual(['Normal']);
		expect(normalizeExtentStatus(undefined)).toEqual(['Normal']);
		expect(normalizeExtentStatus(['SomethingNew'])).toEqual(['SomethingNew']);
	});

	it('indexes performance extents by repository ID', () => {
		const map = extentStatesById([
			{
				id: 's1',
				name: 'SOBR',
				performanceTier: { performanceExtents: [{ id: 'AB-CD', name: 'E1', status: 'Sealed' }] },
			},
			{ id: 's2', name: 'Empty' },
		]);
		expect([...map.entries()]).toEqual([
			[
				'ab-cd',
				{
					status: ['Sealed'],
					key: 'Sealed',
					scaleOutRepositoryId: 's1',
					scaleOutRepositoryName: 'SOBR',
				},
			],
		]);
	});
});

describe('items and messages', () => {
	const server = 'https://vbr01.lab.local:9419';
	const repository = {
		id: 'r1',
		name: 'Linux Repo 01',
		type: 'LinuxLocal',
		capacityGB: 8192,
		freeGB: 512,
		freePercent: 6.25,
		usedPercent: 93.75,
	};
	const event = (patch: Partial<DetectedEvent>): DetectedEvent => ({
		event: 'lowFreeSpace',
		repository,
		previous: null,
		threshold: null,
		...patch,
	});

	it('formats sizes and the host', () => {
		expect(formatSize(512)).toBe('512 GB');
		expect(formatSize(1870.456)).toBe('1.83 TB');
		expect(hostOf(server)).toBe('vbr01.lab.local');
		expect(hostOf('http://127.0.0.1:9419')).toBe('127.0.0.1');
	});

	it.each<[Partial<DetectedEvent>, string]>([
		[
			{ threshold: { freePercent: 10, freeGB: null } },
			'Repository "Linux Repo 01" on vbr01.lab.local is low on free space: 6.25 % free (512 GB of 8 TB), below the 10 % threshold.',
		],
		[
			{ threshold: { freePercent: 5, freeGB: 600 } },
			'Repository "Linux Repo 01" on vbr01.lab.local is low on free space: 6.25 % free (512 GB of 8 TB), below the 600 GB threshold.',
		],
		[
			{ threshold: { freePercent: 10, freeGB: 600 } },
			'Repository "Linux Repo 01" on vbr01.lab.local is low on free space: 6.25 % free (512 GB of 8 TB), below the 10 % and 600 GB thresholds.',
		],
		[
			{ event: 'freeSpaceRecovered', threshold: { freePercent: 5, freeGB: null } },
			'Repository "Linux Repo 01" on vbr01.lab.local has enough free space again: 6.25 % free (512 GB of 8 TB), back above 5 %.',
		],
		[{ event: 'wentOffline' }, 'Repository "Linux Repo 01" on vbr01.lab.local went offline.'],
		[{ event: 'cameOnline' }, 'Repository "Linux Repo 01" on vbr01.lab.local is back online.'],
		[
			{ event: 'becameOutOfDate' },
			'Repository "Linux Repo 01" on vbr01.lab.local is out of date: its Veeam components need an upgrade.',
		],
		[
			{ event: 'repositoryAdded' },
			'Repository "Linux Repo 01" (LinuxLocal) was added on vbr01.lab.local: 6.25 % free (512 GB of 8 TB).',
		],
		[
			{ event: 'repositoryRemoved' },
			'Repository "Linux Repo 01" (LinuxLocal) was removed from vbr01.lab.local.',
		],
		[
			{
				event: 'extentStatusChanged',
				previous: { status: ['Normal'] },
				extent: { scaleOutRepositoryName: 'SOBR Primary', status: ['Maintenance', 'Sealed'] },
			},
			'Extent "Linux Repo 01" of scale-out repository "SOBR Primary" on vbr01.lab.local changed from Normal to Maintenance + Sealed.',
		],
		[
			{
				event: 'forecastFull',
				threshold: { forecastDays: 7 },
				forecast: {
					daysUntilFull: 3.14,
					trendGBPerDay: -163.2,
					fullAt: '2026-01-08T11:21:36.000Z',
				},
			},
			'Repository "Linux Repo 01" on vbr01.lab.local is forecast to be full in 3.1 days (around 2026-01-08): free space falls by 163.2 GB a day, 512 GB free now.',
		],
	])('writes a chat-ready message for %p', (patch, message) => {
		expect(eventMessage(event(patch), server)).toBe(message);
	});

	it('builds the item fields in a fixed shape', () => {
		const item = buildItem(event({ threshold: { freePercent: 10, freeGB: null } }), {
			serverUrl: server,
			detectedAt: '2026-01-05T08:00:00.000Z',
		});
		expect(Object.keys(item.json)).toEqual([
			'event',
			'message',
			'repository',
			'previous',
			'threshold',
			'detectedAt',
			'serverUrl',
		]);
		const sample = buildItem(event({}), { serverUrl: server, detectedAt: 'x', sample: true });
		expect(sample.json.sample).toBe(true);
		expect(sample.json.message).toMatch(/^Test event/);
	});
});
