/**
 * Event detection: (stored snapshot, what VBR reports now, settings, time) → (events, next snapshot).
 * Pure: no I/O, no clock, no n8n context; the poll hands everything in and stores what comes out.
 *
 * Model. Every repository VBR lists gets a record holding, for each condition (low free space,
 * online, out of date, forecast full, extent status), the value last *reported*, and a streak:
 * how many consecutive polls the observed value has differed from it. A condition changes (and its
 * event fires) when the streak reaches Sustained For; an unknown observation (capacity 0 or -1, a
 * field the API version lacks) changes nothing and breaks the streak. State is tracked for every
 * repository and every condition whatever the filters and the selected events say, which are
 * applied only when an event is emitted: changing filters or events never invents an event.
 */
import type { IDataObject } from 'n8n-workflow';

import { computeUsage } from '../shared/capacity';
import type { ExtentState } from '../shared/extentStatus';
import type { RepositoryStateModel } from '../shared/types';
import type { Forecast, ForecastPoint } from './forecast';
import { MINUTES_PER_DAY, forecastFromPoints } from './forecast';
import type { TriggerEvent, TriggerSettings } from './settings';
import { EVENT_NAMES } from './settings';
import type { RepoRecord, Snapshot } from './snapshot';
import {
	FLAG_FORECAST,
	FLAG_LOW,
	FLAG_ONLINE,
	FLAG_OUT_OF_DATE,
	MAX_SAMPLES,
	STREAK_EXTENT,
	STREAK_FORECAST,
	STREAK_LOW,
	STREAK_MISSING,
	STREAK_ONLINE,
	STREAK_OUT_OF_DATE,
	emptyStreaks,
	round2,
} from './snapshot';

const NORMAL = 'Normal';

/** More than this many repositories vanishing (and more than half) must be confirmed. */
const MASS_VANISH_MIN = 3;

export interface Observation {
	/** GET repositories/states, every page, in VBR's order. */
	states: RepositoryStateModel[];
	/** Performance-extent statuses by repository ID; undefined when they were not read. */
	extents?: Map<string, ExtentState>;
	/**
	 * Whether the states came in one page. A list read across pages is not atomic: a repository
	 * removed meanwhile shifts another one past a page boundary, so a repository missing from a
	 * multi-page read counts as removed only when the next poll confirms it.
	 */
	singlePage: boolean;
}

export interface DetectedEvent {
	event: TriggerEvent;
	/** The repository as VBR reports it now (a removed one: as last seen), with usage percentages. */
	repository: IDataObject;
	previous: IDataObject | null;
	threshold: IDataObject | null;
	extent?: IDataObject;
	forecast?: IDataObject;
}

export interface DetectResult {
	events: DetectedEvent[];
	next: Snapshot;
}

function finiteOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Moves one boolean condition on by a poll. Returns true when its reported value flips, which
 * happens after `polls` consecutive observations of the other value.
 */
function advance(
	rec: RepoRecord,
	flag: number,
	streakIndex: number,
	observed: boolean | undefined,
	polls: number,
): boolean {
	if (observed === undefined) {
		rec.streaks[streakIndex] = 0;
		return false;
	}
	if (observed === ((rec.flags & flag) !== 0)) {
		rec.streaks[streakIndex] = 0;
		return false;
	}
	const streak = rec.streaks[streakIndex] + 1;
	if (streak < polls) {
		rec.streaks[streakIndex] = streak;
		return false;
	}
	rec.streaks[streakIndex] = 0;
	rec.flags = observed ? rec.flags | flag : rec.flags & ~flag;
	return true;
}

/**
 * Low free space with hysteresis: a repository in space turns low below either threshold; a low
 * one recovers only at the threshold plus the margin (percentage points of its capacity) on every
 * threshold that is set. Unknown capacity (0, -1) or free space: undefined, never low.
 */
