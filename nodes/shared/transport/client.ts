import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ApiVersionSetting } from '../apiVersion';
import {
	AUTOMATIC,
	asApiVersion,
	describeNodeVersions,
	readApiVersionSetting,
} from '../apiVersion';
import { parseServerUrl } from '../serverUrl';
import type { ApiVersion, VeeamRequest } from '../types';
import type { FailedRequest, FailureKind } from './errors';
import { answerFailure, classifyFailure, isTransient, toNodeApiError } from './errors';
import type { ExchangeClock, ExchangeLimits, RawAnswer } from './exchange';
import {
	DEFAULT_MAX_RESPONSE_BYTES,
	DEFAULT_TIMEOUT_MS,
	RAW_EXCHANGE_OPTIONS,
	RequestCancelledError,
	exchange,
} from './exchange';
import { attachLoginContext } from './login';
import { SERVER_INFO_PATH } from './paths';
import { LoginGate } from './loginGate';
import { SecretRegistry } from './redaction';
import type { TlsPolicy } from './tls';
import { readTlsPolicy, withServerTrust } from './tls';

export const CREDENTIAL_TYPE = 'veeamBackupApi';

export type VeeamContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** How requests behave under faults; the node's "Request Options" set them. */
export interface TransportSettings {
	/** Extra attempts for a read (GET) after a transient failure; changes are never repeated here. */
	retries: number;
	/** First backoff delay; doubles per attempt, plus up to the same again of random jitter. */
	retryDelayMs: number;
	/** The total time one request (the login included) may take, last byte of the answer included. */
	timeoutMs: number;
	/** Answers larger than this fail instead of filling n8n's memory. */
	maxResponseBytes: number;
	/** Epoch ms after which no request or retry starts and no request may still be running (a poll budget). */
	deadline?: number;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
	retries: 3,
	retryDelayMs: 500,
	timeoutMs: DEFAULT_TIMEOUT_MS,
	maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
};

const MAX_RETRY_DELAY_MS = 30000;

