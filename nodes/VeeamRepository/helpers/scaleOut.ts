import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { performanceExtents } from '../../shared/scaleOut';
import type { VeeamClient } from '../../shared/transport/client';
import { SCALE_OUT_REPOSITORIES_PATH, scaleOutRepositoryPath } from '../../shared/transport/paths';
import type { ListResult } from '../../shared/types';
import { isUuid } from '../../shared/validation';
import type { LocatorValue } from './parameters';
import { truncate } from './parameters';

export async function findScaleOutRepositoryByName(
	client: VeeamClient,
	name: string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	const result = await client.request<ListResult<IDataObject>>(
		{ method: 'GET', path: SCALE_OUT_REPOSITORIES_PATH, qs: { nameFilter: name, limit: 1000 } },
		itemIndex,
	);
	const candidates = result.data ?? [];
	const exact = candidates.find((sobr) => sobr.name === name);
	if (exact) return exact;
	const folded = candidates.filter(
		(sobr) => String(sobr.name).toLowerCase() === name.toLowerCase(),
	);
	return folded.length === 1 ? folded[0] : undefined;
}

/** The scale-out repository the locator points at, read from VBR (its extents are needed anyway). */
export async function readScaleOutRepository(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	locator: LocatorValue,
	itemIndex: number,
): Promise<IDataObject> {
	if (locator.mode === 'id') {
		return await client.request<IDataObject>(
			{ method: 'GET', path: scaleOutRepositoryPath(locator.value) },
			itemIndex,
		);
	}
	const found = await findScaleOutRepositoryByName(client, locator.value, itemIndex);
	if (!found) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No scale-out repository named "${locator.value}" exists`,
			{
				description: 'Names are matched exactly. Check the spelling, or pick it from the list.',
				itemIndex,
			},
		);
	}
	return found;
}

/**
 * Maps each reference to a performance extent of this scale-out repository, by ID or by name.
 * Anything else is refused here, before the change is sent.
 */
export function resolveExtents(
	ctx: IExecuteFunctions,
	scaleOutRepository: IDataObject,
	references: string[],
	itemIndex: number,
): Array<{ id: string; name: string }> {
	const extents = performanceExtents(scaleOutRepository).map((extent) => ({
		id: String(extent.id).toLowerCase(),
		name: String(extent.name ?? ''),
	}));
	const resolved: Array<{ id: string; name: string }> = [];
	for (const reference of references) {
		const byId = isUuid(reference as unknown);
		const match = byId
			? extents.find((extent) => extent.id === reference.toLowerCase())
			: (extents.find((extent) => extent.name === reference) ??
				extents.find((extent) => extent.name.toLowerCase() === reference.toLowerCase()));
		if (!match) {
			throw new NodeOperationError(
				ctx.getNode(),
				`"${truncate(reference)}" is not a performance extent of "${String(scaleOutRepository.name)}"`,
				{
					description: `Its performance extents are: ${extents.map((extent) => extent.name).join(', ') || 'none'}.`,
					itemIndex,
				},
			);
		}
		if (!resolved.some((extent) => extent.id === match.id)) resolved.push(match);
	}
	return resolved;
}
