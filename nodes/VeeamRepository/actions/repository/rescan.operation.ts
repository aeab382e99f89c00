import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { REPOSITORIES_RESCAN_PATH, repositoryPath } from '../../../shared/transport/paths';
import { runMutation } from '../../helpers/mutation';
import { mutationOptions, readMutationSettings } from '../../helpers/mutationSettings';
import { waitForCompletion } from '../../helpers/waitForCompletion';
import type { AuditTarget } from '../../helpers/mutation';
import type { RecoveryHint } from '../../helpers/recovery';
import { readReferenceList, resolveRepositoryReferences } from '../../helpers/references';
import type { RepositoryModel } from '../../../shared/types';

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
	const targets: Array<AuditTarget & { id: string }> = resolved.map(({ id, name }) => ({
		id,
		name,
	}));
	const check = () =>
		`whether a Configuration Database Resynchronize session for ${targets.map((target) => `"${target.name}"`).join(', ')} ran after this item started`;
	const recovery: RecoveryHint = {
		sessionType: 'ConfigurationResynchronize',
		resourceId: targets.length === 1 ? targets[0].id : undefined,
		// No probe: a rescan leaves no state to read, its session is the only trace.
		check: check(),
	};
	return await runMutation(this, client, itemIndex, settings, {
		operation: 'repository.rescan',
		recovery,
		// The names of repositories given by ID (for the output and the audit) are read while the
		// session snapshot is: one round trip less per item, and both end before the POST.
		readAlongside: async () => {
			await Promise.all(
				targets
					.filter((target) => target.name === null)
					.map(async (target) => {
						const repository = await client.request<RepositoryModel>(
							{ method: 'GET', path: repositoryPath(target.id) },
							itemIndex,
						);
						target.name = repository.name;
					}),
			);
			recovery.check = check();
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
