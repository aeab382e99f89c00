// @ts-check
'use strict';

/**
 * The request pipeline for /api: log → settle due sessions → faults → x-api-version → route → bearer token →
 * handler. Control requests (/__sim) go to control.js and are never logged or faulted.
 */
const { errors, ApiError, errorForStatus } = require('./errors');
const { features } = require('./versions');
const { parseQuery, readBody, parseBody } = require('./router');
const { sendJson, sendEmpty, sendMalformed, sendHtml } = require('./respond');
const { isoTime } = require('./time');
const { isHostile, answerHostile, echoText, echoInto } = require('./hostileAnswers');
const { answerFor, rewriteBody, sendAnswer } = require('./answerFaults');

/**
 * @typedef {object} AppDeps
 * @property {import('./router').Router} router
 * @property {import('./requestLog').RequestLog} log
 * @property {import('./faults').FaultService} faults
 * @property {import('./sessions').SessionService} sessions
 * @property {import('./tokens').TokenService} tokens
 * @property {string[]} supportedVersions newest first
 * @property {boolean} tls
 * @property {(ms: number) => Promise<boolean>} delay resolves false if the simulator closed meanwhile
 * @property {(req: import('http').IncomingMessage, res: import('http').ServerResponse, path: string, url: URL) => Promise<void>} control
 * @property {Set<import('http').ServerResponse>} hung
 * @property {import('./clock').Clock} clock
 * @property {'service'|'user'} [sessionsInitiatedBy]
 * @property {'spec'|'legacy'} [versionErrorStyle] wording of the unsupported-version answer (errors.js)
 */

