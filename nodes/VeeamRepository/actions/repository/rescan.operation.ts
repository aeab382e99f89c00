import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { REPOSITORIES_RESCAN_PATH, repositoryPath } from '../../../shared/transport/paths';
import type { RepositoryModel } from '../../../shared/types';
import { isUuid } from '../../../shared/validation';
import { mutationOptions, waitForCompletion } from '../../descriptions/session.description';
import { readMutationSettings, runMutation } from '../../helpers/mutation';
import { assertPrintable, truncate } from '../../helpers/parameters';
import { findRepositoryByName } from '../../helpers/resolve';

const properties: INodeProperties[] = [
	{
		displayName: 'Repository Names or IDs',
		name: 'repositoryIds',
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getRepositories' },
		default: [],
		required: true,
		description:
			'Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>',
		hint: 'An expression may also give repository names, as an array or a comma-separated list',
	},
	waitForCompletion,
	mutationOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['rescan'] } },
	properties,
);

/** IDs and names as the user gave them: a list from the picker, an array or a comma-separated string. */
export function readReferences(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter('repositoryIds', itemIndex, []) as unknown;
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [raw];
	const references = list.map((entry) => (typeof entry === 'string' ? entry.trim() : entry));
	const invalid = references.find((entry) => typeof entry !== 'string');
	if (invalid !== undefined) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Repository Names or IDs must be strings, got ${typeof invalid}`,
			{
				itemIndex,
			},
		);
	}
	const unique = [...new Set((references as string[]).filter((entry) => entry !== ''))];
	if (unique.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No repository to rescan', {
			description: 'Choose at least one repository.',
			itemIndex,
		});
	}
	for (const reference of unique) {
		if (!isUuid(reference)) assertPrintable(ctx, reference, 'repository', itemIndex);
	}
	return unique;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const references = readReferences(this, itemIndex);
	const repositories: Array<{ id: string; name: string | null }> = [];
	for (const reference of references) {
		if (isUuid(reference)) {
			repositories.push({ id: reference.toLowerCase(), name: null });
			continue;
		}
		const found = await findRepositoryByName(client, reference, itemIndex);
		if (!found) {
			throw new NodeOperationError(
				this.getNode(),
				`No repository named "${truncate(reference)}" exists`,
				{
					description: 'Give repository IDs, or names exactly as VBR shows them.',
					itemIndex,
				},
			);
		}
		repositories.push({ id: found.id, name: found.name });
	}
	const repositoryIds = [...new Set(repositories.map((repository) => repository.id))];
	const named = async (): Promise<Array<{ id: string; name: string | null }>> => {
		// Repositories given by ID are read once to learn their names.
		const result: Array<{ id: string; name: string | null }> = [];
		for (const id of repositoryIds) {
			const known = repositories.find(
				(repository) => repository.id === id && repository.name !== null,
			);
			const model = known
				? known
				: await client.request<RepositoryModel>(
						{ method: 'GET', path: repositoryPath(id) },
						itemIndex,
					);
			result.push({ id: model.id, name: model.name });
		}
		return result;
	};
	const targets = await named();
	return await runMutation(this, client, itemIndex, settings, {
		operation: 'repository.rescan',
		request: { method: 'POST', path: REPOSITORIES_RESCAN_PATH, body: { repositoryIds } },
		targets,
		readResult: async () => ({ repositories: targets }),
	});
}
