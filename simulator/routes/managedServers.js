// @ts-check
'use strict';

/**
 * GET /api/v1/backupInfrastructure/managedServers and /{id}: Windows, Linux and vCenter hosts.
 */
const { errors } = require('../errors');
const { ENUMS } = require('../versions');
const { T, readQuery } = require('../params');
const { wildcard, allOf, listAnswer } = require('../listing');
const { shapeManagedServer } = require('../shaping');
const { pathId, PAGING, paging } = require('./common');

const TYPES_12 = ['WindowsHost', 'LinuxHost', 'ViHost', 'CloudDirectorHost'];
const TYPES_13 = TYPES_12.concat(['HvServer', 'HvCluster', 'SCVMM', 'SmbV3Cluster', 'SmbV3StandaloneHost']);

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	const base = '/api/v1/backupInfrastructure/managedServers';

	router.add('GET', base, (/** @type {import('./common').RouteRequest} */ req) => {
		const { f } = req;
		const columns = f.is13 ? ['Name', 'Type', 'Description', 'Status'] : ['Name', 'Type', 'Description'];
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(columns),
			nameFilter: T.string,
			typeFilter: f.arrayTypeFilters ? T.enumArray(TYPES_13) : T.enum(TYPES_12),
			viTypeFilter: T.enum(ENUMS.EViHostType),
			serverStateFilter: f.is13 && T.enum(ENUMS.EManagedServerState),
			updatesStateFilter: f.is13 && T.enumArray(ENUMS.EHostUpdatesState),
			includeNestedHosts: f.is13 && T.bool,
			// 1.3-rev2; the seed has no deduplication appliances, so it changes nothing here.
			skipDedupAppliances: f.rev2of13 && T.bool,
		});
		const types = q.typeFilter === undefined ? null : [].concat(q.typeFilter);
		const name = wildcard(q.nameFilter);
		const predicate = allOf([
			(/** @type {any} */ s) => (f.is13 ? TYPES_13 : TYPES_12).includes(s.type),
			name && ((/** @type {any} */ s) => name(s.name)),
			types && ((/** @type {any} */ s) => /** @type {string[]} */ (types).includes(s.type)),
			q.viTypeFilter && ((/** @type {any} */ s) => s.type === 'ViHost' && s.viHostType === q.viTypeFilter),
			q.serverStateFilter && q.serverStateFilter !== 'Any' && ((/** @type {any} */ s) => s.status === q.serverStateFilter),
			q.updatesStateFilter && ((/** @type {any} */ s) => s.type === 'LinuxHost' && q.updatesStateFilter.includes(s.updatesState)),
		]);
		/** @type {Record<string, (s: any) => any>} */
		const keys = { Name: (s) => s.name, Type: (s) => s.type, Description: (s) => s.description, Status: (s) => s.status };
		const { skip, limit, asc } = paging(q);
		return {
			status: 200,
			body: listAnswer(ctx.store.listManagedServers(), { predicate, sortKey: q.orderColumn ? keys[q.orderColumn] : null, asc, skip, limit }, (s) => shapeManagedServer(s, f)),
		};
	});

	router.add('GET', `${base}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const server = ctx.store.getManagedServer(id);
		if (!server || !(req.f.is13 ? TYPES_13 : TYPES_12).includes(server.type)) throw errors.notFound(id, `Managed server ${id} was not found.`);
		return { status: 200, body: shapeManagedServer(server, req.f) };
	});
};