export function observeLow(
	reportedLow: boolean,
	capacityGB: number | null,
	freeGB: number | null,
	freePercent: number | null,
	settings: TriggerSettings,
): boolean | undefined {
	if (capacityGB === null || freeGB === null || freePercent === null) return undefined;
	const percent = settings.freeSpaceThresholdPercent;
	const gb = settings.freeSpaceThresholdGB;
	if (percent === 0 && gb === 0) return undefined;
	if (!reportedLow) return (percent > 0 && freePercent < percent) || (gb > 0 && freeGB < gb);
	const recovered =
		(percent === 0 || freePercent >= recoveryPercent(settings)) &&
		(gb === 0 || freeGB >= recoveryGB(capacityGB, settings));
	return !recovered;
}

function recoveryPercent(settings: TriggerSettings): number {
	return Math.min(100, settings.freeSpaceThresholdPercent + settings.recoveryMarginPercent);
}

function recoveryGB(capacityGB: number, settings: TriggerSettings): number {
	return settings.freeSpaceThresholdGB + (capacityGB * settings.recoveryMarginPercent) / 100;
}

export function lowThreshold(settings: TriggerSettings): IDataObject {
	return {
		freePercent: settings.freeSpaceThresholdPercent || null,
		freeGB: settings.freeSpaceThresholdGB || null,
	};
}

export function recoveryThreshold(
	settings: TriggerSettings,
	capacityGB: number | null,
): IDataObject {
	return {
		freePercent: settings.freeSpaceThresholdPercent ? recoveryPercent(settings) : null,
		freeGB:
			settings.freeSpaceThresholdGB && capacityGB !== null
				? round2(recoveryGB(capacityGB, settings))
				: null,
	};
}

function freeOf(rec: RepoRecord | undefined): IDataObject | null {
	if (!rec) return null;
	return {
		freeGB: rec.freeGB,
		freePercent: computeUsage({ capacityGB: rec.capacityGB, freeGB: rec.freeGB }).freePercent,
	};
}

/** What a removed repository looked like when it was last listed. */
function lastSeen(id: string, rec: RepoRecord): IDataObject {
	return {
		id,
		name: rec.name,
		type: rec.type,
		capacityGB: rec.capacityGB,
		freeGB: rec.freeGB,
		isOnline: (rec.flags & FLAG_ONLINE) !== 0,
		...computeUsage({ capacityGB: rec.capacityGB, freeGB: rec.freeGB }),
	};
}

function extentOf(ext: ExtentState): IDataObject {
	return {
		scaleOutRepositoryId: ext.scaleOutRepositoryId,
		scaleOutRepositoryName: ext.scaleOutRepositoryName,
		status: ext.status,
	};
}

export function forecastOf(
	forecast: Forecast,
	now: number,
	settings: TriggerSettings,
): IDataObject {
	const days = forecast.daysUntilFull;
	return {
		daysUntilFull: days === null ? null : round2(days),
		fullAt: days === null ? null : new Date(now + days * MINUTES_PER_DAY * 60000).toISOString(),
		trendGBPerDay: round2(forecast.trendGBPerDay),
		samples: forecast.samples,
		spanHours: round2(forecast.spanHours),
		forecastWindowHours: settings.forecastWindowHours,
	};
}

