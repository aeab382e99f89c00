import type { IDataObject } from 'n8n-workflow';

/**
 * Used and free percentages of a repository state. Used is computed as capacity minus free,
 * not from usedSpaceGB, which VBR reports as the logical size of the backups and which can exceed
 * the capacity. Cloud repositories report a capacity of 0 or -1 ("unknown"): the percentages are
 * then null instead of a division by zero or a misleading 100 % free.
 */
export function computeUsage(state: IDataObject): {
	usedPercent: number | null;
	freePercent: number | null;
} {
	const capacity = Number(state.capacityGB);
	const free = Number(state.freeGB);
	if (!Number.isFinite(capacity) || !Number.isFinite(free) || capacity <= 0 || free < 0) {
		return { usedPercent: null, freePercent: null };
	}
	const freePercent = round2(Math.min(100, (free / capacity) * 100));
	return { usedPercent: round2(100 - freePercent), freePercent };
}

function round2(value: number): number {
	return Math.round(value * 100) / 100;
}
