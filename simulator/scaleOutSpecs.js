// @ts-check
'use strict';

/**
 * ScaleOutRepositorySpec (POST) / ScaleOutRepositoryModel (PUT) validation and conversion to the stored record.
 * Beyond the schema: extents must exist, must not belong to another SOBR, performance extents cannot be object
 * storage, capacity/archive extents must be object storage, placement settings must name performance extents.
 */
const { S, check, fail } = require('./validation');
const { ENUMS } = require('./versions');
const { uniqueIdOf } = require('./ids');
const { OBJECT_TYPES } = require('./store');

/** @param {import('./versions').Features} f @param {'spec'|'model'} kind */
function sobrSchema(f, kind) {
	const { str, bool, int, uuid, arr, obj, enumOf } = S;
	const e = (/** @type {keyof typeof ENUMS} */ name) => enumOf(name, ENUMS[name]);
	const extent = kind === 'spec'
		? obj({ id: uuid }, ['id'])
		: obj({ id: uuid, name: str, status: f.extentStatusArray ? arr(e('ERepositoryExtentStatusType')) : e('ERepositoryExtentStatusType') }, ['id', 'name']);
	const schedule = {
		weekly: obj({ isEnabled: bool, days: arr(e('EDayOfWeek')), localTime: str }, ['isEnabled']),
		monthly: obj({
			isEnabled: bool, dayOfWeek: e('EDayOfWeek'), dayNumberInMonth: e('EDayNumberInMonth'), dayOfMonth: int,
			months: arr(e('EMonth')), localTime: str, isLastDayOfMonth: bool,
		}, ['isEnabled']),
	};
	return obj({
		...(kind === 'model' ? { id: uuid } : {}),
		name: str,
		description: str,
		uniqueId: str,
		performanceTier: obj({
			performanceExtents: arr(extent),
			advancedSettings: obj({ perVmBackup: bool, fullWhenExtentOffline: bool }),
		}, ['performanceExtents']),
		placementPolicy: obj({
			type: e('EPlacementPolicyType'),
			settings: arr(obj({ ...(f.is13 ? { name: str } : {}), extentId: uuid, allowedBackups: e('EAllowedBackupsType') }, ['extentId', 'allowedBackups'])),
			enforceStrictPlacementPolicy: bool,
		}, ['type']),
		capacityTier: obj({
			isEnabled: bool,
			extents: arr(obj({ id: uuid }, ['id'])),
			offloadWindow: obj({ days: arr(obj({ day: e('EDayOfWeek'), hours: str }, ['day', 'hours'])) }, ['days']),
			...(f.is13 ? { backupHealth: obj({ isEnabled: bool, ...schedule }, ['isEnabled']) } : {}),
			copyPolicyEnabled: bool,
			movePolicyEnabled: bool,
			operationalRestorePeriodDays: int,
			overridePolicy: obj({ isEnabled: bool, overrideSpaceThresholdPercents: int }, ['isEnabled']),
			encryption: obj({
				isEnabled: bool, encryptionType: e('EEncryptionType'), encryptionPasswordId: uuid, encryptionPasswordUniqueId: str, kmsServerId: uuid,
			}, ['isEnabled']),
		}, ['isEnabled']),
		archiveTier: obj({
			isEnabled: bool,
			extentId: uuid,
			archivePeriodDays: int,
			advancedSettings: obj({ costOptimizedArchiveEnabled: bool, archiveDeduplicationEnabled: bool }),
		}, ['isEnabled']),
	}, ['name', 'description', 'performanceTier', ...(kind === 'model' ? ['id'] : [])]);
}

/**
 * @param {any} m validated body @param {import('./store').Store} store @param {string | undefined} selfId
 */
