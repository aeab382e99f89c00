// @ts-check
'use strict';

/**
 * Session machinery shared by every asynchronous operation (add/edit repository, rescan, SOBR changes, sealed and
 * maintenance mode). Timer-free: a session's state is computed from its timestamps when it is read. A session is
 * `Working` (result `None`, progress growing) until `sessionDurationMs` has passed, then `Stopped` with an end time,
 * progress 100 and its result. Inventory changes are applied lazily by `settle(now)`, which runs before every
 * request and every store read, finishing due sessions in end-time order so the outcome is deterministic.
 *
 * Results come from the `nextSessionResults` queue (one entry per started session) or default to Success.
 * Failed leaves the inventory unchanged; Warning applies the change; an apply step that throws turns the session
 * into Failed with that message (e.g. the repository was deleted meanwhile).
 */
const { randomId } = require('./ids');
const { isoTime } = require('./time');
const { canonicalEnum } = require('./versions');

const RESULTS = ['Success', 'Warning', 'Failed'];

/**
 * @typedef {object} SessionDefinition
 * @property {string} name
 * @property {string} sessionType
 * @property {string} [id]
 * @property {string} [jobId] defaults to the session id (as in Veeam's Infrastructure session examples)
 * @property {string} [resourceId]
 * @property {string} [resourceReference]
 * @property {string} initiatedBy
 * @property {string[]} steps log titles, revealed as the session progresses
 * @property {string} doneTitle last log record on success
 * @property {string} [failMessage] result message when told to fail without a message
 * @property {(() => void) | null} [apply] inventory change, run when the session ends with Success or Warning
 * @property {(() => void) | null} [onFinish] always run when the session ends (e.g. release a reserved name)
 * @property {boolean} [consumeResult] take the next queued result (default true)
 */

/**
 * @typedef {object} SessionRecord
 * @property {string} id
 * @property {string} name
 * @property {string} jobId
 * @property {string} sessionType
 * @property {number} creationMs
 * @property {number} durationMs
 * @property {number} plannedEndMs
 * @property {{ result: string, message: string }} planned
 * @property {{ result: string, message: string, isCanceled: boolean } | null} final
 * @property {number | null} endMs
 * @property {number} usn
 * @property {string} [resourceId]
 * @property {string} [resourceReference]
 * @property {string} initiatedBy
 * @property {string[]} steps
 * @property {string} doneTitle
 * @property {(() => void) | null} apply
 * @property {(() => void) | null} onFinish
 * @property {number} seq
 * @property {{ message: string, sinceMs: number } | null} [actionRequired] waiting for an action in the console (1.3-rev2
 *   state ActionRequired): the session does not progress or end until resumed or stopped
 */

/**
 * What a session record takes from its definition as it is: the object, the initiator, the log.
 * @param {SessionDefinition} def
 */
function describedBy(def) {
	return {
		resourceId: def.resourceId,
		resourceReference: def.resourceReference,
		initiatedBy: def.initiatedBy,
		steps: def.steps,
		doneTitle: def.doneTitle,
	};
}

class SessionService {
	/**
	 * @param {{ sessionDurationMs: number, nextSessionResults: Array<{ result: string, message?: string }> }} config
	 */
	constructor(config) {
		this.config = config;
		/** @type {Map<string, SessionRecord>} */
		this.sessions = new Map();
		/** @type {SessionRecord[]} running sessions ordered by planned end */
		this.pending = [];
		this.usn = 331500;
		this.seq = 0;
		this.settling = false;
	}

	/** Forget every session (running ones are dropped without applying their change). */
	reset() {
		this.sessions = new Map();
		this.pending = [];
		this.usn = 331500;
		this.seq = 0;
		this.settling = false;
	}

	/**
	 * Start a session now; returns its record.
	 * @param {SessionDefinition} def @param {number} now
	 */
	start(def, now) {
		const next = def.consumeResult === false ? undefined : this.config.nextSessionResults.shift();
		// An unknown word is kept as is (a result a newer VBR might report); it changes nothing, like Failed.
		const result = (next && (canonicalEnum(RESULTS, next.result) || next.result)) || 'Success';
		const message =
			(next && next.message) ||
			(result === 'Failed' ? def.failMessage || 'Operation failed' : result === 'Warning' ? 'Completed with warnings' : 'Success');
		const id = def.id || randomId();
		const durationMs = Math.max(0, Number(this.config.sessionDurationMs) || 0);
		/** @type {SessionRecord} */
		const rec = {
			id,
			name: def.name,
			jobId: def.jobId || id,
			sessionType: def.sessionType,
			creationMs: now,
			durationMs,
			plannedEndMs: now + durationMs,
			planned: { result, message },
			final: null,
			endMs: null,
			usn: ++this.usn,
			...describedBy(def),
			apply: def.apply || null,
			onFinish: def.onFinish || null,
			seq: ++this.seq,
		};
		this.sessions.set(id, rec);
		this.pending.push(rec);
		this.pending.sort((a, b) => a.plannedEndMs - b.plannedEndMs || a.seq - b.seq);
		return rec;
	}

