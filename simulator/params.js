// @ts-check
'use strict';

/**
 * Typed query parameters. ASP.NET model binding semantics: unknown parameters are ignored, enum values bind
 * case-insensitively, a scalar parameter given several times binds its first value, and a value that does not
 * convert is a 400.
 */
const { errors } = require('./errors');
const { canonicalEnum } = require('./versions');
const { isUuid } = require('./ids');

/**
 * @typedef {(raw: string | string[], name: string) => any} ParamType
 */

/** @param {string | string[]} raw */
const first = (raw) => (Array.isArray(raw) ? raw[0] : raw);

/** @param {string} value @param {string} name */
function invalid(value, name) {
	return errors.badRequest(`The value '${value}' is not valid for ${name}.`);
}

/** @type {Record<string, any>} */
const T = {
	/** @type {ParamType} */
	string: (raw) => first(raw),
	/** Non-negative 32-bit integer (skip, limit). @type {ParamType} */
	int: (raw, name) => {
		const v = first(raw).trim();
		if (!/^\d+$/.test(v) || Number(v) > 2147483647) throw invalid(v, name);
		return Number(v);
	},
	/** @type {ParamType} */
	number: (raw, name) => {
		const v = first(raw).trim();
		const n = Number(v);
		if (v === '' || !Number.isFinite(n)) throw invalid(v, name);
		return n;
	},
	/** @type {ParamType} */
	bool: (raw, name) => {
		const v = first(raw).trim().toLowerCase();
		if (v === 'true') return true;
		if (v === 'false') return false;
		throw invalid(first(raw), name);
	},
	/** @type {ParamType} */
	uuid: (raw, name) => {
		const v = first(raw).trim();
		if (!isUuid(v)) throw invalid(v, name);
		return v.toLowerCase();
	},
	/** @type {ParamType} */
	dateTime: (raw, name) => {
		const v = first(raw).trim();
		const ms = Date.parse(v);
		if (Number.isNaN(ms)) throw invalid(v, name);
		return ms;
	},
	/** @param {readonly string[]} values @returns {ParamType} */
	enum: (values) => (raw, name) => {
		const v = first(raw);
		const c = canonicalEnum(values, v.trim());
		if (!c) throw invalid(v, name);
		return c;
	},
	/** @param {readonly string[]} values @returns {ParamType} */
	enumArray: (values) => (raw, name) => {
		const list = Array.isArray(raw) ? raw : [raw];
		return list.map((v) => {
			const c = canonicalEnum(values, v.trim());
			if (!c) throw invalid(v, name);
			return c;
		});
	},
};

/**
 * @param {Record<string, string | string[]>} query
 * @param {Record<string, ParamType | undefined | false>} defs a falsy entry means "not in this revision" (ignored)
 * @returns {Record<string, any>}
 */
function readQuery(query, defs) {
	/** @type {Record<string, any>} */
	const out = {};
	for (const [name, type] of Object.entries(defs)) {
		if (!type) continue;
		const raw = query[name];
		if (raw === undefined) continue;
		out[name] = type(raw, name);
	}
	return out;
}

module.exports = { T, readQuery };
