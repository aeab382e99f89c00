// @ts-check
'use strict';

/**
 * The in-memory inventory: managed servers, credentials, cloud credentials, repositories (with their states)
 * and scale-out repositories. Records are kept in the canonical 1.3-rev1 shape; `shaping.js` converts them per
 * request. Reads call the `settle` hook first, so changes of sessions that have finished by now are applied
 * before anyone looks (no timers needed).
 */
const { sortBy } = require('./listing');

/** Types whose data lives in object storage (no host, no local path). */
const OBJECT_TYPES = new Set([
	'AzureBlob', 'AzureDataBox', 'AzureArchive', 'AmazonS3', 'AmazonSnowballEdge', 'AmazonS3Glacier', 'S3Compatible',
	'GoogleCloud', 'IBMCloud', 'WasabiCloud', 'VeeamDataCloudVault',
]);
const LOCAL_TYPES = new Set(['WinLocal', 'LinuxLocal', 'LinuxHardened']);
const SHARE_TYPES = new Set(['Smb', 'Nfs']);

/**
 * @typedef {object} RepositoryState
 * @property {number} capacityGB
 * @property {number} freeGB
 * @property {number} usedSpaceGB
 * @property {boolean} isOnline
 * @property {boolean} isOutOfDate
 */
/**
 * @typedef {object} RepositoryRecord
 * @property {string} id
 * @property {any} model canonical RepositoryModel (1.3-rev1 shape)
 * @property {RepositoryState} state
 * @property {number} seq insertion order
 */
/**
 * @typedef {object} Membership
 * @property {string} sobrId
 * @property {'Performance'|'Capacity'|'Archive'} extentType
 */

/** Appliance types with a host and a local-style path (seeded only; REST cannot create them here). */
const HOSTED_APPLIANCE_TYPES = new Set(['ExaGrid', 'Tape']);

/** Host of a repository (local types and hosted appliances). @param {any} model */
function repoHostId(model) {
	return LOCAL_TYPES.has(model.type) || HOSTED_APPLIANCE_TYPES.has(model.type) ? model.hostId : undefined;
}

/** The path VBR shows for a repository. @param {any} model */
function repoPath(model) {
	if (LOCAL_TYPES.has(model.type) || (model.repository && model.repository.path)) return model.repository && model.repository.path;
	if (SHARE_TYPES.has(model.type)) return model.share && model.share.sharePath;
	const place = model.bucket || model.container;
	if (!place) return undefined;
	if (place.folder) return place.folder;
	const top = place.bucketName || place.containerName;
	return [top, place.folderName].filter(Boolean).join('/') || undefined;
}

class Store {
	constructor() {
		/** Called before reads; index.js points it at the session settler. */
		this.settle = () => {};
		/** @type {Map<string, any>} */
		this.managedServers = new Map();
		/** @type {Map<string, any>} */
		this.credentials = new Map();
		/** @type {Map<string, any>} */
		this.cloudCredentials = new Map();
		/** @type {Map<string, RepositoryRecord>} use the `repositories` getter, which settles first */
		this._repositories = new Map();
		/** @type {RepositoryRecord[]} insertion order */
		this.repositoryList = [];
		/** @type {Map<string, any>} use the `scaleOutRepositories` getter */
		this._scaleOutRepositories = new Map();
		/** @type {Map<string, Membership>} repository id → SOBR membership */
		this.membership = new Map();
		/** @type {Map<string, string>} lower-cased repository/SOBR name → id */
		this.names = new Map();
		/** @type {Map<string, string>} names claimed by add sessions that have not finished yet → session id */
		this.reservedNames = new Map();
		this.seq = 0;
		this.revision = 0;
		/** @type {Map<string, { revision: number, list: RepositoryRecord[] }>} */
		this.sortCache = new Map();
		/** @type {Map<string, any>} repository id → RepositoryAccessPermissionsModel set through PUT (1.3-rev2) */
		this.accessPermissions = new Map();
		/** @type {Map<string, string>} lower-case repository path (folder, share, bucket/folder) → the other backup server that owns it */
		this.foreignOwners = new Map();
		/** @type {Map<string, number>} repository type → how many repositories have it (lists skip a filter when none is hidden) */
		this.typeCounts = new Map();
	}