export function detect(
	previous: Snapshot | undefined,
	observation: Observation,
	settings: TriggerSettings,
	now: number,
): DetectResult {
	const baseline = previous === undefined;
	// On the baseline every observation is taken as it is: no streaks, nothing announced.
	const polls = baseline ? 1 : settings.sustainedForPolls;
	const events: DetectedEvent[] = [];
	const repos = new Map<string, RepoRecord>();
	const selected = settings.events;

	// Forecast samples: one every window/(MAX_SAMPLES-1) minutes (10 % early is fine: polls jitter),
	// only those inside the window, at most MAX_SAMPLES. Times are shared by all repositories.
	const forecastOn = selected.has('forecastFull');
	const nowMinute = Math.floor(now / 60000);
	const windowMinutes = settings.forecastWindowHours * 60;
	const oldTimes = forecastOn && previous ? previous.sampleTimes : [];
	const lastTime = oldTimes[oldTimes.length - 1];
	const sampling =
		forecastOn &&
		(lastTime === undefined || nowMinute - lastTime >= (0.9 * windowMinutes) / (MAX_SAMPLES - 1));
	let times = sampling ? [...oldTimes, nowMinute] : oldTimes.slice();
	let firstKept = 0;
	while (firstKept < times.length && times[firstKept] < nowMinute - windowMinutes) firstKept++;
	times = times.slice(Math.max(firstKept, times.length - MAX_SAMPLES));

	const nextHistory = (
		old: Array<number | null> | undefined,
		value: number | null,
	): Array<number | null> | undefined => {
		let history = old ? old.slice() : [];
		if (sampling) history.push(value);
		if (history.length > times.length) history = history.slice(history.length - times.length);
		return history.length > 0 ? history : undefined;
	};

	// Records lost from a damaged snapshot: those repositories are taken as they are now.
	const lost = previous?.unreadable;
	const wasLost = (id: string): boolean => lost !== undefined && (lost.anyId || lost.ids.has(id));

	const seen = new Set<string>();
	for (const state of observation.states) {
		const id = typeof state.id === 'string' ? state.id.toLowerCase() : '';
		// A repository shifted across a page boundary while the list was read comes twice.
		if (id === '' || seen.has(id)) continue;
		seen.add(id);
		const name = typeof state.name === 'string' ? state.name : '';
		const type = typeof state.type === 'string' ? state.type : '';
		const watched = settings.isWatched(name, type);
		const old = previous?.repos.get(id);
		// Taken as it is: no streaks, nothing announced (a baseline of this one repository).
		const fresh = baseline || (old === undefined && wasLost(id));
		const recordPolls = fresh ? 1 : polls;
		const usage = computeUsage(state);
		const capacityGB = finiteOrNull(state.capacityGB);
		const freeGB = finiteOrNull(state.freeGB);
		const rec: RepoRecord = {
			name,
			type,
			// A repository seen for the first time after the baseline starts healthy, so a new
			// repository that is already offline or low is reported.
			flags: old ? old.flags : FLAG_ONLINE,
			capacityGB: capacityGB === null ? null : round2(capacityGB),
			freeGB: freeGB === null ? null : round2(freeGB),
			streaks: old ? old.streaks.slice() : emptyStreaks(),
			extent: old?.extent,
			extentPending: old?.extentPending,
		};
		rec.streaks[STREAK_MISSING] = 0;
		repos.set(id, rec);

		let current: IDataObject | undefined;
		const repository = (): IDataObject => (current ??= { ...state, ...usage });
		const emit = (
			event: TriggerEvent,
			details: Omit<DetectedEvent, 'event' | 'repository'>,
		): void => {
			if (watched && selected.has(event))
				events.push({ event, repository: repository(), ...details });
		};
		const problem = baseline && settings.emitCurrentProblems;

		if (!old && !fresh) emit('repositoryAdded', { previous: null, threshold: null });

		// Online / offline.
		const online = typeof state.isOnline === 'boolean' ? state.isOnline : undefined;
		if (advance(rec, FLAG_ONLINE, STREAK_ONLINE, online, recordPolls)) {
			if (!fresh) {
				emit(online ? 'cameOnline' : 'wentOffline', {
					previous: { isOnline: !online },
					threshold: null,
				});
			} else if (problem && online === false) {
				emit('wentOffline', { previous: null, threshold: null });
			}
		}

		// Free space (thresholds with hysteresis).
		const wasLow = (rec.flags & FLAG_LOW) !== 0;
		const low = observeLow(wasLow, capacityGB, freeGB, usage.freePercent, settings);
		if (advance(rec, FLAG_LOW, STREAK_LOW, low, recordPolls) && (!fresh || problem)) {
			if (low) {
				emit('lowFreeSpace', {
					previous: baseline ? null : freeOf(old),
					threshold: lowThreshold(settings),
				});
			} else {
				emit('freeSpaceRecovered', {
					previous: freeOf(old),
					threshold: recoveryThreshold(settings, capacityGB),
				});
			}
		}

		// Out of date (API 1.3; absent in 1.2-rev1, so never an event there).
		const outOfDate = typeof state.isOutOfDate === 'boolean' ? state.isOutOfDate : undefined;
		if (
			advance(rec, FLAG_OUT_OF_DATE, STREAK_OUT_OF_DATE, outOfDate, recordPolls) &&
			outOfDate &&
			(!fresh || problem)
		) {
			emit('becameOutOfDate', {
				previous: baseline ? null : { isOutOfDate: false },
				threshold: null,
			});
		}

		// Scale-out extent status.
		const ext = observation.extents?.get(id);
		if (ext === undefined) {
			// Not a performance extent, or statuses were not read: forget, re-baseline when seen.
			rec.extent = undefined;
			rec.extentPending = undefined;
			rec.streaks[STREAK_EXTENT] = 0;
		} else {
			// First sighting: taken as it is, except for a repository new in this poll (Normal).
			rec.extent ??= !old && !fresh ? NORMAL : ext.key;
			if (ext.key === rec.extent) {
				rec.extentPending = undefined;
				rec.streaks[STREAK_EXTENT] = 0;
			} else {
				const streak = rec.extentPending === ext.key ? rec.streaks[STREAK_EXTENT] + 1 : 1;
				if (streak >= recordPolls) {
					const before = rec.extent;
					rec.extent = ext.key;
					rec.extentPending = undefined;
					rec.streaks[STREAK_EXTENT] = 0;
					emit('extentStatusChanged', {
						previous: { status: before.split(',') },
						threshold: null,
						extent: extentOf(ext),
					});
				} else {
					rec.extentPending = ext.key;
					rec.streaks[STREAK_EXTENT] = streak;
				}
			}
			if (problem && ext.key !== NORMAL) {
				emit('extentStatusChanged', { previous: null, threshold: null, extent: extentOf(ext) });
			}
		}

		// Forecast: only for watched repositories while the event is selected.
		if (forecastOn && watched) {
			const free = freeGB === null || freeGB < 0 ? null : round2(freeGB);
			rec.history = nextHistory(old?.history, free);
			let forecast: Forecast | undefined;
			if (rec.history && free !== null) {
				const points: ForecastPoint[] = [];
				const offset = times.length - rec.history.length;
				rec.history.forEach((value, j) => {
					if (value !== null) points.push({ minute: times[offset + j], freeGB: value });
				});
				if (!sampling) points.push({ minute: now / 60000, freeGB: free });
				forecast = forecastFromPoints(points, free, settings.forecastWindowHours);
			}
			// Fires within Forecast Days; re-arms once the trend says more than twice that.
			const reported = (rec.flags & FLAG_FORECAST) !== 0;
			const limit = reported ? 2 * settings.forecastDays : settings.forecastDays;
			const full =
				forecast === undefined
					? undefined
					: forecast.daysUntilFull !== null && forecast.daysUntilFull <= limit;
			if (advance(rec, FLAG_FORECAST, STREAK_FORECAST, full, recordPolls) && full && forecast) {
				emit('forecastFull', {
					previous: freeOf(old),
					threshold: { forecastDays: settings.forecastDays },
					forecast: forecastOf(forecast, now, settings),
				});
			}
		} else {
			rec.history = undefined;
			rec.flags &= ~FLAG_FORECAST;
			rec.streaks[STREAK_FORECAST] = 0;
		}
	}

	// Repositories VBR no longer lists.
	if (previous) {
		let vanished = 0;
		for (const id of previous.repos.keys()) if (!seen.has(id)) vanished++;
		// Most of the known repositories gone at once looks more like a broken answer (a proxy, a
		// VBR restarting) than like an admin's work: Repository Removed waits for the next poll.
		const massVanish = vanished > MASS_VANISH_MIN && vanished * 2 > previous.repos.size;
		const confirmations = Math.max(
			settings.sustainedForPolls,
			observation.singlePage && !massVanish ? 1 : 2,
		);
		for (const [id, old] of previous.repos) {
			if (seen.has(id)) continue;
			const missing = old.streaks[STREAK_MISSING] + 1;
			const watched = settings.isWatched(old.name, old.type);
			if (missing >= confirmations) {
				if (watched && selected.has('repositoryRemoved')) {
					events.push({
						event: 'repositoryRemoved',
						repository: lastSeen(id, old),
						previous: null,
						threshold: null,
					});
				}
				continue;
			}
			// Kept while unconfirmed; its other streaks restart (the polls were not consecutive).
			const streaks = emptyStreaks();
			streaks[STREAK_MISSING] = missing;
			repos.set(id, {
				...old,
				streaks,
				extentPending: undefined,
				history: forecastOn && watched ? nextHistory(old.history, null) : undefined,
			});
		}
	}

	return {
		events,
		next: { polledAt: now, sampleTimes: forecastOn ? times : [], repos },
	};
}

