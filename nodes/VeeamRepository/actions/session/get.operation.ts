import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { VeeamClient } from '../../../shared/transport/client';
import { sessionPath } from '../../../shared/transport/paths';
import { sessionIdField } from '../../descriptions/sessionId.description';
import { readSessionId } from '../../helpers/sessionId';

const properties: INodeProperties[] = [sessionIdField];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['get'] } },
	properties,
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const id = readSessionId(this, itemIndex);
	return await client.request<IDataObject>({ method: 'GET', path: sessionPath(id) }, itemIndex);
}