function checkExtents(m, store, selfId) {
	const perf = m.performanceTier.performanceExtents;
	if (!perf.length) throw fail('performanceTier.performanceExtents', 'must contain at least one extent');
	/** @type {Set<string>} */
	const seen = new Set();
	/** @param {string} rid @param {string} path @param {boolean} objectStorage */
	const useExtent = (rid, path, objectStorage) => {
		const repo = store.repositories.get(rid);
		if (!repo) throw fail(path, `refers to repository ${rid}, which does not exist`);
		if (seen.has(rid)) throw fail(path, `lists repository '${repo.model.name}' more than once`);
		seen.add(rid);
		const member = store.membershipOf(rid);
		if (member && member.sobrId !== selfId) {
			const other = store.scaleOutRepositories.get(member.sobrId);
			throw fail(path, `refers to repository '${repo.model.name}', which is already an extent of scale-out repository '${other ? other.name : member.sobrId}'`);
		}
		const isObject = OBJECT_TYPES.has(repo.model.type);
		if (objectStorage && !isObject) throw fail(path, `refers to repository '${repo.model.name}' (${repo.model.type}); this tier needs an object storage repository`);
		if (!objectStorage && isObject) throw fail(path, `refers to object storage repository '${repo.model.name}' (${repo.model.type}), which cannot be a performance extent`);
	};
	perf.forEach((/** @type {any} */ e, /** @type {number} */ i) => useExtent(e.id, `performanceTier.performanceExtents[${i}].id`, false));
	const cap = m.capacityTier;
	if (cap) {
		(cap.extents || []).forEach((/** @type {any} */ e, /** @type {number} */ i) => useExtent(e.id, `capacityTier.extents[${i}].id`, true));
		if (cap.isEnabled && !(cap.extents && cap.extents.length)) throw fail('capacityTier.extents', 'must contain an object storage repository when the capacity tier is enabled');
		if (cap.encryption && cap.encryption.isEnabled && !cap.encryption.encryptionPasswordId && !cap.encryption.kmsServerId) {
			throw fail('capacityTier.encryption', 'needs encryptionPasswordId or kmsServerId when encryption is enabled');
		}
	}
	const arch = m.archiveTier;
	if (arch && arch.extentId) useExtent(arch.extentId, 'archiveTier.extentId', true);
	if (arch && arch.isEnabled && !arch.extentId) throw fail('archiveTier.extentId', 'is required when the archive tier is enabled');
	const perfIds = new Set(perf.map((/** @type {any} */ e) => e.id));
	((m.placementPolicy && m.placementPolicy.settings) || []).forEach((/** @type {any} */ s, /** @type {number} */ i) => {
		if (!perfIds.has(s.extentId)) throw fail(`placementPolicy.settings[${i}].extentId`, 'must be one of the performance extents');
	});
}

/**
 * @param {any} m @param {string} id @param {any} [previous] stored record (edit): extent statuses carry over
 */
function toRecord(m, id, previous) {
	/** @type {Map<string, string[]>} */
	const statuses = new Map();
	if (previous) for (const e of previous.performanceTier.performanceExtents) statuses.set(e.id, e.status);
	return {
		id,
		name: m.name,
		description: m.description,
		uniqueId: m.uniqueId || (previous && previous.uniqueId) || uniqueIdOf(id),
		performanceTier: {
			performanceExtents: m.performanceTier.performanceExtents.map((/** @type {any} */ e) => ({ id: e.id, status: [...(statuses.get(e.id) || ['Normal'])] })),
			advancedSettings: { perVmBackup: true, fullWhenExtentOffline: false, ...(m.performanceTier.advancedSettings || {}) },
		},
		placementPolicy: m.placementPolicy || { type: 'DataLocality', settings: [], enforceStrictPlacementPolicy: false },
		capacityTier: m.capacityTier || { isEnabled: false },
		archiveTier: m.archiveTier || { isEnabled: false },
	};
}

/** @param {any} body */
function requireObject(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw fail('', 'must be a JSON object');
}

/**
 * @param {any} body @param {import('./versions').Features} f @param {import('./store').Store} store @param {string} newId
 */
function scaleOutFromSpec(body, f, store, newId) {
	requireObject(body);
	const m = check(sobrSchema(f, 'spec'), body, '');
	if (!m.name.trim()) throw fail('name', 'must not be empty');
	if (store.nameTaken(m.name)) throw fail('name', `'${m.name}' is already used by another repository`);
	checkExtents(m, store, undefined);
	return toRecord(m, newId);
}

/**
 * @param {any} body @param {import('./versions').Features} f @param {import('./store').Store} store @param {any} existing
 */
function scaleOutFromModel(body, f, store, existing) {
	requireObject(body);
	const m = check(sobrSchema(f, 'model'), body, '');
	if (m.id !== existing.id) throw fail('id', `(${m.id}) does not match the scale-out repository ID in the URI (${existing.id})`);
	if (!m.name.trim()) throw fail('name', 'must not be empty');
	if (store.nameTaken(m.name, existing.id)) throw fail('name', `'${m.name}' is already used by another repository`);
	checkExtents(m, store, existing.id);
	const record = toRecord(m, existing.id, existing);
	// 1.2 clients cannot see backupHealth; keep it instead of wiping it.
	if (!f.is13 && existing.capacityTier && existing.capacityTier.backupHealth && record.capacityTier && !record.capacityTier.backupHealth) {
		record.capacityTier.backupHealth = existing.capacityTier.backupHealth;
	}
	return record;
}

module.exports = { scaleOutFromSpec, scaleOutFromModel, sobrSchema };