	/**
	 * Record a session that already finished (seed history, deletions).
	 * @param {SessionDefinition & { creationMs: number, durationMs: number, result: { result: string, message: string } }} def
	 */
	addCompleted(def) {
		const id = def.id || randomId();
		/** @type {SessionRecord} */
		const rec = {
			id,
			name: def.name,
			jobId: def.jobId || id,
			sessionType: def.sessionType,
			creationMs: def.creationMs,
			durationMs: def.durationMs,
			plannedEndMs: def.creationMs + def.durationMs,
			planned: def.result,
			final: { ...def.result, isCanceled: false },
			endMs: def.creationMs + def.durationMs,
			usn: ++this.usn,
			...describedBy(def),
			apply: null,
			onFinish: null,
			seq: ++this.seq,
		};
		this.sessions.set(id, rec);
		return rec;
	}

	/** Finish every session whose end time has passed, in end-time order. @param {number} now */
	settle(now) {
		if (this.settling) return;
		this.settling = true;
		try {
			while (this.pending.length && this.pending[0].plannedEndMs <= now) {
				const rec = /** @type {SessionRecord} */ (this.pending.shift());
				this.finish(rec, rec.plannedEndMs);
			}
		} finally {
			this.settling = false;
		}
	}

	/** @param {SessionRecord} rec @param {number} endMs */
	finish(rec, endMs) {
		/** @type {{ result: string, message: string, isCanceled: boolean }} */
		let final = { ...rec.planned, isCanceled: false };
		if ((final.result === 'Success' || final.result === 'Warning') && rec.apply) {
			try {
				rec.apply();
			} catch (e) {
				final = { result: 'Failed', message: /** @type {Error} */ (e).message, isCanceled: false };
			}
		}
		rec.final = final;
		rec.endMs = endMs;
		rec.usn = ++this.usn;
		if (rec.onFinish) rec.onFinish();
		rec.apply = null;
		rec.onFinish = null;
	}

	/**
	 * POST /sessions/{id}/stop: a running session ends now, canceled, without applying its change.
	 * @param {SessionRecord} rec @param {number} now
	 */
	stop(rec, now) {
		if (rec.final) return false;
		const i = this.pending.indexOf(rec);
		if (i >= 0) this.pending.splice(i, 1);
		rec.apply = null;
		rec.actionRequired = null;
		rec.planned = { result: 'Failed', message: 'Canceled by user' };
		this.finish(rec, now);
		rec.final = { result: 'Failed', message: 'Canceled by user', isCanceled: true };
		return true;
	}

	/**
	 * Put a running session into ActionRequired: VBR waits for someone to act in the console. It stays so (no
	 * progress, no end) until `resume` or a stop. Returns false when the session has already finished.
	 * @param {SessionRecord} rec @param {string} message @param {number} now
	 */
	requireAction(rec, message, now) {
		if (rec.final) return false;
		const i = this.pending.indexOf(rec);
		if (i >= 0) this.pending.splice(i, 1);
		if (!rec.actionRequired) rec.actionRequired = { message, sinceMs: now };
		else rec.actionRequired.message = message;
		rec.usn = ++this.usn;
		return true;
	}

	/**
	 * The action was taken: the session goes on and ends after the time it still had left.
	 * @param {SessionRecord} rec @param {number} now
	 */
	resume(rec, now) {
		if (rec.final || !rec.actionRequired) return false;
		const left = Math.max(0, rec.plannedEndMs - rec.actionRequired.sinceMs);
		rec.actionRequired = null;
		rec.plannedEndMs = now + left;
		rec.usn = ++this.usn;
		this.pending.push(rec);
		this.pending.sort((a, b) => a.plannedEndMs - b.plannedEndMs || a.seq - b.seq);
		return true;
	}

	/**
	 * The state a revision shows: ActionRequired exists only in 1.3-rev2; older revisions see the session Working.
	 * @param {SessionRecord} rec @param {import('./versions').Features} f
	 */
	stateOf(rec, f) {
		if (rec.final) return 'Stopped';
		return rec.actionRequired && f.actionRequiredState ? 'ActionRequired' : 'Working';
	}

	/** @param {string} id */
	get(id) {
		return this.sessions.get(String(id).toLowerCase());
	}

