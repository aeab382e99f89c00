// @ts-check
'use strict';

/**
 * Answers a hostile or broken server (or a proxy in front of VBR) gives, for the client's trust tests:
 * - `redirect`: a 3xx (`status`, default 302) with `location` (default: the same path on this host);
 * - `trickle`: a 200 JSON body that sends one byte every `ms` (default 500) and never ends;
 * - `endless`: a 200 JSON body that never ends, sent as fast as the client reads;
 * - `echo`: the secrets the request carried (bearer token, login form, password) and the last login form
 *   this simulator saw, in a Veeam error's message and resourceId (`status`, default 400), in a plain-text
 *   error body (`echo: 'text'`), or added to the normal 2xx answer (`echo: 'ok'`, see `echoInto`).
 */
const HOSTILE_TYPES = new Set(['redirect', 'trickle', 'endless', 'echo']);

/** @param {import('./faults').Fault} fault */
function isHostile(fault) {
	return HOSTILE_TYPES.has(String(fault.type));
}

/**
 * What the client sent that must never come back to it in clear.
 * @param {import('http').IncomingMessage} req @param {Buffer} raw @param {unknown} parsed @param {string} lastLoginForm
 */
function echoText(req, raw, parsed, lastLoginForm) {
	const parts = [];
	if (req.headers.authorization) parts.push(`Authorization: ${req.headers.authorization}`);
	if (raw.length > 0) parts.push(`body: ${raw.toString('utf8')}`);
	const password = /** @type {{ password?: unknown }} */ (parsed || {}).password;
	if (typeof password === 'string') parts.push(`password: ${password}`);
	if (lastLoginForm) parts.push(`last login: ${lastLoginForm}`);
	return parts.join('; ');
}

/**
 * Adds the echo to a 2xx body: to every element of `data`, or to the object itself.
 * @param {any} body @param {string} echo
 */
function echoInto(body, echo) {
	if (body && Array.isArray(body.data)) return { ...body, data: body.data.map((/** @type {any} */ item) => ({ ...item, description: echo })) };
	if (body && typeof body === 'object') return { ...body, description: echo };
	return body;
}

/**
 * @param {import('http').ServerResponse} res @param {Set<import('http').ServerResponse>} hung
 * @param {(write: () => boolean) => void} pump called until the client goes away
 */
function neverEnding(res, hung, pump) {
	res.statusCode = 200;
	res.setHeader('Content-Type', 'application/json; charset=utf-8');
	hung.add(res);
	let open = true;
	res.on('close', () => {
		open = false;
		hung.delete(res);
	});
	res.write('{"data":[');
	pump(() => open);
}

/**
 * Answers a hostile fault. Returns false for `echo: 'ok'`, which lets the request be handled normally.
 * @param {import('./faults').Fault} fault
 * @param {{ req: import('http').IncomingMessage, res: import('http').ServerResponse, path: string, raw: Buffer,
 *   parsed: unknown, lastLoginForm: string, hung: Set<import('http').ServerResponse>, entry: { status?: number | null } }} ctx
 * @returns {boolean} whether the answer was given here
 */
function answerHostile(fault, ctx) {
	const { req, res, path, hung, entry } = ctx;
	const spec = /** @type {{ type: string, status?: number, ms?: number, location?: string, echo?: string, errorCode?: string, message?: string }} */ (/** @type {unknown} */ (fault));
	switch (spec.type) {
		case 'redirect': {
			const status = Number(spec.status) || 302;
			entry.status = status;
			res.statusCode = status;
			res.setHeader('Location', spec.location || `${path}?redirected=1`);
			res.setHeader('Content-Length', '0');
			res.end();
			return true;
		}
		case 'trickle': {
			entry.status = 200;
			const ms = Number(spec.ms) || 500;
			neverEnding(res, hung, (open) => {
				const timer = setInterval(() => {
					if (!open()) clearInterval(timer);
					else res.write(' ');
				}, ms);
				res.on('close', () => clearInterval(timer));
			});
			return true;
		}
		case 'endless': {
			entry.status = 200;
			const chunk = Buffer.from('{"id":"88788f9e-d8f5-4eb4-bc4f-9b3f5403bcec","name":"again"},'.repeat(1024));
			neverEnding(res, hung, (open) => {
				const pump = () => {
					while (open()) {
						if (!res.write(chunk)) {
							res.once('drain', pump);
							return;
						}
					}
				};
				pump();
			});
			return true;
		}
		case 'echo': {
			const echo = echoText(req, ctx.raw, ctx.parsed, ctx.lastLoginForm);
			if (spec.echo === 'ok') return false;
			const status = Number(spec.status) || 400;
			entry.status = status;
			res.statusCode = status;
			if (spec.echo === 'text') {
				res.setHeader('Content-Type', 'text/plain');
				res.end(`Proxy error: ${echo}`);
				return true;
			}
			const text = JSON.stringify({ errorCode: spec.errorCode || 'BadRequest', message: `${spec.message || 'Rejected'}: ${echo}`, resourceId: echo });
			res.setHeader('Content-Type', 'application/json; charset=utf-8');
			res.end(text);
			return true;
		}
		default:
			return false;
	}
}

module.exports = { isHostile, answerHostile, echoText, echoInto };
