// @ts-check
'use strict';

/**
 * Helpers shared by the route modules.
 */
const { errors } = require('../errors');
const { isUuid } = require('../ids');
const { DEFAULT_LIMIT } = require('../listing');
const { T } = require('../params');
const { fail } = require('../validation');

/**
 * @typedef {object} RouteRequest
 * @property {string} method
 * @property {string} path
 * @property {Record<string, string>} params
 * @property {Record<string, string | string[]>} query
 * @property {any} body
 * @property {'empty'|'json'|'form'|'text'} bodyKind
 * @property {import('../versions').Features} f
 * @property {{ username: string, token: string } | null} user
 * @property {number} now
 * @property {'service'|'user'} [sessionsInitiatedBy] who REST-started sessions name in `initiatedBy`
 */
/**
 * @typedef {{ status: number, body?: any }} RouteResult
 */
/**
 * @typedef {object} Context
 * @property {import('../store').Store} store
 * @property {import('../sessions').SessionService} sessions
 * @property {import('../tokens').TokenService} tokens
 * @property {{ sessionDurationMs: number, tokenLifetimeSeconds: number, nextSessionResults: any[] }} config
 * @property {{ username: string, password: string, supportedVersions: string[], buildVersion: string }} options
 */

/** The `{id}` path segment: a UUID, else 400 InvalidURI. @param {Record<string, string>} params */
function pathId(params, name = 'id') {
	const id = params[name];
	if (!isUuid(id)) throw errors.invalidUri();
	return id.toLowerCase();
}

/** skip/limit/orderAsc definitions shared by every list. */
const PAGING = { skip: T.int, limit: T.int, orderAsc: T.bool };

/** @param {Record<string, any>} q */
function paging(q) {
	return { skip: q.skip ?? 0, limit: q.limit ?? DEFAULT_LIMIT, asc: q.orderAsc !== false };
}

/** A JSON object body, else 400. @param {RouteRequest} req */
function jsonObject(req) {
	if (req.bodyKind !== 'json' || !req.body || typeof req.body !== 'object' || Array.isArray(req.body)) {
		throw errors.badRequest('The request body must be a JSON object (Content-Type: application/json).');
	}
	return req.body;
}

/**
 * `{ repositoryIds: uuid[] }` (RepositoriesRescanSpec, ScaleOutExtentMaintenanceSpec).
 * @param {RouteRequest} req
 * @returns {string[]}
 */
function repositoryIds(req) {
	const body = jsonObject(req);
	const ids = body.repositoryIds;
	if (ids === undefined || ids === null) throw fail('repositoryIds', 'is required');
	if (!Array.isArray(ids)) throw fail('repositoryIds', 'must be an array');
	if (!ids.length) throw fail('repositoryIds', 'must contain at least one repository ID');
	ids.forEach((id, i) => {
		if (!isUuid(id)) throw fail(`repositoryIds[${i}]`, `must be a UUID (got ${JSON.stringify(id)})`);
	});
	return [...new Set(ids.map((id) => String(id).toLowerCase()))];
}

/** The account a real VBR names for sessions started through its REST API (Veeam's own examples). */
const REST_SERVICE_ACCOUNT = '.\\veeam-rest-service';

/**
 * How VBR writes the initiating account: its REST service, unless the simulator was started with
 * `sessionsInitiatedBy: 'user'` (then the account that logged in, local accounts as `.\name`).
 * @param {RouteRequest} req
 */
function initiator(req) {
	if (req.sessionsInitiatedBy !== 'user') return REST_SERVICE_ACCOUNT;
	const name = req.user ? req.user.username : 'unknown';
	return /[\\@]/.test(name) ? name : `.\\${name}`;
}

module.exports = { pathId, PAGING, paging, jsonObject, repositoryIds, initiator, REST_SERVICE_ACCOUNT };
