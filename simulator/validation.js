// @ts-check
'use strict';

/**
 * A small schema DSL for request bodies. It checks types, required fields and enum values (case-insensitively,
 * returning the canonical spelling) and returns a clean copy that keeps only the declared fields, as ASP.NET's
 * JSON binding drops unknown members. The first problem becomes a 400 UnexpectedContent naming the field.
 */
const { errors } = require('./errors');
const { canonicalEnum } = require('./versions');
const { isUuid } = require('./ids');

/**
 * @typedef {{ t: 'string' } | { t: 'boolean' } | { t: 'integer' } | { t: 'number' } | { t: 'uuid' }
 *   | { t: 'enum', name: string, values: readonly string[] } | { t: 'array', items: Schema }
 *   | { t: 'object', props: Record<string, Schema>, required: string[] }} Schema
 */

const S = {
	str: /** @type {Schema} */ ({ t: 'string' }),
	bool: /** @type {Schema} */ ({ t: 'boolean' }),
	int: /** @type {Schema} */ ({ t: 'integer' }),
	num: /** @type {Schema} */ ({ t: 'number' }),
	uuid: /** @type {Schema} */ ({ t: 'uuid' }),
	/** @param {string} name @param {readonly string[]} values @returns {Schema} */
	enumOf: (name, values) => ({ t: 'enum', name, values }),
	/** @param {Schema} items @returns {Schema} */
	arr: (items) => ({ t: 'array', items }),
	/** @param {Record<string, Schema>} props @param {string[]} [required] @returns {Schema} */
	obj: (props, required = []) => ({ t: 'object', props, required }),
};

/** @param {string} path @param {string} problem */
function fail(path, problem) {
	return errors.badRequest(`Invalid request body: ${path ? `${path} ` : ''}${problem}.`);
}

/**
 * @param {Schema} schema @param {any} value @param {string} path
 * @returns {any} the cleaned, canonical value
 */
function check(schema, value, path) {
	switch (schema.t) {
		case 'string':
			if (typeof value !== 'string') throw fail(path, 'must be a string');
			return value;
		case 'boolean':
			if (typeof value !== 'boolean') throw fail(path, 'must be a boolean');
			return value;
		case 'integer':
			if (typeof value !== 'number' || !Number.isInteger(value)) throw fail(path, 'must be an integer');
			return value;
		case 'number':
			if (typeof value !== 'number' || !Number.isFinite(value)) throw fail(path, 'must be a number');
			return value;
		case 'uuid':
			if (!isUuid(value)) throw fail(path, `must be a UUID (got ${JSON.stringify(value)})`);
			return value.toLowerCase();
		case 'enum': {
			const c = canonicalEnum(schema.values, value);
			if (!c) throw fail(path, `must be one of ${schema.values.join(', ')} (${schema.name}; got ${JSON.stringify(value)})`);
			return c;
		}
		case 'array':
			if (!Array.isArray(value)) throw fail(path, 'must be an array');
			return value.map((v, i) => check(schema.items, v, `${path}[${i}]`));
		case 'object': {
			if (!value || typeof value !== 'object' || Array.isArray(value)) throw fail(path, 'must be an object');
			for (const key of schema.required) {
				if (value[key] === undefined || value[key] === null) throw fail(path ? `${path}.${key}` : key, 'is required');
			}
			/** @type {Record<string, any>} */
			const out = {};
			for (const [key, sub] of Object.entries(schema.props)) {
				// JSON null for an optional member binds as "not set".
				if (value[key] === undefined || value[key] === null) continue;
				out[key] = check(sub, value[key], path ? `${path}.${key}` : key);
			}
			return out;
		}
		default:
			throw new Error('bad schema');
	}
}

module.exports = { S, check, fail };
