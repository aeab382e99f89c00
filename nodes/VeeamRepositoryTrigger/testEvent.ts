/**
 * Fetch Test Event: the one event a manual run shows, from what VBR reports now (no snapshot).
 */
import type { IDataObject } from 'n8n-workflow';

import { computeUsage } from '../shared/capacity';
import type { ExtentState } from '../shared/extentStatus';
import type { RepositoryStateModel } from '../shared/types';
import type { DetectedEvent, Observation } from './detect';
import { detect } from './detect';
import { immutabilityNow } from './immutabilityChange';
import { NORMAL_EXTENT, extentOf, finiteOrNull, lowThreshold, recoveryThreshold } from './details';
import type { TriggerEvent, TriggerSettings } from './settings';
import { EVENT_NAMES } from './settings';

/** Severity order for the one event Fetch Test Event shows. */
const SEVERITY: TriggerEvent[] = [
	'wentOffline',
	'lowFreeSpace',
	'extentStatusChanged',
	'becameOutOfDate',
];

type Sample = Omit<DetectedEvent, 'event' | 'repository'>;

/** Immutability samples: from the repository's own summary when it has one. */
function immutabilitySamples(
	now: IDataObject | null | undefined,
): Record<'immutabilityDisabled' | 'immutabilityReduced' | 'immutabilityChanged', Sample> {
	const base: IDataObject = now ?? {
		enabled: true,
		days: 14,
		mode: null,
		governance: null,
		source: null,
	};
	const days = typeof base.days === 'number' ? base.days : 14;
	const on = (d: number): IDataObject => ({ ...base, enabled: true, days: d });
	const off: IDataObject = { ...base, enabled: false, days: null };
	const sample = (before: IDataObject, after: IDataObject): Sample => ({
		previous: { immutability: before },
		threshold: null,
		immutability: after,
	});
	return {
		immutabilityDisabled: sample(on(days), off),
		immutabilityReduced: sample(on(days * 2), on(days)),
		immutabilityChanged: sample(off, on(days)),
	};
}

/** What a sample of each event carries besides the repository. */
function sampleDetails(
	settings: TriggerSettings,
	capacityGB: number | null,
	extent: ExtentState | undefined,
	immutability: IDataObject | null | undefined,
): Record<TriggerEvent, Sample> {
	return {
		...immutabilitySamples(immutability),
		repositorySettingsChanged: {
			previous: null,
			threshold: null,
			changes: [{ path: 'repository.maxTaskCount', previous: 4, current: 8 }],
		},
		lowFreeSpace: { previous: null, threshold: lowThreshold(settings) },
		freeSpaceRecovered: { previous: null, threshold: recoveryThreshold(settings, capacityGB) },
		wentOffline: { previous: { isOnline: true }, threshold: null },
		cameOnline: { previous: { isOnline: false }, threshold: null },
		becameOutOfDate: { previous: { isOutOfDate: false }, threshold: null },
		repositoryAdded: { previous: null, threshold: null },
		repositoryRemoved: { previous: null, threshold: null },
		extentStatusChanged: {
			previous: { status: [NORMAL_EXTENT] },
			threshold: null,
			extent: extent
				? extentOf(extent)
				: { scaleOutRepositoryId: null, scaleOutRepositoryName: null, status: [NORMAL_EXTENT] },
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
}

/** The repository a sample is built from: an extent for extent events, else the fullest one. */
function sampleSource(
	eventName: TriggerEvent,
	watched: RepositoryStateModel[],
	observation: Observation,
): { chosen: RepositoryStateModel; extent?: ExtentState } {
	if (eventName.startsWith('immutability')) {
		const immutable = watched.find(
			(s) => (immutabilityNow(observation, s.id.toLowerCase()).immutability ?? null) !== null,
		);
		return { chosen: immutable ?? watched[0] };
	}
	if (eventName === 'extentStatusChanged') {
		const withExtent = watched.find((s) => observation.extents?.has(s.id.toLowerCase()));
		if (!withExtent) return { chosen: watched[0] };
		return { chosen: withExtent, extent: observation.extents?.get(withExtent.id.toLowerCase()) };
	}
	let chosen = watched[0];
	let lowest = Infinity;
	for (const s of watched) {
		const p = computeUsage(s).freePercent;
		if (p !== null && p < lowest) {
			lowest = p;
			chosen = s;
		}
	}
	return { chosen };
}

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
	const { chosen, extent } = sampleSource(eventName, watched, observation);
	const repository = { ...chosen, ...computeUsage(chosen) };
	const { immutability } = immutabilityNow(observation, chosen.id.toLowerCase());
	const details = sampleDetails(
		settings,
		finiteOrNull(chosen.capacityGB),
		extent,
		immutability,
	)[eventName];
	const current = immutability === undefined ? {} : { immutability };
	return { event: { event: eventName, repository, ...current, ...details }, sample: true };
}
