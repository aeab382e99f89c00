import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { performanceExtents } from '../../shared/scaleOutModel';
import type { VeeamClient } from '../../shared/transport/client';
import { repositoryPath } from '../../shared/transport/paths';
import type { RepositoryModel } from '../../shared/types';
import { isUuid } from '../../shared/validation';
import { assertPrintable, truncate } from './parameters';
import { findRepositoryByName, noneNamed } from './resolve';

/** An object a list parameter named: its ID and, once known, its name. */
export interface NamedReference extends IDataObject {
	id: string;
	name: string;
}

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
			throw noneNamed(
				ctx,
				'repository',
				truncate(reference),
				'Give repository IDs, or names exactly as VBR shows them.',
				itemIndex,
			);
		}
		resolved.push({ id: found.id, name: found.name });
	}
	return resolved.filter(
		(entry, index) => resolved.findIndex((other) => other.id === entry.id) === index,
	);
}

/**
 * Repository references resolved and named: names are looked up, and the name of each repository
 * given by ID is read once (for the output, the audit record and an edited extent list).
 */
export async function resolveNamedRepositories(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	references: string[],
	itemIndex: number,
): Promise<NamedReference[]> {
	const resolved = await resolveRepositoryReferences(ctx, client, references, itemIndex);
	const named: NamedReference[] = [];
	for (const repository of resolved) {
		const name =
			repository.name ??
			(
				await client.request<RepositoryModel>(
					{ method: 'GET', path: repositoryPath(repository.id) },
					itemIndex,
				)
			).name;
		named.push({ id: repository.id, name });
	}
	return named;
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
): NamedReference[] {
	const extents = performanceExtents(scaleOutRepository).map((extent) => ({
		id: String(extent.id).toLowerCase(),
		name: String(extent.name ?? ''),
	}));
	const resolved: NamedReference[] = [];
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
