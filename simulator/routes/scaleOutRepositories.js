// @ts-check
'use strict';

/**
 * Scale-out backup repositories: list, get, add, edit, remove, and sealed / maintenance mode for performance
 * extents (addressed by their repository IDs). Add, edit and the mode switches run as sessions; the mode switches
 * change the extents' statuses when their RepositoryMaintenance session ends.
 */
const { errors } = require('../errors');
const { randomId } = require('../ids');
const { T, readQuery } = require('../params');
const { wildcard, allOf, listAnswer } = require('../listing');
const { shapeScaleOutRepository } = require('../shaping');
const { scaleOutFromSpec, scaleOutFromModel } = require('../scaleOutSpecs');
const { pathId, PAGING, paging, repositoryIds, initiator } = require('./common');
const { recordDeletion, startSavingSession } = require('./savingSession');

const BASE = '/api/v1/backupInfrastructure/scaleOutRepositories';

/** The four extent mode operations. */
const MODES = {
	enableSealedMode: { status: 'Sealed', enable: true, label: 'sealed mode', name: 'Enable Sealed Mode' },
	disableSealedMode: { status: 'Sealed', enable: false, label: 'sealed mode', name: 'Disable Sealed Mode' },
	enableMaintenanceMode: { status: 'Maintenance', enable: true, label: 'maintenance mode', name: 'Enable Maintenance Mode' },
	disableMaintenanceMode: { status: 'Maintenance', enable: false, label: 'maintenance mode', name: 'Disable Maintenance Mode' },
};

/**
 * New status list of an extent after switching one mode on or off.
 * @param {string[]} current @param {string} status @param {boolean} enable
 */
