import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { REPOSITORIES_PATH } from '../../shared/transport/paths';
import type { VeeamClient } from '../../shared/transport/client';
import type { ListResult, RepositoryModel } from '../../shared/types';
import type { LocatorValue } from './parameters';

/**
 * Finds the one repository with exactly this name. VBR's nameFilter treats `*` as a wildcard and
 * matches case-insensitively, so the answer is narrowed to an exact match here.
 */
export async function findRepositoryByName(
	client: VeeamClient,
	name: string,
	itemIndex: number,
): Promise<RepositoryModel | undefined> {
	const result = await client.request<ListResult<RepositoryModel>>(
		{
			method: 'GET',
			path: REPOSITORIES_PATH,
			qs: { nameFilter: name, limit: 1000 },
		},
		itemIndex,
	);
	const candidates = result.data ?? [];
	const exact = candidates.filter((repository) => repository.name === name);
	if (exact.length > 0) return exact[0];
	const folded = candidates.filter(
		(repository) => repository.name.toLowerCase() === name.toLowerCase(),
	);
	return folded.length === 1 ? folded[0] : undefined;
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
		throw new NodeOperationError(ctx.getNode(), `No repository named "${locator.value}" exists`, {
			description:
				'Names are matched exactly. Check the spelling, or pick the repository from the list.',
			itemIndex,
		});
	}
	return repository.id;
}
