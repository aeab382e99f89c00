// @ts-check
'use strict';

/**
 * Fault injection. Faults are consumed in the order they were injected; each applies to `count` matching requests
 * (default 1; `Infinity` or -1 = until cleared). `latency` is persistent: it delays every matching request until
 * the faults are cleared. Alone, it delays the answer (the request is handled at once and answered `ms` after it
 * arrived, a server that answers in `ms`); with another fault on the request, it delays the request before it.
 *
 * `match` (optional): `{ method, path }`; `path` is a prefix when it is a string starting with '/', otherwise a
 * regular expression (a RegExp, or its source as a string, which is what the HTTP control API can send).
 * Faults skip `/api/oauth2/token` unless `match.path` explicitly matches it, so a test that breaks "the next call"
 * does not break the login in front of it.
 */

const TYPES = new Set(['status', 'reset', 'malformed', 'html', 'hang', 'latency', 'dropResponse', 'hangResponse', 'expireTokens']);
// Hostile answers (simulator/hostileAnswers.js): a redirect, a body that trickles or never ends, echoed secrets.
for (const type of ['redirect', 'trickle', 'endless', 'echo']) TYPES.add(type);
const TOKEN_PATH = '/api/oauth2/token';

/** `emptyAnswer`: answers `status` (default 200) with `body` (default `{}`) without handling the request. */
TYPES.add('emptyAnswer');

/**
 * `hold`: the matching request waits until `until` (default 1) further requests have arrived, then is handled
 * normally; `ms` (default 10000) bounds the wait. It shows a client's parallelism without any timing: a client
 * that waits for the held answer before sending more gets its answer only after `ms`, and the log shows it.
 */
TYPES.add('hold');
const HOLD_DEFAULT_MS = 10000;

/**
 * @typedef {object} FaultSpec
 * @property {'status'|'reset'|'malformed'|'html'|'hang'|'latency'|'dropResponse'|'hangResponse'|'expireTokens'|'emptyAnswer'|'hold'} type
 *   `expireTokens` expires every access token just before this request is handled (it then gets a real 401).
 *   `reset`/`hang` stop a request before it is processed; `dropResponse`/`hangResponse` process it, then
 *   reset the connection or never answer.
 * @property {number} [status] for status/html
 * @property {number} [ms] for latency
 * @property {number} [count]
 * @property {number} [after] let this many matching requests through before the fault applies
 * @property {string} [errorCode] override the Error body of a status fault
 * @property {string} [message]
 * @property {number | string} [retryAfter] adds a Retry-After header
 * @property {{ method?: string, path?: string | RegExp }} [match]
 * (`type` may also be one of the hostile answers: 'redirect' | 'trickle' | 'endless' | 'echo'.)
 * @property {string} [location] for redirect: the Location header (default: the same path on the same host)
 * @property {'message' | 'text' | 'ok'} [echo] for echo: where the request's secrets come back (default: a Veeam
 *   error body whose message and resourceId carry them; `text`: a plain-text error body; `ok`: the request is
 *   handled and they are added to its 2xx answer)
 * @property {any} [body] for emptyAnswer
 * @property {number} [until] for hold: how many further requests release the held one
 */

/**
 * @typedef {FaultSpec & { remaining: number, pass: number, test: (method: string, path: string) => boolean, id: number }} Fault
 */

/** @param {FaultSpec} spec */
function compileMatch(spec) {
	const match = spec.match || {};
	const method = match.method ? String(match.method).toUpperCase() : null;
	const p = match.path;
	/** @type {(path: string) => boolean} */
	let pathTest;
	let targetsToken = false;
	if (p === undefined || p === null || p === '') {
		pathTest = () => true;
	} else if (p instanceof RegExp) {
		pathTest = (path) => p.test(path);
		targetsToken = p.test(TOKEN_PATH);
	} else if (typeof p === 'string' && p.startsWith('/')) {
		pathTest = (path) => path.startsWith(p);
		targetsToken = TOKEN_PATH.startsWith(p) && p.length > '/api/'.length;
	} else {
		const re = new RegExp(String(p));
		pathTest = (path) => re.test(path);
		targetsToken = re.test(TOKEN_PATH);
	}
	return (/** @type {string} */ m, /** @type {string} */ path) => {
		if (method && m.toUpperCase() !== method) return false;
		if (path === TOKEN_PATH && !targetsToken) return false;
		return pathTest(path);
	};
}

