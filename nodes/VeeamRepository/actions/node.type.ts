import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';

/** What every operation file exports as `execute`: the result for one input item. */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
) => Promise<IDataObject | IDataObject[]>;
