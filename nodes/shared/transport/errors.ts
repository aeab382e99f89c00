import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeConnectionError } from '../connectionErrors';

/** What the failed request was, for messages that name the operation. */
export interface FailedRequest {
	method: string;
	path: string;
	baseUrl: string;
	timeoutMs?: number;
	/** The timeout was shortened to end by a deadline (the trigger's poll budget). */
	cutByDeadline?: boolean;
	attempts?: number;
}

interface VeeamErrorBody {
	errorCode: string;
	message: string;
	resourceId?: string;
}

/**
 * What went wrong, as far as it matters for what to do next:
 * - `http`: VBR (or a proxy) answered with an error status;
 * - `refused`: nothing reached VBR (the connection was refused, the name did not resolve);
 * - `lost`: the request may have reached VBR but no answer came back (reset, timeout).
 */
export interface FailureKind {
	kind: 'http' | 'refused' | 'lost' | 'login' | 'other';
	status?: number;
	code?: string;
	veeam?: VeeamErrorBody;
	body?: unknown;
}

const HINTS: Record<number, string> = {
	400: 'VBR refused the request as invalid.',
	401: 'VBR did not accept the access token even after logging in again. Check the Veeam credential.',
	403: 'The VBR account lacks the role this operation needs (changes to repositories need the Veeam Backup Administrator role).',
	404: 'The object does not exist on this VBR server (it may have been removed).',
	500: 'VBR failed while processing the request.',
	502: 'A proxy between n8n and VBR could not reach VBR.',
	503: 'VBR is temporarily unavailable.',
	504: 'A proxy between n8n and VBR gave up waiting for VBR.',
};

const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
const LOST_CODES = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

function findCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && current.code !== '') return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

