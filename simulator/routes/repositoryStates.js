// @ts-check
'use strict';

/**
 * GET /api/v1/backupInfrastructure/repositories/states: capacity, free and used space, online and (1.3)
 * out-of-date flags, and (1.3) scale-out membership, with every filter of the revision.
 */
const { ENUMS, typeIn } = require('../versions');
const { T, readQuery } = require('../params');
const { wildcard, allOf, scan, envelope } = require('../listing');
const { shapeRepositoryState } = require('../shaping');
const { repoPath } = require('../store');
const { PAGING, paging } = require('./common');


/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	const { store } = ctx;
	/** @param {import('../store').RepositoryRecord} r */
	const sobrName = (r) => {
		const m = store.membershipOf(r.id);
		const sobr = m && store._scaleOutRepositories.get(m.sobrId); // no settle: called per row while sorting
		return sobr ? sobr.name : undefined;
	};
	/** @type {Record<string, (r: import('../store').RepositoryRecord) => any>} */
	const keys = {
		Name: (r) => r.model.name,
		Type: (r) => r.model.type,
		Host: (r) => store.hostNameOf(r),
		Path: (r) => repoPath(r.model),
		CapacityGB: (r) => r.state.capacityGB,
		FreeGB: (r) => r.state.freeGB,
		UsedSpaceGB: (r) => r.state.usedSpaceGB,
		Description: (r) => r.model.description,
		Membership: sobrName,
		// 1.3-rev2: online before offline (the spec does not say; isOnline is the state's status).
		Status: (r) => (r.state.isOnline ? 0 : 1),
	};

	router.add('GET', '/api/v1/backupInfrastructure/repositories/states', (/** @type {import('./common').RouteRequest} */ req) => {
		const { f } = req;
		const v13 = f.statesV13;
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(f.enums.ERepositoryStatesFiltersOrderColumn),
			idFilter: T.uuid,
			nameFilter: T.string,
			// A single value before 1.3-rev2, an array since.
			typeFilter: f.statesArrayTypeFilter ? T.enumArray(f.repositoryTypes) : T.enum(f.repositoryTypes),
			capacityFilter: T.number,
			freeSpaceFilter: T.number,
			usedSpaceFilter: T.number,
			isOnlineFilter: T.bool,
			isOutOfDateFilter: v13 && T.bool,
			sobrIdFilter: v13 && T.uuid,
			sobrExtentTypeFilter: v13 && T.enumArray(ENUMS.EScaleOutRepositoryExtentType),
			sobrMembershipFilter: v13 && T.string,
			excludeExtents: v13 && T.bool,
		});
		const { skip, limit, asc } = paging(q);
		const ordered = q.orderColumn
			? store.sortedRepositories(`states:${q.orderColumn}`, keys[q.orderColumn], asc)
			: store.listRepositories();
		const name = wildcard(q.nameFilter);
		const membership = wildcard(q.sobrMembershipFilter);
		const types = q.typeFilter === undefined ? null : new Set([].concat(q.typeFilter).map((t) => typeIn(f, t)));
		/** @typedef {import('../store').RepositoryRecord} R */
		const predicate = allOf([
			store.hasTypeOutside(f.knownTypes) && ((/** @type {R} */ r) => f.knownTypes.has(r.model.type)),
			q.idFilter && ((/** @type {R} */ r) => r.id === q.idFilter),
			name && ((/** @type {R} */ r) => name(r.model.name)),
			types && ((/** @type {R} */ r) => /** @type {Set<string>} */ (types).has(r.model.type)),
			// The spec does not say how the size filters compare; "at least this many GB" is the useful reading.
			q.capacityFilter !== undefined && ((/** @type {R} */ r) => r.state.capacityGB >= q.capacityFilter),
			q.freeSpaceFilter !== undefined && ((/** @type {R} */ r) => r.state.freeGB >= q.freeSpaceFilter),
			q.usedSpaceFilter !== undefined && ((/** @type {R} */ r) => r.state.usedSpaceGB >= q.usedSpaceFilter),
			q.isOnlineFilter !== undefined && ((/** @type {R} */ r) => r.state.isOnline === q.isOnlineFilter),
			q.isOutOfDateFilter !== undefined && ((/** @type {R} */ r) => r.state.isOutOfDate === q.isOutOfDateFilter),
			q.sobrIdFilter && ((/** @type {R} */ r) => { const m = store.membershipOf(r.id); return !!m && m.sobrId === q.sobrIdFilter; }),
			q.sobrExtentTypeFilter && ((/** @type {R} */ r) => { const m = store.membershipOf(r.id); return !!m && q.sobrExtentTypeFilter.includes(m.extentType); }),
			membership && ((/** @type {R} */ r) => membership(sobrName(r))),
			q.excludeExtents === true && ((/** @type {R} */ r) => !store.membershipOf(r.id)),
		]);
		const { page, total } = scan(ordered, predicate, skip, limit);
		return { status: 200, body: envelope(page.map((r) => shapeRepositoryState(r, store, f)), total, skip, limit) };
	});
};
