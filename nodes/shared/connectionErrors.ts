import { describeUntrustedCertificate } from './transport/tls';

/**
 * Plain-language explanations for failures that happen before VBR can answer (network and TLS).
 * Shared by the credential (token request, credential test) and the node transport.
 */
const TLS_CODES = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const NETWORK_CODES: Record<string, string> = {
	ECONNREFUSED:
		'the connection was refused (is the Veeam Backup Server service running, and is the port right? VBR uses 9419)',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	ETIMEDOUT: 'the connection timed out (check the host, the port and any firewall)',
	ECONNRESET: 'the connection was reset by the server or a proxy',
	ECONNABORTED: 'the request timed out',
	EPROTO: 'the TLS handshake failed (is the port serving HTTPS?)',
};

export interface ConnectionProblem {
	message: string;
	description: string;
}

function findCode(error: unknown): string | undefined {
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
			message: `Cannot reach the VBR server at ${baseUrl}: ${NETWORK_CODES[code]}`,
			description: `Network error ${code}. Check the Server URL in the Veeam credential and that n8n can reach it.`,
		};
	}
	return undefined;
}
