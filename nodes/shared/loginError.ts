/**
 * Why a login did not give a token:
 * - `refused`: VBR answered and said no (wrong password, API version, MFA, a redirect): trying again
 *   in the same execution cannot succeed, and each try counts against an account lockout;
 * - `timedOut`: VBR did not answer within the request timeout (for example while it waits on a
 *   domain controller): each further try in the same execution would cost the whole timeout again;
 * - `unavailable`: no usable answer (network, 5xx): a later execution may succeed.
 */
export type LoginFailureKind = 'refused' | 'timedOut' | 'unavailable';

/**
 * An error from the login step whose message already says what to fix. Thrown by the credential's
 * preAuthentication, recognised by the node transport (instanceof, through n8n's wrapping).
 */
export class VeeamLoginError extends Error {
	constructor(
		message: string,
		readonly description: string,
		readonly outcome: LoginFailureKind,
	) {
		super(message);
		this.name = 'VeeamLoginError';
	}
}

/** The login error inside whatever n8n wrapped it in, if there is one. */
export function findLoginError(error: unknown): VeeamLoginError | undefined {
	let current = error as { cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current instanceof VeeamLoginError) return current;
		current = current.cause as typeof current;
	}
	return undefined;
}
