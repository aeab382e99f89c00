import type { VeeamLoginError } from '../loginError';
import { findLoginError } from '../loginError';

interface Flight {
	done: Promise<VeeamLoginError | undefined>;
	settle(failure: VeeamLoginError | undefined): void;
}

/**
 * One login at a time within an execution, and none after VBR refused the credentials.
 * A request that finds no token leads a login; requests arriving meanwhile wait for its outcome
 * and share it (the token, or the same error). A refusal (wrong password, API version, MFA, a
 * redirect, an untrusted certificate) is final for the execution: each further try would be one
 * more failed login against the account, towards an Active Directory lockout. So is a login that
 * timed out: 50 items would otherwise wait 50 times the request timeout for the same silent server.
 */
export class LoginGate {
	private flight: Flight | undefined;

	private refusal: VeeamLoginError | undefined;

	/** Resolves when a request may be sent; throws the login failure it would run into. */
	async passable(): Promise<void> {
		while (this.flight) {
			const failure = await this.flight.done;
			if (failure) throw failure;
		}
		if (this.refusal) throw this.refusal;
	}

	/** Starts a login flight unless one is under way; the leader gets it to report the end. */
	lead(): LoginFlight | undefined {
		if (this.flight) return undefined;
		let resolve: (failure: VeeamLoginError | undefined) => void = () => undefined;
		const done = new Promise<VeeamLoginError | undefined>((settle) => {
			resolve = settle;
		});
		const flight: Flight = {
			done,
			settle: (failure) => {
				if (this.flight === flight) this.flight = undefined;
				resolve(failure);
			},
		};
		this.flight = flight;
		return {
			ended: () => flight.settle(undefined),
			failed: (error) => {
				const login = findLoginError(error);
				if (login?.outcome === 'refused' || login?.outcome === 'timedOut') this.refusal = login;
				flight.settle(login);
			},
		};
	}

	/** The login under way issued a token: the waiters go on at once. */
	open(): void {
		this.flight?.settle(undefined);
	}
}

/** The leader's handle on its flight. Settling twice is harmless: the first outcome counts. */
export interface LoginFlight {
	ended(): void;
	failed(error: unknown): void;
}
