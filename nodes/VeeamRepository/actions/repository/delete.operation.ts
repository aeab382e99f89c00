import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { repositoryPath } from '../../../shared/transport/paths';
import type { RepositoryModel } from '../../../shared/types';
import { repositoryLocator } from '../../descriptions/repositoryLocator.description';
import { immediateMutationOptions } from '../../descriptions/session.description';
import { readMutationSettings, runMutation } from '../../helpers/mutation';
import { readLocator } from '../../helpers/parameters';
import { resolveRepositoryId } from '../../helpers/resolve';

const properties: INodeProperties[] = [
	repositoryLocator,
	{
		displayName: 'Delete Backups',
		name: 'deleteBackups',
		type: 'boolean',
		default: false,
		description:
			'Whether to also delete the backup files stored in the repository. Off: VBR removes the repository from its configuration and keeps the files.',
	},
	{
		displayName: 'I Understand the Backups Are Deleted Permanently',
		name: 'confirmDeleteBackups',
		type: 'boolean',
		default: false,
		description:
			'Whether you confirm that all backup files in this repository are deleted and cannot be restored',
		displayOptions: { show: { deleteBackups: [true] } },
	},
	immediateMutationOptions,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const settings = readMutationSettings(this, itemIndex);
	const locator = readLocator(this, 'repositoryId', 'repository', itemIndex);
	const deleteBackups = this.getNodeParameter('deleteBackups', itemIndex, false) === true;
	if (deleteBackups && this.getNodeParameter('confirmDeleteBackups', itemIndex, false) !== true) {
		throw new NodeOperationError(
			this.getNode(),
			'Deleting backups needs an explicit confirmation',
			{
				description:
					'Turn on "I Understand the Backups Are Deleted Permanently", or turn off "Delete Backups" to keep the backup files. Nothing was sent to VBR.',
				itemIndex,
			},
		);
	}
	const id = await resolveRepositoryId(this, client, locator, itemIndex);
	const path = repositoryPath(id);
	// Read first so the output names what was removed, and a wrong ID fails before anything changes.
	const repository = await client.request<RepositoryModel>({ method: 'GET', path }, itemIndex);
	return await runMutation(this, client, itemIndex, settings, {
		operation: 'repository.delete',
		request: { method: 'DELETE', path, qs: { deleteBackups } },
		targets: [{ id: repository.id, name: repository.name }],
		readResult: async () => ({
			id: repository.id,
			name: repository.name,
			type: repository.type,
			removed: true,
			backupsDeleted: deleteBackups,
		}),
	});
}
