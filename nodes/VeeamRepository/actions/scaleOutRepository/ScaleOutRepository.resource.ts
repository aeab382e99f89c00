import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteScaleOutRepository from './delete.operation';
import * as disableMaintenanceMode from './disableMaintenanceMode.operation';
import * as disableSealedMode from './disableSealedMode.operation';
import * as enableMaintenanceMode from './enableMaintenanceMode.operation';
import * as enableSealedMode from './enableSealedMode.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as update from './update.operation';

export {
	create,
	deleteScaleOutRepository as delete,
	disableMaintenanceMode,
	disableSealedMode,
	enableMaintenanceMode,
	enableSealedMode,
	get,
	getAll,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['scaleOutRepository'] } },
		options: [
			{
				name: 'Add',
				value: 'create',
				description: 'Add a scale-out repository from existing repositories',
				action: 'Add a scale out repository',
			},
			{
				name: 'Disable Maintenance Mode',
				value: 'disableMaintenanceMode',
				description: 'Bring extents back from maintenance mode',
				action: 'Disable maintenance mode of extents',
			},
			{
				name: 'Disable Sealed Mode',
				value: 'disableSealedMode',
				description: 'Let sealed extents take new backups again',
				action: 'Disable sealed mode of extents',
			},
			{
				name: 'Edit',
				value: 'update',
				description: 'Change the settings of a scale-out repository',
				action: 'Edit a scale out repository',
			},
			{
				name: 'Enable Maintenance Mode',
				value: 'enableMaintenanceMode',
				description: 'Take extents out of service for maintenance',
				action: 'Enable maintenance mode of extents',
			},
			{
				name: 'Enable Sealed Mode',
				value: 'enableSealedMode',
				description: 'Stop writing new backups to extents; existing backups stay restorable',
				action: 'Enable sealed mode of extents',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a scale-out repository with the status of each extent',
				action: 'Get a scale out repository',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List scale-out repositories',
				action: 'Get many scale out repositories',
			},
			{
				name: 'Remove',
				value: 'delete',
				description: 'Remove a scale-out repository, optionally with its backups',
				action: 'Remove a scale out repository',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...create.description,
	...update.description,
	...deleteScaleOutRepository.description,
	...enableSealedMode.description,
	...disableSealedMode.description,
	...enableMaintenanceMode.description,
	...disableMaintenanceMode.description,
];
