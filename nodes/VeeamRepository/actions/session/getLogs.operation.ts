import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { sessionLogsPath } from '../../../shared/transport/paths';
import { sessionIdField } from '../../descriptions/sessionId.description';
import { readSessionId } from '../../helpers/sessionId';

const properties: INodeProperties[] = [
	sessionIdField,
	{
		displayName: 'Status',
		name: 'statusFilter',
		type: 'options',
		options: [
			{ name: 'Any', value: '' },
			{ name: 'Failed', value: 'Failed' },
			{ name: 'None', value: 'None' },
			{ name: 'Succeeded', value: 'Succeeded' },
			{ name: 'Warning', value: 'Warning' },
		],
		default: '',
		description: 'Only log records with this status',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['getLogs'] } },
	properties,
);

/** One item per log record, each with the session it belongs to. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject[]> {
	const id = readSessionId(this, itemIndex);
	const statusFilter = this.getNodeParameter('statusFilter', itemIndex, '') as string;
	const result = await client.request<{ totalRecords?: number; records?: IDataObject[] }>(
		{ method: 'GET', path: sessionLogsPath(id), qs: { statusFilter } },
		itemIndex,
	);
	return (result.records ?? []).map((record) => ({ sessionId: id, ...record }));
}
