import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { sameEnum } from '../../../shared/apiVersion';
import type { VeeamClient } from '../../../shared/transport/client';
import { sessionPath } from '../../../shared/transport/paths';
import { summarizeSession, waitForSession } from '../../../shared/transport/sessions';
import type { SessionModel } from '../../../shared/types';
import { sessionIdField } from '../../descriptions/sessionId.description';
import { readWaitSettings, waitOptionFields } from '../../helpers/waitForCompletion';
import { readSessionId } from '../../helpers/sessionId';

const properties: INodeProperties[] = [
	sessionIdField,
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: waitOptionFields,
	},
];

export const description = updateDisplayOptions(
	{ show: { resource: ['session'], operation: ['wait'] } },
	properties,
);

/**
 * Waits like "Wait for Completion": Success and Warning return the summary (with the API revision
 * used); Failed, None, ActionRequired and a timeout fail.
 */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: VeeamClient,
): Promise<IDataObject> {
	const id = readSessionId(this, itemIndex);
	const waitSettings = readWaitSettings(this, itemIndex);
	const session = await client.request<SessionModel>(
		{ method: 'GET', path: sessionPath(id) },
		itemIndex,
	);
	const finished = await waitForSession(this, client, session, waitSettings, itemIndex);
	const summary: IDataObject = { ...summarizeSession(finished), apiVersion: client.apiVersion };
	if (sameEnum(summary.result, 'Warning')) {
		summary.warning = `VBR finished the session with a warning: ${String(summary.message) || 'no message'}`;
	}
	return summary;
}
