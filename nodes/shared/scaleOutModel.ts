/**
 * The scale-out repository model as VBR returns it: its performance extents, their statuses in one
 * form whatever the revision (extentStatus.ts), the IDs of its capacity and archive extents, and the
 * `extents` summary of the node's output.
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizeExtentStatus } from './extentStatus';
import { objectOf } from './objectOf';

/** One extent of a scale-out repository, the same shape whatever the API revision. */
export interface ExtentSummary extends IDataObject {
	id: string;
	name: string;
	status: string[];
	isSealed: boolean;
	isInMaintenance: boolean;
}

export function performanceExtents(model: IDataObject): IDataObject[] {
	const tier = model.performanceTier as IDataObject | undefined;
	const extents = tier?.performanceExtents;
	return Array.isArray(extents) ? (extents as IDataObject[]) : [];
}

/** The IDs of the object storage repositories of the capacity tier. */
export function capacityExtentIds(model: IDataObject): string[] {
	const extents = objectOf(model.capacityTier).extents;
	return Array.isArray(extents)
		? extents
				.map((extent) => objectOf(extent).id)
				.filter((id) => id !== undefined)
				.map(String)
		: [];
}

/** The ID of the archive tier's repository, when it has one. */
export function archiveExtentId(model: IDataObject): string | undefined {
	const id = objectOf(model.archiveTier).extentId;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

export function summarizeExtents(model: IDataObject): ExtentSummary[] {
	return performanceExtents(model).map((extent) => {
		const status = normalizeExtentStatus(extent.status);
		return {
			id: String(extent.id),
			name: String(extent.name ?? ''),
			status,
			isSealed: status.includes('Sealed'),
			isInMaintenance: status.includes('Maintenance'),
		};
	});
}

/**
 * The scale-out repository as VBR sent it, with extent statuses normalised in place and an
 * `extents` summary a workflow can check directly (e.g. that an extent is now sealed).
 */
export function normalizeScaleOutRepository(model: IDataObject): IDataObject {
	const copy = JSON.parse(JSON.stringify(model)) as IDataObject;
	for (const extent of performanceExtents(copy))
		extent.status = normalizeExtentStatus(extent.status);
	copy.extents = summarizeExtents(copy);
	return copy;
}
