// @ts-check
'use strict';

/**
 * Backup repositories: list, get, add (POST → Infrastructure session), edit (PUT full RepositoryModel →
 * Infrastructure session), remove (DELETE → 204) and rescan (→ ConfigurationResynchronize session).
 * Adds and edits change the inventory only when their session ends with Success or Warning.
 */
const { errors } = require('../errors');
const { ENUMS, typeIn } = require('../versions');
const { randomId } = require('../ids');
const { T, readQuery } = require('../params');
const { wildcard, allOf, scan, envelope } = require('../listing');
const { shapeRepository } = require('../shaping');
const { repoHostId, repoPath, OBJECT_TYPES, SHARE_TYPES } = require('../store');
const { repositoryFromSpec, repositoryFromModel } = require('../repositorySpecs');
const { pathId, PAGING, paging, repositoryIds, initiator } = require('./common');
const { recordDeletion, startSavingSession } = require('./savingSession');

const BASE = '/api/v1/backupInfrastructure/repositories';

/**
 * Order keys; Host sorts by host name.
 * @param {import('../store').Store} store
 * @returns {Record<string, (r: import('../store').RepositoryRecord) => any>}
 */
function orderKeys(store) {
	return {
		Name: (r) => r.model.name,
		Description: (r) => r.model.description,
		Type: (r) => r.model.type,
		Host: (r) => store.hostNameOf(r),
		Path: (r) => repoPath(r.model),
	};
}

/** Where the new repository lives, for session log titles. @param {any} model @param {import('../store').Store} store */
function locationOf(model, store) {
	if (OBJECT_TYPES.has(model.type)) return `object storage ${repoPath(model) || model.type}`;
	if (SHARE_TYPES.has(model.type)) return `share ${repoPath(model)}`;
	const host = store.managedServers.get(repoHostId(model));
	return `server ${host ? host.name : repoHostId(model)}`;
}

