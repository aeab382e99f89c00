/**
 * What the trigger remembers between polls, and its compact encoding in the workflow's static data.
 *
 * The whole snapshot is one string (`staticData.snapshot`): n8n wraps every nested object of the
 * static data in an observing Proxy when it loads a workflow and walks them again to save, which
 * costs more than the poll itself at 10,000 repositories; one string is one property to load,
 * compare and save, and replacing it is a single atomic assignment.
 *
 * Layout (JSON): `{ v, at, t: [types], s: [sample minutes], f?: [setting paths], d?: [setting
 * values], r: [record, ...] }`, one record per repository: `[id, name, typeIndex, flags, capacityGB,
 * freeGB, streaks?, extent?, pending?, history?, immutability?, settings?]` (trailing empty fields
 * left out). Settings (drift events only) are pairs of indexes into `f` and `d`: repositories share
 * most paths and many values, so each is stored once. Bounded: one record per repository that VBR
 * lists (plus those waiting for a removal to be confirmed), at most MAX_SAMPLES forecast samples each.
 */

export const SNAPSHOT_VERSION = 1;

/** Forecast samples kept per repository (a sliding window, see forecastTracking.ts). */
export const MAX_SAMPLES = 8;

/** The yes/no conditions tracked per repository. */
export type Condition = 'online' | 'outOfDate' | 'low' | 'forecast';

/** What was last reported (announced, or taken as the baseline) for each condition. */
export interface Reported extends Record<Condition, boolean> {
	/** Extent status key (scale-out performance extents only). */
	extent?: string;
}

/** Consecutive polls a condition has differed from its reported value; `missing`: polls unlisted. */
export type Streaks = Record<Condition | 'extent' | 'missing', number>;

export interface RepoRecord {
	name: string;
	type: string;
	/** Rounded to 0.01 GB; null when VBR did not report a number. */
	capacityGB: number | null;
	freeGB: number | null;
	reported: Reported;
	streaks: Streaks;
	/** The status an extent is changing to while Sustained For counts. */
	extentPending?: string;
	/** Free GB at the snapshot's sample times, aligned to the end of `sampleTimes`. */
	history?: Array<number | null>;
	/** Immutability as last reported (see immutabilityKey); undefined while not tracked. */
	immutability?: ValueTrack<string>;
	/** The settings as last reported (drift events); undefined while not tracked. */
	settings?: ValueTrack<SettingFields>;
}

/**
 * A condition with many values (immutability, settings): the value last reported, and the change
 * Sustained For is counting (`pending`, a key of the new value, for `streak` polls so far).
 */
export interface ValueTrack<T> {
	reported: T;
	pending?: string;
	streak: number;
}

/** A repository's settings as [path, JSON value] pairs, sorted by path. */
export type SettingFields = Array<[string, string]>;

export interface Snapshot {
	/** When the poll that wrote it ran (ms since the epoch). */
	polledAt: number;
	/** Forecast sample times, minutes since the epoch, oldest first. */
	sampleTimes: number[];
	/** By repository ID (lower case), in VBR's order. */
	repos: Map<string, RepoRecord>;
	/** Scale-out repositories as a whole (that option), by scale-out repository ID (lower case). */
	wholes?: Map<string, RepoRecord>;
	/**
	 * Set when part of the stored snapshot could not be read (never stored): the IDs of the records
	 * lost, and whether some record's ID was lost too (then any repository without a record may be
	 * a known one).
	 */
	unreadable?: { ids: Set<string>; anyId: boolean };
}

/** A repository seen for the first time: online, nothing else reported. */
export function newReported(): Reported {
	return { online: true, outOfDate: false, low: false, forecast: false, extent: undefined };
}

export function noStreaks(): Streaks {
	return { low: 0, online: 0, outOfDate: 0, forecast: 0, extent: 0, missing: 0 };
}

// Written out field by field (not spread): detection copies two of these per repository and poll.
export function copyReported(r: Reported): Reported {
	return {
		online: r.online,
		outOfDate: r.outOfDate,
		low: r.low,
		forecast: r.forecast,
		extent: r.extent,
	};
}

export function copyStreaks(s: Streaks): Streaks {
	return {
		low: s.low,
		online: s.online,
		outOfDate: s.outOfDate,
		forecast: s.forecast,
		extent: s.extent,
		missing: s.missing,
	};
}

