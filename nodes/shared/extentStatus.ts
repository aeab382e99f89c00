/**
 * Scale-out extent statuses (ERepositoryExtentStatusType). API 1.2-rev1 reports one value per
 * performance extent (the most significant one), API 1.3 a list. Both are read here into one
 * canonical form: a sorted list of PascalCase values, never empty ("Normal" when nothing is set).
 */
export const EXTENT_STATUSES = [
	'Normal',
	'Evacuate',
	'Pending',
	'Sealed',
	'Maintenance',
	'ResyncRequired',
	'TenantEvacuating',
] as const;

const CANONICAL = new Map<string, string>(EXTENT_STATUSES.map((s) => [s.toLowerCase(), s]));

function canonical(value: string): string {
	return CANONICAL.get(value.toLowerCase()) ?? value;
}

/** `"Sealed"` (1.2-rev1), `["Sealed", "Maintenance"]` (1.3), nothing → `["Normal"]`. */
export function normalizeExtentStatus(status: unknown): string[] {
	const raw = Array.isArray(status)
		? status
		: status === undefined || status === null
			? []
			: [status];
	const values = new Set<string>();
	for (const value of raw) {
		if (typeof value === 'string' && value.trim() !== '') values.add(canonical(value.trim()));
	}
	// "Normal" next to a real status carries no information (1.3 lists never combine them).
	if (values.size > 1) values.delete('Normal');
	if (values.size === 0) values.add('Normal');
	return [...values].sort();
}

/** A stable text form for comparing statuses: `"Maintenance,Sealed"`. */
export function extentStatusKey(statuses: string[]): string {
	return statuses.join(',');
}

export interface PerformanceExtent {
	id: string;
	name?: string;
	status?: unknown;
}

/** The part of ScaleOutRepositoryModel that extent statuses need. */
export interface ScaleOutRepositoryExtents {
	id: string;
	name: string;
	performanceTier?: { performanceExtents?: PerformanceExtent[] };
}

export interface ExtentState {
	/** Canonical statuses, sorted. */
	status: string[];
	key: string;
	scaleOutRepositoryId: string;
	scaleOutRepositoryName: string;
}

/** Performance extents of every scale-out repository, keyed by the extent's repository ID (lower case). */
export function extentStatesById(
	scaleOutRepositories: ScaleOutRepositoryExtents[],
): Map<string, ExtentState> {
	const result = new Map<string, ExtentState>();
	for (const sobr of scaleOutRepositories) {
		for (const extent of sobr.performanceTier?.performanceExtents ?? []) {
			if (typeof extent?.id !== 'string') continue;
			const status = normalizeExtentStatus(extent.status);
			result.set(extent.id.toLowerCase(), {
				status,
				key: extentStatusKey(status),
				scaleOutRepositoryId: sobr.id,
				scaleOutRepositoryName: sobr.name,
			});
		}
	}
	return result;
}
