import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';
import {
	REPOSITORIES_PATH,
	SCALE_OUT_REPOSITORIES_PATH,
	scaleOutRepositoryPath,
} from '../../shared/transport/paths';
import type { ListResult, RepositoryModel } from '../../shared/types';
import type { LocatorValue } from './parameters';

/**
 * Finds the one object of a list with exactly this name. VBR's nameFilter treats `*` as a wildcard
 * and matches case-insensitively, so the answer is narrowed here: the exact spelling first, else
 * the only case-insensitive match (two of those are no match).
 */
async function findByExactName<T extends { name?: unknown }>(
	client: VeeamClient,
	listPath: string,
	name: string,
	itemIndex?: number,
): Promise<T | undefined> {
	const result = await client.request<ListResult<T>>(
		{ method: 'GET', path: listPath, qs: { nameFilter: name, limit: 1000 } },
		itemIndex,
	);
	const candidates = result.data ?? [];
	const exact = candidates.find((candidate) => candidate.name === name);
	if (exact) return exact;
	const folded = candidates.filter(
		(candidate) => String(candidate.name).toLowerCase() === name.toLowerCase(),
	);
	return folded.length === 1 ? folded[0] : undefined;
}

export async function findRepositoryByName(
	client: VeeamClient,
	name: string,
	itemIndex: number,
): Promise<RepositoryModel | undefined> {
	return await findByExactName<RepositoryModel>(client, REPOSITORIES_PATH, name, itemIndex);
}

export async function findScaleOutRepositoryByName(
	client: VeeamClient,
	name: string,
	itemIndex?: number,
): Promise<IDataObject | undefined> {
	return await findByExactName<IDataObject>(client, SCALE_OUT_REPOSITORIES_PATH, name, itemIndex);
}

/** The error of a name that matches nothing; `what` is "repository" or "scale-out repository". */
export function noneNamed(
	ctx: IExecuteFunctions,
	what: string,
	name: string,
	description: string,
	itemIndex: number,
): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `No ${what} named "${name}" exists`, {
		description,
		itemIndex,
	});
}

export async function resolveRepositoryId(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	locator: LocatorValue,
	itemIndex: number,
): Promise<string> {
	if (locator.mode === 'id') return locator.value;
	const repository = await findRepositoryByName(client, locator.value, itemIndex);
	if (!repository) {
		throw noneNamed(
			ctx,
			'repository',
			locator.value,
			'Names are matched exactly. Check the spelling, or pick the repository from the list.',
			itemIndex,
		);
	}
	return repository.id;
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
		throw noneNamed(
			ctx,
			'scale-out repository',
			locator.value,
			'Names are matched exactly. Check the spelling, or pick it from the list.',
			itemIndex,
		);
	}
	return found;
}