function switchStatus(current, status, enable) {
	const set = new Set(current.filter((s) => s !== 'Normal'));
	if (enable) set.add(status);
	else set.delete(status);
	return set.size ? [...set] : ['Normal'];
}

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
function register(router, ctx) {
	const { store, sessions } = ctx;

	/** @param {string} id */
	const existing = (id) => {
		const sobr = store.getScaleOutRepository(id);
		if (!sobr) throw errors.notFound(id, `Scale-out backup repository ${id} was not found.`);
		return sobr;
	};

	router.add('GET', BASE, (/** @type {import('./common').RouteRequest} */ req) => {
		const { f } = req;
		const columns = ['Name', 'Description', 'Type', 'Host', 'Path', ...(f.is13 ? ['EncryptionState'] : [])];
		const q = readQuery(req.query, { ...PAGING, orderColumn: T.enum(columns), nameFilter: T.string });
		const name = wildcard(q.nameFilter);
		const predicate = allOf([name && ((/** @type {any} */ s) => name(s.name))]);
		/** @type {Record<string, (s: any) => any>} */
		const keys = {
			Name: (s) => s.name,
			Description: (s) => s.description,
			Type: () => 'ScaleOut',
			Host: () => '',
			Path: () => '',
			EncryptionState: (s) => !!(s.capacityTier && s.capacityTier.encryption && s.capacityTier.encryption.isEnabled),
		};
		const { skip, limit, asc } = paging(q);
		return {
			status: 200,
			body: listAnswer(store.listScaleOutRepositories(), { predicate, sortKey: q.orderColumn ? keys[q.orderColumn] : null, asc, skip, limit }, (s) => shapeScaleOutRepository(s, store, f)),
		};
	});

	router.add('GET', `${BASE}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => ({
		status: 200,
		body: shapeScaleOutRepository(existing(pathId(req.params)), store, req.f),
	}));

	/**
	 * Re-check, when the session ends, that nothing took the extents meanwhile; then store.
	 * @param {any} record @param {string | undefined} selfId
	 */
	const applyRecord = (record, selfId) => {
		const ids = [
			...record.performanceTier.performanceExtents.map((/** @type {any} */ e) => e.id),
			...((record.capacityTier && record.capacityTier.extents) || []).map((/** @type {any} */ e) => e.id),
			...(record.archiveTier && record.archiveTier.extentId ? [record.archiveTier.extentId] : []),
		];
		for (const rid of ids) {
			const repo = store.repositories.get(rid);
			if (!repo) throw new Error(`Repository ${rid} no longer exists`);
			const m = store.membershipOf(rid);
			if (m && m.sobrId !== selfId) throw new Error(`Repository '${repo.model.name}' is already an extent of another scale-out backup repository`);
		}
		store.putScaleOutRepository(record);
	};

	router.add('POST', BASE, (/** @type {import('./common').RouteRequest} */ req) => {
		if (req.bodyKind !== 'json') throw errors.badRequest('The request body must be a JSON ScaleOutRepositorySpec (Content-Type: application/json).');
		const id = randomId();
		const record = scaleOutFromSpec(req.body, req.f, store, id);
		return startSavingSession(ctx, req, {
			base: BASE,
			id,
			reserveName: record.name,
			steps: ['Validating scale-out backup repository settings', `Creating scale-out backup repository '${record.name}'`],
			doneTitle: `Scale-out backup repository '${record.name}' has been added`,
			failMessage: `Failed to add scale-out backup repository '${record.name}'`,
			apply: () => {
				if (store.names.get(record.name.toLowerCase())) throw new Error(`Failed to add scale-out backup repository '${record.name}': the name is already in use`);
				applyRecord(record, undefined);
			},
		});
	});

	router.add('PUT', `${BASE}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const current = existing(id);
		if (req.bodyKind !== 'json') throw errors.badRequest('The request body must be a JSON ScaleOutRepositoryModel (Content-Type: application/json).');
		const record = scaleOutFromModel(req.body, req.f, store, current);
		return startSavingSession(ctx, req, {
			base: BASE,
			id,
			steps: ['Validating scale-out backup repository settings', `Saving scale-out backup repository '${record.name}'`],
			doneTitle: `Scale-out backup repository '${record.name}' has been saved`,
			failMessage: `Failed to save scale-out backup repository '${record.name}'`,
			apply: () => {
				const now = store.scaleOutRepositories.get(id);
				if (!now) throw new Error(`Failed to save scale-out backup repository '${record.name}': it no longer exists`);
				const owner = store.names.get(record.name.toLowerCase());
				if (owner && owner !== id) throw new Error(`Failed to save scale-out backup repository '${record.name}': the name is already in use`);
				// Statuses may have changed since the request (sealed/maintenance sessions); keep the current ones.
				const statuses = new Map(now.performanceTier.performanceExtents.map((/** @type {any} */ e) => [e.id, e.status]));
				for (const e of record.performanceTier.performanceExtents) e.status = [...(statuses.get(e.id) || e.status)];
				applyRecord(record, id);
			},
		});
	});

	router.add('DELETE', `${BASE}/{id}`, (/** @type {import('./common').RouteRequest} */ req) => {
		const id = pathId(req.params);
		const sobr = existing(id);
		const q = readQuery(req.query, { deleteBackups: T.bool });
		store.deleteScaleOutRepository(id);
		recordDeletion(ctx, req, { id, what: 'scale-out backup repository', name: sobr.name, backupsDeleted: q.deleteBackups === true });
		return { status: 204 };
	});

	for (const [op, mode] of Object.entries(MODES)) {
		router.add('POST', `${BASE}/{id}/${op}`, (/** @type {import('./common').RouteRequest} */ req) => {
			const id = pathId(req.params);
			const sobr = existing(id);
			const ids = repositoryIds(req);
			const extentIds = new Set(sobr.performanceTier.performanceExtents.map((/** @type {any} */ e) => e.id));
			for (const rid of ids) {
				if (!extentIds.has(rid)) {
					const repo = store.repositories.get(rid);
					throw errors.badRequest(
						`Repository ${repo ? `'${repo.model.name}' (${rid})` : rid} is not a performance extent of scale-out backup repository '${sobr.name}'.`,
					);
				}
			}
			const names = ids.map((rid) => { const r = store.repositories.get(rid); return r ? r.model.name : rid; });
			const verb = mode.enable ? 'Enabling' : 'Disabling';
			const session = sessions.start({
				name: mode.name,
				sessionType: 'RepositoryMaintenance',
				resourceId: id,
				resourceReference: `${BASE}/${id}`,
				initiatedBy: initiator(req),
				steps: names.map((n) => `${verb} ${mode.label} for extent '${n}'`),
				doneTitle: `${mode.label.charAt(0).toUpperCase()}${mode.label.slice(1)} has been ${mode.enable ? 'enabled' : 'disabled'} for ${ids.length} extent${ids.length === 1 ? '' : 's'}`,
				failMessage: `Failed to ${mode.enable ? 'enable' : 'disable'} ${mode.label}`,
				apply: () => {
					const now = store.scaleOutRepositories.get(id);
					if (!now) throw new Error(`Scale-out backup repository '${sobr.name}' no longer exists`);
					for (const e of now.performanceTier.performanceExtents) {
						if (ids.includes(e.id)) e.status = switchStatus(e.status, mode.status, mode.enable);
					}
				},
			}, req.now);
			return { status: 201, body: sessions.view(session, req.f, req.now) };
		});
	}
}

module.exports = register;
module.exports.switchStatus = switchStatus;