/** The one way this package talks to VBR: authenticated, TLS per credential, errors mapped. */
export interface VeeamClient {
	/** The revision every request of this execution speaks (Automatic: chosen at login). */
	readonly apiVersion: ApiVersion;
	readonly baseUrl: string;
	readonly node: INode;
	/** The VBR account of the credential, for audit records (never the password). */
	readonly username: string;
	readonly transport: TransportSettings;
	request<T = IDataObject>(request: VeeamRequest, itemIndex?: number): Promise<T>;
	/** Removes the execution's password and tokens from a text (for anything shown or logged). */
	scrub(text: string): string;
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

type Outcome = { value: unknown } | { failure: FailureKind; error?: unknown };

/** A 2xx answer as data, anything else as a failure; `text` is already scrubbed. */
function interpret(answer: RawAnswer, text: string): Outcome {
	const { status } = answer;
	if (status < 200 || status >= 300) {
		const location = answer.headers.location;
		return {
			failure: answerFailure(status, text, typeof location === 'string' ? location : undefined),
		};
	}
	// A 204 (and an empty 200) carries nothing.
	if (text.trim() === '') return { value: undefined };
	try {
		return { value: JSON.parse(text) as unknown };
	} catch {
		return { failure: { kind: 'malformed', body: text } };
	}
}

/** Where and how requests go: checked from the credential before any request. */
function readConnection(
	node: INode,
	credentials: ICredentialDataDecryptedObject,
): { baseUrl: string; setting: ApiVersionSetting; tlsPolicy: TlsPolicy } {
	const server = parseServerUrl(credentials.url);
	if (server.url === undefined) {
		throw new NodeOperationError(node, server.problem, {
			description: 'Fix the Server URL in the Veeam Backup & Replication credential.',
		});
	}
	const tls = readTlsPolicy(credentials);
	if (tls.policy === undefined) {
		throw new NodeOperationError(node, tls.problem, {
			description: 'Fix the fingerprint in the Veeam Backup & Replication credential, or empty it.',
		});
	}
	const setting = readApiVersionSetting(credentials.apiVersion);
	if (setting === undefined) {
		throw new NodeOperationError(
			node,
			`The credential's API Version "${String(credentials.apiVersion)}" is not one this node speaks`,
			{ description: `Choose Automatic or one of ${describeNodeVersions()} in the credential.` },
		);
	}
	return { baseUrl: server.url, setting, tlsPolicy: tls.policy };
}

/**
 * Automatic: the revision stored with the token, so an execution with a stored token asks nothing.
 * Without one, `probe` sends a first request, whose login chooses the revision and stores it with
 * the new token (the only request Automatic adds, once per login).
 */
async function learnApiVersion(
	node: INode,
	credentials: ICredentialDataDecryptedObject,
	probe: () => Promise<unknown>,
): Promise<ApiVersion> {
	const stored = asApiVersion(credentials.negotiatedApiVersion);
	if (stored !== undefined && credentials.accessToken) return stored;
	// A token stored before the credential was Automatic carries no revision: log in again.
	credentials.accessToken = '';
	await probe();
	const learned = asApiVersion(credentials.negotiatedApiVersion);
	if (learned === undefined) {
		throw new NodeOperationError(node, 'The VBR login did not tell which API version it used', {
			description: 'Pin the API Version of your VBR server in the credential.',
		});
	}
	return learned;
}

/** What every request of an execution is sent with. */
interface SendTarget {
	baseUrl: string;
	tlsPolicy: TlsPolicy;
	credentialsDecrypted: ICredentialsDecrypted;
}

/** One exchange through n8n's authenticated request helper, with the credential's trust. */
async function send(
	ctx: VeeamContext,
	target: SendTarget,
	request: VeeamRequest,
	timeout: number,
): Promise<unknown> {
	const { baseUrl, tlsPolicy, credentialsDecrypted } = target;
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${baseUrl}${request.path}`,
		qs: withoutEmpty(request.qs),
		arrayFormat: 'repeat',
		headers: { accept: 'application/json' },
		json: true,
		timeout,
		...RAW_EXCHANGE_OPTIONS,
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

/**
 * Reads the credential once per execution (URL, version, TLS switch). The token is stored by n8n
 * (`httpRequestWithAuthentication` runs the credential's preAuthentication when it is empty, and
 * persists the new one); this client decides when that happens: at most one login at a time,
 * again after a 401, and never again after VBR refused the credentials.
 * (Long as a whole on purpose: one closure per execution, so that the credential object, the login
 * gate, the leader's clock and the secrets are shared by every request of it; each inner function
 * is short. What needs none of that state, readConnection and send, lives outside.)
 */
export async function createVeeamClient(
	ctx: VeeamContext,
	settings: Partial<TransportSettings> = {},
): Promise<VeeamClient> {
	const node = ctx.getNode();
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const { baseUrl, setting, tlsPolicy } = readConnection(node, credentials);
	/** Known before any request when pinned; with Automatic once a login (or the stored token) says. */
	let apiVersion: ApiVersion | undefined = setting === AUTOMATIC ? undefined : setting;
	const transport: TransportSettings = { ...DEFAULT_TRANSPORT, ...settings };
	const secrets = new SecretRegistry();
	secrets.addPassword(credentials.password);
	secrets.add(credentials.accessToken);
	const gate = new LoginGate();
	/** The deadline of the request whose login is under way, restarted when the login ends. */
	let leaderClock: ExchangeClock | undefined;
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

	// n8n hands this very object to preAuthentication: the login gets the same bounds and secrets.
	attachLoginContext(credentials, {
		limits: () => {
			const timeoutMs = attemptTimeout();
			return {
				timeoutMs,
				maxBytes: transport.maxResponseBytes,
				cutByDeadline: timeoutMs < transport.timeoutMs,
			};
		},
		secrets,
		preferredVersion: () => apiVersion,
		onToken: (accessToken, negotiatedApiVersion, reason) => {
			// The one place the choice is told: n8n's declarative credential test cannot show it.
			ctx.logger.info(`Veeam Backup & Replication login at ${baseUrl}: ${reason}`);
			credentials.accessToken = accessToken;
			credentials.negotiatedApiVersion = setting === AUTOMATIC ? negotiatedApiVersion : '';
			leaderClock?.restart(attemptTimeout());
			gate.open();
		},
	});

	/** Whether a retry after this pause would still start before the deadline. */
	function canRetryAfter(pauseMs: number): boolean {
		return transport.deadline === undefined || Date.now() + pauseMs < transport.deadline;
	}

	const target: SendTarget = { baseUrl, tlsPolicy, credentialsDecrypted };

	/** One request with the current token; after a 401, one more with a new one. */
	async function authorized(request: VeeamRequest, limits: ExchangeLimits): Promise<RawAnswer> {
		for (let renewed = false; ; renewed = true) {
			await gate.passable();
			// A cancelled request neither logs in nor sends again after a 401.
			if (limits.signal?.aborted) throw new RequestCancelledError();
			const token = String(credentials.accessToken ?? '');
			// An empty token makes n8n log in inside this request: the others wait for its result.
			const flight = token === '' ? gate.lead() : undefined;
			let answer: RawAnswer;
			try {
				// A login inside this request has its own bound; the request's clock starts after it.
				// It is not cancelled with the request: other requests wait for its token.
				const bound = flight
					? { ...limits, timeoutMs: 2 * limits.timeoutMs, signal: undefined }
					: limits;
				answer = await exchange(
					() => send(ctx, target, request, limits.timeoutMs),
					bound,
					undefined,
					(clock) => {
						if (flight) leaderClock = clock;
					},
				).catch((error: unknown) => {
					// The waiters learn why the login failed (request() maps the error for this one).
					flight?.failed(error);
					throw error;
				});
			} finally {
				flight?.ended();
				if (flight) leaderClock = undefined;
			}
			if (answer.status !== 401 || renewed) return answer;
			// Expired: the first to notice empties the token; a token renewed meanwhile is kept.
			if (credentials.accessToken === token) credentials.accessToken = '';
		}
	}

	async function sendRequest<T>(request: VeeamRequest, itemIndex?: number): Promise<T> {
		// Reads are repeated after transient failures; a change is sent once, and a change whose
		// fate is unknown is resolved by the caller, which checks VBR's state (see mutation.ts).
		const repeatable = request.method === 'GET';
		for (let attempt = 0; ; attempt++) {
			const timeoutMs = attemptTimeout();
			const described: FailedRequest = {
				method: request.method,
				path: request.path,
				baseUrl,
				timeoutMs,
				cutByDeadline: timeoutMs < transport.timeoutMs,
				attempts: attempt + 1,
			};
			let outcome: Outcome;
			try {
				const answer = await authorized(request, {
					timeoutMs,
					maxBytes: transport.maxResponseBytes,
					signal: request.signal,
				});
				// Before anything reads it: a server may echo the token or the password.
				outcome = interpret(answer, secrets.scrub(answer.text));
			} catch (error) {
				outcome = { failure: classifyFailure(error), error };
			}
			if ('value' in outcome) return outcome.value as T;
			// Cancelled: whoever asked is gone, so nothing is repeated and nothing is reported.
			if (request.signal?.aborted) throw new RequestCancelledError();
			const pause = retryDelay(attempt, transport.retryDelayMs);
			if (
				repeatable &&
				attempt < transport.retries &&
				isTransient(outcome.failure) &&
				canRetryAfter(pause)
			) {
				await sleep(pause, request.signal).catch(() => {
					throw new RequestCancelledError();
				});
				continue;
			}
			throw toNodeApiError(node, outcome.failure, described, itemIndex, outcome.error, (text) =>
				secrets.scrub(text),
			);
		}
	}

	if (apiVersion === undefined) {
		apiVersion = await learnApiVersion(
			node,
			credentials,
			async () => await sendRequest({ method: 'GET', path: SERVER_INFO_PATH }),
		);
	}
	return {
		apiVersion,
		baseUrl,
		node,
		username: typeof credentials.username === 'string' ? credentials.username : '',
		transport,
		scrub: (text) => secrets.scrub(text),
		request: sendRequest,
	};
}
