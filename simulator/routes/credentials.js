// @ts-check
'use strict';

/**
 * GET /api/v1/credentials(/{id}) and GET /api/v1/cloudCredentials(/{id}): the records repositories refer to
 * (SMB share credentials, host credentials, object storage accounts). Neither model has a name field.
 */
const { errors } = require('../errors');
const { ENUMS } = require('../versions');
const { T, readQuery } = require('../params');
const { wildcard, allOf, listAnswer } = require('../listing');
const { shapeCredentials, shapeCloudCredentials } = require('../shaping');
const { pathId, PAGING, paging } = require('./common');

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	router.add('GET', '/api/v1/credentials', (/** @type {import('./common').RouteRequest} */ req) => {
		const { f } = req;
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(f.is13 ? ['Username', 'Description', 'Type', 'CreationTime'] : ['Username', 'Description']),
			nameFilter: T.string,
			// An array since 1.3-rev2.
			typeFilter: (f.rev2of13 ? T.enumArray : T.enum)(f.is13 ? ['Standard', 'Linux', 'ManagedService'] : ['Standard', 'Linux']),
			createdAfterFilter: T.dateTime,
			createdBeforeFilter: T.dateTime,
			includeDefaultApplianceCreds: f.is13 && T.bool,
		});
		const name = wildcard(q.nameFilter);
		const predicate = allOf([
			name && ((/** @type {any} */ c) => name(c.username)),
			q.typeFilter && ((/** @type {any} */ c) => [].concat(q.typeFilter).includes(/** @type {never} */ (c.type))),
			q.createdAfterFilter !== undefined && ((/** @type {any} */ c) => c.creationTime > q.createdAfterFilter),
			q.createdBeforeFilter !== undefined && ((/** @type {any} */ c) => c.creationTime < q.createdBeforeFilter),
		]);
		/** @type {Record<string, (c: any) => any>} */
		const keys = { Username: (c) => c.username, Description: (c) => c.description, Type: (c) => c.type, CreationTime: (c) => c.creationTime };
		const { skip, limit, asc } = paging(q);
		return {
			status: 200,
			body: listAnswer([...ctx.store.credentials.values()], { predicate, sortKey: q.orderColumn ? keys[q.orderColumn] : null, asc, skip, limit }, (c) => shapeCredentials(c, f)),
		};
	});

	router.add('GET', '/api/v1/credentials/{id}', (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const cred = ctx.store.credentials.get(id);
		if (!cred) throw errors.notFound(id, `Credentials ${id} were not found.`);
		return { status: 200, body: shapeCredentials(cred, req.f) };
	});

	router.add('GET', '/api/v1/cloudCredentials', (/** @type {import('./common').RouteRequest} */ req) => {
		const { f } = req;
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(f.is13 ? ['Name', 'Description', 'Type', 'LastModified'] : ['Name', 'Description']),
			nameFilter: T.string,
			typeFilter: T.enum(ENUMS.ECloudCredentialsType),
		});
		const name = wildcard(q.nameFilter);
		// No name field: the filter and the Name order use the account / access key, which the UI shows as the name.
		const label = (/** @type {any} */ c) => c.account || c.accessKey;
		const predicate = allOf([
			name && ((/** @type {any} */ c) => name(label(c)) || name(c.description)),
			q.typeFilter && ((/** @type {any} */ c) => [].concat(q.typeFilter).includes(/** @type {never} */ (c.type))),
		]);
		/** @type {Record<string, (c: any) => any>} */
		const keys = { Name: label, Description: (c) => c.description, Type: (c) => c.type, LastModified: (c) => c.lastModified };
		const { skip, limit, asc } = paging(q);
		return {
			status: 200,
			body: listAnswer([...ctx.store.cloudCredentials.values()], { predicate, sortKey: q.orderColumn ? keys[q.orderColumn] : null, asc, skip, limit }, (c) => shapeCloudCredentials(c, f)),
		};
	});

	router.add('GET', '/api/v1/cloudCredentials/{id}', (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const cred = ctx.store.cloudCredentials.get(id);
		if (!cred) throw errors.notFound(id, `Cloud credentials ${id} were not found.`);
		return { status: 200, body: shapeCloudCredentials(cred, req.f) };
	});
};
