/**
 * The per-poll view of one record (a listed repository, or a scale-out repository as a whole) that
 * the steps work on: its record for the next snapshot copied from the stored one, and emit().
 */
import type { IDataObject } from 'n8n-workflow';

import { computeUsage } from '../shared/capacity';
import type { RepositoryStateModel } from '../shared/types';
import { finiteOrNull } from './details';
import { immutabilityNow } from './immutabilityChange';
import type { RepoRecord, Snapshot } from './snapshot';
import { copyReported, copyStreaks, copyTrack, newReported, noStreaks, round2 } from './snapshot';
import type { PollContext, RepositoryPoll } from './step';

/** Records lost from a damaged snapshot: those repositories are taken as they are now. */
export function wasLost(previous: Snapshot | undefined, id: string): boolean {
	const lost = previous?.unreadable;
	return lost !== undefined && (lost.anyId || lost.ids.has(id));
}

/** Where a polled record comes from, and whether the filters let its events through. */
interface RecordSource {
	old: RepoRecord | undefined;
	/** The stored record was lost (damaged static data): take it as it is now. */
	lost: boolean;
	watched: boolean;
}

/** One listed repository (or whole scale-out repository), its record copied from the stored one. */
export function repositoryPoll(
	id: string,
	state: RepositoryStateModel,
	{ old, lost, watched }: RecordSource,
	poll: PollContext,
): RepositoryPoll {
	const { settings, baseline } = poll;
	const name = typeof state.name === 'string' ? state.name : '';
	const type = typeof state.type === 'string' ? state.type : '';
	const fresh = baseline || (old === undefined && lost);
	const usage = computeUsage(state);
	const capacityGB = finiteOrNull(state.capacityGB);
	const freeGB = finiteOrNull(state.freeGB);
	const rec: RepoRecord = {
		name,
		type,
		capacityGB: capacityGB === null ? null : round2(capacityGB),
		freeGB: freeGB === null ? null : round2(freeGB),
		// A repository seen for the first time after the baseline starts healthy, so a new
		// repository that is already offline or low is reported.
		reported: old ? copyReported(old.reported) : newReported(),
		streaks: old ? copyStreaks(old.streaks) : noStreaks(),
		extentPending: old?.extentPending,
		history: undefined,
		immutability: copyTrack(old?.immutability),
		settings: copyTrack(old?.settings),
	};
	rec.streaks.missing = 0;
	let shown: IDataObject | undefined;
	return {
		id,
		state,
		old,
		rec,
		fresh,
		added: !old && !fresh,
		problem: baseline && settings.emitCurrentProblems,
		// On the baseline every observation is taken as it is: no streaks, nothing announced.
		polls: fresh ? 1 : settings.sustainedForPolls,
		watched,
		capacityGB,
		freeGB,
		freePercent: usage.freePercent,
		emit(event, details) {
			if (!watched || !settings.events.has(event)) return;
			shown ??= { ...state, ...usage };
			poll.events.push({
				event,
				repository: shown,
				...immutabilityNow(poll.observation, id),
				...details,
			});
		},
	};
}
