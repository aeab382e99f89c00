import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestOptions,
} from 'n8n-workflow';

import {
	describeConnectionError,
	describeRedirect,
	findCode,
	isTimeoutCode,
} from '../connectionErrors';
import { VeeamLoginError } from '../loginError';
import { parseServerUrl } from '../serverUrl';
import type { ExchangeLimits, RawAnswer } from './exchange';
import {
	DEFAULT_MAX_RESPONSE_BYTES,
	DEFAULT_TIMEOUT_MS,
	ExchangeLimitError,
	RAW_EXCHANGE_OPTIONS,
	exchange,
} from './exchange';
import { LOGIN_PATH } from './paths';
import { SecretRegistry } from './redaction';

/**
 * The OAuth2 password grant against VBR, bounded like every other request, with no redirect
 * followed and every server text scrubbed. The credential's preAuthentication runs it; n8n
 * persists the token it returns.
 */

/** A token answer is a few hundred bytes; more is not VBR. */
const MAX_LOGIN_ANSWER_BYTES = 1024 * 1024;

/**
 * What the execution hands its login, carried on the credential object n8n passes to
 * preAuthentication. Non-enumerable under a symbol: n8n persists the credential's data with
 * JSON and spreads, and neither sees it, so nothing of it is ever stored.
 */
export interface LoginContext {
	/** The limits for a login starting now (the request timeout, cut by a poll budget). */
	limits(): ExchangeLimits & { cutByDeadline: boolean };
	secrets: SecretRegistry;
	/** Called with the new token as soon as VBR issued it, before n8n stores it. */
	onToken(accessToken: string): void;
}

const LOGIN_CONTEXT = Symbol.for('n8n-nodes-veeam-backup.loginContext');

export function attachLoginContext(credentials: object, context: LoginContext): void {
	Object.defineProperty(credentials, LOGIN_CONTEXT, {
		value: context,
		enumerable: false,
		configurable: true,
		writable: true,
	});
}

function loginContextOf(credentials: object): LoginContext | undefined {
	return (credentials as { [LOGIN_CONTEXT]?: LoginContext })[LOGIN_CONTEXT];
}

export interface PreparedLogin {
	baseUrl: string;
	apiVersion: string;
	/** Everything of the token request except TLS, the timeout and the abort signal. */
	request: IHttpRequestOptions;
	limits: ExchangeLimits & { cutByDeadline: boolean };
	secrets: SecretRegistry;
	context?: LoginContext;
}

/** Checks the URL and builds the token request; registers the password and the form as secrets. */
export function prepareLogin(credentials: ICredentialDataDecryptedObject): PreparedLogin {
	const context = loginContextOf(credentials);
	const secrets = context?.secrets ?? new SecretRegistry();
	secrets.addPassword(credentials.password);
	const server = parseServerUrl(credentials.url);
	if (server.url === undefined) {
		throw new VeeamLoginError(server.problem, 'Fix the Server URL in the credential.', 'refused');
	}
	const apiVersion = String(credentials.apiVersion ?? '1.3-rev1');
	const form = new URLSearchParams({
		grant_type: 'password',
		username: String(credentials.username ?? ''),
		password: String(credentials.password ?? ''),
	}).toString();
	secrets.add(form);
	const limits = context?.limits() ?? {
		timeoutMs: DEFAULT_TIMEOUT_MS,
		maxBytes: DEFAULT_MAX_RESPONSE_BYTES,
		cutByDeadline: false,
	};
	return {
		baseUrl: server.url,
		apiVersion,
		secrets,
		context,
		limits: { ...limits, maxBytes: Math.min(limits.maxBytes, MAX_LOGIN_ANSWER_BYTES) },
		request: {
			method: 'POST',
			url: `${server.url}${LOGIN_PATH}`,
			headers: {
				'x-api-version': apiVersion,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
			},
			body: form,
			...RAW_EXCHANGE_OPTIONS,
		},
	};
}

function parseJson(text: string): IDataObject {
	try {
		const parsed = JSON.parse(text) as unknown;
		return parsed && typeof parsed === 'object' ? (parsed as IDataObject) : {};
	} catch {
		return {};
	}
}

