// @ts-check
'use strict';

/**
 * Log of every /api request (control requests under /__sim are never logged): what a test needs to assert what
 * the node sent. `status` is filled in when the answer is written; it stays null for a reset or hung request.
 */

const MAX_ENTRIES = 50000;

/**
 * @typedef {object} LogEntry
 * @property {number} seq increases for the life of the simulator (not reset by clear)
 * @property {string} time ISO time the request arrived
 * @property {string} method
 * @property {string} path without the query string
 * @property {Record<string, string | string[]>} query repeated keys as arrays
 * @property {{ 'x-api-version'?: string, authorization?: string, 'content-type'?: string }} headers
 * @property {any} body parsed JSON, form fields as an object, raw text, or null when empty
 * @property {number | null} status
 * @property {string} [fault] the injected fault type that answered, if any
 * @property {number} [inFlight] requests being handled when this one arrived, itself included
 */

class RequestLog {
	constructor() {
		/** @type {LogEntry[]} */
		this.entries = [];
		this.seq = 0;
	}

	/** @param {Omit<LogEntry, 'seq' | 'status'>} fields */
	add(fields) {
		/** @type {LogEntry} */
		const entry = { seq: ++this.seq, ...fields, status: null };
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

module.exports = { RequestLog };
