import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { sameEnum } from '../apiVersion';
import type { SessionModel } from '../types';
import type { VeeamClient, VeeamContext } from './client';
import { sessionPath } from './paths';

export interface WaitSettings {
	intervalMs: number;
	timeoutMs: number;
}

/** The part of a VBR session that a workflow needs to branch on and to audit. */
export interface SessionSummary extends IDataObject {
	id: string;
	name: string;
	type: string;
	state: string;
	result: string;
	message: string;
	progressPercent: number | null;
	initiatedBy: string | null;
	creationTime: string | null;
	endTime: string | null;
	resourceId: string | null;
}

export function summarizeSession(session: SessionModel): SessionSummary {
	return {
		id: session.id,
		name: session.name,
		type: session.sessionType,
		state: session.state,
		result: session.result?.result ?? 'None',
		message: session.result?.message ?? '',
		progressPercent: typeof session.progressPercent === 'number' ? session.progressPercent : null,
		initiatedBy: session.initiatedBy ?? null,
		creationTime: session.creationTime ?? null,
		endTime: session.endTime ?? null,
		resourceId: session.resourceId ?? null,
	};
}

export function isStopped(session: SessionModel): boolean {
	return sameEnum(session.state, 'Stopped');
}

function cancelled(ctx: VeeamContext): boolean {
	const signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal() : undefined;
	return signal?.aborted === true;
}

/**
 * Polls GET /sessions/{id} until the session is Stopped. Failed raises an error carrying the
 * session's own message; Warning is a success that the caller reports; running past the timeout
 * raises an error naming the session so a later "Session > Wait" can pick it up.
 */
export async function waitForSession(
	ctx: VeeamContext,
	client: VeeamClient,
	session: SessionModel,
	settings: WaitSettings,
	itemIndex?: number,
): Promise<SessionModel> {
	const deadline = Date.now() + settings.timeoutMs;
	let current = session;
	while (!isStopped(current)) {
		if (Date.now() >= deadline) {
			throw new NodeOperationError(
				client.node,
				`Timed out after ${Number((settings.timeoutMs / 1000).toFixed(1))} s waiting for VBR session ${current.id}`,
				{
					description: `The session "${current.name}" is still ${current.state} (${current.progressPercent ?? 0} %). It keeps running on the server; wait for it with the Session resource or raise the timeout.`,
					itemIndex,
				},
			);
		}
		if (cancelled(ctx)) {
			throw new NodeOperationError(
				client.node,
				`Stopped waiting for VBR session ${current.id}: the execution was cancelled`,
				{
					itemIndex,
				},
			);
		}
		await sleep(Math.max(0, Math.min(settings.intervalMs, deadline - Date.now())));
		current = await client.request<SessionModel>(
			{ method: 'GET', path: sessionPath(current.id) },
			itemIndex,
		);
	}
	if (sameEnum(current.result?.result, 'Failed')) {
		const summary = summarizeSession(current);
		const error = new NodeApiError(client.node, summary as unknown as JsonObject, {
			message: `VBR session "${current.name}" failed: ${summary.message || 'no message'}`,
			description: `Session ${current.id} (${current.sessionType}) ended with result Failed.`,
			itemIndex,
		});
		error.context.sessionResult = 'Failed';
		error.context.sessionId = current.id;
		throw error;
	}
	const result = current.result?.result;
	if (!sameEnum(result, 'Success') && !sameEnum(result, 'Warning')) {
		// A result this node does not know is not taken for a success.
		const error = new NodeApiError(
			client.node,
			summarizeSession(current) as unknown as JsonObject,
			{
				message: `VBR session "${current.name}" ended with result "${String(result ?? 'none')}", which this node does not know`,
				description: `Session ${current.id} is stopped; check its outcome in VBR before relying on the change.`,
				itemIndex,
			},
		);
		error.context.sessionId = current.id;
		throw error;
	}
	return current;
}
