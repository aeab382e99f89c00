/**
 * Scale-Out Repositories as a Whole: Low Free Space, Free Space Recovered and Forecast Full also for
 * each scale-out repository, over the performance extents that can still take new backups (not
 * Sealed, in Maintenance or being evacuated). Each scale-out repository gets a record of its own in
 * the snapshot (`wholes`), moved on by the same steps as a repository.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ExtentState } from '../shared/extentStatus';
import type { RepositoryStateModel } from '../shared/types';
import { finiteOrNull } from './details';
import { forecastFull } from './forecastTracking';
import { repositoryPoll, wasLost } from './repositoryPoll';
import type { RepoRecord, Snapshot } from './snapshot';
import { round2 } from './snapshot';
import { freeSpace } from './space';
import type { PollContext, Step } from './step';

/** Extent statuses that take no new backups: their space is not the scale-out's free space. */
const NO_NEW_BACKUPS = new Set(['Sealed', 'Maintenance', 'Evacuate']);

const WHOLE_STEPS: Step[] = [freeSpace, forecastFull];

/** The type a whole scale-out repository has in events (not a VBR repository type). */
export const SCALE_OUT_WHOLE_TYPE = 'ScaleOutRepository';

interface Whole {
	id: string;
	name: string;
	extents: IDataObject[];
}

/** Scale-out repositories with their performance extents, from the extent map and the states. */
function wholesOf(extents: Map<string, ExtentState>, states: RepositoryStateModel[]): Whole[] {
	const stateById = new Map(states.map((s) => [String(s.id).toLowerCase(), s]));
	const byId = new Map<string, Whole>();
	for (const [extentId, extent] of extents) {
		const id = extent.scaleOutRepositoryId.toLowerCase();
		let whole = byId.get(id);
		if (whole === undefined) {
			whole = { id, name: extent.scaleOutRepositoryName, extents: [] };
			byId.set(id, whole);
		}
		const state = stateById.get(extentId);
		whole.extents.push({
			id: state?.id ?? extentId,
			name: state?.name ?? null,
			status: extent.status,
			capacityGB: finiteOrNull(state?.capacityGB),
			freeGB: finiteOrNull(state?.freeGB),
			counted: !extent.status.some((s) => NO_NEW_BACKUPS.has(s)),
		});
	}
	return [...byId.values()];
}

/** The whole as a repository state: the counted extents' totals, -1 (unknown) when any is unknown. */
function wholeState(whole: Whole): RepositoryStateModel {
	const counted = whole.extents.filter((e) => e.counted === true);
	const known = counted.every(
		(e) => typeof e.capacityGB === 'number' && e.capacityGB > 0 && typeof e.freeGB === 'number',
	);
	const sum = (key: 'capacityGB' | 'freeGB') =>
		round2(counted.reduce((total, e) => total + (e[key] as number), 0));
	const capacityGB = counted.length > 0 && known ? sum('capacityGB') : -1;
	const freeGB = counted.length > 0 && known ? sum('freeGB') : -1;
	return {
		id: whole.id,
		name: whole.name,
		type: SCALE_OUT_WHOLE_TYPE,
		capacityGB,
		freeGB,
		usedSpaceGB: capacityGB > 0 ? round2(capacityGB - freeGB) : -1,
	};
}

/** Runs the capacity steps for every scale-out repository; returns their records for the snapshot. */
export function scaleOutWholes(
	previous: Snapshot | undefined,
	poll: PollContext,
): Map<string, RepoRecord> {
	const records = new Map<string, RepoRecord>();
	const { extents, states } = poll.observation;
	if (extents === undefined) return records;
	for (const whole of wholesOf(extents, states)) {
		const state = wholeState(whole);
		const source = {
			old: previous?.wholes?.get(whole.id),
			lost: wasLost(previous, whole.id),
			watched: poll.settings.isNameWatched(whole.name),
		};
		const r = repositoryPoll(whole.id, state, source, poll);
		records.set(whole.id, r.rec);
		const first = poll.events.length;
		for (const step of WHOLE_STEPS) step(r, poll);
		for (let i = first; i < poll.events.length; i++) {
			poll.events[i] = { ...poll.events[i], extents: whole.extents };
		}
	}
	return records;
}
