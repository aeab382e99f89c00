/**
 * How this package trusts VBR's TLS certificate: the system's CAs (default), exactly one certificate
 * named by its SHA-256 fingerprint (the credential's Trusted Certificate Fingerprint), or nothing at
 * all (Ignore SSL Issues, insecure).
 *
 * Pinning works in two steps because Node's TLS calls `checkServerIdentity` only after the chain
 * verified, which a self-signed VBR certificate never does on its own:
 * 1. a probe without any secret (GET /api/v1/serverInfo, no Authorization, validation off) reads the
 *    certificate the server presents; it is kept only if its fingerprint is the pinned one;
 * 2. every request that carries a secret trusts that certificate as its only CA and accepts the peer
 *    only if the peer's fingerprint matches (host names are not compared: admins connect by IP). A
 *    server presenting any other certificate fails the handshake before a byte of the request is sent.
 */
import { createHash } from 'node:crypto';
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

export const FINGERPRINT_FIELD = 'Trusted Certificate Fingerprint (SHA-256)';

/** Code of the error raised when the server's certificate is not the pinned one. */
export const FINGERPRINT_MISMATCH = 'ERR_VEEAM_CERT_FINGERPRINT_MISMATCH';

/** Node's codes for a certificate chain or name the client does not trust (one list for the package). */
export const UNTRUSTED_CERTIFICATE_CODES: readonly string[] = [
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'ERR_TLS_CERT_ALTNAME_INVALID',
];

/** What counts as a certificate failure when learning the server's fingerprint from an error. */
const TLS_FAILURE_CODES = new Set([
	FINGERPRINT_MISMATCH,
	...UNTRUSTED_CERTIFICATE_CODES,
	'CERT_SIGNATURE_FAILURE',
	'CERT_UNTRUSTED',
]);

const PROBE_PATH = '/api/v1/serverInfo';
const PROBE_TIMEOUT_MS = 60000;

export type TlsPolicy =
	| { mode: 'system' }
	| { mode: 'ignore' }
	/** `fingerprint`: 64 lowercase hex digits. */
	| { mode: 'pin'; fingerprint: string };

export type TlsPolicyReading =
	| { policy: TlsPolicy; problem?: undefined }
	| { policy?: undefined; problem: string };

export type TlsRequestOptions = Pick<
	IHttpRequestOptions,
	'skipSslCertificateValidation' | 'agentOptions'
>;

type HttpHelpers = { httpRequest(options: IHttpRequestOptions): Promise<unknown> };

interface PeerCertificate {
	raw?: { toString(encoding: 'base64'): string };
	issuerCertificate?: PeerCertificate;
}

/**
 * Reads a fingerprint in the forms admins copy: hex with or without colons or spaces, any case, or
 * as openssl prints it ("SHA256 Fingerprint=AB:CD:…"). Returns 64 lowercase hex digits, '' when
 * empty, or undefined when it is not a SHA-256 fingerprint.
 */
export function normalizeFingerprint(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	if (typeof value !== 'string') return undefined;
	const text = value
		.trim()
		.replace(/^sha-?256\s*(fingerprint)?\s*[=:]?\s*/i, '')
		.replace(/^fingerprint\s*[=:]?\s*/i, '')
		.replace(/[\s:-]/g, '');
	if (text === '') return '';
	return /^[0-9a-f]{64}$/i.test(text) ? text.toLowerCase() : undefined;
}

