import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { scaleOutRepositoryLocator } from '../../descriptions/scaleOutRepositoryLocator.description';
import { scaleOutOutput } from '../../helpers/extentImmutability';
import { readLocator } from '../../helpers/parameters';
import { readScaleOutRepository } from '../../helpers/resolve';

const properties: INodeProperties[] = [scaleOutRepositoryLocator];

export const description = updateDisplayOptions(
	{ show: { resource: ['scaleOutRepository'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const locator = readLocator(this, 'scaleOutRepositoryId', 'scale-out repository', itemIndex);
	const model = await readScaleOutRepository(this, client, locator, itemIndex);
	return await scaleOutOutput(client, model, itemIndex);
}
