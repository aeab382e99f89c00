// @ts-check
'use strict';

/**
 * Per-revision shaping of what the API returns (and of the version-specific parts of what it accepts).
 * Input: canonical records (1.3-rev1 shape, PascalCase enums). Output: the JSON that revision's spec describes:
 *  - 1.2-rev*: single `mountServer` (MountServerSettingsModel), single extent `status`, no importOptions,
 *    no immutabilityMode / AzureBlob & Google immutability, no states isOutOfDate/scaleOutRepositoryDetails,
 *    no SessionModel.initiatedBy, lower-case EDayOfWeek, 1.2 managed-server and credentials models.
 *  - 1.3-rev0: split mountServer with camelCase EMountServerSettingsType, no importOptions / S3 auto-provision.
 *  - 1.3-rev1: canonical.
 *  - 1.3-rev2: renamed repository types (DDBoost → DellDataDomain, …), LinuxLocal governance mode.
 * Enum spellings come from each revision's spec (specData.json via versions.js), not from a casing rule.
 */
const { enumOut, typeOut } = require('./versions');
const { repoHostId, repoPath } = require('./store');
const { isoTime } = require('./time');

/** @template T @param {T} v @returns {T} */
const clone = (v) => (v === undefined ? v : JSON.parse(JSON.stringify(v)));

// ---- repositories ------------------------------------------------------------------------------------------------

/**
 * 1.3 MountServersSettingsModel → 1.2 MountServerSettingsModel: the Windows mount server if there is one
 * (VBR 12 repositories always had a Windows mount server), else the Linux one.
 * @param {any} split
 */
function toSingleMountServer(split) {
	if (!split || typeof split !== 'object') return split;
	return clone(split.windows || split.linux);
}

/**
 * Remove the fields a revision does not have from a canonical (or incoming) repository model, in place.
 * @param {any} model @param {import('./versions').Features} f
 */
function stripRepositoryFields(model, f) {
	if (!f.importOptions) delete model.importOptions;
	if (!f.linuxGovernanceMode && model.type === 'LinuxLocal' && model.repository) {
		delete model.repository.enableGovernanceMode;
		delete model.repository.governanceModeRetentionDays;
	}
	if (!f.s3AutoProvision && model.type === 'S3Compatible' && model.bucket) {
		delete model.bucket.enableAutoProvision;
		delete model.bucket.workloadsPerBucketLimit;
	}
	if (!f.objectImmutability13) {
		if (model.type === 'AzureBlob' && model.container) delete model.container.immutability;
		if (model.type === 'GoogleCloud' && model.bucket) delete model.bucket.immutability;
		if (model.type === 'AzureArchive' && model.container) delete model.container.immutabilityEnabled;
		const place = model.bucket || model.container;
		if (place && place.immutability) delete place.immutability.immutabilityMode;
	}
	return model;
}

/**
 * Canonical RepositoryModel → the revision's RepositoryModel.
 * @param {any} model @param {import('./versions').Features} f
 */
function shapeRepository(model, f) {
	const out = stripRepositoryFields(clone(model), f);
	out.type = typeOut(f, out.type);
	if (out.mountServer) {
		if (f.splitMountServer) {
			out.mountServer.mountServerSettingsType = enumOut(f, 'EMountServerSettingsType', out.mountServer.mountServerSettingsType);
		} else {
			out.mountServer = toSingleMountServer(out.mountServer);
		}
	}
	return out;
}

/**
 * @param {import('./store').RepositoryRecord} record @param {import('./store').Store} store
 * @param {import('./versions').Features} f
 */
function shapeRepositoryState(record, store, f) {
	const m = record.model;
	/** @type {any} */
	const out = { type: typeOut(f, m.type), id: m.id, name: m.name, description: m.description };
	const hostId = repoHostId(m);
	if (hostId) {
		out.hostId = hostId;
		const hostName = store.hostNameOf(record);
		if (hostName) out.hostName = hostName;
	}
	const path = repoPath(m);
	if (path) out.path = path;
	out.capacityGB = record.state.capacityGB;
	out.freeGB = record.state.freeGB;
	out.usedSpaceGB = record.state.usedSpaceGB;
	out.isOnline = record.state.isOnline;
	if (f.statesV13) {
		out.isOutOfDate = record.state.isOutOfDate;
		const member = store.membershipOf(record.id);
		if (member) {
			const sobr = store.scaleOutRepositories.get(member.sobrId);
			out.scaleOutRepositoryDetails = {
				membership: sobr ? sobr.name : '',
				scaleOutRepositoryId: member.sobrId,
				extentType: member.extentType,
			};
		}
	}
	return out;
}

// ---- scale-out repositories --------------------------------------------------------------------------------------

/** Which single status 1.2 shows when an extent has several. */
const STATUS_PRIORITY = ['Maintenance', 'Evacuate', 'Sealed', 'Pending', 'ResyncRequired', 'TenantEvacuating', 'Normal'];

/** @param {string[]} statuses */
function singleStatus(statuses) {
	return STATUS_PRIORITY.find((s) => statuses.includes(s)) || 'Normal';
}

