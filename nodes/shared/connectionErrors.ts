import { describeUntrustedCertificate, UNTRUSTED_CERTIFICATE_CODES } from './transport/tls';

/**
 * What the package knows about failures below HTTP (network and TLS): which codes mean "nothing
 * reached VBR" and which "the answer was lost", and the plain-language message for each. The one
 * place for this knowledge; the credential (login, test) and the node transport both read it.
 */

/** `refused`: the request never reached VBR; `lost`: it may have, but no answer came back. */
export type NetworkOutcome = 'refused' | 'lost';

const NETWORK_CODES: Record<string, { outcome?: NetworkOutcome; text: string }> = {
	ECONNREFUSED: {
		outcome: 'refused',
		text: 'the connection was refused (is the Veeam Backup Server service running, and is the port right? VBR uses 9419)',
	},
	ENOTFOUND: { outcome: 'refused', text: 'the host name could not be resolved' },
	EAI_AGAIN: {
		outcome: 'refused',
		text: 'the host name could not be resolved (DNS did not answer)',
	},
	EHOSTUNREACH: { outcome: 'refused', text: 'the host is unreachable' },
	ENETUNREACH: { outcome: 'refused', text: 'the network is unreachable' },
	ETIMEDOUT: {
		outcome: 'lost',
		text: 'the connection timed out (check the host, the port and any firewall)',
	},
	ECONNRESET: { outcome: 'lost', text: 'the connection was reset by the server or a proxy' },
	ECONNABORTED: { outcome: 'lost', text: 'the request timed out' },
	EPIPE: { outcome: 'lost', text: 'the connection was closed while sending' },
	ESOCKETTIMEDOUT: { outcome: 'lost', text: 'the request timed out' },
	ERR_SOCKET_CONNECTION_TIMEOUT: { outcome: 'lost', text: 'the connection timed out' },
	// Not repeated: a port that does not speak TLS will not start to.
	EPROTO: { text: 'the TLS handshake failed (is the port serving HTTPS?)' },
};

/** Codes that mean the request timed out (as opposed to being cut). */
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

const TLS_CODES = new Set(UNTRUSTED_CERTIFICATE_CODES);

export interface ConnectionProblem {
	message: string;
	description: string;
}

/** The error code of a failure, looked up through its causes (n8n and axios wrap each other). */
export function findCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && current.code !== '') return current.code;
		current = current.cause as typeof current;
	}
	return undefined;
}

function findMessage(error: unknown): string {
	const direct = (error as { message?: unknown })?.message;
	return typeof direct === 'string' ? direct : '';
}

/** Whether a network failure happened before VBR got the request, or after (the answer was lost). */
export function networkOutcome(error: unknown): NetworkOutcome | undefined {
	const code = findCode(error);
	if (code !== undefined && NETWORK_CODES[code] !== undefined) return NETWORK_CODES[code].outcome;
	if (/socket hang up|timeout/i.test(findMessage(error))) return 'lost';
	return undefined;
}

export function isTimeoutCode(code: string | undefined): boolean {
	return code !== undefined && TIMEOUT_CODES.has(code);
}

/** Returns an explanation when the error is a network or TLS failure, otherwise undefined. */
export function describeConnectionError(
	error: unknown,
	baseUrl: string,
): ConnectionProblem | undefined {
	const code = findCode(error);
	const text = findMessage(error);
	const tls =
		(code !== undefined && TLS_CODES.has(code)) || /certificate|self[- ]signed/i.test(text);
	if (tls) return describeUntrustedCertificate(error, baseUrl, code);
	if (code !== undefined && NETWORK_CODES[code] !== undefined) {
		return {
			message: `Cannot reach the VBR server at ${baseUrl}: ${NETWORK_CODES[code].text}`,
			description: `Network error ${code}. Check the Server URL in the Veeam credential and that n8n can reach it.`,
		};
	}
	return undefined;
}

/** The host a redirect points to, or a phrase for a missing or unreadable Location. */
function redirectTarget(location: string | undefined, baseUrl: string): string {
	if (!location) return 'no Location';
	try {
		const target = new URL(location, baseUrl);
		return `${target.protocol}//${target.host}`;
	} catch {
		return 'an unreadable Location';
	}
}

/**
 * A 3xx is never followed: the next hop would receive the token or the password. VBR itself does
 * not redirect its REST API, so the Server URL points at something in front of it.
 */
export function describeRedirect(
	status: number,
	location: string | undefined,
	baseUrl: string,
): ConnectionProblem {
	return {
		message: `${baseUrl} answered with a redirect (HTTP ${status}) to ${redirectTarget(location, baseUrl)}; it was not followed`,
		description:
			'Redirects are never followed, so no token or password can reach another host. Point the Server URL in the Veeam credential at the VBR server itself (https://<vbr-host>:9419), not at an address that redirects.',
	};
}