/** Copies a value track for the next snapshot (the reported value is never changed in place). */
export function copyTrack<T>(track: ValueTrack<T> | undefined): ValueTrack<T> | undefined {
	return track && { reported: track.reported, pending: track.pending, streak: track.streak };
}

export function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

// Stored form: the reported conditions as bits of one number, the streaks as an array whose
// trailing zeros are left out (most records have none). A new yes/no condition takes the next bit
// (flagsOf, reportedOf, HIGHEST_FLAGS) and the next streak position (streakArrayOf, streaksOf,
// STREAK_COUNT): snapshots written before it stay readable.
const FLAG_ONLINE = 1;
const FLAG_OUT_OF_DATE = 2;
const FLAG_LOW = 4;
const FLAG_FORECAST = 8;
const STREAK_COUNT = 6;

function flagsOf(reported: Reported): number {
	return (
		(reported.online ? FLAG_ONLINE : 0) |
		(reported.outOfDate ? FLAG_OUT_OF_DATE : 0) |
		(reported.low ? FLAG_LOW : 0) |
		(reported.forecast ? FLAG_FORECAST : 0)
	);
}

function reportedOf(flags: number, extent: string | undefined): Reported {
	return {
		online: (flags & FLAG_ONLINE) !== 0,
		outOfDate: (flags & FLAG_OUT_OF_DATE) !== 0,
		low: (flags & FLAG_LOW) !== 0,
		forecast: (flags & FLAG_FORECAST) !== 0,
		extent,
	};
}

/** The streaks in stored order, trailing zeros left out; 0 when there are none (most records). */
function streakArrayOf(s: Streaks): number[] | 0 {
	if (s.low + s.online + s.outOfDate + s.forecast + s.extent + s.missing === 0) return 0;
	const all = [s.low, s.online, s.outOfDate, s.forecast, s.extent, s.missing];
	let last = STREAK_COUNT - 1;
	while (all[last] === 0) last--;
	return all.slice(0, last + 1);
}

function streaksOf(stored: number[]): Streaks {
	const at = (i: number) => stored[i] ?? 0;
	return {
		low: at(0),
		online: at(1),
		outOfDate: at(2),
		forecast: at(3),
		extent: at(4),
		missing: at(5),
	};
}

type EncodedValue = string | number | null | EncodedValue[];
type EncodedRecord = EncodedValue[];

/** Strings stored once per snapshot, referred to by index. */
class Dictionary {
	readonly list: string[] = [];
	private readonly index = new Map<string, number>();

	of(value: string): number {
		let at = this.index.get(value);
		if (at === undefined) {
			at = this.list.length;
			this.list.push(value);
			this.index.set(value, at);
		}
		return at;
	}
}

/** A value track: the reported value alone while nothing is pending (most records). */
function encodeTrack<T>(
	track: ValueTrack<T> | undefined,
	encode: (value: T) => EncodedValue,
): EncodedValue {
	if (track === undefined) return 0;
	const reported = encode(track.reported);
	return track.pending === undefined ? reported : [reported, track.pending, track.streak];
}

export function encodeSnapshot(snapshot: Snapshot): string {
	const types = new Dictionary();
	const paths = new Dictionary();
	const values = new Dictionary();
	const encodeFields = (fields: SettingFields): EncodedValue => {
		const out: number[] = [];
		for (const [path, value] of fields) out.push(paths.of(path), values.of(value));
		return out;
	};
	const encodeRecord = (id: string, rec: RepoRecord): EncodedRecord => {
		const out: EncodedRecord = [
			id,
			rec.name,
			types.of(rec.type),
			flagsOf(rec.reported),
			rec.capacityGB,
			rec.freeGB,
		];
		const optional: EncodedValue[] = [
			streakArrayOf(rec.streaks),
			rec.reported.extent ?? 0,
			rec.extentPending ?? 0,
			rec.history && rec.history.length > 0 ? rec.history : 0,
			encodeTrack(rec.immutability, (key) => key),
			encodeTrack(rec.settings, encodeFields),
		];
		let last = optional.length - 1;
		while (last >= 0 && optional[last] === 0) last--;
		for (let i = 0; i <= last; i++) out.push(optional[i]);
		return out;
	};
	const records: EncodedRecord[] = [];
	for (const [id, rec] of snapshot.repos) records.push(encodeRecord(id, rec));
	const wholes: EncodedRecord[] = [];
	for (const [id, rec] of snapshot.wholes ?? []) wholes.push(encodeRecord(id, rec));
	const dictionaries = paths.list.length > 0 ? { f: paths.list, d: values.list } : {};
	return JSON.stringify({
		v: SNAPSHOT_VERSION,
		at: snapshot.polledAt,
		t: types.list,
		s: snapshot.sampleTimes,
		...dictionaries,
		r: records,
		...(wholes.length > 0 ? { w: wholes } : {}),
	});
}