/** Severity order for the one event Fetch Test Event shows. */
const SEVERITY: TriggerEvent[] = [
	'wentOffline',
	'lowFreeSpace',
	'extentStatusChanged',
	'becameOutOfDate',
];

/**
 * Fetch Test Event: the most serious current problem among the selected events and watched
 * repositories; when there is none, a sample of the first selected event built from a real
 * repository (flagged `sample`). Undefined when no repository is watched.
 */
export function representativeEvent(
	observation: Observation,
	settings: TriggerSettings,
	now: number,
): { event: DetectedEvent; sample: boolean } | undefined {
	const { events } = detect(
		undefined,
		observation,
		{ ...settings, emitCurrentProblems: true },
		now,
	);
	if (events.length > 0) {
		const rank = (e: DetectedEvent) => SEVERITY.indexOf(e.event);
		const free = (e: DetectedEvent) => (e.repository.freePercent as number | null) ?? 101;
		const sorted = events.slice().sort((a, b) => rank(a) - rank(b) || free(a) - free(b));
		return { event: sorted[0], sample: false };
	}
	const eventName = EVENT_NAMES.find((e) => settings.events.has(e));
	const watched = observation.states.filter(
		(s) =>
			typeof s.id === 'string' && settings.isWatched(String(s.name ?? ''), String(s.type ?? '')),
	);
	if (eventName === undefined || watched.length === 0) return undefined;
	let chosen = watched[0];
	let extent: ExtentState | undefined;
	if (eventName === 'extentStatusChanged') {
		const withExtent = watched.find((s) => observation.extents?.has(s.id.toLowerCase()));
		if (withExtent) {
			chosen = withExtent;
			extent = observation.extents?.get(withExtent.id.toLowerCase());
		}
	} else {
		let lowest = Infinity;
		for (const s of watched) {
			const p = computeUsage(s).freePercent;
			if (p !== null && p < lowest) {
				lowest = p;
				chosen = s;
			}
		}
	}
	const repository = { ...chosen, ...computeUsage(chosen) };
	const capacityGB = finiteOrNull(chosen.capacityGB);
	const samples: Record<TriggerEvent, Omit<DetectedEvent, 'event' | 'repository'>> = {
		lowFreeSpace: { previous: null, threshold: lowThreshold(settings) },
		freeSpaceRecovered: { previous: null, threshold: recoveryThreshold(settings, capacityGB) },
		wentOffline: { previous: { isOnline: true }, threshold: null },
		cameOnline: { previous: { isOnline: false }, threshold: null },
		becameOutOfDate: { previous: { isOutOfDate: false }, threshold: null },
		repositoryAdded: { previous: null, threshold: null },
		repositoryRemoved: { previous: null, threshold: null },
		extentStatusChanged: {
			previous: { status: [NORMAL] },
			threshold: null,
			extent: extent
				? extentOf(extent)
				: { scaleOutRepositoryId: null, scaleOutRepositoryName: null, status: [NORMAL] },
		},
		forecastFull: {
			previous: null,
			threshold: { forecastDays: settings.forecastDays },
			forecast: {
				daysUntilFull: null,
				fullAt: null,
				trendGBPerDay: null,
				samples: 0,
				spanHours: 0,
				forecastWindowHours: settings.forecastWindowHours,
			},
		},
	};
	return { event: { event: eventName, repository, ...samples[eventName] }, sample: true };
}
