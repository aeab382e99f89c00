/**
 * Fetch Test Event: the one event a manual run shows, from what VBR reports now (no snapshot).
 */
import { computeUsage } from '../shared/capacity';
import type { ExtentState } from '../shared/extentStatus';
import type { RepositoryStateModel } from '../shared/types';
import type { DetectedEvent, Observation } from './detect';
import { detect } from './detect';
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

/** What a sample of each event carries besides the repository. */
function sampleDetails(
	settings: TriggerSettings,
	capacityGB: number | null,
	extent: ExtentState | undefined,
): Record<TriggerEvent, Sample> {
	return {
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
	const details = sampleDetails(settings, finiteOrNull(chosen.capacityGB), extent)[eventName];
	return { event: { event: eventName, repository, ...details }, sample: true };
}
