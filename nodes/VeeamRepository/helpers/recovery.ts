import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { sameEnum } from '../../shared/apiVersion';
import type { VeeamClient } from '../../shared/transport/client';
import { SESSIONS_PATH } from '../../shared/transport/paths';
import type { ListResult, SessionModel, VeeamRequest } from '../../shared/types';

/** n8n's own errors are thrown as they are (with context added); anything else becomes one. */
export function asNodeError(
	client: VeeamClient,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(client.node, error as Error, { itemIndex });
}

/** What VBR's state says, after a lost answer, about whether the change happened. */
export interface StateCheck {
	/** True when the object still looks exactly as it did before the change was sent. */
	unchanged: boolean;
	/** What VBR shows instead, when it does not (e.g. `a repository named "X" exists`). */
	observed?: string;
}

/** How a change whose answer was lost can be recognised on the server. */
export interface RecoveryHint {
	/** The session type VBR starts for this change (e.g. Infrastructure); absent for a removal. */
	sessionType?: string;
	/** The object the session is about, when known before sending. */
	resourceId?: string;
	/** For a removal: the object's path, which answers 404 once it is gone. */
	removedPath?: string;
	/** Reads the object the change is about; absent when the session is the only trace (Rescan). */
	probe?: () => Promise<StateCheck>;
	/** What an admin looks at in the VBR console to tell whether the change happened. */
	check?: string;
}

/** The newest sessions of the change's type, read just before it is sent: they are not its session. */
export interface SessionSnapshot {
	ids: string[];
	/** The newest creation time among them, in VBR's own clock (null: no session of that type yet). */
	newest: string | null;
}

export type ServerState =
	| { found: 'session'; session: SessionModel }
	| { found: 'removed' }
	| { found: 'nothing' }
	| { found: 'unsure'; sessions: SessionModel[]; observed?: string };

/** Enough to tell sessions that existed before from new ones even when several share a timestamp. */
const SNAPSHOT_SIZE = 10;

/** Accounts VBR names in `initiatedBy` for sessions started through its REST API. */
export const REST_SERVICE_ACCOUNTS = ['veeam-rest-service'];

/** `.\administrator`, `LAB\svc-n8n` and `svc-n8n@lab` all name the same account as `svc-n8n`. */
function bareName(name: string): string {
	return name.toLowerCase().split(/[\\/]/).pop()?.split('@')[0] ?? '';
}

/** Whether VBR's `initiatedBy` can be this package: the credential's user or VBR's REST service. */
function startedThroughThisCredential(initiatedBy: unknown, username: string): boolean {
	if (typeof initiatedBy !== 'string' || initiatedBy === '') return true; // API 1.2 does not say
	const bare = bareName(initiatedBy);
	return REST_SERVICE_ACCOUNTS.includes(bare) || (username !== '' && bare === bareName(username));
}

async function listSessions(
	client: VeeamClient,
	sessionType: string,
	limit: number,
	itemIndex: number,
	createdAfter?: string,
): Promise<SessionModel[]> {
	const result = await client.request<ListResult<SessionModel>>(
		{
			method: 'GET',
			path: SESSIONS_PATH,
			qs: {
				...(createdAfter ? { createdAfterFilter: createdAfter } : {}),
				typeFilter: [sessionType],
				orderColumn: 'CreationTime',
				orderAsc: false,
				limit,
			},
		},
		itemIndex,
	);
	return Array.isArray(result?.data) ? result.data.filter((session) => session !== null) : [];
}

/**
 * Before a change that starts a session is sent: the newest sessions of its type. After a lost
 * answer, only a session that is not among them and not older than they are can be the change's.
 * One GET per change.
 */
export async function takeSessionSnapshot(
	client: VeeamClient,
	hint: RecoveryHint,
	itemIndex: number,
): Promise<SessionSnapshot | undefined> {
	if (!hint.sessionType) return undefined;
	const sessions = await listSessions(client, hint.sessionType, SNAPSHOT_SIZE, itemIndex);
	const times = sessions.map((session) => Date.parse(session.creationTime)).filter(Number.isFinite);
	return {
		ids: sessions.map((session) => String(session.id).toLowerCase()),
		newest: times.length ? new Date(Math.max(...times)).toISOString() : null,
	};
}

function isNewSince(session: SessionModel, snapshot: SessionSnapshot): boolean {
	if (snapshot.ids.includes(String(session.id).toLowerCase())) return false;
	if (snapshot.newest === null) return true;
	return Date.parse(session.creationTime) >= Date.parse(snapshot.newest);
}

/**
 * After a change got no usable answer (connection lost, timeout, proxy error), looks at VBR to
 * learn whether it was carried out: the session it started, or the object it removed.
 *
 * A session counts only when it is new since the snapshot, of the change's type, about the
 * change's object (when VBR names one) and started through this credential or VBR's REST
 * service. Exactly one such session is adopted. Anything else that could be the change (more
 * than one new session of the type and object, one started by another account, or no session
 * while the object no longer looks as before) is `unsure`: the change must not be sent again.
 */
