import type { AllEntities, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { VeeamClient } from '../../shared/transport/client';

/** Every operation of every resource, by the values of the Resource and Operation parameters. */
type VeeamRepositoryNodeMap = {
	repository:
		| 'create'
		| 'delete'
		| 'get'
		| 'getAccessPermissions'
		| 'getAll'
		| 'getStates'
		| 'rescan'
		| 'setAccessPermissions'
		| 'update';
	scaleOutRepository:
		| 'create'
		| 'delete'
		| 'disableMaintenanceMode'
		| 'disableSealedMode'
		| 'enableMaintenanceMode'
		| 'enableSealedMode'
		| 'get'
		| 'getAll'
		| 'update';
	session: 'get' | 'getLogs' | 'wait';
};

/** A `{ resource, operation }` pair the node knows (Airtable v2's node.type.ts does the same). */
export type VeeamRepositoryType = AllEntities<VeeamRepositoryNodeMap>;

/** What every operation file exports as `execute`: the result for one input item. */
export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
) => Promise<IDataObject | IDataObject[]>;

export interface VeeamOperation {
	execute: OperationExecute;
}

/** Each resource module, checked to export an operation for every name the map lists. */
export type OperationMap = {
	[R in keyof VeeamRepositoryNodeMap]: Record<VeeamRepositoryNodeMap[R], VeeamOperation>;
};
