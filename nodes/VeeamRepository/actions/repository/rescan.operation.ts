import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { REPOSITORIES_RESCAN_PATH, repositoryPath } from '../../../shared/transport/paths';
import type { RepositoryModel } from '../../../shared/types';
import { runMutation } from '../../helpers/mutation';
import { mutationOptions, readMutationSettings } from '../../helpers/mutationSettings';
import { waitForCompletion } from '../../helpers/waitForCompletion';
import { readReferenceList, resolveRepositoryReferences } from '../../helpers/references';

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

/** Names of the repositories given by ID, read once each, for the output and the audit record. */
async function withNames(
	client: VeeamClient,
	repositories: Array<{ id: string; name: string | null }>,
	itemIndex: number,
): Promise<Array<{ id: string; name: string }>> {
	const named: Array<{ id: string; name: string }> = [];
	for (const repository of repositories) {
		const model =
			repository.name === null
				? await client.request<RepositoryModel>(
						{ method: 'GET', path: repositoryPath(repository.id) },
						itemIndex,
					)
				: { id: repository.id, name: repository.name };
		named.push({ id: model.id, name: model.name });
	}
	return named;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const references = readReferenceList(
		this,
		'repositoryIds',
		'Repository Names or IDs',
		itemIndex,
		'No repository to rescan',
	);
	const resolved = await resolveRepositoryReferences(this, client, references, itemIndex);
	const targets = await withNames(client, resolved, itemIndex);
	return await runMutation(this, client, itemIndex, settings, {
		operation: 'repository.rescan',
		recovery: {
			sessionType: 'ConfigurationResynchronize',
			resourceId: targets.length === 1 ? targets[0].id : undefined,
			// No probe: a rescan leaves no state to read, its session is the only trace.
			check: `whether a Configuration Database Resynchronize session for ${targets.map((target) => `"${target.name}"`).join(', ')} ran after this item started`,
		},
		request: {
			method: 'POST',
			path: REPOSITORIES_RESCAN_PATH,
			body: { repositoryIds: targets.map((target) => target.id) },
		},
		targets,
		readResult: async () => ({ repositories: targets }),
	});
}