export function veeamErrorFrom(body: unknown): VeeamErrorBody | undefined {
	let parsed = body;
	if (typeof body === 'string') {
		try {
			parsed = JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	const candidate = parsed as
		| { errorCode?: unknown; message?: unknown; resourceId?: unknown }
		| undefined;
	if (
		candidate &&
		typeof candidate.errorCode === 'string' &&
		typeof candidate.message === 'string'
	) {
		return {
			errorCode: candidate.errorCode,
			message: candidate.message,
			resourceId: typeof candidate.resourceId === 'string' ? candidate.resourceId : undefined,
		};
	}
	return undefined;
}

/** A failure that the credential's login step already explained (wrong password, API version, TLS). */
function loginFailure(error: unknown): { message: string; description?: string } | undefined {
	const cause = (
		error as { cause?: { veeamLoginFailure?: boolean; message?: string; description?: string } }
	)?.cause;
	return cause?.veeamLoginFailure && cause.message
		? { message: cause.message, description: cause.description }
		: undefined;
}

/** n8n-core wraps HTTP failures in a NodeApiError; dig out the status, the body and the network code. */
export function classifyFailure(error: unknown): FailureKind {
	if (loginFailure(error)) return { kind: 'login' };
	const e = error as {
		httpCode?: string | null;
		context?: { data?: unknown };
		cause?: { response?: { status?: number; data?: unknown } };
		response?: { status?: number; data?: unknown };
		message?: string;
	};
	const response = e?.cause?.response ?? e?.response;
	const status =
		response?.status ??
		(e?.httpCode && /^\d{3}$/.test(e.httpCode) ? Number(e.httpCode) : undefined);
	if (status !== undefined) {
		const body = response?.data ?? e?.context?.data;
		return { kind: 'http', status, body, veeam: veeamErrorFrom(body) };
	}
	const code = findCode(error);
	if (code !== undefined && NOT_SENT_CODES.has(code)) return { kind: 'refused', code };
	if (
		(code !== undefined && LOST_CODES.has(code)) ||
		/socket hang up|timeout/i.test(String(e?.message))
	) {
		return { kind: 'lost', code: code ?? 'ECONNRESET' };
	}
	return { kind: 'other', code };
}

/** Worth repeating a read for: nothing was answered, or VBR/a proxy said it is briefly unable. */
export function isTransient(failure: FailureKind): boolean {
	if (failure.kind === 'refused' || failure.kind === 'lost') return true;
	return failure.kind === 'http' && [500, 502, 503, 504].includes(failure.status ?? 0);
}

/**
 * A change whose fate is unknown: it may have been carried out although no usable answer came back.
 * (A Veeam error body is an answer: VBR says what happened.)
 */
export function isAmbiguous(failure: FailureKind): boolean {
	if (failure.kind === 'lost') return true;
	return failure.kind === 'http' && [502, 503, 504].includes(failure.status ?? 0) && !failure.veeam;
}

function apiError(
	node: INode,
	message: string,
	details: { description?: string; httpCode?: string; itemIndex?: number; context?: JsonObject },
): NodeApiError {
	const error = new NodeApiError(node, { message } as JsonObject, {
		message,
		description: details.description,
		httpCode: details.httpCode,
		itemIndex: details.itemIndex,
	});
	Object.assign(error.context, details.context ?? {});
	return error;
}

/**
 * Maps any failure of a VBR request to a NodeApiError that keeps Veeam's errorCode and message.
 * Only safe fields are copied: the original error carries the request configuration, headers
 * included, and must never reach an output item or a log.
 */
export function toNodeApiError(
	node: INode,
	error: unknown,
	request: FailedRequest,
	itemIndex?: number,
): NodeApiError {
	const operation = `${request.method} ${request.path}`;
	const tries =
		request.attempts && request.attempts > 1 ? ` (after ${request.attempts} attempts)` : '';
	const login = loginFailure(error);
	if (login) return apiError(node, login.message, { description: login.description, itemIndex });
	const failure = classifyFailure(error);
	const context: JsonObject = { ambiguous: isAmbiguous(failure), failureKind: failure.kind };

	if (failure.kind !== 'http') {
		if (
			failure.kind === 'lost' &&
			/ECONNABORTED|ETIMEDOUT|ESOCKETTIMEDOUT/.test(failure.code ?? '')
		) {
			if (request.cutByDeadline) {
				return apiError(
					node,
					`VBR did not answer ${operation} before n8n's poll budget ran out${tries}`,
					{
						description:
							'n8n gives each poll a time budget. Nothing was stored; the next poll reads again and reports what changed.',
						itemIndex,
						context,
					},
				);
			}
			const seconds = request.timeoutMs
				? `${Number((request.timeoutMs / 1000).toFixed(1))} s`
				: 'the timeout';
			return apiError(node, `VBR did not answer ${operation} within ${seconds}${tries}`, {
				description:
					'The request timed out. VBR may be overloaded or the network slow; raise "Request Timeout" under Request Options if VBR needs longer.',
				itemIndex,
				context,
			});
		}
		const connection = describeConnectionError(error, request.baseUrl);
		const message =
			connection?.message ??
			`The request ${operation} failed: ${(error as Error)?.message ?? 'unknown error'}`;
		return apiError(node, `${message}${tries}`, {
			description: connection?.description,
			itemIndex,
			context,
		});
	}
	const status = failure.status as number;
	if (failure.veeam) {
		const veeam = failure.veeam;
		const details = [`VBR error ${veeam.errorCode} (HTTP ${status}) for ${operation}${tries}.`];
		if (veeam.resourceId) details.push(`Resource ID: ${veeam.resourceId}.`);
		if (HINTS[status]) details.push(HINTS[status]);
		const veeamError = new NodeApiError(
			node,
			{
				errorCode: veeam.errorCode,
				message: veeam.message,
				resourceId: veeam.resourceId ?? null,
			} as JsonObject,
			{
				message: veeam.message,
				description: details.join(' '),
				httpCode: String(status),
				itemIndex,
			},
		);
		// Kept where workflows can branch on it (the error items of "Continue On Fail").
		Object.assign(veeamError.context, context, { errorCode: veeam.errorCode });
		return veeamError;
	}
	const looksLikeHtml = typeof failure.body === 'string' && /<html|<!doctype/i.test(failure.body);
	const message = looksLikeHtml
		? `VBR answered HTTP ${status} with an HTML page instead of JSON for ${operation}${tries}`
		: `VBR answered HTTP ${status} without a Veeam error body for ${operation}${tries}`;
	return apiError(node, message, {
		description:
			`${HINTS[status] ?? ''} A proxy or load balancer between n8n and VBR may have answered instead of VBR.`.trim(),
		httpCode: String(status),
		itemIndex,
		context,
	});
}

/** A 2xx answer whose body is not the JSON VBR sends: truncated, or a proxy's page. */
export function malformedBodyError(
	node: INode,
	body: string,
	request: FailedRequest,
	itemIndex?: number,
): NodeApiError {
	const kind = /<html|<!doctype/i.test(body)
		? 'an HTML page'
		: 'a body that is not valid JSON (it may be truncated)';
	return apiError(node, `VBR answered ${request.method} ${request.path} with ${kind}`, {
		description: `Received ${body.length} characters starting with "${body.slice(0, 40).replace(/\s+/g, ' ')}". A proxy between n8n and VBR may have answered, or the connection was cut.`,
		itemIndex,
		// A change that got a garbled answer may have been carried out.
		context: { ambiguous: request.method !== 'GET', failureKind: 'malformed' },
	});
}
