import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { repositoryAccessPermissionsPath } from '../../../shared/transport/paths';
import { repositoryLocator } from '../../descriptions/repositoryLocator.description';
import type { AccessPermissions } from '../../helpers/accessPermissions';
import {
	assertAccessPermissionsSupported,
	readTargetRepository,
} from '../../helpers/accessPermissions';

const properties: INodeProperties[] = [
	{
		...repositoryLocator,
		hint: 'Needs API 1.3-rev2 (VBR 13.1) in the credential',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['getAccessPermissions'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	assertAccessPermissionsSupported(this, client.apiVersion, itemIndex);
	const repository = await readTargetRepository(this, client, itemIndex);
	const permissions = await client.request<AccessPermissions>(
		{ method: 'GET', path: repositoryAccessPermissionsPath(repository.id) },
		itemIndex,
	);
	return { repositoryId: repository.id, repositoryName: repository.name, ...permissions };
}
