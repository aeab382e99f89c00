import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getLogs from './getLogs.operation';
import * as wait from './wait.operation';

export { get, getLogs, wait };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['session'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get the current state of a VBR session',
				action: 'Get a session',
			},
			{
				name: 'Get Logs',
				value: 'getLogs',
				description: 'Get the log records of a session',
				action: 'Get session logs',
			},
			{
				name: 'Wait',
				value: 'wait',
				description: 'Wait until a session has finished and return its result',
				action: 'Wait for a session',
			},
		],
		default: 'get',
	},
	...get.description,
	...wait.description,
	...getLogs.description,
];