	list() {
		return [...this.sessions.values()];
	}

	/**
	 * SessionModel as a revision returns it.
	 * @param {SessionRecord} rec @param {import('./versions').Features} f @param {number} now
	 */
	view(rec, f, now) {
		const stopped = !!rec.final;
		const at = rec.actionRequired ? rec.actionRequired.sinceMs : now;
		const progress = stopped
			? 100
			: rec.durationMs > 0
				? Math.max(0, Math.min(99, Math.floor(((at - rec.creationMs) / rec.durationMs) * 100)))
				: 99;
		/** @type {any} */
		const out = {
			sessionType: rec.sessionType,
			state: this.stateOf(rec, f),
			id: rec.id,
			name: rec.name,
			jobId: rec.jobId,
			creationTime: isoTime(rec.creationMs),
		};
		if (stopped) out.endTime = isoTime(/** @type {number} */ (rec.endMs));
		out.progressPercent = progress;
		out.result = stopped
			? { result: rec.final?.result, message: rec.final?.message, isCanceled: rec.final?.isCanceled }
			: { result: 'None', message: rec.actionRequired ? rec.actionRequired.message : '', isCanceled: false };
		if (rec.resourceId) out.resourceId = rec.resourceId;
		if (rec.resourceReference) out.resourceReference = rec.resourceReference;
		out.usn = rec.usn;
		if (f.initiatedBy) out.initiatedBy = rec.initiatedBy;
		return out;
	}

	/**
	 * SessionLogResult: one record per step revealed so far, newest first, then the outcome (or the action VBR
	 * waits for). The outcome and action records carry `additionalInfo`: a string before 1.3-rev2, a list of
	 * `{ field, data }` (CommonMetaInfo) since.
	 * @param {SessionRecord} rec @param {number} now @param {string} [statusFilter] @param {import('./versions').Features} [f]
	 */
	logs(rec, now, statusFilter, f) {
		const final = rec.final;
		const waiting = !final && rec.actionRequired ? rec.actionRequired : null;
		if (waiting) now = waiting.sinceMs;
		/** @param {Record<string, string>} info @returns {{ additionalInfo?: any }} none in 1.2 (no such field) */
		const additionalInfo = (info) => {
			if (!f || !f.is13) return {};
			return f.logAdditionalInfoList
				? { additionalInfo: Object.entries(info).map(([field, data]) => ({ field, data })) }
				: { additionalInfo: Object.entries(info).map(([k, v]) => `${k}: ${v}`).join('; ') };
		};
		const end = final ? /** @type {number} */ (rec.endMs) : now;
		const n = rec.steps.length;
		const slot = rec.durationMs / (n + 1);
		/** @type {any[]} */
		const records = [];
		for (let i = 0; i < n; i++) {
			const start = rec.creationMs + Math.floor(slot * i);
			if (start > end && i > 0) break;
			const nextStart = rec.creationMs + Math.floor(slot * (i + 1));
			const running = !final && nextStart > now;
			let status = running ? 'None' : 'Succeeded';
			if (final && final.result === 'Failed' && (i === n - 1 || nextStart > end)) status = 'Failed';
			records.push({
				id: i + 1,
				status,
				startTime: isoTime(start),
				updateTime: isoTime(running ? now : Math.min(nextStart, end)),
				title: rec.steps[i],
				description: '',
			});
			if (status === 'Failed') break;
		}
		if (final) {
			const status = final.result === 'Success' ? 'Succeeded' : final.result === 'Warning' ? 'Warning' : 'Failed';
			const title = final.result === 'Success' ? rec.doneTitle : final.message;
			records.push({
				id: records.length + 1, status, startTime: isoTime(end), updateTime: isoTime(end), title, description: '',
				...additionalInfo({ Result: final.result, ...(final.isCanceled ? { Canceled: 'true' } : {}) }),
			});
		} else if (waiting) {
			records.push({
				id: records.length + 1, status: 'Warning', startTime: isoTime(waiting.sinceMs), updateTime: isoTime(waiting.sinceMs),
				title: waiting.message, description: 'Action required in the Veeam Backup & Replication console',
				...additionalInfo({ State: 'ActionRequired', Message: waiting.message }),
			});
		}
		records.reverse();
		const filtered = statusFilter ? records.filter((r) => r.status === statusFilter) : records;
		return { totalRecords: filtered.length, records: filtered };
	}
}

/** How VBR writes the initiating account: local accounts as `.\name`. @param {string} username */
function initiatorName(username) {
	return /[\\@]/.test(username) ? username : `.\\${username}`;
}

module.exports = { SessionService, initiatorName };
