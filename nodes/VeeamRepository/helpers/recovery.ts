import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { sameEnum } from '../../shared/apiVersion';
import type { VeeamClient } from '../../shared/transport/client';
import { SESSIONS_PATH } from '../../shared/transport/paths';
import type { ListResult, SessionModel, VeeamRequest } from '../../shared/types';

/** How a change whose answer was lost can be recognised on the server. */
export interface RecoveryHint {
	/** The session type VBR starts for this change (e.g. Infrastructure); absent for a removal. */
	sessionType?: string;
	/** The object the session is about, when known before sending. */
	resourceId?: string;
	/** For a removal: the object's path, which answers 404 once it is gone. */
	removedPath?: string;
}

export type ServerState =
	| { found: 'session'; session: SessionModel }
	| { found: 'removed' }
	| { found: 'nothing' }
	| { found: 'several'; sessionIds: string[] };

/** Sessions started a little before our request still count: the two clocks may differ. */
const CLOCK_SKEW_MS = 60000;

/** `.\administrator`, `LAB\svc-n8n` and `svc-n8n@lab` all name the same account as `svc-n8n`. */
function sameUser(initiatedBy: unknown, username: string): boolean {
	if (typeof initiatedBy !== 'string' || username === '') return true;
	const bare = (name: string) => name.toLowerCase().split(/[\\/]/).pop()?.split('@')[0] ?? '';
	return bare(initiatedBy) === bare(username);
}

/**
 * After a change got no usable answer (connection lost, timeout, proxy error), looks at VBR to
 * learn whether it was carried out: the session it would have started, or the object it removed.
 */
export async function checkServerState(
	client: VeeamClient,
	request: VeeamRequest,
	hint: RecoveryHint,
	startedAt: Date,
	itemIndex: number,
): Promise<ServerState> {
	if (request.method === 'DELETE' && hint.removedPath) {
		try {
			await client.request({ method: 'GET', path: hint.removedPath }, itemIndex);
			return { found: 'nothing' };
		} catch (error) {
			const status = (error as { httpCode?: string | null }).httpCode;
			if (status === '404') return { found: 'removed' };
			throw new NodeApiError(client.node, error as JsonObject);
		}
	}
	if (!hint.sessionType) return { found: 'nothing' };
	const since = new Date(startedAt.getTime() - CLOCK_SKEW_MS).toISOString();
	const result = await client.request<ListResult<SessionModel>>(
		{
			method: 'GET',
			path: SESSIONS_PATH,
			qs: {
				createdAfterFilter: since,
				typeFilter: [hint.sessionType],
				orderColumn: 'CreationTime',
				orderAsc: false,
				limit: 100,
			},
		},
		itemIndex,
	);
	const candidates = (result.data ?? []).filter(
		(session) =>
			sameEnum(session.sessionType, hint.sessionType as string) &&
			sameUser(session.initiatedBy, client.username) &&
			(!hint.resourceId ||
				!session.resourceId ||
				session.resourceId.toLowerCase() === hint.resourceId.toLowerCase()) &&
			Date.parse(session.creationTime) >= startedAt.getTime() - CLOCK_SKEW_MS,
	);
	if (candidates.length === 0) return { found: 'nothing' };
	if (candidates.length > 1)
		return { found: 'several', sessionIds: candidates.map((session) => session.id) };
	return { found: 'session', session: candidates[0] };
}

export function describeState(state: ServerState): IDataObject {
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
		case 'several':
			return {
				found: `${state.sessionIds.length} matching sessions`,
				action: 'stopped without sending again',
			};
		default:
			return { found: 'no trace of the change on VBR', action: 'sent the request once more' };
	}
}
