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
 *
 * Each condition is one step (STEPS, run in this order for every listed repository), then the
 * removals; the record's stored encoding is snapshot.ts's business.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ExtentState } from '../shared/extentStatus';
import type { RepositoryStateModel } from '../shared/types';
import { extentStatus, onlineState, outOfDate, repositoryAdded } from './conditions';
import { forecastFull, planSampling } from './forecastTracking';
import { immutabilityChange } from './immutabilityChange';
import { removedRepositories } from './removal';
import type { TriggerEvent, TriggerSettings } from './settings';
import type { RepoRecord, Snapshot } from './snapshot';
import { repositoryPoll, wasLost } from './repositoryPoll';
import { scaleOutWholes } from './scaleOutWhole';
import { settingsDrift } from './settingsDrift';
import { freeSpace } from './space';
import { groupByVolume } from './volumes';
import type { PollContext, Step } from './step';

export interface Observation {
	/** GET repositories/states, every page, in VBR's order. */
	states: RepositoryStateModel[];
	/** Performance-extent statuses by repository ID; undefined when they were not read. */
	extents?: Map<string, ExtentState>;
	/**
	 * The repository models (GET repositories) by ID, read only for the immutability and settings
	 * events; undefined when they were not read.
	 */
	repositories?: Map<string, IDataObject>;
	/**
	 * The API revision the repositories were read with (immutability fields differ by revision);
	 * unset, the newest is assumed.
	 */
	apiVersion?: string;
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
	/** The repository's immutability now (when the repositories were read). */
	immutability?: IDataObject | null;
	/** Repository Settings Changed: what changed, field by field. */
	changes?: IDataObject[];
	/** Group Repositories on the Same Volume: the volume and all its repositories. */
	volume?: IDataObject;
	/** A scale-out repository as a whole: its performance extents, `counted` when they take backups. */
	extents?: IDataObject[];
}

export interface DetectResult {
	events: DetectedEvent[];
	next: Snapshot;
}

/** The order of a repository's events within a poll. */
const STEPS: Step[] = [
	repositoryAdded,
	onlineState,
	freeSpace,
	outOfDate,
	extentStatus,
	forecastFull,
	immutabilityChange,
	settingsDrift,
];

export function detect(
	previous: Snapshot | undefined,
	observation: Observation,
	settings: TriggerSettings,
	now: number,
): DetectResult {
	const poll: PollContext = {
		observation,
		settings,
		now,
		baseline: previous === undefined,
		forecast: planSampling(previous, settings, now),
		events: [],
	};
	const repos = new Map<string, RepoRecord>();
	const seen = new Set<string>();
	for (const state of observation.states) {
		const id = typeof state.id === 'string' ? state.id.toLowerCase() : '';
		// A repository shifted across a page boundary while the list was read comes twice.
		if (id === '' || seen.has(id)) continue;
		seen.add(id);
		const source = {
			old: previous?.repos.get(id),
			lost: wasLost(previous, id),
			watched: settings.isWatched(String(state.name ?? ''), String(state.type ?? '')),
		};
		const repository = repositoryPoll(id, state, source, poll);
		repos.set(id, repository.rec);
		for (const step of STEPS) step(repository, poll);
	}
	const wholes = settings.scaleOutAsWhole ? scaleOutWholes(previous, poll) : new Map();
	if (previous) removedRepositories(previous, seen, repos, poll);
	return {
		events: settings.groupByVolume
			? groupByVolume(poll.events, observation.states)
			: poll.events,
		next: {
			polledAt: now,
			sampleTimes: poll.forecast.on ? poll.forecast.times : [],
			repos,
			wholes,
		},
	};
}