	/** @param {string} type @param {number} delta */
	countType(type, delta) {
		const n = (this.typeCounts.get(type) || 0) + delta;
		if (n > 0) this.typeCounts.set(type, n);
		else this.typeCounts.delete(type);
	}

	/** Whether some repository has a type outside `types`. @param {Set<string>} types */
	hasTypeOutside(types) {
		this.settle();
		for (const t of this.typeCounts.keys()) if (!types.has(t)) return true;
		return false;
	}

	/** Empty everything (reset re-seeds afterwards). */
	clear() {
		this.managedServers.clear();
		this.credentials.clear();
		this.cloudCredentials.clear();
		this._repositories.clear();
		this.repositoryList = [];
		this._scaleOutRepositories.clear();
		this.membership.clear();
		this.names.clear();
		this.reservedNames.clear();
		this.seq = 0;
		this.revision++;
		this.sortCache.clear();
		this.typeCounts.clear();
		this.accessPermissions.clear();
		this.foreignOwners.clear();
	}

	/** Repository records by id (lower-case UUID). Reading settles finished sessions first. */
	get repositories() {
		this.settle();
		return this._repositories;
	}

	/** SOBR records by id. Reading settles finished sessions first. */
	get scaleOutRepositories() {
		this.settle();
		return this._scaleOutRepositories;
	}

	// ---- managed servers, credentials -------------------------------------------------------------------------

	/** @param {any} server */
	putManagedServer(server) {
		this.managedServers.set(server.id, { ...server, seq: ++this.seq });
	}

	/** @param {string} id */
	getManagedServer(id) {
		this.settle();
		return this.managedServers.get(String(id).toLowerCase());
	}

	listManagedServers() {
		this.settle();
		return [...this.managedServers.values()];
	}

	/** @param {any} cred */
	putCredentials(cred) {
		this.credentials.set(cred.id, cred);
	}

	/** @param {any} cred */
	putCloudCredentials(cred) {
		this.cloudCredentials.set(cred.id, cred);
	}

	// ---- repositories ------------------------------------------------------------------------------------------

	/** @param {string} id */
	getRepository(id) {
		this.settle();
		return this._repositories.get(String(id).toLowerCase());
	}

	/** All repositories in insertion order (do not mutate). */
	listRepositories() {
		this.settle();
		return this.repositoryList;
	}

	/**
	 * Repositories ordered by a key, cached until the next repository change.
	 * @param {string} cacheKey @param {(r: RepositoryRecord) => any} key @param {boolean} asc
	 */
	sortedRepositories(cacheKey, key, asc) {
		this.settle();
		const k = `${cacheKey}:${asc}`;
		const hit = this.sortCache.get(k);
		if (hit && hit.revision === this.revision) return hit.list;
		const list = sortBy(this.repositoryList, key, asc);
		this.sortCache.set(k, { revision: this.revision, list });
		return list;
	}

	/**
	 * @param {any} model canonical RepositoryModel with id
	 * @param {RepositoryState} state
	 */
	insertRepository(model, state) {
		const id = model.id.toLowerCase();
		if (this._repositories.has(id)) throw new Error(`Repository ${id} already exists`);
		/** @type {RepositoryRecord} */
		const record = { id, model, state, seq: ++this.seq };
		this._repositories.set(id, record);
		this.repositoryList.push(record);
		this.names.set(model.name.toLowerCase(), id);
		this.countType(model.type, 1);
		this.revision++;
		return record;
	}

	/** @param {string} id @param {any} model */
	replaceRepositoryModel(id, model) {
		const record = this._repositories.get(id);
		if (!record) throw new Error(`Repository ${id} does not exist`);
		this.names.delete(record.model.name.toLowerCase());
		this.countType(record.model.type, -1);
		this.countType(model.type, 1);
		record.model = model;
		this.names.set(model.name.toLowerCase(), id);
		this.revision++;
		return record;
	}

