// @ts-check
'use strict';

/**
 * A tiny method + path-template router (`/api/v1/sessions/{id}/logs`), plus the request plumbing every route
 * needs: query parsing (repeated keys become arrays, as OpenAPI's form/explode default sends them) and body
 * reading/parsing (JSON or form-urlencoded).
 */

/**
 * @typedef {object} RouteOptions
 * @property {boolean} [anonymous] no bearer token needed (token request, serverTime)
 * @property {(f: import('./versions').Features) => boolean} [available] false → the path does not exist in that revision
 */
/**
 * @typedef {object} Route
 * @property {string} method
 * @property {string} template
 * @property {string[]} segments
 * @property {number} literals number of literal segments; more literals win (`/repositories/states` over `/repositories/{id}`)
 * @property {Function} handler
 * @property {RouteOptions} options
 */

class Router {
	constructor() {
		/** @type {Route[]} */
		this.routes = [];
	}

	/**
	 * @param {string} method @param {string} template @param {Function} handler @param {RouteOptions} [options]
	 */
	add(method, template, handler, options = {}) {
		const segments = template.split('/').filter(Boolean);
		this.routes.push({
			method: method.toUpperCase(),
			template,
			segments,
			literals: segments.filter((s) => !s.startsWith('{')).length,
			handler,
			options,
		});
		return this;
	}

	/**
	 * @param {string} method @param {string} path
	 * @returns {{ route: Route, params: Record<string, string> } | { methodNotAllowed: true } | null}
	 */
	match(method, path) {
		const parts = path.split('/').filter(Boolean);
		/** @type {{ route: Route, params: Record<string, string> } | null} */
		let best = null;
		let pathExists = false;
		for (const route of this.routes) {
			const params = matchSegments(route.segments, parts);
			if (!params) continue;
			if (route.method !== method.toUpperCase()) {
				pathExists = true;
				continue;
			}
			if (!best || route.literals > best.route.literals) best = { route, params };
		}
		if (best) return best;
		return pathExists ? { methodNotAllowed: true } : null;
	}
}

/** @param {string[]} segments @param {string[]} parts */
function matchSegments(segments, parts) {
	if (segments.length !== parts.length) return null;
	/** @type {Record<string, string>} */
	const params = {};
	for (let i = 0; i < segments.length; i++) {
		const seg = segments[i];
		if (seg.startsWith('{')) {
			let value;
			try {
				value = decodeURIComponent(parts[i]);
			} catch {
				value = parts[i];
			}
			params[seg.slice(1, -1)] = value;
		} else if (seg.toLowerCase() !== parts[i].toLowerCase()) {
			// ASP.NET routes are case-insensitive.
			return null;
		}
	}
	return params;
}

/**
 * Query string → object; a key given more than once becomes an array (in order).
 * @param {URLSearchParams} searchParams
 * @returns {Record<string, string | string[]>}
 */
function parseQuery(searchParams) {
	/** @type {Record<string, string | string[]>} */
	const out = {};
	for (const [key, value] of searchParams) {
		const prev = out[key];
		if (prev === undefined) out[key] = value;
		else if (Array.isArray(prev)) prev.push(value);
		else out[key] = [prev, value];
	}
	return out;
}

/**
 * @param {import('http').IncomingMessage} req
 * @param {number} [limit] bytes
 * @returns {Promise<Buffer>}
 */
function readBody(req, limit = 16 * 1024 * 1024) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > limit) {
				reject(new Error('Request body too large'));
				req.destroy();
				return;
			}
			chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * @typedef {object} ParsedBody
 * @property {'empty'|'json'|'form'|'text'} kind
 * @property {any} value parsed JSON, form fields, or the raw text
 * @property {string} [error] set when the body claims JSON but is not valid JSON
 */

/**
 * @param {string | undefined} contentType @param {Buffer} buf
 * @returns {ParsedBody}
 */
function parseBody(contentType, buf) {
	if (!buf.length) return { kind: 'empty', value: null };
	const text = buf.toString('utf8');
	const ct = (contentType || '').toLowerCase();
	if (ct.includes('application/x-www-form-urlencoded')) {
		/** @type {Record<string, string>} */
		const fields = {};
		for (const [k, v] of new URLSearchParams(text)) fields[k] = v;
		return { kind: 'form', value: fields };
	}
	if (ct.includes('json') || (!ct && /^\s*[[{]/.test(text))) {
		try {
			return { kind: 'json', value: JSON.parse(text) };
		} catch (e) {
			return { kind: 'text', value: text, error: /** @type {Error} */ (e).message };
		}
	}
	return { kind: 'text', value: text };
}

module.exports = { Router, parseQuery, readBody, parseBody };
