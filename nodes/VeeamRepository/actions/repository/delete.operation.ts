import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { repositoryPath } from '../../../shared/transport/paths';
import type { RepositoryModel } from '../../../shared/types';
import { repositoryLocator } from '../../descriptions/repositoryLocator.description';
import { readLocator } from '../../helpers/parameters';
import {
	readRemoval,
	readRemovalTarget,
	removalProperties,
	runRemoval,
} from '../../helpers/removal';
import { resolveRepositoryId } from '../../helpers/resolve';

const properties: INodeProperties[] = [repositoryLocator, ...removalProperties('repository')];

export const description = updateDisplayOptions(
	{ show: { resource: ['repository'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const locator = readLocator(this, 'repositoryId', 'repository', itemIndex);
	const { deleteBackups } = readRemoval(this, itemIndex);
	const id = await resolveRepositoryId(this, client, locator, itemIndex);
	const path = repositoryPath(id);
	// Read first so the output names what was removed, and a wrong name fails before anything changes.
	const repository = await readRemovalTarget(
		client,
		itemIndex,
		locator,
		async () => await client.request<RepositoryModel>({ method: 'GET', path }, itemIndex),
	);
	return await runRemoval(this, client, itemIndex, {
		operation: 'repository.delete',
		id,
		path,
		deleteBackups,
		target: repository,
	});
}
