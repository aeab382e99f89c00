import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { sameEnum } from '../../shared/apiVersion';
import type { VeeamClient } from '../../shared/transport/client';
import { summarizeSession, waitForSession } from '../../shared/transport/sessions';
import type { SessionModel, VeeamRequest } from '../../shared/types';
import type { WaitSettings } from '../../shared/transport/sessions';
import { describeType, readWaitSettings } from './parameters';
import type { RecoveryHint } from './recovery';
import { checkServerState, describeState } from './recovery';

export interface AuditTarget extends IDataObject {
	id: string | null;
	name: string | null;
}

/** A change, fully built and checked, before anything is sent. */
export interface MutationPlan {
	/** `<resource>.<operation>`, as the audit record names it. */
	operation: string;
	request: VeeamRequest;
	targets: AuditTarget[];
	/** The object the targets belong to, when they are parts of one (extents of a scale-out repository). */
	scope?: AuditTarget;
	/** How to recognise the change on VBR if its answer is lost. */
	recovery: RecoveryHint;
	/** Reads what the finished change produced (the session is undefined for a removal). */
	readResult: (session: SessionModel | undefined) => Promise<IDataObject>;
}

/** How a change is run, read and checked before anything is sent. */
export interface MutationSettings {
	dryRun: boolean;
	wait: boolean;
	waitSettings: WaitSettings;
}

export function readMutationSettings(ctx: IExecuteFunctions, itemIndex: number): MutationSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// A dry run that is not clearly on or off must not turn into a real change.
	if (options.dryRun !== undefined && typeof options.dryRun !== 'boolean') {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Dry Run" must be true or false, not ${describeType(options.dryRun)}`,
			{
				itemIndex,
			},
		);
	}
	const wait = ctx.getNodeParameter('waitForCompletion', itemIndex, true) as unknown;
	if (typeof wait !== 'boolean') {
		throw new NodeOperationError(
			ctx.getNode(),
			`"Wait for Completion" must be true or false, not ${describeType(wait)}`,
			{
				itemIndex,
			},
		);
	}
	return {
		dryRun: options.dryRun === true,
		wait,
		waitSettings: readWaitSettings(ctx, itemIndex),
	};
}

/** Who did what to which object, when, and how it ended: one per mutation output item. */
export interface AuditRecord extends IDataObject {
	operation: string;
	dryRun: boolean;
	targets: AuditTarget[];
	scope?: AuditTarget;
	request: { method: string; path: string };
	sessionId: string | null;
	sessionResult: string | null;
	startedAt: string;
	finishedAt: string | null;
	initiatedBy: string | null;
}

function isSession(answer: unknown): answer is SessionModel {
	const candidate = answer as SessionModel | undefined;
	return typeof candidate?.id === 'string' && typeof candidate?.sessionType === 'string';
}

function now(): string {
	return new Date().toISOString();
}

function auditOf(
	plan: MutationPlan,
	client: VeeamClient,
	fields: Partial<AuditRecord>,
): AuditRecord {
	return {
		operation: plan.operation,
		dryRun: false,
		targets: plan.targets,
		...(plan.scope ? { scope: plan.scope } : {}),
		request: { method: plan.request.method, path: plan.request.path },
		sessionId: null,
		sessionResult: null,
		startedAt: now(),
		finishedAt: null,
		initiatedBy: client.username || null,
		...fields,
	};
}

/** Targets added by this change (an Add) are known only once it is done. */
function completeTargets(targets: AuditTarget[], result: IDataObject): AuditTarget[] {
	return targets.map((target) =>
		target.id === null && typeof result.id === 'string'
			? { id: result.id, name: typeof result.name === 'string' ? result.name : target.name }
			: target,
	);
}

/**
 * Sends a change once. When its answer is lost (connection reset, timeout, a proxy's 502/503/504),
 * it is not simply sent again: VBR is asked whether the change happened (the session it started,
 * or the object it removed). Only when there is no trace of it is it sent a second time. The
 * returned `recovery` says what was found.
 */
