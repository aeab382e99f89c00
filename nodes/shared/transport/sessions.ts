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

/** 1.3-rev2: the session waits for someone to act in the VBR console; it does not go on by itself. */
export function needsAction(session: SessionModel): boolean {
	return sameEnum(session.state, 'ActionRequired');
}

/** The error of a session that waits for an action: at once, never after the timeout. */
function actionRequiredError(
	client: VeeamClient,
	session: SessionModel,
	itemIndex?: number,
): NodeApiError {
	const summary = summarizeSession(session);
	const veeamMessage = summary.message || 'VBR gave no message';
	const error = new NodeApiError(client.node, summary as unknown as JsonObject, {
		message: `VBR session "${session.name}" is waiting: VBR needs an action in the console: ${veeamMessage}`,
		description: `Session ${session.id} (${session.sessionType}) is in state ActionRequired and stays paused until someone acts in the VBR console. After that, wait for it again with Session > Wait.`,
		itemIndex,
	});
	error.context.sessionId = session.id;
	error.context.sessionState = 'ActionRequired';
	return error;
}

/** A stopped session whose result is not Success or Warning (Failed is handled before). */
function unsuccessfulError(
	client: VeeamClient,
	session: SessionModel,
	itemIndex?: number,
): NodeApiError {
	const result = session.result?.result;
	const summary = summarizeSession(session);
	const none = result === undefined || sameEnum(result, 'None');
	const error = new NodeApiError(client.node, summary as unknown as JsonObject, {
		// None: VBR recorded no outcome (a session stopped before it did its work, for example).
		message: none
			? `VBR session "${session.name}" stopped without a result (None)${summary.message ? `: ${summary.message}` : ''}`
			: `VBR session "${session.name}" ended with result "${String(result)}", which this node does not know`,
		description: none
			? `VBR recorded no outcome for session ${session.id}; check in the VBR console (History) whether the change was applied before relying on it.`
			: `Session ${session.id} is stopped; check its outcome in VBR before relying on the change.`,
		itemIndex,
	});
	error.context.sessionId = session.id;
	return error;
}

function failedError(client: VeeamClient, session: SessionModel, itemIndex?: number): NodeApiError {
	const summary = summarizeSession(session);
	const error = new NodeApiError(client.node, summary as unknown as JsonObject, {
		message: `VBR session "${session.name}" failed: ${summary.message || 'no message'}`,
		description: `Session ${session.id} (${session.sessionType}) ended with result Failed.`,
		itemIndex,
	});
	error.context.sessionResult = 'Failed';
	error.context.sessionId = session.id;
	return error;
}

/**
 * Polls GET /sessions/{id} until the session is Stopped. Failed raises an error carrying the
 * session's own message; Warning is a success that the caller reports; ActionRequired (1.3-rev2)
 * raises at once, since the session waits for a person; running past the timeout raises an error
 * naming the session so a later "Session > Wait" can pick it up. A state this node does not know
 * (a newer VBR) counts as running: only Stopped ends a session.
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
		if (needsAction(current)) throw actionRequiredError(client, current, itemIndex);
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
	const result = current.result?.result;
	if (sameEnum(result, 'Failed')) throw failedError(client, current, itemIndex);
	// Anything but Success and Warning (None, a result this node does not know) is not a success.
	if (!sameEnum(result, 'Success') && !sameEnum(result, 'Warning')) {
		throw unsuccessfulError(client, current, itemIndex);
	}
	return current;
}
