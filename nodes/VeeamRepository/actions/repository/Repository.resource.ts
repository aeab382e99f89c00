import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as deleteRepository from './delete.operation';
import * as get from './get.operation';
import * as getAccessPermissions from './getAccessPermissions.operation';
import * as getAll from './getAll.operation';
import * as getStates from './getStates.operation';
import * as rescan from './rescan.operation';
import * as setAccessPermissions from './setAccessPermissions.operation';
import * as update from './update.operation';

export {
	create,
	deleteRepository as delete,
	get,
	getAccessPermissions,
	getAll,
	getStates,
	rescan,
	setAccessPermissions,
	update,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['repository'] } },
		options: [
			{
				name: 'Add',
				value: 'create',
				description: 'Add a backup repository and wait for VBR to save it',
				action: 'Add a repository',
			},
			{
				name: 'Edit',
				value: 'update',
				description: 'Change the settings of a repository',
				action: 'Edit a repository',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a repository by ID or name',
				action: 'Get a repository',
			},
			{
				name: 'Get Access Permissions',
				value: 'getAccessPermissions',
				description: 'Who may use a repository, and its encryption (API 1.3-rev2)',
				action: 'Get repository access permissions',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'List repositories with filters',
				action: 'Get many repositories',
			},
			{
				name: 'Get States',
				value: 'getStates',
				description: 'Capacity, free space and online status of repositories',
				action: 'Get repository states',
			},
			{
				name: 'Remove',
				value: 'delete',
				description: 'Remove a repository from VBR, optionally with its backups',
				action: 'Remove a repository',
			},
			{
				name: 'Rescan',
				value: 'rescan',
				description: 'Rescan repositories to pick up backups changed outside VBR',
				action: 'Rescan repositories',
			},
			{
				name: 'Set Access Permissions',
				value: 'setAccessPermissions',
				description:
					'Change who may use a repository, keeping its encryption unless told (API 1.3-rev2)',
				action: 'Set repository access permissions',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
	...get.description,
	...create.description,
	...update.description,
	...deleteRepository.description,
	...rescan.description,
	...getStates.description,
	...getAccessPermissions.description,
	...setAccessPermissions.description,
];