async function sendOnce(
	client: VeeamClient,
	plan: MutationPlan,
	itemIndex: number,
): Promise<{ answer: unknown; recovery?: IDataObject }> {
	const sentAt = new Date();
	try {
		return { answer: await client.request<unknown>(plan.request, itemIndex) };
	} catch (error) {
		const lost = error as NodeApiError;
		if (lost.context?.ambiguous !== true) throw new NodeApiError(client.node, lost as never);
		const state = await checkServerState(client, plan.request, plan.recovery, sentAt, itemIndex);
		const recovery: IDataObject = { reason: lost.message, ...describeState(state) };
		if (state.found === 'session') return { answer: state.session, recovery };
		if (state.found === 'removed') return { answer: undefined, recovery };
		if (state.found === 'several') {
			lost.context.recovery = recovery;
			lost.message = `${lost.message}; VBR shows ${state.sessionIds.length} sessions that may belong to this change, so it was not sent again`;
			throw new NodeApiError(client.node, lost as never);
		}
		try {
			return { answer: await client.request<unknown>(plan.request, itemIndex), recovery };
		} catch (second) {
			(second as NodeApiError).context.recovery = recovery;
			throw new NodeApiError(client.node, second as never);
		}
	}
}

/**
 * Runs a planned change. With the Dry Run option, returns the exact request instead of sending it.
 * Otherwise sends it; a session answer is waited for unless "Wait for Completion" is off. Every
 * output, and the error of a failed session, carries the audit record.
 */
export async function runMutation(
	ctx: IExecuteFunctions,
	client: VeeamClient,
	itemIndex: number,
	settings: MutationSettings,
	plan: MutationPlan,
): Promise<IDataObject> {
	if (settings.dryRun) {
		const { method, path, qs, body } = plan.request;
		const request: IDataObject = { method, path, url: `${client.baseUrl}${path}` };
		if (qs) request.qs = qs;
		if (body !== undefined) request.body = body;
		return {
			dryRun: true,
			request,
			targets: plan.targets,
			audit: auditOf(plan, client, { dryRun: true }),
		};
	}
	const { wait, waitSettings } = settings;
	const startedAt = now();
	const { answer, recovery } = await sendOnce(client, plan, itemIndex);

	if (!isSession(answer)) {
		const result = await plan.readResult(undefined);
		return {
			...result,
			...(recovery ? { recovery } : {}),
			audit: auditOf(plan, client, { startedAt, finishedAt: now(), sessionResult: 'Success' }),
		};
	}
	const sessionAudit = {
		...(recovery ? { recovery } : {}),
		startedAt,
		sessionId: answer.id,
		initiatedBy: answer.initiatedBy ?? (client.username || null),
	};
	if (!wait) {
		return {
			...answer,
			...(recovery ? { recovery } : {}),
			audit: auditOf(plan, client, { ...sessionAudit, sessionResult: 'None' }),
		};
	}
	let finished: SessionModel;
	try {
		finished = await waitForSession(ctx, client, answer, waitSettings, itemIndex);
	} catch (error) {
		// The audit of a failed or unfinished change matters most: keep it on the error.
		const failed = error as NodeApiError | NodeOperationError;
		failed.context.audit = auditOf(plan, client, {
			...sessionAudit,
			finishedAt: now(),
			// Failed when VBR said so; otherwise (timeout, cancelled, unreachable) the outcome is unknown.
			sessionResult:
				typeof failed.context.sessionResult === 'string' ? failed.context.sessionResult : null,
		});
		if (failed instanceof NodeApiError) throw new NodeApiError(client.node, failed as never);
		throw new NodeOperationError(client.node, failed as Error, { itemIndex });
	}
	const session = summarizeSession(finished);
	const result = await plan.readResult(finished);
	const output: IDataObject = {
		...result,
		...(recovery ? { recovery } : {}),
		session,
		audit: auditOf(plan, client, {
			...sessionAudit,
			targets: completeTargets(plan.targets, result),
			initiatedBy: finished.initiatedBy ?? sessionAudit.initiatedBy,
			sessionResult: session.result,
			finishedAt: session.endTime ?? now(),
		}),
	};
	if (sameEnum(session.result, 'Warning')) {
		output.warning = `VBR finished the session with a warning: ${session.message || 'no message'}`;
	}
	return output;
}
