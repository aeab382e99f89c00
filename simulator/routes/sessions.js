// @ts-check
'use strict';

/**
 * Sessions: GET /api/v1/sessions (filters, order, pagination), GET /{id}, GET /{id}/logs, POST /{id}/stop.
 */
const { errors } = require('../errors');
const { ENUMS, valuesOf } = require('../versions');
const { T, readQuery } = require('../params');
const { wildcard, allOf, listAnswer } = require('../listing');
const { pathId, PAGING, paging } = require('./common');

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	const { sessions } = ctx;

	/** @param {string} id */
	const existing = (id) => {
		const rec = sessions.get(id);
		if (!rec) throw errors.notFound(id, `Session ${id} was not found.`);
		return rec;
	};

	router.add('GET', '/api/v1/sessions', (/** @type {import('./common').RouteRequest} */ req) => {
		const { f, now } = req;
		const columns = ['Name', 'SessionType', 'CreationTime', 'EndTime', 'State', 'Result', ...(f.is13 ? ['InitiatedBy'] : [])];
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(columns),
			nameFilter: T.string,
			createdAfterFilter: T.dateTime,
			createdBeforeFilter: T.dateTime,
			endedAfterFilter: T.dateTime,
			endedBeforeFilter: T.dateTime,
			// Arrays since 1.3-rev0, single values before.
			typeFilter: f.arrayTypeFilters ? T.enumArray(f.sessionTypes) : T.enum(f.sessionTypes),
			stateFilter: T.enum(valuesOf(f, 'ESessionState')),
			resultFilter: f.arrayTypeFilters ? T.enumArray(ENUMS.ESessionResult) : T.enum(ENUMS.ESessionResult),
			jobIdFilter: T.uuid,
		});
		/** @typedef {import('../sessions').SessionRecord} S */
		const state = (/** @type {S} */ s) => sessions.stateOf(s, f);
		const result = (/** @type {S} */ s) => (s.final ? s.final.result : 'None');
		const name = wildcard(q.nameFilter);
		const types = q.typeFilter === undefined ? null : [].concat(q.typeFilter);
		const results = q.resultFilter === undefined ? null : [].concat(q.resultFilter);
		const predicate = allOf([
			(/** @type {S} */ s) => f.sessionTypes.includes(s.sessionType),
			name && ((/** @type {S} */ s) => name(s.name)),
			q.createdAfterFilter !== undefined && ((/** @type {S} */ s) => s.creationMs > q.createdAfterFilter),
			q.createdBeforeFilter !== undefined && ((/** @type {S} */ s) => s.creationMs < q.createdBeforeFilter),
			q.endedAfterFilter !== undefined && ((/** @type {S} */ s) => s.endMs !== null && s.endMs > q.endedAfterFilter),
			q.endedBeforeFilter !== undefined && ((/** @type {S} */ s) => s.endMs !== null && s.endMs < q.endedBeforeFilter),
			types && ((/** @type {S} */ s) => /** @type {string[]} */ (types).includes(s.sessionType)),
			q.stateFilter && ((/** @type {S} */ s) => state(s) === q.stateFilter),
			results && ((/** @type {S} */ s) => /** @type {string[]} */ (results).includes(result(s))),
			q.jobIdFilter && ((/** @type {S} */ s) => s.jobId === q.jobIdFilter),
		]);
		/** @type {Record<string, (s: S) => any>} */
		const keys = {
			Name: (s) => s.name,
			SessionType: (s) => s.sessionType,
			CreationTime: (s) => s.creationMs,
			EndTime: (s) => s.endMs,
			State: state,
			Result: result,
			InitiatedBy: (s) => s.initiatedBy,
		};
		const { skip, limit, asc } = paging(q);
		// Without an order the newest sessions come first.
		const sortKey = q.orderColumn ? keys[q.orderColumn] : (/** @type {S} */ s) => s.creationMs;
		return {
			status: 200,
			body: listAnswer(sessions.list(), { predicate, sortKey, asc: q.orderColumn ? asc : false, skip, limit }, (s) => sessions.view(s, f, now)),
		};
	});

	router.add('GET', '/api/v1/sessions/{id}', (/** @type {import('./common').RouteRequest} */ req) => ({
		status: 200,
		body: sessions.view(existing(pathId(req.params)), req.f, req.now),
	}));

	router.add('GET', '/api/v1/sessions/{id}/logs', (/** @type {import('./common').RouteRequest} */ req) => {
		const rec = existing(pathId(req.params));
		// statusFilter exists since 1.3-rev0.
		const q = readQuery(req.query, { statusFilter: req.f.logStatusFilter && T.enum(ENUMS.ETaskLogRecordStatus) });
		return { status: 200, body: sessions.logs(rec, req.now, q.statusFilter, req.f) };
	});

	router.add('POST', '/api/v1/sessions/{id}/stop', (/** @type {import('./common').RouteRequest} */ req) => {
		const rec = existing(pathId(req.params));
		// Stopping a session that has already finished changes nothing (the spec has no error for it).
		sessions.stop(rec, req.now);
		return { status: 200, body: {} };
	});
};