/** @param {any} tier capacity tier (mutated) @param {import('./versions').Features} f */
function shapeDays(tier, f) {
	if (tier.offloadWindow && Array.isArray(tier.offloadWindow.days)) {
		for (const d of tier.offloadWindow.days) d.day = enumOut(f, 'EDayOfWeek', d.day);
	}
	const health = tier.backupHealth;
	if (health && health.weekly && Array.isArray(health.weekly.days)) {
		health.weekly.days = health.weekly.days.map((/** @type {string} */ d) => enumOut(f, 'EDayOfWeek', d));
	}
	if (health && health.monthly && health.monthly.dayOfWeek) {
		health.monthly.dayOfWeek = enumOut(f, 'EDayOfWeek', health.monthly.dayOfWeek);
	}
}

/**
 * @param {any} sobr canonical SOBR record @param {import('./store').Store} store
 * @param {import('./versions').Features} f
 */
function shapeScaleOutRepository(sobr, store, f) {
	const out = clone(sobr);
	out.performanceTier.performanceExtents = sobr.performanceTier.performanceExtents.map((/** @type {any} */ e) => {
		const repo = store.repositories.get(e.id);
		const statuses = e.status && e.status.length ? e.status : ['Normal'];
		return { id: e.id, name: repo ? repo.model.name : '', status: f.extentStatusArray ? [...statuses] : singleStatus(statuses) };
	});
	if (out.placementPolicy && Array.isArray(out.placementPolicy.settings)) {
		for (const s of out.placementPolicy.settings) {
			// BackupPlacementSettingsModel.name (1.3+) is the extent's name, filled in by the server.
			const repo = store.repositories.get(s.extentId);
			if (!f.is13) delete s.name;
			else if (repo) s.name = repo.model.name;
		}
	}
	if (!f.is13) {
		if (out.capacityTier) delete out.capacityTier.backupHealth;
	}
	if (out.capacityTier) shapeDays(out.capacityTier, f);
	return out;
}

// ---- infrastructure ----------------------------------------------------------------------------------------------

const PORTS = { portRangeStart: 2500, portRangeEnd: 3300, serverSide: false };

/** @param {any} s managed server record @param {import('./versions').Features} f */
function shapeManagedServer(s, f) {
	/** @type {any} */
	const out = { type: s.type, status: s.status, id: s.id, name: s.name, description: s.description };
	if (s.type === 'WindowsHost') {
		if (f.is13) out.credentialsStorageType = s.credentialsStorageType;
		if (s.credentialsId) out.credentialsId = s.credentialsId;
		out.networkSettings = { ...PORTS };
		if (f.is13) {
			out.isBackupServer = !!s.isBackupServer;
			out.isDefaultMountServer = !!(s.mount && s.mount.isDefault);
			out.updatesState = s.updatesState;
		}
	} else if (s.type === 'LinuxHost') {
		out.credentialsStorageType = s.credentialsStorageType;
		if (s.credentialsId) out.credentialsId = s.credentialsId;
		out.sshSettings = { sshTimeOutMs: 20000, ...PORTS };
		if (f.is13) {
			out.isBackupServer = !!s.isBackupServer;
			out.updatesState = s.updatesState;
			out.isDefaultMountServer = !!(s.mount && s.mount.isDefault);
			out.isVBRLinuxAppliance = false;
		}
	} else if (s.type === 'ViHost') {
		out.credentialsId = s.credentialsId;
		out.viHostType = s.viHostType;
		out.port = s.port;
	}
	return out;
}

/** @param {any} s managed server record with `mount` @param {import('./versions').Features} f */
function shapeMountServer(s, f) {
	return {
		type: enumOut(f, 'EMountServerType', s.type === 'LinuxHost' ? 'Linux' : 'Windows'),
		id: s.id,
		settings: {
			writeCacheFolder: s.mount.writeCacheFolder,
			vPowerNFSEnabled: s.mount.vPowerNFSEnabled,
			vPowerNFSPortSettings: { mountPort: s.mount.mountPort, vPowerNFSPort: s.mount.vPowerNFSPort },
		},
		isDefault: !!s.mount.isDefault,
	};
}

/** @param {any} c @param {import('./versions').Features} f */
function shapeCredentials(c, f) {
	/** @type {any} */
	const out = {
		type: c.type,
		id: c.id,
		username: c.username,
		description: c.description,
		creationTime: isoTime(c.creationTime),
		uniqueId: c.uniqueId,
	};
	if (c.type === 'Linux') {
		out.SSHPort = c.SSHPort;
		out.elevateToRoot = c.elevateToRoot;
		out.addToSudoers = c.addToSudoers;
		out.useSu = c.useSu;
		if (f.is13) out.authenticationType = c.authenticationType;
	}
	return out;
}

/** @param {any} c @param {import('./versions').Features} f */
function shapeCloudCredentials(c, f) {
	/** @type {any} */
	const out = { type: c.type, id: c.id, description: c.description };
	if (f.is13) out.lastModified = isoTime(c.lastModified);
	if (c.type === 'AzureStorage') out.account = c.account;
	else out.accessKey = c.accessKey;
	out.uniqueId = c.uniqueId;
	return out;
}

module.exports = {
	clone,
	toSingleMountServer,
	stripRepositoryFields,
	shapeRepository,
	shapeRepositoryState,
	shapeScaleOutRepository,
	shapeManagedServer,
	shapeMountServer,
	shapeCredentials,
	shapeCloudCredentials,
	singleStatus,
};