	/** @param {string} id */
	deleteRepository(id) {
		const record = this._repositories.get(id);
		if (!record) return false;
		this._repositories.delete(id);
		const i = this.repositoryList.indexOf(record);
		if (i >= 0) this.repositoryList.splice(i, 1);
		this.names.delete(record.model.name.toLowerCase());
		this.countType(record.model.type, -1);
		this.accessPermissions.delete(id);
		this.membership.delete(id);
		this.revision++;
		return true;
	}

	/** @param {string} id @param {Partial<RepositoryState>} patch */
	patchRepositoryState(id, patch) {
		const record = this._repositories.get(id);
		if (!record) return undefined;
		for (const key of /** @type {(keyof RepositoryState)[]} */ (['capacityGB', 'freeGB', 'usedSpaceGB', 'isOnline', 'isOutOfDate'])) {
			if (patch[key] !== undefined) /** @type {any} */ (record.state)[key] = patch[key];
		}
		this.revision++;
		return record;
	}

	/** Host name of a repository, for sorting and states. @param {RepositoryRecord} record */
	hostNameOf(record) {
		const hostId = repoHostId(record.model);
		const host = hostId && this.managedServers.get(hostId);
		return host ? host.name : undefined;
	}

	/**
	 * Whether a repository or SOBR name is in use (case-insensitive), ignoring one id.
	 * @param {string} name @param {string} [exceptId]
	 */
	nameTaken(name, exceptId) {
		const lower = name.toLowerCase();
		const owner = this.names.get(lower);
		if (owner && owner !== exceptId) return true;
		return this.reservedNames.has(lower);
	}

	// ---- scale-out repositories --------------------------------------------------------------------------------

	/** @param {string} id */
	getScaleOutRepository(id) {
		this.settle();
		return this._scaleOutRepositories.get(String(id).toLowerCase());
	}

	listScaleOutRepositories() {
		this.settle();
		return [...this._scaleOutRepositories.values()];
	}

	/** @param {any} sobr canonical SOBR record */
	putScaleOutRepository(sobr) {
		const previous = this._scaleOutRepositories.get(sobr.id);
		if (previous) this.names.delete(previous.name.toLowerCase());
		this._scaleOutRepositories.set(sobr.id, sobr);
		this.names.set(sobr.name.toLowerCase(), sobr.id);
		this.rebuildMembership();
	}

	/** @param {string} id */
	deleteScaleOutRepository(id) {
		const sobr = this._scaleOutRepositories.get(id);
		if (!sobr) return false;
		this._scaleOutRepositories.delete(id);
		this.names.delete(sobr.name.toLowerCase());
		this.rebuildMembership();
		return true;
	}

	rebuildMembership() {
		this.membership.clear();
		for (const sobr of this._scaleOutRepositories.values()) {
			for (const e of sobr.performanceTier.performanceExtents) {
				this.membership.set(e.id, { sobrId: sobr.id, extentType: 'Performance' });
			}
			for (const e of (sobr.capacityTier && sobr.capacityTier.extents) || []) {
				this.membership.set(e.id, { sobrId: sobr.id, extentType: 'Capacity' });
			}
			if (sobr.archiveTier && sobr.archiveTier.extentId) {
				this.membership.set(sobr.archiveTier.extentId, { sobrId: sobr.id, extentType: 'Archive' });
			}
		}
		this.revision++;
	}

	/** @param {string} repositoryId */
	membershipOf(repositoryId) {
		return this.membership.get(repositoryId);
	}

	/** Counts for the control API. */
	counts() {
		this.settle();
		return {
			managedServers: this.managedServers.size,
			credentials: this.credentials.size,
			cloudCredentials: this.cloudCredentials.size,
			repositories: this._repositories.size,
			scaleOutRepositories: this._scaleOutRepositories.size,
		};
	}
}

module.exports = { Store, repoHostId, repoPath, OBJECT_TYPES, LOCAL_TYPES, SHARE_TYPES };
