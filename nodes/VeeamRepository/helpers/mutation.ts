import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { sameEnum } from '../../shared/apiVersion';
import type { VeeamClient } from '../../shared/transport/client';
import { summarizeSession, waitForSession } from '../../shared/transport/sessions';
import type { SessionModel, VeeamRequest } from '../../shared/types';
import { readWaitSettings } from './parameters';

/**
 * Sends a change that VBR answers with a session. Without waiting, the session is returned as VBR
 * sent it (its `id` feeds a later Session > Wait). With waiting, the finished session is
 * summarised next to whatever `describeResult` reads back, and a Warning is spelled out.
 */
export async function runSessionMutation(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	request: VeeamRequest,
	itemIndex: number,
	describeResult: (session: SessionModel) => Promise<IDataObject>,
): Promise<IDataObject> {
	const waitSettings = readWaitSettings(ctx, itemIndex);
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as boolean;
	const started = await client.request<SessionModel>(request, itemIndex);
	if (!wait) return started;
	const finished = await waitForSession(ctx, client, started, waitSettings, itemIndex);
	const result = await describeResult(finished);
	const session = summarizeSession(finished);
	const output: IDataObject = { ...result, session };
	if (sameEnum(session.result, 'Warning')) {
		output.warning = `VBR finished the session with a warning: ${session.message || 'no message'}`;
	}
	return output;
}