export async function checkServerState(
	client: VeeamClient,
	request: VeeamRequest,
	hint: RecoveryHint,
	snapshot: SessionSnapshot | undefined,
	itemIndex: number,
): Promise<ServerState> {
	if (request.method === 'DELETE' && hint.removedPath) {
		try {
			await client.request({ method: 'GET', path: hint.removedPath }, itemIndex);
			return { found: 'nothing' };
		} catch (error) {
			if ((error as { httpCode?: string | null }).httpCode === '404') return { found: 'removed' };
			throw asNodeError(client, error, itemIndex);
		}
	}
	if (!hint.sessionType || !snapshot) return { found: 'nothing' };
	// One second earlier than the newest known session: VBR may round the filter.
	const since =
		snapshot.newest === null
			? undefined
			: new Date(Date.parse(snapshot.newest) - 1000).toISOString();
	const sessions = await listSessions(client, hint.sessionType, 100, itemIndex, since);
	const candidates = sessions.filter(
		(session) =>
			isNewSince(session, snapshot) &&
			sameEnum(session.sessionType, hint.sessionType as string) &&
			(!hint.resourceId ||
				!session.resourceId ||
				session.resourceId.toLowerCase() === hint.resourceId.toLowerCase()),
	);
	if (
		candidates.length === 1 &&
		startedThroughThisCredential(candidates[0].initiatedBy, client.username)
	) {
		return { found: 'session', session: candidates[0] };
	}
	if (candidates.length > 0) return { found: 'unsure', sessions: candidates };
	const state = hint.probe ? await hint.probe() : { unchanged: true };
	if (!state.unchanged) return { found: 'unsure', sessions: [], observed: state.observed };
	return { found: 'nothing' };
}

function nameSessions(sessions: SessionModel[]): string {
	return sessions
		.map(
			(session) =>
				`${session.id} (${session.sessionType}, created ${session.creationTime}` +
				`${session.initiatedBy ? `, initiated by ${session.initiatedBy}` : ''})`,
		)
		.join(', ');
}

export function describeState(state: ServerState, hint: RecoveryHint): IDataObject {
	switch (state.found) {
		case 'session':
			return {
				found: `session ${state.session.id} (${state.session.sessionType}), started by this request`,
				action: 'continued with it',
			};
		case 'removed':
			return {
				found: 'the object is already removed',
				action: 'reported success without sending again',
			};
		case 'unsure':
			return {
				found: state.sessions.length
					? `${state.sessions.length === 1 ? 'a session' : `${state.sessions.length} sessions`} that may belong to this change: ${nameSessions(state.sessions)}`
					: `no session, but ${state.observed ?? 'the object changed'}`,
				sessionIds: state.sessions.map((session) => session.id),
				action: 'stopped without sending again',
				...(hint.check ? { check: hint.check } : {}),
			};
		default:
			return { found: 'no trace of the change on VBR', action: 'sent the request once more' };
	}
}

/** Key-order-independent equality of two JSON values. */
function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	const keysA = Object.keys(a);
	const keysB = Object.keys(b);
	if (keysA.length !== keysB.length) return false;
	return keysA.every((key) => sameJson((a as IDataObject)[key], (b as IDataObject)[key]));
}

/** The dotted paths at which `after` differs from `before` (what an Edit changes), at most `max`. */
export function changedFields(before: unknown, after: unknown, max = 5, prefix = ''): string[] {
	if (sameJson(before, after)) return [];
	const bothObjects =
		typeof before === 'object' &&
		typeof after === 'object' &&
		before !== null &&
		after !== null &&
		!Array.isArray(before) &&
		!Array.isArray(after);
	if (!bothObjects) return [prefix || '(the whole object)'];
	const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
	const changed: string[] = [];
	for (const key of keys) {
		if (changed.length >= max) break;
		const path = prefix ? `${prefix}.${key}` : key;
		changed.push(
			...changedFields(
				(before as IDataObject)[key],
				(after as IDataObject)[key],
				max - changed.length,
				path,
			),
		);
	}
	return changed;
}

/** A probe for an Edit: the object still reads exactly as it did before the change was sent. */
export function unchangedSince(
	client: VeeamClient,
	path: string,
	before: IDataObject,
	label: string,
	itemIndex: number,
): () => Promise<StateCheck> {
	return async () => {
		const now = await client.request<IDataObject>({ method: 'GET', path }, itemIndex);
		if (sameJson(now, before)) return { unchanged: true };
		const fields = changedFields(before, now);
		return {
			unchanged: false,
			observed: `${label} no longer reads as before the change (${fields.join(', ')} differ)`,
		};
	};
}