/** @param {AppDeps} deps */
function createApp(deps) {
	const { router, log, faults, sessions, tokens, supportedVersions, tls } = deps;

	/** Requests being handled right now; each log entry records how many were (to see client parallelism). */
	let inFlight = 0;
	/** The last token request's form, for the `echo` fault (a server that repeats it elsewhere). */
	let lastLoginForm = '';

	/** @param {import('http').IncomingMessage} req @param {import('http').ServerResponse} res */
	async function handle(req, res) {
		inFlight++;
		let counted = true;
		const done = () => {
			if (counted) inFlight--;
			counted = false;
		};
		res.on('close', done);
		res.on('finish', done);
		try {
			await handleCounted(req, res);
		} finally {
			// Hung requests stay counted until their socket closes.
			if (res.writableEnded) done();
		}
	}

	/** @param {import('http').IncomingMessage} req @param {import('http').ServerResponse} res */
	async function handleCounted(req, res) {
		const url = new URL(req.url || '/', 'http://localhost');
		const path = url.pathname;
		const method = (req.method || 'GET').toUpperCase();
		if (path === '/__sim' || path.startsWith('/__sim/')) return deps.control(req, res, path, url);

		let buf;
		try {
			buf = await readBody(req);
		} catch {
			return;
		}
		if (!path.startsWith('/api/')) {
			sendJson(res, 404, errors.notFound(undefined, `The resource '${path}' was not found.`).toBody(), tls);
			return;
		}
		const parsed = parseBody(/** @type {string | undefined} */ (req.headers['content-type']), buf);
		/** @type {Record<string, string>} */
		const headers = {};
		for (const h of ['x-api-version', 'authorization', 'content-type']) {
			const v = req.headers[h];
			if (v !== undefined) headers[h] = Array.isArray(v) ? v.join(', ') : v;
		}
		const entry = log.add({
			time: isoTime(deps.clock.now()),
			method,
			path,
			query: parseQuery(url.searchParams),
			headers,
			body: parsed.kind === 'empty' ? null : parsed.value,
			inFlight,
		});
		if (path === '/api/oauth2/token' && buf.length > 0) lastLoginForm = buf.toString('utf8');
		/** Set by the `echo: 'ok'` fault: the secrets to add to the normal answer. */
		let echoOk = '';
		/** Set by the faults that let the request be processed and then lose the answer. */
		let afterProcessing = /** @type {null | 'dropResponse' | 'hangResponse'} */ (null);
		/** Set by a latency fault alone: when the answer may leave (performance.now() time). */
		let answerAt = /** @type {number | undefined} */ (undefined);
		/** Set by a `rewriteList` fault: reshapes the answer the handler gives. */
		let reshape = /** @type {null | import('./answerFaults').AnswerFaultSpec} */ (null);
		/** @param {number} status @param {any} [body] @param {Record<string, string>} [extra] */
		const answer = (status, body, extra) => {
			entry.status = status;
			if (reshape && body !== undefined) body = rewriteBody(reshape, body);
			if (afterProcessing === 'dropResponse') {
				req.socket.destroy();
				return;
			}
			if (afterProcessing === 'hangResponse') {
				deps.hung.add(res);
				res.on('close', () => deps.hung.delete(res));
				return;
			}
			const send = () => {
				if (body === undefined) sendEmpty(res, status, tls);
				else sendJson(res, status, echoOk && status < 300 ? echoInto(body, echoOk) : body, tls, extra);
			};
			if (answerAt === undefined) return send();
			void deps.delay(Math.max(0, answerAt - performance.now())).then((open) => open && send());
		};

		const { latencyMs, fault, held } = faults.take(method, path);
		if (held) {
			entry.held = true;
			await held;
		}
		if (latencyMs > 0) entry.latencyMs = latencyMs;
		if (latencyMs > 0 && (fault || held)) {
			// With another fault on the request, the delay comes first, then the fault as usual.
			if (!(await deps.delay(latencyMs))) return;
		} else if (latencyMs > 0) {
			// A server that answers in `latencyMs`: the request is handled now and its answer leaves
			// `latencyMs` after it arrived, so the simulator's own work is inside the latency, not added.
			answerAt = performance.now() + latencyMs;
		}
		if (fault && isHostile(fault)) {
			entry.fault = fault.type;
			if (answerHostile(fault, { req, res, path, raw: buf, parsed: parsed.value, lastLoginForm, hung: deps.hung, entry })) return;
			echoOk = echoText(req, buf, parsed.value, lastLoginForm);
		} else if (fault) {
			entry.fault = fault.type;
			const answerFault = /** @type {import('./answerFaults').AnswerFaultSpec} */ (/** @type {unknown} */ (fault));
			const shaped = answerFor(answerFault, entry.query);
			if (shaped) {
				entry.status = shaped.status;
				sendAnswer(res, shaped, tls);
				return;
			}
			if (answerFault.type === 'rewriteList') reshape = answerFault;
			switch (fault.type) {
				case 'reset':
					req.socket.destroy();
					return;
				case 'hang':
					deps.hung.add(res);
					res.on('close', () => deps.hung.delete(res));
					return;
				case 'malformed':
					entry.status = 200;
					sendMalformed(res, tls);
					return;
				case 'html':
					entry.status = Number(fault.status) || 502;
					sendHtml(res, entry.status);
					return;
				case 'status': {
					const err = errorForStatus(Number(fault.status));
					const body = { ...err.toBody(), ...(fault.errorCode ? { errorCode: fault.errorCode } : {}), ...(fault.message ? { message: fault.message } : {}) };
					answer(Number(fault.status), body, fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : undefined);
					return;
				}
				case 'emptyAnswer':
					// A proxy or a broken VBR answers a change with a 2xx that is not a session; nothing is done.
					entry.status = Number(fault.status) || 200;
					sendJson(res, entry.status, fault.body === undefined ? {} : fault.body, tls);
					return;
				case 'expireTokens':
					tokens.expireAll(deps.clock.now());
					break;
				case 'dropResponse':
				case 'hangResponse':
					// The change happens; only the answer is lost (the ambiguous failure clients must handle).
					afterProcessing = fault.type;
					break;
				default:
					break;
			}
		}

		try {
			const now = deps.clock.now();
			sessions.settle(now);
			const version = req.headers['x-api-version'];
			if (typeof version !== 'string' || !supportedVersions.includes(version.trim())) {
				throw errors.unsupportedVersion(supportedVersions, deps.versionErrorStyle);
			}
			const f = features(version.trim());
			const match = router.match(method, path);
			if (!match) throw errors.notFound(undefined, `The resource '${path}' was not found.`);
			if ('methodNotAllowed' in match) throw errors.methodNotAllowed();
			const { route, params } = match;
			if (route.options.available && !route.options.available(f)) {
				throw errors.notFound(undefined, `The resource '${path}' is not available in API version ${f.version}.`);
			}
			const user = route.options.anonymous ? null : tokens.authenticate(/** @type {string | undefined} */ (req.headers.authorization), now);
			if (parsed.error) throw errors.badRequest(`The request body is not valid JSON: ${parsed.error}`);
			const result = await route.handler({
				method, path, params, query: entry.query, body: parsed.value, bodyKind: parsed.kind, f, user, now,
				sessionsInitiatedBy: deps.sessionsInitiatedBy,
			});
			answer(result.status, result.status === 204 ? undefined : result.body);
		} catch (e) {
			if (e instanceof ApiError) {
				answer(e.status, e.toBody());
			} else {
				// A simulator bug: say so in the body instead of hiding it.
				answer(500, errors.internal(`Simulator error: ${/** @type {Error} */ (e).message}`).toBody());
			}
		}
	}

	return handle;
}

module.exports = { createApp };