/** Largest streak a valid snapshot can hold: Sustained For is at most 1000 polls. */
const MAX_STREAK = 1000;
const HIGHEST_FLAGS = FLAG_ONLINE | FLAG_OUT_OF_DATE | FLAG_LOW | FLAG_FORECAST;

const isCount = (value: unknown, max: number): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
const isAmount = (value: unknown): value is number | null =>
	value === null || (typeof value === 'number' && Number.isFinite(value));
/** Optional fields before the last present one are written as 0. */
const isAbsent = (value: unknown): boolean => value === undefined || value === 0;

/** The dictionaries a record refers to. */
interface Tables {
	types: unknown[];
	paths: unknown[];
	values: unknown[];
}

/** A stored value track; null when it is not what encodeTrack writes, undefined when absent. */
function readTrack<T>(
	raw: unknown,
	read: (value: unknown) => T | undefined,
): ValueTrack<T> | undefined | null {
	if (isAbsent(raw)) return undefined;
	const pendingForm =
		Array.isArray(raw) &&
		raw.length === 3 &&
		typeof raw[1] === 'string' &&
		isCount(raw[2], MAX_STREAK);
	const reported = read(pendingForm ? (raw as unknown[])[0] : raw);
	if (reported !== undefined) {
		if (!pendingForm) return { reported, streak: 0 };
		const [, pending, streak] = raw as [unknown, string, number];
		return { reported, pending, streak };
	}
	return null;
}

function readFields(raw: unknown, tables: Tables): SettingFields | undefined {
	if (!Array.isArray(raw) || raw.length % 2 !== 0) return undefined;
	const fields: SettingFields = [];
	for (let i = 0; i < raw.length; i += 2) {
		const path = isCount(raw[i], tables.paths.length - 1) ? tables.paths[raw[i]] : undefined;
		const value =
			isCount(raw[i + 1], tables.values.length - 1) ? tables.values[raw[i + 1]] : undefined;
		if (typeof path !== 'string' || typeof value !== 'string') return undefined;
		fields.push([path, value]);
	}
	return fields;
}

/** One stored record, or undefined when any of its fields is not what encodeSnapshot writes. */
function readRecord(raw: unknown[], tables: Tables): RepoRecord | undefined {
	const { types } = tables;
	if (raw.length < 6 || raw.length > 12) return undefined;
	const [, name, typeIndex, flags, capacityGB, freeGB, streaks, extent, pending, history] = raw;
	if (typeof name !== 'string' || !isCount(typeIndex, types.length - 1)) return undefined;
	const type = types[typeIndex];
	if (typeof type !== 'string' || !isCount(flags, HIGHEST_FLAGS)) return undefined;
	if (!isAmount(capacityGB) || !isAmount(freeGB)) return undefined;
	const rec: RepoRecord = {
		name,
		type,
		capacityGB,
		freeGB,
		reported: reportedOf(flags, typeof extent === 'string' ? extent : undefined),
		streaks: noStreaks(),
		extentPending: undefined,
		history: undefined,
	};
	if (Array.isArray(streaks)) {
		if (streaks.length > STREAK_COUNT || !streaks.every((n) => isCount(n, MAX_STREAK))) {
			return undefined;
		}
		rec.streaks = streaksOf(streaks as number[]);
	} else if (!isAbsent(streaks)) return undefined;
	if (typeof extent !== 'string' && !isAbsent(extent)) return undefined;
	if (typeof pending === 'string') rec.extentPending = pending;
	else if (!isAbsent(pending)) return undefined;
	if (Array.isArray(history)) {
		if (history.length > MAX_SAMPLES || !history.every(isAmount)) return undefined;
		rec.history = history as Array<number | null>;
	} else if (!isAbsent(history)) return undefined;
	const immutability = readTrack(raw[10], (key) => (typeof key === 'string' ? key : undefined));
	const settings = readTrack(raw[11], (fields) => readFields(fields, tables));
	if (immutability === null || settings === null) return undefined;
	rec.immutability = immutability;
	rec.settings = settings;
	return rec;
}

