// @ts-check
'use strict';

/**
 * Mount servers (1.3+): GET /api/v1/backupInfrastructure/mountServers, /{id} and /default. A mount server is a
 * managed Windows or Linux server with mount server settings; its id is the managed server id.
 */
const { errors } = require('../errors');
const { ENUMS } = require('../versions');
const { T, readQuery } = require('../params');
const { wildcard, allOf, listAnswer } = require('../listing');
const { shapeMountServer } = require('../shaping');
const { pathId, PAGING, paging } = require('./common');

/** @param {any} s */
const osOf = (s) => (s.type === 'LinuxHost' ? 'Linux' : 'Windows');

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	const base = '/api/v1/backupInfrastructure/mountServers';
	const available = { available: (/** @type {import('../versions').Features} */ f) => f.mountServersApi };
	const mountServers = () => ctx.store.listManagedServers().filter((s) => s.mount);

	router.add('GET', base, (/** @type {import('./common').RouteRequest} */ req) => {
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(ENUMS.EMountServersFiltersOrderColumn),
			writeCacheFolderFilter: T.string,
			typeFilter: T.enum(ENUMS.EMountServerType),
			isDefaultFilter: T.bool,
		});
		const folder = wildcard(q.writeCacheFolderFilter);
		const predicate = allOf([
			folder && ((/** @type {any} */ s) => folder(s.mount.writeCacheFolder)),
			q.typeFilter && ((/** @type {any} */ s) => osOf(s) === q.typeFilter),
			q.isDefaultFilter !== undefined && ((/** @type {any} */ s) => !!s.mount.isDefault === q.isDefaultFilter),
		]);
		/** @type {Record<string, (s: any) => any>} */
		const keys = { Type: osOf, WriteCacheFolder: (s) => s.mount.writeCacheFolder };
		const { skip, limit, asc } = paging(q);
		return {
			status: 200,
			body: listAnswer(mountServers(), { predicate, sortKey: q.orderColumn ? keys[q.orderColumn] : null, asc, skip, limit }, (s) => shapeMountServer(s, req.f)),
		};
	}, available);

	router.add('GET', `${base}/default`, (/** @type {import('./common').RouteRequest} */ req) => ({
		status: 200,
		body: listAnswer(mountServers(), { predicate: (s) => !!s.mount.isDefault }, (s) => shapeMountServer(s, req.f)),
	}), available);

	router.add('GET', `${base}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const server = ctx.store.getManagedServer(id);
		if (!server || !server.mount) throw errors.notFound(id, `Mount server ${id} was not found.`);
		return { status: 200, body: shapeMountServer(server, req.f) };
	}, available);
};
