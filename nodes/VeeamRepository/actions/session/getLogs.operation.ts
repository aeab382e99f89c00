import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { isAtLeast13, sameEnum } from '../../../shared/apiVersion';
import type { VeeamClient } from '../../../shared/transport/client';
import { sessionLogsPath } from '../../../shared/transport/paths';
import { sessionIdField } from '../../descriptions/sessionId.description';
import { normalizeLogRecord } from '../../helpers/logRecords';
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
		description:
			'Only log records with this status (API 1.2-rev1 cannot filter: the node reads the whole log and filters it itself)',
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['getLogs'] } },
	properties,
);

/** One item per log record, each with the session it belongs to and `additionalInfo` in one shape. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject[]> {
	const id = readSessionId(this, itemIndex);
	const statusFilter = this.getNodeParameter('statusFilter', itemIndex, '') as string;
	// 1.2-rev1 has no statusFilter and ignores it: "Failed only" would return every record. Its log
	// is one unpaged answer, so filtering that answer here gives the same result as the server would.
	const serverFilters = isAtLeast13(client.apiVersion);
	const result = await client.request<{ totalRecords?: number; records?: IDataObject[] }>(
		{
			method: 'GET',
			path: sessionLogsPath(id),
			qs: serverFilters ? { statusFilter } : {},
		},
		itemIndex,
	);
	const records = Array.isArray(result.records) ? result.records : [];
	const wanted =
		serverFilters || statusFilter === ''
			? records
			: records.filter((record) => sameEnum(record.status, statusFilter));
	return wanted.map((record) => ({ sessionId: id, ...normalizeLogRecord(record) }));
}
