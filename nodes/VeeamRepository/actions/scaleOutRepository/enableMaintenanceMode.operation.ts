import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { extentModeProperties, runExtentMode } from '../../helpers/extentMode';

export const description = updateDisplayOptions(
	{ show: { resource: ['scaleOutRepository'], operation: ['enableMaintenanceMode'] } },
	extentModeProperties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	return await runExtentMode(this, client, itemIndex, 'enableMaintenanceMode');
}
