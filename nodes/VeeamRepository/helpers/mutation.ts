import type { IDataObject, IExecuteFunctions, NodeOperationError } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { sameEnum } from '../../shared/apiVersion';
import type { VeeamClient } from '../../shared/transport/client';
import { summarizeSession, waitForSession } from '../../shared/transport/sessions';
import type { SessionModel, VeeamRequest } from '../../shared/types';
import { describeType } from './parameters';
import type { MutationSettings } from './mutationSettings';
import type { RecoveryHint, ServerState } from './recovery';
import { asNodeError, checkServerState, describeState, takeSessionSnapshot } from './recovery';

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
	/**
	 * For a re-run: the result when the change is in place already (read just before sending), so
	 * that nothing is sent; undefined when it still has to be made (helpers/rerun.ts).
	 */
	alreadyDone?: () => Promise<IDataObject | undefined>;
	/**
	 * A read the plan still needs (the names of targets given by ID), run while the session snapshot
	 * is read instead of before it: both are reads, and both end before the change is sent. Its
	 * failure is raised as it is, as if it had failed before the change was planned.
	 */
	readAlongside?: () => Promise<void>;
}

/** The failure of a plan's read alongside the snapshot: nothing was sent, no audit is due. */
class AlongsideFailure {
	constructor(readonly error: unknown) {}
}

