/** Steps: Repository Added, Went Offline / Came Online, Became Out of Date, Extent Status Changed. */
import { NORMAL_EXTENT, extentOf } from './details';
import type { Step } from './step';
import { advance } from './step';

export const repositoryAdded: Step = (r) => {
	if (r.added) r.emit('repositoryAdded', { previous: null, threshold: null });
};

export const onlineState: Step = (r) => {
	const online = typeof r.state.isOnline === 'boolean' ? r.state.isOnline : undefined;
	if (!advance(r.rec, 'online', online, r.polls)) return;
	if (!r.fresh) {
		r.emit(online ? 'cameOnline' : 'wentOffline', {
			previous: { isOnline: !online },
			threshold: null,
		});
	} else if (r.problem && online === false) {
		r.emit('wentOffline', { previous: null, threshold: null });
	}
};

/** API 1.3 only (1.2-rev1 lacks the field, so never an event there); the way back is silent. */
export const outOfDate: Step = (r, { baseline }) => {
	const observed = typeof r.state.isOutOfDate === 'boolean' ? r.state.isOutOfDate : undefined;
	if (!advance(r.rec, 'outOfDate', observed, r.polls) || !observed) return;
	if (r.fresh && !r.problem) return;
	r.emit('becameOutOfDate', {
		previous: baseline ? null : { isOutOfDate: false },
		threshold: null,
	});
};

/**
 * Scale-out performance extents. A status is a set of values, not yes/no, so a change counts
 * towards Sustained For only while it keeps going to the same status (`extentPending`).
 */
export const extentStatus: Step = (r, { observation }) => {
	const { rec } = r;
	const ext = observation.extents?.get(r.id);
	if (ext === undefined) {
		// Not a performance extent, or statuses were not read: forget, re-baseline when seen.
		rec.reported.extent = undefined;
		rec.extentPending = undefined;
		rec.streaks.extent = 0;
		return;
	}
	// First sighting: taken as it is, except for a repository new in this poll (Normal).
	const before = (rec.reported.extent ??= r.added ? NORMAL_EXTENT : ext.key);
	const streak =
		ext.key === before ? 0 : rec.extentPending === ext.key ? rec.streaks.extent + 1 : 1;
	if (streak > 0 && streak < r.polls) {
		rec.extentPending = ext.key;
		rec.streaks.extent = streak;
	} else {
		rec.extentPending = undefined;
		rec.streaks.extent = 0;
	}
	if (streak > 0 && streak >= r.polls) {
		rec.reported.extent = ext.key;
		r.emit('extentStatusChanged', {
			previous: { status: before.split(',') },
			threshold: null,
			extent: extentOf(ext),
		});
	}
	if (r.problem && ext.key !== NORMAL_EXTENT) {
		r.emit('extentStatusChanged', { previous: null, threshold: null, extent: extentOf(ext) });
	}
};
