/**
 * What the trigger remembers between polls, and its compact encoding in the workflow's static data.
 *
 * The whole snapshot is one string (`staticData.snapshot`): n8n wraps every nested object of the
 * static data in an observing Proxy when it loads a workflow and walks them again to save, which
 * costs more than the poll itself at 10,000 repositories; one string is one property to load,
 * compare and save, and replacing it is a single atomic assignment.
 *
 * Layout (JSON): `{ v, at, t: [types], s: [sample minutes], r: [record, ...] }`, one record per
 * repository: `[id, name, typeIndex, flags, capacityGB, freeGB, streaks?, extent?, pending?, history?]`
 * (trailing empty fields left out). Bounded: one record per repository that VBR lists (plus those
 * waiting for a removal to be confirmed) and at most MAX_SAMPLES forecast samples each.
 */

export const SNAPSHOT_VERSION = 1;

/** Reported (last announced) conditions, one bit each. */
export const FLAG_ONLINE = 1;
export const FLAG_OUT_OF_DATE = 2;
export const FLAG_LOW = 4;
export const FLAG_FORECAST = 8;

/** Positions in `streaks`: consecutive polls a condition has differed from its reported value. */
export const STREAK_LOW = 0;
export const STREAK_ONLINE = 1;
export const STREAK_OUT_OF_DATE = 2;
export const STREAK_FORECAST = 3;
export const STREAK_EXTENT = 4;
export const STREAK_MISSING = 5;
const STREAK_COUNT = 6;

/** Forecast samples kept per repository (a sliding window, see detect.ts). */
export const MAX_SAMPLES = 8;

export interface RepoRecord {
	name: string;
	type: string;
	flags: number;
	/** Rounded to 0.01 GB; null when VBR did not report a number. */
	capacityGB: number | null;
	freeGB: number | null;
	streaks: number[];
	/** Reported extent status key (scale-out performance extents only). */
	extent?: string;
	/** The status an extent is changing to while Sustained For counts. */
	extentPending?: string;
	/** Free GB at the snapshot's sample times, aligned to the end of `sampleTimes`. */
	history?: Array<number | null>;
}

export interface Snapshot {
	/** When the poll that wrote it ran (ms since the epoch). */
	polledAt: number;
	/** Forecast sample times, minutes since the epoch, oldest first. */
	sampleTimes: number[];
	/** By repository ID (lower case), in VBR's order. */
	repos: Map<string, RepoRecord>;
}

export function emptyStreaks(): number[] {
	return [0, 0, 0, 0, 0, 0];
}

export function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

type EncodedRecord = Array<string | number | null | Array<number | null>>;

export function encodeSnapshot(snapshot: Snapshot): string {
	const types: string[] = [];
	const typeIndex = new Map<string, number>();
	const records: EncodedRecord[] = [];
	for (const [id, rec] of snapshot.repos) {
		let t = typeIndex.get(rec.type);
		if (t === undefined) {
			t = types.length;
			types.push(rec.type);
			typeIndex.set(rec.type, t);
		}
		const out: EncodedRecord = [id, rec.name, t, rec.flags, rec.capacityGB, rec.freeGB];
		let streaks: number[] | 0 = 0;
		for (let i = STREAK_COUNT - 1; i >= 0; i--) {
			if (rec.streaks[i]) {
				streaks = rec.streaks.slice(0, i + 1);
				break;
			}
		}
		const optional = [
			streaks,
			rec.extent ?? 0,
			rec.extentPending ?? 0,
			rec.history && rec.history.length > 0 ? rec.history : 0,
		];
		let last = optional.length - 1;
		while (last >= 0 && optional[last] === 0) last--;
		for (let i = 0; i <= last; i++) out.push(optional[i]);
		records.push(out);
	}
	return JSON.stringify({
		v: SNAPSHOT_VERSION,
		at: snapshot.polledAt,
		t: types,
		s: snapshot.sampleTimes,
		r: records,
	});
}

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * Reads a stored snapshot. Anything unreadable (another version, damaged data) gives undefined,
 * which the trigger treats like a first poll: a new baseline, no events.
 */
export function decodeSnapshot(text: unknown): Snapshot | undefined {
	if (typeof text !== 'string' || text === '') return undefined;
	let data: { v?: unknown; at?: unknown; t?: unknown; s?: unknown; r?: unknown };
	try {
		data = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (
		data?.v !== SNAPSHOT_VERSION ||
		!Array.isArray(data.t) ||
		!Array.isArray(data.s) ||
		!Array.isArray(data.r)
	) {
		return undefined;
	}
	const types = data.t as unknown[];
	const repos = new Map<string, RepoRecord>();
	for (const raw of data.r as unknown[]) {
		if (!Array.isArray(raw) || typeof raw[0] !== 'string') return undefined;
		const streaks = emptyStreaks();
		if (Array.isArray(raw[6])) {
			for (let i = 0; i < STREAK_COUNT; i++) streaks[i] = Number(raw[6][i]) || 0;
		}
		const rec: RepoRecord = {
			name: typeof raw[1] === 'string' ? raw[1] : '',
			type: typeof types[raw[2]] === 'string' ? (types[raw[2]] as string) : '',
			flags: Number(raw[3]) || 0,
			capacityGB: numberOrNull(raw[4]),
			freeGB: numberOrNull(raw[5]),
			streaks,
		};
		if (typeof raw[7] === 'string') rec.extent = raw[7];
		if (typeof raw[8] === 'string') rec.extentPending = raw[8];
		if (Array.isArray(raw[9])) rec.history = (raw[9] as unknown[]).map(numberOrNull);
		repos.set(raw[0], rec);
	}
	return {
		polledAt: Number(data.at) || 0,
		sampleTimes: (data.s as unknown[]).filter((x): x is number => typeof x === 'number'),
		repos,
	};
}