/** AB:CD:… as openssl, the VBR console and Node print it. */
export function formatFingerprint(hex: string): string {
	return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/**
 * The credential's TLS settings. The fingerprint decides when it is set; otherwise Ignore SSL Issues
 * (`ignoreSslIssues`, or `allowUnauthorizedCerts` in credentials saved by versions before the rename).
 */
export function readTlsPolicy(credentials: IDataObject): TlsPolicyReading {
	const fingerprint = normalizeFingerprint(credentials.trustedFingerprint);
	if (fingerprint === undefined) {
		return {
			problem: `The ${FINGERPRINT_FIELD} in the Veeam credential is not a SHA-256 fingerprint: enter the 64 hexadecimal digits (colons and spaces are allowed), e.g. as "openssl x509 -noout -fingerprint -sha256" prints them`,
		};
	}
	if (fingerprint !== '') return { policy: { mode: 'pin', fingerprint } };
	const ignore =
		credentials.ignoreSslIssues === true || credentials.allowUnauthorizedCerts === true;
	return { policy: { mode: ignore ? 'ignore' : 'system' } };
}

function sha256(certificate: PeerCertificate | undefined): string | undefined {
	const raw = certificate?.raw;
	if (!raw) return undefined;
	return createHash('sha256').update(raw.toString('base64'), 'base64').digest('hex');
}

function toPem(certificate: PeerCertificate): string | undefined {
	const base64 = certificate.raw?.toString('base64');
	if (!base64) return undefined;
	const lines = base64.match(/.{1,64}/g) ?? [];
	return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** The presented chain, leaf first (a root's issuerCertificate is itself). */
function chainOf(leaf: PeerCertificate): PeerCertificate[] {
	const chain: PeerCertificate[] = [];
	for (let current: PeerCertificate | undefined = leaf; current; ) {
		if (chain.includes(current) || chain.length >= 10) break;
		chain.push(current);
		current = current.issuerCertificate;
	}
	return chain;
}

interface ObservedCertificate {
	fingerprint: string;
	pems: string[];
}

type PeerSocket = {
	getPeerCertificate?: (detailed: boolean) => PeerCertificate;
	destroy?: () => void;
};

/** Every HTTP status, so that any answer rejects and keeps axios's request (and its socket). */
const EVERY_STATUS = Array.from({ length: 500 }, (_, index) => index + 100);

/** The socket of the request behind an HTTP status error, still open while its stream is unread. */
function socketOf(error: unknown): PeerSocket | undefined {
	return findInCauses(error, (e) => {
		const request = (e.request ?? (e.response as IDataObject | undefined)?.request) as
			| { socket?: PeerSocket | null }
			| undefined;
		return request?.socket ?? undefined;
	});
}

/**
 * Reads the server's certificate with a request that carries no secret. n8n's httpRequest returns
 * neither the socket nor the request of an answer, but an HTTP status error keeps axios's request;
 * so every status is made an error, and the answer (a stream) is never read.
 */
async function probeCertificate(
	helpers: HttpHelpers,
	baseUrl: string,
	timeout: number,
): Promise<ObservedCertificate> {
	let failure: unknown;
	try {
		await helpers.httpRequest({
			method: 'GET',
			url: `${baseUrl}${PROBE_PATH}`,
			headers: { accept: 'application/json', 'accept-encoding': 'identity' },
			skipSslCertificateValidation: true,
			encoding: 'stream',
			ignoreHttpStatusErrors: { ignore: true, except: EVERY_STATUS },
			disableFollowRedirect: true,
			timeout,
		});
	} catch (error) {
		failure = error;
	}
	const socket = socketOf(failure);
	if (!socket) {
		throw failure ?? new Error(`Could not read the TLS certificate of ${baseUrl}`);
	}
	try {
		const leaf = socket.getPeerCertificate?.(true);
		const fingerprint = sha256(leaf);
		if (!leaf || !fingerprint) throw new Error(`Could not read the TLS certificate of ${baseUrl}`);
		const pems = chainOf(leaf)
			.map(toPem)
			.filter((pem): pem is string => pem !== undefined);
		return { fingerprint, pems };
	} finally {
		socket.destroy?.();
	}
}

/** An error that names the certificate the server presented, for the explanation shown to the admin. */
class UntrustedCertificateError extends Error {
	readonly code = FINGERPRINT_MISMATCH;

	constructor(
		baseUrl: string,
		readonly veeamServerFingerprint: string,
	) {
		super(`The TLS certificate of ${baseUrl} is not the one the ${FINGERPRINT_FIELD} names`);
	}
}

/** Pinned certificates per (server, fingerprint): probed once per process, shared by all requests. */
const pinned = new Map<string, Promise<ObservedCertificate>>();

/** PEMs of probes that matched, readable without waiting (for cachedTlsRequestOptions). */
const observedPems = new Map<string, string[]>();

function pinKey(baseUrl: string, fingerprint: string): string {
	return `${baseUrl}|${fingerprint}`;
}

function forgetPins(baseUrl: string): void {
	for (const key of pinned.keys()) if (key.startsWith(`${baseUrl}|`)) pinned.delete(key);
}

/** Probes once (concurrent callers share the probe); rejects when the certificate is another one. */
async function pinnedCertificate(
	helpers: HttpHelpers,
	baseUrl: string,
	fingerprint: string,
	timeout: number,
): Promise<ObservedCertificate> {
	const key = pinKey(baseUrl, fingerprint);
	let probe = pinned.get(key);
	if (!probe) {
		probe = probeCertificate(helpers, baseUrl, timeout).then((observed) => {
			if (observed.fingerprint !== fingerprint) {
				throw new UntrustedCertificateError(baseUrl, observed.fingerprint);
			}
			return observed;
		});
		pinned.set(key, probe);
		// A failed probe is not kept: the next request probes again.
		probe.catch(() => pinned.delete(key));
	}
	return await probe;
}

function pinnedAgentOptions(fingerprint: string, pems: string[]): IDataObject {
	return {
		ca: pems,
		// A leaf issued by a CA the server does not send is still the trust anchor (Node 20.18+).
		allowPartialTrustChain: true,
		// Replaces the host-name check: the peer is accepted only as exactly the pinned certificate.
		checkServerIdentity: (_host: string, certificate: PeerCertificate) =>
			sha256(certificate) === fingerprint
				? undefined
				: Object.assign(new Error('The server presented another TLS certificate'), {
						code: FINGERPRINT_MISMATCH,
						veeamServerFingerprint: sha256(certificate),
					}),
	};
}

function isHttps(baseUrl: string): boolean {
	return /^https:/i.test(baseUrl);
}

/**
 * The TLS options for a request to a server already probed (the credential's authenticate step,
 * which cannot send requests). Without a probe it still refuses any other certificate.
 */
export function cachedTlsRequestOptions(
	baseUrl: string | undefined,
	policy: TlsPolicy | undefined,
): TlsRequestOptions {
	if (policy?.mode === 'ignore') return { skipSslCertificateValidation: true };
	if (policy?.mode !== 'pin' || baseUrl === undefined || !isHttps(baseUrl)) {
		return { skipSslCertificateValidation: false };
	}
	const known = observedPems.get(pinKey(baseUrl, policy.fingerprint)) ?? [];
	const agentOptions = pinnedAgentOptions(policy.fingerprint, known);
	if (known.length === 0) delete agentOptions.ca;
	return { skipSslCertificateValidation: false, agentOptions };
}

/** The TLS options for a secret-carrying request; probes the pinned certificate first if needed. */
export async function tlsRequestOptions(
	helpers: HttpHelpers,
	baseUrl: string,
	policy: TlsPolicy,
	timeout = PROBE_TIMEOUT_MS,
): Promise<TlsRequestOptions> {
	if (policy.mode !== 'pin' || !isHttps(baseUrl)) return cachedTlsRequestOptions(baseUrl, policy);
	const observed = await pinnedCertificate(helpers, baseUrl, policy.fingerprint, timeout);
	observedPems.set(pinKey(baseUrl, policy.fingerprint), observed.pems);
	return {
		skipSslCertificateValidation: false,
		agentOptions: pinnedAgentOptions(policy.fingerprint, observed.pems),
	};
}

function findInCauses<T>(error: unknown, pick: (e: IDataObject) => T | undefined): T | undefined {
	let current = error as IDataObject | undefined;
	for (let depth = 0; current && typeof current === 'object' && depth < 5; depth++) {
		const found = pick(current);
		if (found !== undefined) return found;
		current = current.cause as IDataObject | undefined;
	}
	return undefined;
}

function isCertificateFailure(error: unknown): boolean {
	return (
		findInCauses(error, (e) =>
			typeof e.code === 'string' && TLS_FAILURE_CODES.has(e.code) ? true : undefined,
		) === true
	);
}

/** The fingerprint of the certificate the server presented, when a failure learned it. */
export function serverFingerprintOf(error: unknown): string | undefined {
	return findInCauses(error, (e) =>
		typeof e.veeamServerFingerprint === 'string' ? e.veeamServerFingerprint : undefined,
	);
}

/**
 * Sends a secret-carrying request with the credential's TLS trust. Before it, a pinned certificate
 * is probed (once per process and server); after a certificate failure, the server's actual
 * fingerprint is read (again without a secret) and attached to the error for its explanation.
 */
export async function withServerTrust<T>(
	helpers: HttpHelpers,
	baseUrl: string,
	policy: TlsPolicy,
	send: (tls: TlsRequestOptions) => Promise<T>,
	timeout = PROBE_TIMEOUT_MS,
): Promise<T> {
	const tls = await tlsRequestOptions(helpers, baseUrl, policy, timeout);
	let failure: unknown;
	try {
		return await send(tls);
	} catch (error) {
		failure = error;
	}
	if (policy.mode !== 'ignore' && isHttps(baseUrl) && isCertificateFailure(failure)) {
		await noteServerCertificate(helpers, baseUrl, policy, failure as object, timeout);
	}
	// Passed on as it came: the caller's error mapping explains it (connectionErrors.ts).
	throw failure;
}

/** Forgets the pin and attaches the fingerprint the server presents now (read without a secret). */
async function noteServerCertificate(
	helpers: HttpHelpers,
	baseUrl: string,
	policy: TlsPolicy,
	failure: object,
	timeout: number,
): Promise<void> {
	// The certificate changed since the probe (or was never trusted): probe again next time.
	forgetPins(baseUrl);
	for (const key of observedPems.keys()) {
		if (key.startsWith(`${baseUrl}|`)) observedPems.delete(key);
	}
	if (serverFingerprintOf(failure) !== undefined) return;
	const observed = await probeCertificate(helpers, baseUrl, timeout).catch(() => undefined);
	if (observed) {
		Object.assign(failure, {
			veeamServerFingerprint: observed.fingerprint,
			veeamCertificatePinned: policy.mode === 'pin',
		});
	}
}

export interface UntrustedCertificateProblem {
	message: string;
	description: string;
}

/** What the admin sees for an untrusted certificate: the server's fingerprint and the three ways out. */
export function describeUntrustedCertificate(
	error: unknown,
	baseUrl: string,
	code: string | undefined,
): UntrustedCertificateProblem {
	const seen = serverFingerprintOf(error);
	const shown = seen === undefined ? undefined : formatFingerprint(seen);
	const pinnedMismatch =
		code === FINGERPRINT_MISMATCH ||
		findInCauses(error, (e) => (e.veeamCertificatePinned === true ? true : undefined)) === true;
	const reason = pinnedMismatch
		? `its SHA-256 fingerprint${shown ? ` ${shown}` : ''} is not the ${FINGERPRINT_FIELD} in the credential`
		: `${code ?? 'certificate error'}${shown ? `; its SHA-256 fingerprint is ${shown}` : ''}`;
	const paste = shown
		? `paste ${shown} into "${FINGERPRINT_FIELD}" in the Veeam credential`
		: `enter the certificate's SHA-256 fingerprint into "${FINGERPRINT_FIELD}" in the Veeam credential`;
	return {
		message: `The TLS certificate of ${baseUrl} is not trusted (${reason}). To fix it, ${paste}, or install a certificate n8n trusts on the VBR server, or (insecure) turn on "Ignore SSL Issues (Insecure)"`,
		description: pinnedMismatch
			? `The server presented another certificate than the one the credential trusts; nothing was sent to it. If the VBR certificate was renewed, compare the new fingerprint with the one the VBR console shows (or "openssl x509 -noout -fingerprint -sha256") and paste it; otherwise something between n8n and VBR may be intercepting the connection.`
			: `VBR uses a self-signed certificate by default. Trust exactly this certificate with its fingerprint (check it against the VBR console or "openssl s_client -connect host:9419 | openssl x509 -noout -fingerprint -sha256"), or install a certificate that n8n trusts on the VBR server (or add its CA to n8n with NODE_EXTRA_CA_CERTS), or, only if you accept the risk, turn on "Ignore SSL Issues (Insecure)".`,
	};
}
