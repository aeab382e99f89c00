import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { withImmutability } from '../../../shared/immutability';
import type { VeeamClient } from '../../../shared/transport/client';
import { repositoryPath } from '../../../shared/transport/paths';
import { repositoryLocator } from '../../descriptions/repositoryLocator.description';
import { readLocator } from '../../helpers/parameters';
import { resolveRepositoryId } from '../../helpers/resolve';

const properties: INodeProperties[] = [repositoryLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const locator = readLocator(this, 'repositoryId', 'repository', itemIndex);
	const id = await resolveRepositoryId(this, client, locator, itemIndex);
	const model = await client.request<IDataObject>(
		{ method: 'GET', path: repositoryPath(id) },
		itemIndex,
	);
	return withImmutability(model, client.apiVersion);
}
