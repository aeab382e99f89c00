// @ts-check
'use strict';

/**
 * The faults that replace or reshape an answer instead of breaking the connection (see faults.js):
 *
 * - `body`: answers with `status` (default 200) and `json` (any JSON value, sent as is), or `raw` (text sent
 *   as it is, as application/json), or neither (an empty body, e.g. `status: 204`).
 * - `rewriteList`: the request is handled normally, then its list answer is reshaped: `total` replaces
 *   `pagination.total`, `keep` keeps only the first `keep` elements of `data`, `append` adds elements.
 * - `endlessPages`: every page is full of new, distinct repository states (IDs from `skip`), with
 *   `pagination.total` = `total` (default 1e12; null: no total at all): a server that never ends a list.
 */

const { sendJson, sendEmpty } = require('./respond');

const TYPES = ['body', 'rewriteList', 'endlessPages'];

/**
 * @typedef {object} AnswerFaultSpec
 * @property {'body'|'rewriteList'|'endlessPages'} type
 * @property {number} [status] body
 * @property {unknown} [json] body
 * @property {string} [raw] body
 * @property {number | null} [total] rewriteList, endlessPages
 * @property {number} [keep] rewriteList
 * @property {unknown[]} [append] rewriteList
 */

/**
 * A repository state with an ID derived from `n`, so every page brings new ones.
 * @param {number} n
 */
function generatedState(n) {
	const hex = n.toString(16).padStart(12, '0').slice(-12);
	return {
		id: `e0e0e0e0-0000-4000-8000-${hex}`,
		name: `Endless Repo ${n}`,
		type: 'WinLocal',
		description: '',
		hostId: null,
		hostName: 'endless',
		path: `D:\\Endless\\${n}`,
		capacityGB: 1000,
		freeGB: 500,
		usedSpaceGB: 500,
		isOnline: true,
		isOutOfDate: false,
	};
}

/**
 * @param {AnswerFaultSpec} fault @param {Record<string, string | string[]>} query
 * @returns {{ status: number, json?: unknown, raw?: string } | null} the answer to send now, or null
 */
function answerFor(fault, query) {
	if (fault.type === 'body') {
		const status = Number(fault.status) || 200;
		if (fault.raw !== undefined) return { status, raw: String(fault.raw) };
		if (fault.json !== undefined) return { status, json: fault.json };
		return { status };
	}
	if (fault.type === 'endlessPages') {
		const skip = Math.max(0, Number(query.skip) || 0);
		const limit = Math.max(1, Number(query.limit) || 200);
		const data = Array.from({ length: limit }, (_, i) => generatedState(skip + i));
		const total = fault.total === undefined ? 1e12 : fault.total;
		const pagination = total === null ? { count: limit, skip, limit } : { total, count: limit, skip, limit };
		return { status: 200, json: { data, pagination } };
	}
	return null;
}

/**
 * Reshapes a list answer for `rewriteList`; other bodies pass unchanged.
 * @param {AnswerFaultSpec} fault @param {any} body
 */
function rewriteBody(fault, body) {
	if (fault.type !== 'rewriteList' || !body || !Array.isArray(body.data)) return body;
	let data = body.data;
	if (fault.keep !== undefined) data = data.slice(0, Math.max(0, Number(fault.keep)));
	if (Array.isArray(fault.append)) data = [...data, ...fault.append];
	const pagination = { ...(body.pagination || {}), count: data.length };
	if (fault.total !== undefined) pagination.total = fault.total;
	return { ...body, data, pagination };
}

/**
 * @param {import('http').ServerResponse} res @param {{ status: number, json?: unknown, raw?: string }} answer
 * @param {boolean} tls
 */
function sendAnswer(res, answer, tls) {
	if (answer.raw !== undefined) {
		res.statusCode = answer.status;
		res.setHeader('Content-Type', 'application/json; charset=utf-8');
		res.setHeader('Content-Length', Buffer.byteLength(answer.raw));
		res.end(answer.raw);
	} else if (answer.json !== undefined) sendJson(res, answer.status, answer.json, tls);
	else sendEmpty(res, answer.status, tls);
}

module.exports = { ANSWER_FAULT_TYPES: TYPES, answerFor, rewriteBody, sendAnswer };
