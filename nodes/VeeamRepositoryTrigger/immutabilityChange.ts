/**
 * Step: Immutability Disabled / Reduced / Changed. The summary of nodes/shared/immutability.ts is
 * tracked as a short key per repository; a change of the key, held for Sustained For polls, is one
 * event, classified by what got weaker.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ImmutabilitySummary } from '../shared/immutability';
import { immutabilityOf } from '../shared/immutability';
import type { Observation } from './detect';
import type { TriggerEvent } from './settings';
import type { Step } from './step';
import { advanceValue, breakStreak } from './step';

type Settings = Omit<ImmutabilitySummary, 'source'>;

/** `enabled|days|mode|governance`, e.g. `1|30|RepositorySettings|`: what the snapshot keeps. */
export function immutabilityKey(summary: Settings): string {
	const governance = summary.governance === null ? '' : summary.governance ? '1' : '0';
	return `${summary.enabled ? 1 : 0}|${summary.days ?? ''}|${summary.mode ?? ''}|${governance}`;
}

export function immutabilityFromKey(key: string): Settings {
	const [enabled, days, mode, governance] = key.split('|');
	return {
		enabled: enabled === '1',
		days: days === '' || days === undefined ? null : Number(days),
		mode: mode === '' || mode === undefined ? null : mode,
		governance: governance === '1' ? true : governance === '0' ? false : null,
	};
}

/** What got weaker decides the event: off is critical, a shorter period next, anything else last. */
export function immutabilityEvent(before: Settings, now: Settings): TriggerEvent {
	if (before.enabled && !now.enabled) return 'immutabilityDisabled';
	if (before.enabled && now.days !== null && before.days !== null && now.days < before.days) {
		return 'immutabilityReduced';
	}
	return 'immutabilityChanged';
}

/** The summary of a listed repository; undefined when the repository models were not read for it. */
function summaryOf(observation: Observation, id: string): ImmutabilitySummary | null | undefined {
	const model = observation.repositories?.get(id);
	return model === undefined ? undefined : immutabilityOf(model, observation.apiVersion ?? '');
}

/** The `immutability` every event carries when the repositories were read. */
export function immutabilityNow(
	observation: Observation,
	id: string,
): { immutability?: IDataObject | null } {
	const summary = summaryOf(observation, id);
	return summary === undefined ? {} : { immutability: summary as IDataObject | null };
}

export const immutabilityChange: Step = (r, { observation }) => {
	const { rec } = r;
	if (observation.repositories === undefined) {
		// Not read this poll (no event needs it): forget, and take it as it is when read again.
		rec.immutability = undefined;
		return;
	}
	const summary = summaryOf(observation, r.id) ?? null;
	if (summary === null) {
		// Not listed among the repositories, or a type (or revision) without immutability: unknown.
		breakStreak(rec.immutability);
		return;
	}
	const key = immutabilityKey(summary);
	const track = rec.immutability;
	if (track === undefined) {
		// First sighting (the baseline, a new repository, or the events just selected): as it is.
		rec.immutability = { reported: key, streak: 0 };
		return;
	}
	if (!advanceValue(track, key === track.reported, key, r.polls)) return;
	const before = { ...immutabilityFromKey(track.reported), source: summary.source };
	track.reported = key;
	r.emit(immutabilityEvent(before, summary), {
		previous: { immutability: before as unknown as IDataObject },
		threshold: null,
		immutability: summary as unknown as IDataObject,
	});
};
