import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { describeConnectionError } from '../connectionErrors';

/** What the failed request was, for messages that name the operation. */
export interface FailedRequest {
	method: string;
	path: string;
	baseUrl: string;
}

interface HttpFailure {
	status?: number;
	body?: unknown;
}

const HINTS: Record<number, string> = {
	400: 'VBR refused the request as invalid.',
	401: 'VBR did not accept the access token even after logging in again. Check the Veeam credential.',
	403: 'The VBR account lacks the role this operation needs (changes to repositories need the Veeam Backup Administrator role).',
	404: 'The object does not exist on this VBR server (it may have been removed).',
	500: 'VBR failed while processing the request.',
	503: 'VBR is temporarily unavailable.',
};

/** n8n-core wraps HTTP failures in a NodeApiError; dig out the status and the body VBR sent. */
function readHttpFailure(error: unknown): HttpFailure {
	const e = error as {
		httpCode?: string | null;
		context?: { data?: unknown };
		cause?: { response?: { status?: number; data?: unknown }; status?: number };
		response?: { status?: number; data?: unknown };
	};
	const response = e?.cause?.response ?? e?.response;
	const status =
		response?.status ??
		(e?.httpCode && /^\d{3}$/.test(e.httpCode) ? Number(e.httpCode) : undefined);
	return { status, body: response?.data ?? e?.context?.data };
}

function veeamErrorFrom(
	body: unknown,
): { errorCode: string; message: string; resourceId?: string } | undefined {
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
function loginFailureMessage(error: unknown): string | undefined {
	const cause = (
		error as {
			cause?: {
				veeamLoginFailure?: boolean;
				message?: string;
				description?: string;
			};
		}
	)?.cause;
	return cause?.veeamLoginFailure ? cause.message : undefined;
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
	const login = loginFailureMessage(error);
	if (login) {
		const cause = (error as { cause: { description?: string } }).cause;
		return new NodeApiError(node, { message: login } as JsonObject, {
			message: login,
			description: cause.description,
			itemIndex,
		});
	}
	const { status, body } = readHttpFailure(error);
	if (status === undefined) {
		const connection = describeConnectionError(error, request.baseUrl);
		const message =
			connection?.message ??
			`The request ${operation} failed: ${(error as Error)?.message ?? 'unknown error'}`;
		return new NodeApiError(node, { message } as JsonObject, {
			message,
			description: connection?.description,
			itemIndex,
		});
	}
	const veeam = veeamErrorFrom(body);
	if (veeam) {
		const details = [`VBR error ${veeam.errorCode} (HTTP ${status}) for ${operation}.`];
		if (veeam.resourceId) details.push(`Resource ID: ${veeam.resourceId}.`);
		if (HINTS[status]) details.push(HINTS[status]);
		const apiError = new NodeApiError(
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
		apiError.context.errorCode = veeam.errorCode;
		return apiError;
	}
	const looksLikeHtml = typeof body === 'string' && /<html|<!doctype/i.test(body);
	const message = looksLikeHtml
		? `VBR answered HTTP ${status} with an HTML page instead of JSON for ${operation}`
		: `VBR answered HTTP ${status} without a Veeam error body for ${operation}`;
	return new NodeApiError(node, { message } as JsonObject, {
		message,
		description:
			`${HINTS[status] ?? ''} A proxy or load balancer between n8n and VBR may have answered instead of VBR.`.trim(),
		httpCode: String(status),
		itemIndex,
	});
}
