// @ts-check
'use strict';

/**
 * Identifiers: stable name-derived UUIDs for seed data (so tests can rely on them), random ones for objects created
 * at run time, and the UUID syntax check the API applies to `{id}` path segments and uuid query parameters.
 */
const crypto = require('crypto');

const NAMESPACE = 'veeam-vbr-simulator';
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * Deterministic UUID (version-5 layout over SHA-1) for a seeded object.
 * @param {string} kind e.g. 'repository', 'managedServer'
 * @param {string} name the object's name
 */
function nameUuid(kind, name) {
	const h = crypto.createHash('sha1').update(`${NAMESPACE}:${kind}:${name}`).digest();
	h[6] = (h[6] & 0x0f) | 0x50;
	h[8] = (h[8] & 0x3f) | 0x80;
	const x = h.toString('hex');
	return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

function randomId() {
	return crypto.randomUUID();
}

/** @param {unknown} s */
function isUuid(s) {
	return typeof s === 'string' && UUID_RE.test(s);
}

/**
 * Veeam's `uniqueId` for repositories: the id as upper-case hex without dashes (as in the spec examples).
 * @param {string} id
 */
function uniqueIdOf(id) {
	return id.replace(/-/g, '').toUpperCase();
}

module.exports = { nameUuid, randomId, isUuid, uniqueIdOf, EMPTY_UUID };
