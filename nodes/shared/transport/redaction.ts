/**
 * The secrets of one execution and the one function that removes them from text. Everything the
 * server says (Veeam messages, resource IDs, login errors, quoted bodies, whole answers) goes
 * through `scrub` before it can reach an error, an output item, an audit record or a log line:
 * a server (or a proxy in front of it) may echo the Authorization header or the login form.
 */
export const REDACTED = '[redacted]';

/** Shorter secrets are not searched for: replacing them would mangle every message. */
const MIN_SECRET_LENGTH = 4;

export class SecretRegistry {
	private readonly secrets = new Set<string>();

	/** A token or any other literal secret. */
	add(secret: unknown): void {
		if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return;
		this.secrets.add(secret);
		// Longest first, so that a secret containing another is removed whole.
		const sorted = [...this.secrets].sort((a, b) => b.length - a.length);
		this.secrets.clear();
		for (const entry of sorted) this.secrets.add(entry);
	}

	/** A password in every form it can take on the wire or in a JSON answer. */
	addPassword(password: unknown): void {
		if (typeof password !== 'string' || password === '') return;
		this.add(password);
		this.add(encodeURIComponent(password));
		// application/x-www-form-urlencoded: spaces become '+', and a few more characters are encoded.
		this.add(new URLSearchParams({ p: password }).toString().slice(2));
		this.add(JSON.stringify(password).slice(1, -1));
	}

	/** Cheap enough for every answer: one indexOf per secret, a replace only on a hit. */
	scrub(text: string): string {
		let result = text;
		for (const secret of this.secrets) {
			if (result.indexOf(secret) === -1) continue;
			result = result.split(secret).join(REDACTED);
		}
		return result;
	}

	/** `scrub` for a value of unknown type: strings are scrubbed, anything else passes. */
	scrubOptional(value: unknown): string | undefined {
		return typeof value === 'string' ? this.scrub(value) : undefined;
	}
}
