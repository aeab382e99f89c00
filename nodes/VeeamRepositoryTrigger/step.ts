/**
 * The contract of a detection step: what one step sees of one repository in one poll, and
 * `advance()`, the Sustained For rule every yes/no condition follows. Adding an event is adding a
 * step (see STEPS in detect.ts).
 */
import type { RepositoryStateModel } from '../shared/types';
import type { DetectedEvent, Observation } from './detect';
import type { ForecastSampling } from './forecastTracking';
import type { TriggerEvent, TriggerSettings } from './settings';
import type { Condition, RepoRecord } from './snapshot';

export type EventDetails = Omit<DetectedEvent, 'event' | 'repository'>;

/** The poll as a whole: the same for every repository. */
export interface PollContext {
	observation: Observation;
	settings: TriggerSettings;
	now: number;
	/** The first poll: every observation is taken as it is. */
	baseline: boolean;
	forecast: ForecastSampling;
	events: DetectedEvent[];
}

/** One listed repository in one poll. */
export interface RepositoryPoll {
	id: string;
	state: RepositoryStateModel;
	/** The record as stored by the last poll; undefined for a repository without one. */
	old: RepoRecord | undefined;
	/** The record for the next snapshot, starting as a copy of `old`; steps move it on. */
	rec: RepoRecord;
	/** Taken as it is: no streaks, nothing announced (the baseline, or a record lost from storage). */
	fresh: boolean;
	/** Listed for the first time since the baseline: its conditions start healthy. */
	added: boolean;
	/** Report Current Problems on First Poll applies: a problem taken as it is is reported. */
	problem: boolean;
	/** Consecutive polls an observation must hold to change the record (1 when fresh). */
	polls: number;
	/** Passes the name and type filters. */
	watched: boolean;
	/** As VBR reports them (finite numbers only), not rounded. */
	capacityGB: number | null;
	freeGB: number | null;
	freePercent: number | null;
	/** Reports an event when it is selected and the repository watched. */
	emit(event: TriggerEvent, details: EventDetails): void;
}

export type Step = (repository: RepositoryPoll, poll: PollContext) => void;

/**
 * Moves one yes/no condition on by a poll. Returns true when its reported value flips, which
 * happens after `polls` consecutive observations of the other value; an unknown observation
 * (undefined) changes nothing and breaks the streak.
 */
export function advance(
	rec: RepoRecord,
	condition: Condition,
	observed: boolean | undefined,
	polls: number,
): boolean {
	if (observed === undefined || observed === rec.reported[condition]) {
		rec.streaks[condition] = 0;
		return false;
	}
	const streak = rec.streaks[condition] + 1;
	if (streak < polls) {
		rec.streaks[condition] = streak;
		return false;
	}
	rec.streaks[condition] = 0;
	rec.reported[condition] = observed;
	return true;
}

/**
 * Moves a condition with many values (immutability, settings) on by a poll: the Sustained For rule
 * for a change that must keep going to the same new value (`pendingKey`) for `polls` polls. Returns
 * true when the change is confirmed now; the caller then stores the new value as reported.
 */
export function advanceValue(
	track: { pending?: string; streak: number },
	unchanged: boolean,
	pendingKey: string,
	polls: number,
): boolean {
	const streak = unchanged ? 0 : track.pending === pendingKey ? track.streak + 1 : 1;
	if (streak === 0 || streak >= polls) {
		track.pending = undefined;
		track.streak = 0;
		return streak > 0;
	}
	track.pending = pendingKey;
	track.streak = streak;
	return false;
}

/** A change that could not be observed this poll (the value is unknown): the streak is broken. */
export function breakStreak(track: { pending?: string; streak: number } | undefined): void {
	if (track === undefined) return;
	track.pending = undefined;
	track.streak = 0;
}
