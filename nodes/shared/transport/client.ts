import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { toApiVersion } from '../apiVersion';
import { parseServerUrl } from '../serverUrl';
import type { ApiVersion, VeeamRequest } from '../types';
import { classifyFailure, isTransient, malformedBodyError, toNodeApiError } from './errors';
import { readTlsPolicy, withServerTrust } from './tls';

export const CREDENTIAL_TYPE = 'veeamBackupApi';

export type VeeamContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** How requests behave under faults; the node's "Request Options" set them. */
export interface TransportSettings {
	/** Extra attempts for a read (GET) after a transient failure; changes are never repeated here. */
	retries: number;
	/** First backoff delay; doubles per attempt, plus up to the same again of random jitter. */
	retryDelayMs: number;
	timeoutMs: number;
	/** Epoch ms after which no request or retry starts and no request may still be running (a poll budget). */
	deadline?: number;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
	retries: 3,
	retryDelayMs: 500,
	timeoutMs: 60000,
};

const MAX_RETRY_DELAY_MS = 30000;

/** The one way this package talks to VBR: authenticated, TLS per credential, errors mapped. */
export interface VeeamClient {
	readonly apiVersion: ApiVersion;
	readonly baseUrl: string;
	readonly node: INode;
	/** The VBR account of the credential, for audit records (never the password). */
	readonly username: string;
	readonly transport: TransportSettings;
	request<T = IDataObject>(request: VeeamRequest, itemIndex?: number): Promise<T>;
}

function withoutEmpty(qs: IDataObject | undefined): IDataObject | undefined {
	if (!qs) return undefined;
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		result[key] = value;
	}
	return result;
}

export function retryDelay(attempt: number, baseMs: number): number {
	const exponential = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** attempt);
	return exponential + Math.random() * exponential;
}

/**
 * Reads the credential once per execution (URL, version, TLS switch). The token itself is managed
 * by n8n: `httpRequestWithAuthentication` runs the credential's preAuthentication when the stored
 * token is empty and once more after a 401, and persists the new token.
 */
export async function createVeeamClient(
	ctx: VeeamContext,
	settings: Partial<TransportSettings> = {},
): Promise<VeeamClient> {
	const node = ctx.getNode();
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const server = parseServerUrl(credentials.url);
	if (server.url === undefined) {
		throw new NodeOperationError(node, server.problem, {
			description: 'Fix the Server URL in the Veeam Backup & Replication credential.',
		});
	}
	const baseUrl = server.url;
	const apiVersion = toApiVersion(credentials.apiVersion);
	const tls = readTlsPolicy(credentials);
	if (tls.policy === undefined) {
		throw new NodeOperationError(node, tls.problem, {
			description: 'Fix the fingerprint in the Veeam Backup & Replication credential, or empty it.',
		});
	}
	const tlsPolicy = tls.policy;
	const transport: TransportSettings = { ...DEFAULT_TRANSPORT, ...settings };
	const reference = node.credentials?.[CREDENTIAL_TYPE];
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: reference?.id ?? '',
		name: reference?.name ?? '',
		type: CREDENTIAL_TYPE,
		data: credentials,
	};

	/** The request timeout, cut short by the deadline when there is one. */
	function attemptTimeout(): number {
		if (transport.deadline === undefined) return transport.timeoutMs;
		return Math.max(1, Math.min(transport.timeoutMs, transport.deadline - Date.now()));
	}

	/** Whether a retry after this pause would still start before the deadline. */
	function canRetryAfter(pauseMs: number): boolean {
		return transport.deadline === undefined || Date.now() + pauseMs < transport.deadline;
	}

	async function send(request: VeeamRequest, timeout: number): Promise<unknown> {
		const options: IHttpRequestOptions = {
			method: request.method,
			url: `${baseUrl}${request.path}`,
			qs: withoutEmpty(request.qs),
			arrayFormat: 'repeat',
			headers: { accept: 'application/json' },
			json: true,
			timeout,
		};
		if (request.body !== undefined) options.body = request.body;
		// The credential read above is handed to every request: n8n would otherwise load and decrypt it
		// from its database for each one. n8n's login step writes a new token into this same object
		// (and persists it), so all requests of the execution share it.
		return await withServerTrust(
			ctx.helpers,
			baseUrl,
			tlsPolicy,
			async (trust) =>
				(await ctx.helpers.httpRequestWithAuthentication.call(
					ctx,
					CREDENTIAL_TYPE,
					{ ...options, ...trust },
					{ credentialsDecrypted },
				)) as unknown,
			timeout,
		);
	}

	return {
		apiVersion,
		baseUrl,
		node,
		username: typeof credentials.username === 'string' ? credentials.username : '',
		transport,
		async request<T>(request: VeeamRequest, itemIndex?: number): Promise<T> {
			// Reads are repeated after transient failures; a change is sent once, and a change whose
			// fate is unknown is resolved by the caller, which checks VBR's state (see mutation.ts).
			const repeatable = request.method === 'GET';
			for (let attempt = 0; ; attempt++) {
				const timeoutMs = attemptTimeout();
				const described = {
					method: request.method,
					path: request.path,
					baseUrl,
					timeoutMs,
					cutByDeadline: timeoutMs < transport.timeoutMs,
					attempts: attempt + 1,
				};
				let body: unknown;
				try {
					body = await send(request, timeoutMs);
				} catch (error) {
					const pause = retryDelay(attempt, transport.retryDelayMs);
					if (
						repeatable &&
						attempt < transport.retries &&
						isTransient(classifyFailure(error)) &&
						canRetryAfter(pause)
					) {
						await sleep(pause);
						continue;
					}
					throw toNodeApiError(node, error, described, itemIndex);
				}
				// With json: true a body that does not parse arrives as text; a 204 arrives empty.
				if (typeof body === 'string' && body.trim() !== '') {
					const pause = retryDelay(attempt, transport.retryDelayMs);
					if (repeatable && attempt < transport.retries && canRetryAfter(pause)) {
						await sleep(pause);
						continue;
					}
					throw malformedBodyError(node, body, described, itemIndex);
				}
				return body as T;
			}
		},
	};
}