/** State of a repository right after it is added. @param {any} model @returns {import('../store').RepositoryState} */
function initialState(model) {
	return OBJECT_TYPES.has(model.type)
		? { capacityGB: -1, freeGB: -1, usedSpaceGB: 0, isOnline: true, isOutOfDate: false }
		: { capacityGB: 2048, freeGB: 2048, usedSpaceGB: 0, isOnline: true, isOutOfDate: false };
}

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
function register(router, ctx) {
	const { store, sessions } = ctx;
	const keys = orderKeys(store);

	/**
	 * The repository, if it exists and this revision's RepositoryModel can express its type (a Data Domain or tape
	 * repository has no model before 1.3-rev2, so the revision cannot show it; its states still list it).
	 * @param {string} id @param {import('../versions').Features} f
	 */
	const visible = (id, f) => {
		const record = store.getRepository(id);
		if (!record || !f.modelTypes.has(record.model.type)) throw errors.notFound(id, `Repository ${id} was not found.`);
		return record;
	};

	router.add('GET', BASE, (/** @type {import('./common').RouteRequest} */ req) => {
		const { f } = req;
		const q = readQuery(req.query, {
			...PAGING,
			orderColumn: T.enum(ENUMS.ERepositoryFiltersOrderColumn),
			nameFilter: T.string,
			typeFilter: f.arrayTypeFilters ? T.enumArray(f.repositoryTypes) : T.enum(f.repositoryTypes),
			hostIdFilter: T.uuid,
			pathFilter: T.string,
			vmbApiFilter: T.string,
			vmbApiPlatform: T.uuid,
			excludeExtents: f.is13 && T.bool,
		});
		const { skip, limit, asc } = paging(q);
		const ordered = q.orderColumn
			? store.sortedRepositories(`repositories:${q.orderColumn}`, keys[q.orderColumn], asc)
			: store.listRepositories();
		const name = wildcard(q.nameFilter);
		const path = wildcard(q.pathFilter);
		const types = q.typeFilter === undefined ? null : new Set([].concat(q.typeFilter).map((t) => typeIn(f, t)));
		const predicate = allOf([
			store.hasTypeOutside(f.modelTypes) && ((/** @type {import('../store').RepositoryRecord} */ r) => f.modelTypes.has(r.model.type)),
			name && ((/** @type {import('../store').RepositoryRecord} */ r) => name(r.model.name)),
			types && ((/** @type {import('../store').RepositoryRecord} */ r) => /** @type {Set<string>} */ (types).has(r.model.type)),
			q.hostIdFilter && ((/** @type {import('../store').RepositoryRecord} */ r) => repoHostId(r.model) === q.hostIdFilter),
			path && ((/** @type {import('../store').RepositoryRecord} */ r) => path(repoPath(r.model))),
			q.excludeExtents === true && ((/** @type {import('../store').RepositoryRecord} */ r) => !store.membershipOf(r.id)),
		]);
		const { page, total } = scan(ordered, predicate, skip, limit);
		return { status: 200, body: envelope(page.map((r) => shapeRepository(r.model, f)), total, skip, limit) };
	});

	router.add('GET', `${BASE}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const record = visible(pathId(req.params), req.f);
		return { status: 200, body: shapeRepository(record.model, req.f) };
	});

	router.add('POST', BASE, (/** @type {import('./common').RouteRequest} */ req) => {
		const { overwriteOwner } = readQuery(req.query, { overwriteOwner: T.bool });
		if (req.bodyKind !== 'json') throw errors.badRequest('The request body must be a JSON RepositorySpec (Content-Type: application/json).');
		const id = randomId();
		const model = repositoryFromSpec(req.body, req.f, store, id);
		return startSavingSession(ctx, req, {
			base: BASE,
			id,
			reserveName: model.name,
			steps: [
				'Validating repository settings',
				`Connecting to ${locationOf(model, store)}`,
				`Creating repository '${model.name}'`,
				...(req.body.importBackup ? ['Importing existing backups'] : []),
			],
			doneTitle: `Repository '${model.name}' has been added`,
			failMessage: `Failed to add repository '${model.name}'`,
			apply: () => {
				const owner = store.names.get(model.name.toLowerCase());
				if (owner) throw new Error(`Failed to add repository '${model.name}': the name is already in use`);
				// A folder another backup server manages is taken over only with overwriteOwner.
				const location = String(repoPath(model) || '').toLowerCase();
				const foreign = store.foreignOwners.get(location);
				if (foreign && !overwriteOwner) {
					throw new Error(`Failed to add repository '${model.name}': ${repoPath(model)} is owned by backup server ${foreign}. Set overwriteOwner to take ownership.`);
				}
				store.foreignOwners.delete(location);
				store.insertRepository(model, initialState(model));
			},
		});
	});

	router.add('PUT', `${BASE}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const record = visible(id, req.f);
		if (req.bodyKind !== 'json') throw errors.badRequest('The request body must be a JSON RepositoryModel (Content-Type: application/json).');
		const model = repositoryFromModel(req.body, req.f, store, record);
		const renamed = model.name.toLowerCase() !== record.model.name.toLowerCase();
		const nameKey = model.name.toLowerCase();
		return startSavingSession(ctx, req, {
			base: BASE,
			id,
			reserveName: renamed ? model.name : undefined,
			steps: ['Validating repository settings', `Saving repository '${model.name}'`],
			doneTitle: `Repository '${model.name}' has been saved`,
			failMessage: `Failed to save repository '${model.name}'`,
			apply: () => {
				if (!store.repositories.has(id)) throw new Error(`Failed to save repository '${model.name}': the repository no longer exists`);
				const owner = store.names.get(nameKey);
				if (owner && owner !== id) throw new Error(`Failed to save repository '${model.name}': the name is already in use`);
				store.replaceRepositoryModel(id, model);
			},
		});
	});

	router.add('DELETE', `${BASE}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const record = visible(id, req.f);
		const q = readQuery(req.query, { deleteBackups: T.bool });
		const member = store.membershipOf(id);
		if (member) {
			const sobr = store.scaleOutRepositories.get(member.sobrId);
			const tier = member.extentType === 'Performance' ? 'a performance extent' : `the ${member.extentType.toLowerCase()} tier`;
			throw errors.badRequest(
				`Repository '${record.model.name}' is ${tier} of scale-out backup repository '${sobr ? sobr.name : member.sobrId}'. ` +
				'Remove it from the scale-out backup repository first.',
			);
		}
		store.deleteRepository(id);
		recordDeletion(ctx, req, { id, what: 'repository', name: record.model.name, backupsDeleted: q.deleteBackups === true });
		return { status: 204 };
	});

	router.add('POST', `${BASE}/rescan`, (/** @type {import('./common').RouteRequest} */ req) => {
		const ids = repositoryIds(req);
		const records = ids.map((id) => {
			const record = store.getRepository(id);
			if (!record) throw errors.notFound(id, `Repository ${id} was not found.`);
			return record;
		});
		const session = sessions.start({
			name: 'Configuration Database Resynchronize',
			sessionType: 'ConfigurationResynchronize',
			// As in Veeam's ConfigurationResynchronize example: no job behind it.
			jobId: '00000000-0000-0000-0000-000000000000',
			...(records.length === 1 ? { resourceId: records[0].id, resourceReference: `${BASE}/${records[0].id}` } : {}),
			initiatedBy: initiator(req),
			steps: records.map((r) => `Rescanning repository '${r.model.name}'`),
			doneTitle: `Rescan of ${records.length} repositor${records.length === 1 ? 'y' : 'ies'} completed`,
			failMessage: 'Repository rescan failed',
			apply: () => {
				const gone = records.filter((r) => !store.repositories.has(r.id));
				if (gone.length) throw new Error(`Repository '${gone[0].model.name}' no longer exists`);
			},
		}, req.now);
		return { status: 201, body: sessions.view(session, req.f, req.now) };
	}, { available: (f) => f.rescan });
}

module.exports = register;
module.exports.initialState = initialState;
