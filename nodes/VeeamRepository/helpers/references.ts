import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';
import { isUuid } from '../../shared/validation';
import { assertPrintable, truncate } from './parameters';
import { findRepositoryByName } from './resolve';

/** A list parameter as given: picked IDs, or IDs and names from an expression (array or comma list). */
export function readReferenceList(
	ctx: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	emptyMessage = `No ${label.toLowerCase()} chosen`,
): string[] {
	const raw = ctx.getNodeParameter(parameter, itemIndex, []) as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
	const invalid = list.find((entry) => typeof entry !== 'string');
	if (invalid !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} must be IDs or names (strings), got ${typeof invalid}`,
			{
				itemIndex,
			},
		);
	}
	const references = [
		...new Set((list as string[]).map((entry) => entry.trim()).filter((entry) => entry !== '')),
	];
	if (references.length === 0) {
		throw new NodeOperationError(ctx.getNode(), emptyMessage, { itemIndex });
	}
	for (const reference of references) {
		if (!isUuid(reference)) assertPrintable(ctx, reference, label, itemIndex);
	}
	return references;
}

/** Repository IDs stay as they are; names are looked up (exact match) one by one. */
export async function resolveRepositoryReferences(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	references: string[],
	itemIndex: number,
): Promise<Array<{ id: string; name: string | null }>> {
	const resolved: Array<{ id: string; name: string | null }> = [];
	for (const reference of references) {
		if (isUuid(reference)) {
			resolved.push({ id: reference.toLowerCase(), name: null });
			continue;
		}
		const found = await findRepositoryByName(client, reference, itemIndex);
		if (!found) {
			throw new NodeOperationError(
				ctx.getNode(),
				`No repository named "${truncate(reference)}" exists`,
				{
					description: 'Give repository IDs, or names exactly as VBR shows them.',
					itemIndex,
				},
			);
		}
		resolved.push({ id: found.id, name: found.name });
	}
	return resolved.filter(
		(entry, index) => resolved.findIndex((other) => other.id === entry.id) === index,
	);
}
