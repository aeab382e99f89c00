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
import type { ApiVersionSetting } from '../apiVersion';
import {
	AUTOMATIC,
	NEWEST_API_VERSION,
	asApiVersion,
	describeNodeVersions,
	readApiVersionSetting,
} from '../apiVersion';
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
import type { VersionRefusal } from './negotiation';
import { choiceReason, nextVersion, versionRefusalError, versionRefusalOf } from './negotiation';
import { LOGIN_PATH } from './paths';
import type { ApiVersion } from '../types';
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
	/**
	 * With Automatic, the revision the execution already uses (a login after a 401 keeps it while
	 * VBR accepts it); undefined before the execution knows one.
	 */
	preferredVersion(): ApiVersion | undefined;
	/**
	 * Called with the new token, its revision and why that revision, as soon as VBR issued it,
	 * before n8n stores it.
	 */
	onToken(accessToken: string, apiVersion: ApiVersion, reason: string): void;
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
	setting: ApiVersionSetting;
	/** The revision of the first token request: the pinned one, or Automatic's first guess. */
	firstVersion: ApiVersion;
	/** Everything of the token request in `version` except TLS, the timeout and the abort signal. */
	requestFor(version: ApiVersion): IHttpRequestOptions;
	limits: ExchangeLimits & { cutByDeadline: boolean };
	secrets: SecretRegistry;
	context?: LoginContext;
}

/** A token, the revision VBR issued it for, and why that revision. */
export interface LoginResult {
	accessToken: string;
	apiVersion: ApiVersion;
	reason: string;
}

/**
 * The x-api-version of a request with the stored token: the pinned revision, or the one
 * Automatic's login chose (stored with the token).
 */
export function headerApiVersion(credentials: ICredentialDataDecryptedObject): string {
	const setting = readApiVersionSetting(credentials.apiVersion);
	if (setting !== AUTOMATIC) return setting ?? String(credentials.apiVersion);
	return asApiVersion(credentials.negotiatedApiVersion) ?? NEWEST_API_VERSION;
}

function readSetting(credentials: ICredentialDataDecryptedObject): ApiVersionSetting {
	const setting = readApiVersionSetting(credentials.apiVersion);
	if (setting === undefined) {
		throw new VeeamLoginError(
			`The credential's API Version "${String(credentials.apiVersion)}" is not one this node speaks`,
			`Choose Automatic or one of ${describeNodeVersions()}.`,
			'refused',
		);
	}
	return setting;
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
	const setting = readSetting(credentials);
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
	const url = `${server.url}${LOGIN_PATH}`;
	return {
		baseUrl: server.url,
		setting,
		firstVersion:
			setting === AUTOMATIC ? (context?.preferredVersion() ?? NEWEST_API_VERSION) : setting,
		secrets,
		context,
		limits: { ...limits, maxBytes: Math.min(limits.maxBytes, MAX_LOGIN_ANSWER_BYTES) },
		requestFor: (version) => ({
			method: 'POST',
			url,
			headers: {
				'x-api-version': version,
				'content-type': 'application/x-www-form-urlencoded',
				accept: 'application/json',
			},
			body: form,
			...RAW_EXCHANGE_OPTIONS,
		}),
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
	const { baseUrl } = login;
	if (status >= 200 && status < 300) return undefined;
	if (status >= 300 && status < 400) {
		const location =
			typeof answer.headers.location === 'string' ? answer.headers.location : undefined;
		const redirect = describeRedirect(status, location, baseUrl);
		return new VeeamLoginError(`VBR login: ${redirect.message}`, redirect.description, 'refused');
	}
	const veeamMessage = typeof body.message === 'string' ? body.message : '';
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

/** What one token request answered: a token, a refused revision, or an error to throw. */
type TokenAnswer = { token: string } | { refusal: VersionRefusal } | { error: VeeamLoginError };

/** One token request in `version`, bounded by what is left of the login's time (`deadline`). */
async function requestToken(
	login: PreparedLogin,
	version: ApiVersion,
	deadline: number,
	send: LoginSender,
): Promise<TokenAnswer> {
	const abort = new AbortController();
	const limits = { ...login.limits, timeoutMs: Math.max(1, deadline - Date.now()) };
	let answer: RawAnswer;
	try {
		answer = await exchange(
			() => send(login.requestFor(version), limits.timeoutMs, abort.signal),
			limits,
			abort,
		);
	} catch (error) {
		throw unansweredLogin(error, login);
	}
	const body = parseJson(answer.text);
	// Registered before anything of the answer is used: an echo of them must never be shown.
	login.secrets.add(body.access_token);
	login.secrets.add(body.refresh_token);
	const scrubbed = parseJson(login.secrets.scrub(answer.text));
	const refusal = versionRefusalOf(answer.status, scrubbed);
	if (refusal) return { refusal };
	const error = refusalOf(answer, login, scrubbed);
	if (error) return { error };
	if (typeof body.access_token !== 'string' || body.access_token === '') {
		return {
			error: new VeeamLoginError(
				'VBR answered the login without an access token',
				`The token endpoint ${login.baseUrl}${LOGIN_PATH} returned an unexpected body.`,
				'unavailable',
			),
		};
	}
	return { token: body.access_token };
}

/** Sends a token request with TLS, the timeout and the abort signal added. */
export type LoginSender = (
	request: IHttpRequestOptions,
	timeoutMs: number,
	abortSignal: AbortSignal,
) => Promise<unknown>;

/**
 * Logs in with `send` and returns the token and its revision, or throws a VeeamLoginError that
 * says what to fix. A pinned revision is tried once; Automatic tries again with the revision VBR's
 * refusal points to (at most once per revision this node speaks), all within one login timeout.
 */
export async function runLogin(login: PreparedLogin, send: LoginSender): Promise<LoginResult> {
	const deadline = Date.now() + login.limits.timeoutMs;
	const tried: ApiVersion[] = [];
	let version = login.firstVersion;
	let lastRefusal: VersionRefusal | undefined;
	for (;;) {
		tried.push(version);
		const answer = await requestToken(login, version, deadline, send);
		if ('error' in answer) throw answer.error;
		if ('refusal' in answer) {
			lastRefusal = answer.refusal;
			const next = login.setting === AUTOMATIC ? nextVersion(answer.refusal, tried) : undefined;
			if (next === undefined) throw versionRefusalError(login.setting, version, answer.refusal);
			version = next;
			continue;
		}
		const reason = choiceReason(
			login.setting,
			version,
			lastRefusal,
			login.context?.preferredVersion(),
		);
		login.context?.onToken(answer.token, version, reason);
		return { accessToken: answer.token, apiVersion: version, reason };
	}
}
