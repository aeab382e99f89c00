// @ts-check
'use strict';

/**
 * Log of every /api request (control requests under /__sim are never logged): what a test needs to assert what
 * the node sent, with its secrets redacted (a test that needs the real tokens asks `sim.issuedTokens()`). `status` is filled in when the answer is decided (a latency fault may hold it back a while); it stays null for a reset or hung request.
 */

const crypto = require('crypto');

const MAX_ENTRIES = 50000;

/** The login form fields kept as sent; every other field of the token request is a secret. */
const PLAIN_LOGIN_FIELDS = new Set(['grant_type', 'username']);

/**
 * What the log keeps of a secret: enough to tell that one was sent and whether two are the same,
 * never the value (the log is served unauthenticated at /__sim/requests).
 * @param {string} value
 */
function redactedSecret(value) {
	return `<redacted sha256:${crypto.createHash('sha256').update(String(value)).digest('hex').slice(0, 12)}>`;
}

/**
 * `Authorization: Bearer <token>` → `Bearer <redacted sha256:…>` (the scheme stays readable).
 * @param {string} header
 */
function redactAuthorization(header) {
	const match = /^(\S+)\s+(.*)$/s.exec(header);
	return match ? `${match[1]} ${redactedSecret(match[2])}` : redactedSecret(header);
}

/**
 * The token request's body without its secrets (password, refresh_token, anything but the grant
 * type and the user name); a body that is not a form is a secret as a whole.
 * @param {string} path @param {any} body
 */
function redactBody(path, body) {
	if (path !== '/api/oauth2/token' || body === null || body === undefined) return body;
	if (typeof body !== 'object' || Array.isArray(body)) return redactedSecret(typeof body === 'string' ? body : JSON.stringify(body));
	/** @type {Record<string, any>} */
	const out = {};
	for (const [key, value] of Object.entries(body)) {
		out[key] = PLAIN_LOGIN_FIELDS.has(key) ? value : redactedSecret(Array.isArray(value) ? value.join(',') : value);
	}
	return out;
}

/**
 * @typedef {object} LogEntry
 * @property {number} seq increases for the life of the simulator (not reset by clear)
 * @property {string} time ISO time the request arrived
 * @property {string} method
 * @property {string} path without the query string
 * @property {Record<string, string | string[]>} query repeated keys as arrays
 * @property {{ 'x-api-version'?: string, authorization?: string, 'content-type'?: string }} headers
 *   `authorization` redacted: `Bearer <redacted sha256:…>` (first 12 hex digits of the token's SHA-256)
 * @property {any} body parsed JSON, form fields as an object, raw text, or null when empty; the token
 *   request's secrets (every form field but grant_type and username) redacted the same way
 * @property {number | null} status
 * @property {string} [fault] the injected fault type that answered, if any
 * @property {number} [inFlight] requests being handled when this one arrived, itself included
 * @property {boolean} [held] a `hold` fault kept it waiting for later requests before it was handled
 * @property {number} [latencyMs] extra delay added by latency faults before it was handled
 */

class RequestLog {
	constructor() {
		/** @type {LogEntry[]} */
		this.entries = [];
		this.seq = 0;
	}

	/**
	 * Secrets are redacted here, before they are stored: the Authorization header and the login form.
	 * @param {Omit<LogEntry, 'seq' | 'status'>} fields
	 */
	add(fields) {
		const headers = { ...fields.headers };
		if (typeof headers.authorization === 'string') headers.authorization = redactAuthorization(headers.authorization);
		/** @type {LogEntry} */
		const entry = { seq: ++this.seq, ...fields, headers, body: redactBody(fields.path, fields.body), status: null };
		this.entries.push(entry);
		if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
		return entry;
	}

	/** Copies, so callers cannot change the log. */
	list() {
		return this.entries.map((e) => ({ ...e, headers: { ...e.headers } }));
	}

	clear() {
		this.entries = [];
	}
}

module.exports = { RequestLog, redactedSecret };