/** Stored records by ID; what cannot be read (or is there twice) is listed in `lost`. */
function readRecords(
	records: unknown[],
	tables: Tables,
	lost: { ids: Set<string>; anyId: boolean },
): Map<string, RepoRecord> {
	const byId = new Map<string, RepoRecord>();
	for (const raw of records) {
		const id =
			Array.isArray(raw) && typeof raw[0] === 'string' && raw[0] !== '' ? raw[0] : undefined;
		const rec = id === undefined ? undefined : readRecord(raw as unknown[], tables);
		if (id === undefined) lost.anyId = true;
		else if (rec === undefined || byId.has(id) || lost.ids.has(id)) {
			// A duplicate makes both copies doubtful.
			byId.delete(id);
			lost.ids.add(id);
		} else byId.set(id, rec);
	}
	return byId;
}

/** What the trigger could read of its static data. */
export interface StoredSnapshot {
	/** Undefined only when nothing was stored yet (the first poll). */
	snapshot?: Snapshot;
	/** Why some or all of what was stored could not be read; undefined when everything was. */
	problem?: string;
}

/** A snapshot that knows nothing: every repository VBR lists is taken as it is, silently. */
function unreadable(problem: string): StoredSnapshot {
	return {
		snapshot: {
			polledAt: 0,
			sampleTimes: [],
			repos: new Map(),
			unreadable: { ids: new Set(), anyId: true },
		},
		problem,
	};
}

/**
 * Reads the stored snapshot, keeping every record that is intact. What cannot be read (damaged
 * JSON, another version, a record with a field encodeSnapshot never writes, such as tampered
 * flags or streaks) is listed in `snapshot.unreadable`, so that detection takes those
 * repositories as they are now instead of inventing events from garbage, and `problem` says what
 * happened (the poll logs it).
 */
export function readSnapshot(text: unknown): StoredSnapshot {
	if (text === undefined) return {};
	if (typeof text !== 'string')
		return unreadable(`the stored snapshot is ${typeof text}, not text`);
	let data: {
		v?: unknown;
		at?: unknown;
		t?: unknown;
		s?: unknown;
		f?: unknown;
		d?: unknown;
		r?: unknown;
		w?: unknown;
	};
	try {
		data = JSON.parse(text);
	} catch {
		return unreadable('the stored snapshot is not valid JSON');
	}
	if (data === null || typeof data !== 'object')
		return unreadable('the stored snapshot is damaged');
	if (data.v !== SNAPSHOT_VERSION) {
		return unreadable(
			`the stored snapshot has format ${JSON.stringify(data.v)}, not ${SNAPSHOT_VERSION}`,
		);
	}
	const { t: types, s: times, r: records, f: paths = [], d: values = [], w: wholeRecords = [] } = data;
	if (
		!Array.isArray(types) ||
		!Array.isArray(wholeRecords) ||
		!Array.isArray(paths) ||
		!Array.isArray(values) ||
		!Array.isArray(records) ||
		!Array.isArray(times) ||
		times.length > MAX_SAMPLES ||
		!times.every((x) => typeof x === 'number' && Number.isFinite(x)) ||
		typeof data.at !== 'number'
	) {
		return unreadable('the stored snapshot is damaged');
	}
	const lost = { ids: new Set<string>(), anyId: false };
	const tables = { types, paths, values };
	const repos = readRecords(records as unknown[], tables, lost);
	const wholes = readRecords(wholeRecords as unknown[], tables, lost);
	const snapshot: Snapshot = { polledAt: data.at, sampleTimes: times as number[], repos };
	if (wholes.size > 0) snapshot.wholes = wholes;
	if (!lost.anyId && lost.ids.size === 0) return { snapshot };
	snapshot.unreadable = lost;
	const total = records.length + wholeRecords.length;
	const count = total - repos.size - wholes.size;
	return {
		snapshot,
		problem: `${count} of ${total} records in the stored snapshot could not be read`,
	};
}

/**
 * Reads a stored snapshot only if every part of it is intact; undefined otherwise (and when
 * nothing was stored).
 */
export function decodeSnapshot(text: unknown): Snapshot | undefined {
	const { snapshot, problem } = readSnapshot(text);
	return problem === undefined ? snapshot : undefined;
}