/** The session snapshot, and the plan's read alongside it; both settle before anything is sent. */
async function snapshotAlongside(
	client: VeeamClient,
	plan: MutationPlan,
	itemIndex: number,
): Promise<Awaited<ReturnType<typeof takeSessionSnapshot>>> {
	if (!plan.readAlongside) return await takeSessionSnapshot(client, plan.recovery, itemIndex);
	const [snapshot, alongside] = await Promise.allSettled([
		takeSessionSnapshot(client, plan.recovery, itemIndex),
		plan.readAlongside(),
	]);
	if (alongside.status === 'rejected') throw new AlongsideFailure(alongside.reason);
	if (snapshot.status === 'rejected') throw snapshot.reason;
	return snapshot.value;
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
	/** The account in the n8n credential that sent the change. */
	credentialUser: string | null;
	/** What VBR recorded as the session's initiator (often its REST service, not the credential's user). */
	initiatedBy: string | null;
	/** The REST API revision the change was sent in (with Automatic: the one chosen at login). */
	apiVersion: string;
	/** Set when the change was found in place already and nothing was sent. */
	alreadyDone?: true;
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
		credentialUser: client.username || null,
		initiatedBy: null,
		apiVersion: client.apiVersion,
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

/** The error of a change whose fate VBR's state cannot settle: never sent again, never a success. */
function notSentAgain(
	lost: NodeApiError | NodeOperationError,
	state: ServerState,
	hint: RecoveryHint,
	recovery: IDataObject,
) {
	const sessions = state.found === 'unsure' ? state.sessions : [];
	const what = sessions.length
		? `VBR shows ${sessions.length === 1 ? 'session' : 'sessions'} ${sessions.map((session) => session.id).join(', ')} that may be this change`
		: `VBR shows no session for it, but ${state.found === 'unsure' && state.observed ? state.observed : 'the object changed'}`;
	lost.message = `${lost.message}; ${what}, so it was not sent again and may or may not have been applied`;
	lost.description = [
		sessions.length
			? `Open ${sessions.length === 1 ? 'this session' : 'these sessions'} in the VBR console (History > System) to see which object each one changed.`
			: '',
		hint.check ? `Check in the VBR console ${hint.check}.` : '',
		'Run the item again only if the change is not there.',
	]
		.filter(Boolean)
		.join(' ');
	lost.context.ambiguous = true;
	lost.context.recovery = recovery;
	return lost;
}

/**
 * Sends a change once. When its answer is lost (connection reset, timeout, a proxy's 502/503/504),
 * it is not simply sent again: VBR is asked whether the change happened (a session newer than the
 * snapshot taken before sending, for this object, or the object it removed). Only when there is
 * no trace of it and the object still reads as before is it sent a second time. When VBR's state
 * cannot tell, the item fails and says what to check. The returned `recovery` says what was found.
 */
async function sendOnce(
	client: VeeamClient,
	plan: MutationPlan,
	itemIndex: number,
	recoveryOut: { recovery?: IDataObject },
): Promise<unknown> {
	const snapshot = await snapshotAlongside(client, plan, itemIndex);
	try {
		return await client.request<unknown>(plan.request, itemIndex);
	} catch (error) {
		const lost = asNodeError(client, error, itemIndex);
		if (lost.context?.ambiguous !== true) throw lost;
		let state: ServerState;
		try {
			state = await checkServerState(client, plan.request, plan.recovery, snapshot, itemIndex);
		} catch (checkFailed) {
			const unchecked = asNodeError(client, checkFailed, itemIndex);
			recoveryOut.recovery = {
				reason: lost.message,
				found: `VBR could not be asked: ${unchecked.message}`,
				action: 'stopped without sending again',
			};
			unchecked.message = `${lost.message}; whether the change was applied could not be checked (${unchecked.message}), so it was not sent again`;
			unchecked.context.ambiguous = true;
			unchecked.context.recovery = recoveryOut.recovery;
			throw unchecked;
		}
		const recovery: IDataObject = { reason: lost.message, ...describeState(state, plan.recovery) };
		recoveryOut.recovery = recovery;
		if (state.found === 'session') return state.session;
		if (state.found === 'removed') return undefined;
		if (state.found === 'unsure') throw notSentAgain(lost, state, plan.recovery, recovery);
		try {
			return await client.request<unknown>(plan.request, itemIndex);
		} catch (second) {
			const failed = asNodeError(client, second, itemIndex);
			failed.context.recovery = recovery;
			if (failed.context.ambiguous === true) {
				failed.message = `${failed.message} (the change was sent a second time after no trace of the first was found; check in the VBR console whether it was applied)`;
			}
			throw failed;
		}
	}
}

/** A 2xx that is not the session the endpoint documents: nothing says VBR took the change. */
function withoutSession(
	client: VeeamClient,
	plan: MutationPlan,
	answer: unknown,
	itemIndex: number,
): NodeApiError {
	const { method, path } = plan.request;
	const shape =
		answer === undefined || answer === null || answer === ''
			? 'an empty body'
			: typeof answer === 'object' && !Array.isArray(answer) && Object.keys(answer).length === 0
				? 'an empty object'
				: describeType(answer);
	const message = `VBR answered ${method} ${path} without a session; the change may not have been applied`;
	const error = new NodeApiError(
		client.node,
		{ message },
		{
			message,
			description: `The answer was ${shape} instead of the session VBR starts for this change; a proxy or load balancer may have answered instead of VBR.${plan.recovery.check ? ` Check in the VBR console ${plan.recovery.check}.` : ''} The change was not sent again.`,
			itemIndex,
		},
	);
	error.context.ambiguous = true;
	return error;
}

/** The output of a Dry Run: the exact request that would be sent, and its audit record. */
function dryRunOutput(client: VeeamClient, plan: MutationPlan): IDataObject {
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

/** The output of a re-run whose change was found in place: nothing was sent, no session ran. */
function alreadyDoneOutput(
	client: VeeamClient,
	plan: MutationPlan,
	done: IDataObject,
	startedAt: string,
): IDataObject {
	return {
		...done,
		audit: auditOf(plan, client, {
			targets: completeTargets(plan.targets, done),
			startedAt,
			finishedAt: now(),
			alreadyDone: true,
		}),
	};
}

/** The output of a change whose session finished: the result, the session and the full audit. */
function finishedOutput(
	client: VeeamClient,
	plan: MutationPlan,
	finished: SessionModel,
	result: IDataObject,
	sessionAudit: Partial<AuditRecord>,
): IDataObject {
	const session = summarizeSession(finished);
	// The audit carries the recovery already; the output shows it at the top as well.
	const recovery = sessionAudit.recovery as IDataObject | undefined;
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
	if (settings.dryRun || plan.alreadyDone) await plan.readAlongside?.();
	if (settings.dryRun) return dryRunOutput(client, plan);
	const startedAt = now();
	const done = plan.alreadyDone ? await plan.alreadyDone() : undefined;
	if (done) return alreadyDoneOutput(client, plan, done, startedAt);
	// Read already (with a re-run check), it is not read again alongside the snapshot.
	const toSend = plan.alreadyDone ? { ...plan, readAlongside: undefined } : plan;
	const { wait, waitSettings } = settings;
	const sent: { recovery?: IDataObject } = {};
	const withRecovery = () => (sent.recovery ? { recovery: sent.recovery } : {});
	/** The audit of a failed or unfinished change matters most: keep it on the error. */
	const failWithAudit = (error: unknown, fields: Partial<AuditRecord> = {}) => {
		const failed = asNodeError(client, error, itemIndex);
		failed.context.audit = auditOf(plan, client, {
			...withRecovery(),
			startedAt,
			finishedAt: now(),
			...fields,
		});
		return failed;
	};
	let answer: unknown;
	try {
		answer = await sendOnce(client, toSend, itemIndex, sent);
		if (plan.recovery.sessionType && !isSession(answer)) {
			throw withoutSession(client, plan, answer, itemIndex);
		}
	} catch (error) {
		if (error instanceof AlongsideFailure) throw error.error;
		throw failWithAudit(error);
	}

	if (!isSession(answer)) {
		const result = await plan.readResult(undefined);
		return {
			...result,
			...withRecovery(),
			audit: auditOf(plan, client, { startedAt, finishedAt: now(), sessionResult: 'Success' }),
		};
	}
	const sessionAudit = {
		...withRecovery(),
		startedAt,
		sessionId: answer.id,
		initiatedBy: answer.initiatedBy ?? null,
	};
	if (!wait) {
		return {
			...answer,
			...withRecovery(),
			audit: auditOf(plan, client, { ...sessionAudit, sessionResult: 'None' }),
		};
	}
	let finished: SessionModel;
	try {
		finished = await waitForSession(ctx, client, answer, waitSettings, itemIndex);
	} catch (error) {
		const context = (error as { context?: IDataObject }).context;
		throw failWithAudit(error, {
			...sessionAudit,
			// Failed when VBR said so; otherwise (timeout, cancelled, unreachable) the outcome is unknown.
			sessionResult: typeof context?.sessionResult === 'string' ? context.sessionResult : null,
		});
	}
	const session = summarizeSession(finished);
	let result: IDataObject;
	try {
		result = await plan.readResult(finished);
	} catch (error) {
		throw failWithAudit(error, { ...sessionAudit, sessionResult: session.result });
	}
	return finishedOutput(client, plan, finished, result, sessionAudit);
}