/** The error for an answer that is not a token; undefined when it is one. */
function refusalOf(
	answer: RawAnswer,
	login: PreparedLogin,
	body: IDataObject,
): VeeamLoginError | undefined {
	const { status } = answer;
	const { baseUrl, apiVersion } = login;
	if (status >= 200 && status < 300) return undefined;
	if (status >= 300 && status < 400) {
		const location =
			typeof answer.headers.location === 'string' ? answer.headers.location : undefined;
		const redirect = describeRedirect(status, location, baseUrl);
		return new VeeamLoginError(`VBR login: ${redirect.message}`, redirect.description, 'refused');
	}
	const veeamMessage = typeof body.message === 'string' ? body.message : '';
	if (status === 400 && /api version/i.test(veeamMessage)) {
		return new VeeamLoginError(
			`This VBR server does not support API version ${apiVersion}: ${veeamMessage}`,
			'Choose the API version of your server in the credential: VBR 12.3.1 → 1.2-rev1, VBR 13.0.0 → 1.3-rev0, VBR 13.0.1 and later → 1.3-rev1.',
			'refused',
		);
	}
	if (status === 400 || status === 401 || status === 403) {
		return new VeeamLoginError(
			`VBR refused the login: wrong username or password${veeamMessage ? ` (${veeamMessage})` : ''}`,
			'Check the username (for a domain account: DOMAIN\\user) and the password. The account needs a built-in VBR role and must not require MFA: use a dedicated service account.',
			'refused',
		);
	}
	return new VeeamLoginError(
		`VBR login failed with HTTP ${status}${veeamMessage ? `: ${veeamMessage}` : ''}`,
		`The token request to ${baseUrl}${LOGIN_PATH} did not succeed.`,
		'unavailable',
	);
}

/** A login that got no answer: network, TLS, the deadline or the size cap. */
function unansweredLogin(error: unknown, login: PreparedLogin): VeeamLoginError {
	const { baseUrl, limits, secrets } = login;
	if (error instanceof ExchangeLimitError && error.reason === 'tooLarge') {
		return new VeeamLoginError(
			'VBR answered the login with more than 1 MB',
			`The token endpoint ${baseUrl}${LOGIN_PATH} did not answer like VBR. Check the Server URL.`,
			'refused',
		);
	}
	if (isTimeoutCode(findCode(error))) {
		const seconds = Number((limits.timeoutMs / 1000).toFixed(1));
		return limits.cutByDeadline
			? new VeeamLoginError(
					`VBR did not answer the login (POST ${LOGIN_PATH}) before n8n's poll budget ran out`,
					'n8n gives each poll a time budget. Nothing was stored; the next poll logs in again.',
					'timedOut',
				)
			: new VeeamLoginError(
					`VBR did not answer the login (POST ${LOGIN_PATH}) within ${seconds} s`,
					'VBR may be waiting on a domain controller or be overloaded; raise "Request Timeout" under Request Options if VBR needs longer.',
					'timedOut',
				);
	}
	const connection = describeConnectionError(error, baseUrl);
	if (connection) {
		// A certificate will not become trusted within this execution; a network may come back.
		const tls = /certificate/i.test(connection.message);
		return new VeeamLoginError(
			connection.message,
			connection.description,
			tls ? 'refused' : 'unavailable',
		);
	}
	return new VeeamLoginError(
		`Cannot log in to VBR at ${baseUrl}: ${secrets.scrub(String((error as Error)?.message ?? 'unknown error'))}`,
		'Check the Server URL and that n8n can reach the VBR server.',
		'unavailable',
	);
}

/**
 * Sends the prepared token request with `send` (which adds TLS, the timeout and the abort signal)
 * and returns the access token, or throws a VeeamLoginError that says what to fix.
 */
export async function runLogin(
	login: PreparedLogin,
	send: (timeoutMs: number, abortSignal: AbortSignal) => Promise<unknown>,
): Promise<string> {
	const abort = new AbortController();
	let answer: RawAnswer;
	try {
		answer = await exchange(() => send(login.limits.timeoutMs, abort.signal), login.limits, abort);
	} catch (error) {
		throw unansweredLogin(error, login);
	}
	const text = login.secrets.scrub(answer.text);
	const body = parseJson(answer.text);
	// Registered before anything of the answer is used: an echo of them must never be shown.
	login.secrets.add(body.access_token);
	login.secrets.add(body.refresh_token);
	const refusal = refusalOf(answer, login, parseJson(text));
	if (refusal) throw refusal;
	if (typeof body.access_token !== 'string' || body.access_token === '') {
		throw new VeeamLoginError(
			'VBR answered the login without an access token',
			`The token endpoint ${login.baseUrl}${LOGIN_PATH} returned an unexpected body.`,
			'unavailable',
		);
	}
	login.context?.onToken(body.access_token);
	return body.access_token;
}
