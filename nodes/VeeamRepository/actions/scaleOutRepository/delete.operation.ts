import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { scaleOutRepositoryPath } from '../../../shared/transport/paths';
import { scaleOutRepositoryLocator } from '../../descriptions/scaleOutRepositoryLocator.description';
import { readLocator } from '../../helpers/parameters';
import {
	readRemoval,
	readRemovalTarget,
	removalProperties,
	runRemoval,
} from '../../helpers/removal';
import { readScaleOutRepository } from '../../helpers/resolve';

const properties: INodeProperties[] = [
	scaleOutRepositoryLocator,
	...removalProperties('scale-out repository'),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['scaleOutRepository'], operation: ['delete'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const locator = readLocator(this, 'scaleOutRepositoryId', 'scale-out repository', itemIndex);
	const { deleteBackups } = readRemoval(this, itemIndex);
	const scaleOutRepository = await readRemovalTarget(
		client,
		itemIndex,
		locator,
		async () => await readScaleOutRepository(this, client, locator, itemIndex),
	);
	const id = String(scaleOutRepository?.id ?? locator.value);
	return await runRemoval(this, client, itemIndex, {
		operation: 'scaleOutRepository.delete',
		id,
		path: scaleOutRepositoryPath(id),
		deleteBackups,
		target: scaleOutRepository && { id, name: scaleOutRepository.name },
	});
}
