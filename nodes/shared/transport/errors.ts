import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import {
	describeConnectionError,
	describeRedirect,
	findCode,
	isTimeoutCode,
	networkOutcome,
} from '../connectionErrors';
import { findLoginError } from '../loginError';
import { ExchangeLimitError } from './exchange';

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
 * - `redirect`: something answered with a 3xx (never followed);
 * - `refused`: nothing reached VBR (the connection was refused, the name did not resolve);
 * - `lost`: the request may have reached VBR but no answer came back (reset, timeout);
 * - `malformed`: a 2xx whose body is not JSON; `tooLarge`: an answer over the size cap;
 * - `login`: the credential's login step failed and already said why.
 * Every text in here (`body`, `veeam`, `location`) is already scrubbed of the execution's secrets.
 */
export interface FailureKind {
	kind: 'http' | 'redirect' | 'refused' | 'lost' | 'malformed' | 'tooLarge' | 'login' | 'other';
	status?: number;
	code?: string;
	veeam?: VeeamErrorBody;
	body?: string;
	location?: string;
	maxBytes?: number;
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

/** An answer with a status that is not a success; `text` must already be scrubbed. */
export function answerFailure(status: number, text: string, location?: string): FailureKind {
	if (status >= 300 && status < 400) return { kind: 'redirect', status, location };
	return { kind: 'http', status, body: text, veeam: veeamErrorFrom(text) };
}

/** A failure that was thrown (network, deadline, size cap, login) rather than answered. */
export function classifyFailure(error: unknown): FailureKind {
	if (findLoginError(error)) return { kind: 'login' };
	if (error instanceof ExchangeLimitError && error.reason === 'tooLarge') {
		return { kind: 'tooLarge', maxBytes: error.limit };
	}
	const code = findCode(error);
	const outcome = networkOutcome(error);
	if (outcome === 'refused') return { kind: 'refused', code };
	if (outcome === 'lost') return { kind: 'lost', code: code ?? 'ECONNRESET' };
	return { kind: 'other', code };
}

/** Worth repeating a read for: nothing was answered, or VBR/a proxy said it is briefly unable. */
export function isTransient(failure: FailureKind): boolean {
	if (failure.kind === 'refused' || failure.kind === 'lost' || failure.kind === 'malformed') {
		return true;
	}
	return failure.kind === 'http' && [500, 502, 503, 504].includes(failure.status ?? 0);
}

/**
 * A change whose fate is unknown: it may have been carried out although no usable answer came back.
 * (A Veeam error body is an answer: VBR says what happened.)
 */
export function isAmbiguous(failure: FailureKind, method: string): boolean {
	if (failure.kind === 'lost') return true;
	// A garbled or oversized answer came from something that got the request.
	if (failure.kind === 'malformed' || failure.kind === 'tooLarge') return method !== 'GET';
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

function timeoutError(
	node: INode,
	operation: string,
	request: FailedRequest,
	tries: string,
	itemIndex: number | undefined,
	context: JsonObject,
): NodeApiError {
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
			'The whole answer must arrive within the request timeout. VBR may be overloaded or the network slow; raise "Request Timeout" under Request Options if VBR needs longer.',
		itemIndex,
		context,
	});
}

function httpError(
	node: INode,
	failure: FailureKind,
	operation: string,
	tries: string,
	itemIndex: number | undefined,
	context: JsonObject,
): NodeApiError {
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

/**
 * Maps any failure of a VBR request to a NodeApiError that keeps Veeam's errorCode and message.
 * Only safe fields are copied: the original error carries the request configuration, headers
 * included, and must never reach an output item or a log. `scrub` removes the execution's secrets
 * from the one text that does not come from an answer (a network error's own message).
 */
export function toNodeApiError(
	node: INode,
	failure: FailureKind,
	request: FailedRequest,
	itemIndex: number | undefined,
	error: unknown,
	scrub: (text: string) => string,
): NodeApiError {
	const operation = `${request.method} ${request.path}`;
	const tries =
		request.attempts && request.attempts > 1 ? ` (after ${request.attempts} attempts)` : '';
	const context: JsonObject = {
		ambiguous: isAmbiguous(failure, request.method),
		failureKind: failure.kind,
	};
	switch (failure.kind) {
		case 'login': {
			const login = findLoginError(error);
			return apiError(node, login?.message ?? 'The VBR login failed', {
				description: login?.description,
				itemIndex,
				context,
			});
		}
		case 'http':
			return httpError(node, failure, operation, tries, itemIndex, context);
		case 'redirect': {
			const redirect = describeRedirect(
				failure.status as number,
				failure.location,
				request.baseUrl,
			);
			return apiError(node, `${redirect.message} for ${operation}`, {
				description: redirect.description,
				httpCode: String(failure.status),
				itemIndex,
				context,
			});
		}
		case 'malformed': {
			const body = failure.body ?? '';
			const kind = /<html|<!doctype/i.test(body)
				? 'an HTML page'
				: 'a body that is not valid JSON (it may be truncated)';
			return apiError(node, `VBR answered ${operation} with ${kind}${tries}`, {
				description: `Received ${body.length} characters starting with "${body.slice(0, 40).replace(/\s+/g, ' ')}". A proxy between n8n and VBR may have answered, or the connection was cut.`,
				itemIndex,
				context,
			});
		}
		case 'tooLarge': {
			const megabytes = Number(((failure.maxBytes ?? 0) / 1024 / 1024).toFixed(2));
			return apiError(node, `VBR's answer to ${operation} is larger than ${megabytes} MB`, {
				description:
					'The answer was cut off to protect n8n\'s memory. Narrow the request (filters, a limit instead of Return All) or raise "Max Response Size (MB)" under Request Options.',
				itemIndex,
				context,
			});
		}
		default:
			break;
	}
	if (failure.kind === 'lost' && isTimeoutCode(failure.code)) {
		return timeoutError(node, operation, request, tries, itemIndex, context);
	}
	const connection = describeConnectionError(error, request.baseUrl);
	const message =
		connection?.message ??
		`The request ${operation} failed: ${scrub(String((error as Error)?.message ?? 'unknown error'))}`;
	return apiError(node, `${message}${tries}`, {
		description: connection?.description,
		itemIndex,
		context,
	});
}
