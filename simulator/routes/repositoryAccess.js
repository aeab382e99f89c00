// @ts-check
'use strict';

/**
 * 1.3-rev2: GET / PUT /api/v1/backupInfrastructure/repositories/{id}/accessPermissions
 * (RepositoryAccessPermissionsModel { accessPolicy, accounts, encryptionSettings }). Stateful per repository;
 * a repository nobody has set answers Allow All, no accounts, no encryption. PUT answers 200 with the stored
 * model (no session). Older revisions do not have the path (404).
 */
const { errors } = require('../errors');
const { valuesOf } = require('../versions');
const { S, check, fail } = require('../validation');
const { pathId, jsonObject } = require('./common');
const { clone } = require('../shaping');

const PATH = '/api/v1/backupInfrastructure/repositories/{id}/accessPermissions';

/** What a repository's permissions are before anyone changed them. */
const DEFAULT_PERMISSIONS = Object.freeze({ accessPolicy: 'AllowAll', accounts: [], encryptionSettings: { isEnabled: false } });

/** @param {import('../versions').Features} f */
function schema(f) {
	const e = (/** @type {string} */ name) => S.enumOf(name, valuesOf(f, name));
	return S.obj({
		accessPolicy: e('ERepositoryAccessType'),
		accounts: S.arr(S.obj({ name: S.str, type: e('EUserType') }, ['name', 'type'])),
		encryptionSettings: S.obj({
			isEnabled: S.bool, encryptionType: e('EEncryptionType'), encryptionPasswordId: S.uuid,
			encryptionPasswordUniqueId: S.str, kmsServerId: S.uuid,
		}, ['isEnabled']),
	}, ['accessPolicy', 'accounts', 'encryptionSettings']);
}

/** @param {import('../router').Router} router @param {import('./common').Context} ctx */
module.exports = function register(router, ctx) {
	const { store } = ctx;
	const available = { available: (/** @type {import('../versions').Features} */ f) => f.accessPermissions };

	/** @param {string} id @param {import('../versions').Features} f */
	const repository = (id, f) => {
		const record = store.getRepository(id);
		if (!record || !f.modelTypes.has(record.model.type)) throw errors.notFound(id, `Repository ${id} was not found.`);
		return record;
	};

	router.add('GET', PATH, (/** @type {import('./common').RouteRequest} */ req) => {
		const record = repository(pathId(req.params), req.f);
		return { status: 200, body: clone(store.accessPermissions.get(record.id) || DEFAULT_PERMISSIONS) };
	}, available);

	router.add('PUT', PATH, (/** @type {import('./common').RouteRequest} */ req) => {
		const record = repository(pathId(req.params), req.f);
		const m = check(schema(req.f), jsonObject(req), '');
		if (m.accessPolicy === 'AllowExplicit' && !m.accounts.length) {
			throw fail('accounts', 'must list at least one account when accessPolicy is AllowExplicit');
		}
		const enc = m.encryptionSettings;
		if (enc.isEnabled) {
			if (!enc.encryptionType) throw fail('encryptionSettings.encryptionType', 'is required when isEnabled is true');
			if (enc.encryptionType === 'ByUserPassword' && !enc.encryptionPasswordId) {
				throw fail('encryptionSettings.encryptionPasswordId', 'is required for ByUserPassword encryption');
			}
			if (enc.encryptionType === 'ByKms' && !enc.kmsServerId) throw fail('encryptionSettings.kmsServerId', 'is required for ByKms encryption');
		}
		// Accounts matter only for AllowExplicit (as the spec describes them); VBR keeps none otherwise.
		const stored = { accessPolicy: m.accessPolicy, accounts: m.accessPolicy === 'AllowExplicit' ? m.accounts : [], encryptionSettings: enc };
		store.accessPermissions.set(record.id, stored);
		return { status: 200, body: clone(stored) };
	}, available);
};
