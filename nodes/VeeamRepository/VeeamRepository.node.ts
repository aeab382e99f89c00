import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as repository from './actions/repository/Repository.resource';
import * as scaleOutRepository from './actions/scaleOutRepository/ScaleOutRepository.resource';
import * as session from './actions/session/Session.resource';
import { router } from './actions/router';
import { requestOptions } from './helpers/requestOptions';
import { listSearch, loadOptions } from './methods';

export class VeeamRepository implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Veeam Repository',
		name: 'veeamRepository',
		icon: { light: 'file:veeam.svg', dark: 'file:veeam.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description:
			'Manage Veeam Backup & Replication repositories and scale-out repositories, and follow their sessions',
		defaults: { name: 'Veeam Repository' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'veeamBackupApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Repository', value: 'repository' },
					{ name: 'Scale-Out Repository', value: 'scaleOutRepository' },
					{ name: 'Session', value: 'session' },
				],
				default: 'repository',
			},
			...repository.description,
			...scaleOutRepository.description,
			...session.description,
			requestOptions,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