class FaultService {
	constructor() {
		/** @type {Fault[]} */
		this.faults = [];
		this.nextId = 1;
		/** Held requests: each is released when `arrivals` more requests came, or after its timer. */
		/** @type {{ arrivals: number, release: () => void }[]} */
		this.held = [];
	}

	/**
	 * @param {FaultSpec | FaultSpec[]} specs
	 * @returns {number[]} ids
	 */
	inject(specs) {
		const list = Array.isArray(specs) ? specs : [specs];
		const compiled = list.map((spec) => {
			if (!spec || !TYPES.has(spec.type)) {
				throw new Error(`Unknown fault type ${JSON.stringify(spec && spec.type)}; expected one of ${[...TYPES].join(', ')}`);
			}
			if (spec.type === 'latency' && !(Number(spec.ms) >= 0)) throw new Error('A latency fault needs ms >= 0');
			if (spec.type === 'status' && !(Number(spec.status) >= 100 && Number(spec.status) <= 599)) {
				throw new Error('A status fault needs a status between 100 and 599');
			}
			const count = spec.count === undefined || spec.count === null ? 1 : Number(spec.count);
			return {
				...spec,
				remaining: count < 0 ? Infinity : count,
				pass: Math.max(0, Number(spec.after) || 0),
				test: compileMatch(spec),
				id: this.nextId++,
			};
		});
		this.faults.push(...compiled);
		return compiled.map((f) => f.id);
	}

	clear() {
		this.faults = [];
		for (const h of this.held.splice(0)) h.release();
	}

	/** Counts an arrival for every held request and releases those whose count is reached. */
	countArrival() {
		for (const h of [...this.held]) {
			if (--h.arrivals <= 0) h.release();
		}
	}

	/** @param {Fault} f @returns {Promise<void>} */
	hold(f) {
		return new Promise((resolve) => {
			const h = {
				arrivals: Math.max(1, Number(f.until) || 1),
				release: () => {
					clearTimeout(timer);
					this.held = this.held.filter((other) => other !== h);
					resolve();
				},
			};
			const timer = setTimeout(h.release, Number(f.ms) > 0 ? Number(f.ms) : HOLD_DEFAULT_MS);
			timer.unref();
			this.held.push(h);
		});
	}

	/**
	 * What happens to this request: total extra latency, and at most one consumed fault.
	 * @param {string} method @param {string} path
	 * @returns {{ latencyMs: number, fault: Fault | null, held?: Promise<void> }}
	 */
	take(method, path) {
		let latencyMs = 0;
		/** @type {Fault | null} */
		let fault = null;
		/** @type {Promise<void> | undefined} */
		let held;
		this.countArrival();
		for (const f of this.faults) {
			if (!f.test(method, path)) continue;
			if (f.type === 'hold') {
				if (held || f.remaining <= 0) continue;
				if (f.pass > 0) {
					f.pass--;
					continue;
				}
				f.remaining--;
				held = this.hold(f);
				continue;
			}
			if (f.type === 'latency') {
				// `after` holds for latency too: the first matching requests are not delayed.
				if (f.pass > 0) {
					f.pass--;
					continue;
				}
				latencyMs += Number(f.ms);
			} else if (!fault && f.remaining > 0) {
				// `after`: the first matching requests go through untouched.
				if (f.pass > 0) {
					f.pass--;
					continue;
				}
				fault = f;
				f.remaining--;
			}
		}
		this.faults = this.faults.filter((f) => f.type === 'latency' || f.remaining > 0);
		return held ? { latencyMs, fault, held } : { latencyMs, fault };
	}

	list() {
		return this.faults.map(({ test, ...rest }) => ({ ...rest, remaining: rest.remaining === Infinity ? -1 : rest.remaining }));
	}
}

module.exports = { FaultService };

// Answer-shaping faults (body, rewriteList, endlessPages): see answerFaults.js.
for (const type of require('./answerFaults').ANSWER_FAULT_TYPES) TYPES.add(type);
