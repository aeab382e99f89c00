// @ts-check
'use strict';

/**
 * Filter / sort / paginate helpers shared by every list endpoint. Work per request is one linear scan over an
 * already-ordered array (sorted orders are cached by the store), so 100,000 repositories stay cheap.
 */

/**
 * VBR name filters: `*` may stand at the start and/or the end; otherwise the match is exact. Case-insensitive.
 * @param {string | undefined} pattern
 * @returns {((value: string | undefined | null) => boolean) | null} null when there is no filter
 */
function wildcard(pattern) {
	if (pattern === undefined || pattern === null || pattern === '' || pattern === '*' || pattern === '**') return null;
	const p = pattern.toLowerCase();
	const lead = p.startsWith('*');
	const trail = p.endsWith('*');
	const core = p.slice(lead ? 1 : 0, trail ? -1 : undefined);
	if (lead && trail) return (v) => typeof v === 'string' && v.toLowerCase().includes(core);
	if (lead) return (v) => typeof v === 'string' && v.toLowerCase().endsWith(core);
	if (trail) return (v) => typeof v === 'string' && v.toLowerCase().startsWith(core);
	return (v) => typeof v === 'string' && v.toLowerCase() === core;
}

/**
 * Ordinal, case-insensitive comparison for strings; numbers numerically; missing values first.
 * @param {any} a @param {any} b
 */
function compareValues(a, b) {
	if (a === b) return 0;
	if (a === undefined || a === null) return -1;
	if (b === undefined || b === null) return 1;
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	const x = String(a).toLowerCase();
	const y = String(b).toLowerCase();
	return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Stable sort by a key; ties keep the input order.
 * @template T
 * @param {T[]} items @param {(item: T) => any} key @param {boolean} asc
 * @returns {T[]} a new array
 */
function sortBy(items, key, asc) {
	const decorated = items.map((item, i) => ({ item, i, k: key(item) }));
	decorated.sort((p, q) => {
		const c = compareValues(p.k, q.k);
		if (c !== 0) return asc ? c : -c;
		return p.i - q.i;
	});
	return decorated.map((d) => d.item);
}

/**
 * One pass: count every match (for pagination.total) and keep the requested page.
 * @template T
 * @param {T[]} ordered @param {((item: T) => boolean) | null} predicate @param {number} skip @param {number} limit
 * @returns {{ page: T[], total: number }}
 */
function scan(ordered, predicate, skip, limit) {
	if (!predicate) return { page: ordered.slice(skip, skip + limit), total: ordered.length };
	/** @type {T[]} */
	const page = [];
	let total = 0;
	const end = skip + limit;
	for (const item of ordered) {
		if (!predicate(item)) continue;
		if (total >= skip && total < end) page.push(item);
		total++;
	}
	return { page, total };
}

/**
 * Combine predicates (nulls are "no filter").
 * @template T
 * @param {Array<((item: T) => boolean) | null | undefined | false>} predicates
 * @returns {((item: T) => boolean) | null}
 */
function allOf(predicates) {
	const list = /** @type {Array<(item: T) => boolean>} */ (predicates.filter(Boolean));
	if (!list.length) return null;
	if (list.length === 1) return list[0];
	return (item) => {
		for (const p of list) if (!p(item)) return false;
		return true;
	};
}

/**
 * The list envelope every VBR list returns: `{ data, pagination: { total, count, skip, limit } }`.
 * @param {any[]} data @param {number} total @param {number} skip @param {number} limit
 */
function envelope(data, total, skip, limit) {
	return { data, pagination: { total, count: data.length, skip, limit } };
}

/** Default page size: `limit` defaults to 200 (1.3 spec; 1.2 examples). */
const DEFAULT_LIMIT = 200;

/**
 * Generic list answer for small collections: filter, optional sort, paginate.
 * @template T
 * @param {T[]} items
 * @param {{ predicate?: ((item: T) => boolean) | null, sortKey?: ((item: T) => any) | null, asc?: boolean, skip?: number, limit?: number }} opts
 * @param {(item: T) => any} shape
 */
function listAnswer(items, opts, shape) {
	const skip = opts.skip ?? 0;
	const limit = opts.limit ?? DEFAULT_LIMIT;
	const ordered = opts.sortKey ? sortBy(items, opts.sortKey, opts.asc !== false) : items;
	const { page, total } = scan(ordered, opts.predicate || null, skip, limit);
	return envelope(page.map(shape), total, skip, limit);
}

module.exports = { wildcard, compareValues, sortBy, scan, allOf, envelope, listAnswer, DEFAULT_LIMIT };
