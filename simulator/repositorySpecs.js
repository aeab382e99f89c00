// @ts-check
'use strict';

/**
 * RepositorySpec (POST) and RepositoryModel (PUT) validation per repository type and API revision, and conversion
 * to the canonical stored model. Structure comes from the spec's per-type Spec/Model schemas; on top of that the
 * server checks what a schema cannot: the referenced host, mount servers, gateways, credentials and cloud
 * credentials exist and fit (a WinLocal host must be a Windows server, S3 credentials must be Amazon-type, …),
 * and names are unique.
 */
const { S, check, fail } = require('./validation');
const { valuesOf, typeIn } = require('./versions');
const { uniqueIdOf } = require('./ids');
const { OBJECT_TYPES } = require('./store');
const { clone } = require('./shaping');

/** Types that have a Spec/Model variant (the discriminator mapping). Others cannot be created through REST. */
const CREATABLE_12 = ['WinLocal', 'LinuxLocal', 'Smb', 'Nfs', 'AzureBlob', 'AzureDataBox', 'AzureArchive', 'AmazonS3',
	'AmazonSnowballEdge', 'AmazonS3Glacier', 'S3Compatible', 'GoogleCloud', 'IBMCloud', 'WasabiCloud', 'LinuxHardened'];
const CREATABLE_13 = CREATABLE_12.concat(['VeeamDataCloudVault']);

/** Types without a mount server. */
const NO_MOUNT = new Set(['AzureDataBox', 'AzureArchive', 'AmazonS3Glacier']);
/** Types whose model has importOptions (1.3-rev1). */
const IMPORT_OPTION_TYPES = new Set(['WinLocal', 'LinuxLocal', 'LinuxHardened', 'Smb', 'Nfs']);
/** Cloud credentials type each object storage type needs. */
const CLOUD_CREDENTIALS_TYPE = {
	AzureBlob: 'AzureStorage', AzureDataBox: 'AzureStorage', AzureArchive: 'AzureStorage',
	AmazonS3: 'Amazon', AmazonSnowballEdge: 'Amazon', AmazonS3Glacier: 'Amazon', S3Compatible: 'Amazon',
	IBMCloud: 'Amazon', WasabiCloud: 'Amazon', GoogleCloud: 'Google',
};

/** @param {import('./versions').Features} f */
function schemas(f) {
	const { str, bool, int, uuid, arr, obj, enumOf } = S;
	// Each revision's own values (EAzureRegionType lost Germany in 1.3); any casing binds.
	const e = (/** @type {string} */ name) => enumOf(name, valuesOf(f, name));
	const azureRegion = e('EAzureRegionType');
	const advancedSettings = obj({
		alignDataBlocks: bool, decompressBeforeStoring: bool, rotatedDrives: bool, perVmBackup: bool,
		RotatedDriveCleanupMode: e('ERotatedDriveCleanupMode'),
	});
	const limits = { taskLimitEnabled: bool, maxTaskCount: int, readWriteLimitEnabled: bool, readWriteRate: int };
	// 1.3-rev2 requires path for WinLocal and LinuxLocal and adds governance mode to LinuxLocal.
	const pathRequired = f.localPathRequired ? ['path'] : [];
	const winRepo = obj({ path: str, ...limits, advancedSettings }, pathRequired);
	const linuxRepo = obj({
		path: str, ...limits, useFastCloningOnXFSVolumes: bool,
		...(f.linuxGovernanceMode ? { enableGovernanceMode: bool, governanceModeRetentionDays: int } : {}),
		advancedSettings,
	}, pathRequired);
	const hardenedRepo = obj({ path: str, ...limits, useFastCloningOnXFSVolumes: bool, makeRecentBackupsImmutableDays: int, advancedSettings });
	const networkRepo = obj({ ...limits, advancedSettings });
	const gatewayServer = obj({ autoSelectEnabled: bool, gatewayServerIds: arr(uuid) }, ['autoSelectEnabled']);
	const smbShare = obj({ sharePath: str, credentialsId: uuid, gatewayServer }, f.smbCredentialsOptional ? ['sharePath'] : ['sharePath', 'credentialsId']);
	const nfsShare = obj({ sharePath: str, gatewayServer }, ['sharePath']);
	const connectionSettings = obj({ connectionType: e('ERepositoryConnectionType'), gatewayServerIds: arr(uuid) }, ['connectionType']);
	const storageConsumptionLimit = obj({ isEnabled: bool, consumptionLimitCount: int, consumptionLimitKind: e('EConsumptionLimitKind') });
	const immutability = obj({
		isEnabled: bool, daysCount: int, ...(f.objectImmutability13 ? { immutabilityMode: e('ERepositoryImmutabilityMode') } : {}),
	});
	const mountSingle = obj({
		mountServerId: uuid, writeCacheFolder: str, vPowerNFSEnabled: bool,
		vPowerNFSPortSettings: obj({ mountPort: int, vPowerNFSPort: int }),
	}, ['mountServerId', 'writeCacheFolder', 'vPowerNFSEnabled']);
	const mountServer = f.splitMountServer
		? obj({ mountServerSettingsType: e('EMountServerSettingsType'), windows: mountSingle, linux: mountSingle }, ['mountServerSettingsType'])
		: mountSingle;
	const azureProxy = obj({ subscriptionId: uuid, instanceSize: str, resourceGroup: str, virtualNetwork: str, subnet: str, redirectorPort: int }, ['subscriptionId']);
	const amazonProxy = obj({ ec2InstanceType: str, vpcName: str, vpcId: str, subnetName: str, subnetId: str, securityGroup: str, redirectorPort: int });
	const s3Proxy = obj({ managedServerId: uuid }, ['managedServerId']);
	const tasks = { taskLimitEnabled: bool, maxTaskCount: int };
	const amazonAccount = obj({ credentialsId: uuid, regionType: e('EAmazonRegionType'), connectionSettings }, ['credentialsId', 'regionType']);

	/** @type {Record<string, { props: Record<string, import('./validation').Schema>, required: string[] }>} */
	const byType = {
		WinLocal: { props: { hostId: uuid, repository: winRepo, mountServer }, required: ['hostId', 'repository', 'mountServer'] },
		LinuxLocal: { props: { hostId: uuid, repository: linuxRepo, mountServer }, required: ['hostId', 'repository', 'mountServer'] },
		LinuxHardened: { props: { hostId: uuid, repository: hardenedRepo, mountServer }, required: ['hostId', 'repository', 'mountServer'] },
		Smb: { props: { share: smbShare, repository: networkRepo, mountServer }, required: ['share', 'repository', 'mountServer'] },
		Nfs: { props: { share: nfsShare, repository: networkRepo, mountServer }, required: ['share', 'repository', 'mountServer'] },
		AzureBlob: {
			props: {
				...tasks,
				account: obj({ credentialsId: uuid, regionType: azureRegion, connectionSettings }, ['credentialsId', 'regionType', 'connectionSettings']),
				container: obj({
					containerName: str, folderName: str, storageConsumptionLimit, ...(f.objectImmutability13 ? { immutability } : {}),
				}, ['containerName', 'folderName']),
				proxyAppliance: azureProxy,
				mountServer,
			},
			required: ['account', 'container', 'mountServer'],
		},
		AzureDataBox: {
			props: {
				...tasks,
				account: obj({ serviceEndpoint: str, credentialsId: uuid, connectionSettings }, ['serviceEndpoint', 'credentialsId']),
				container: obj({ containerName: str, folderName: str }),
			},
			required: ['account', 'container'],
		},
		AzureArchive: {
			props: {
				account: obj({ credentialsId: uuid, regionType: azureRegion, connectionSettings }, ['credentialsId', 'regionType', 'connectionSettings']),
				container: obj({ containerName: str, folderName: str, ...(f.objectImmutability13 ? { immutabilityEnabled: bool } : {}) }, ['containerName', 'folderName']),
				proxyAppliance: azureProxy,
			},
			required: ['account', 'container', 'proxyAppliance'],
		},
		AmazonS3: {
			props: {
				...tasks,
				account: amazonAccount,
				bucket: obj({
					regionId: str, bucketName: str, folderName: str, storageConsumptionLimit, immutability,
					infrequentAccessStorage: obj({ isEnabled: bool, singleZoneEnabled: bool }),
				}, ['regionId', 'bucketName', 'folderName']),
				mountServer,
				proxyAppliance: amazonProxy,
			},
			required: ['account', 'bucket', 'mountServer'],
		},
		AmazonSnowballEdge: {
			props: {
				...tasks,
				account: obj({ servicePoint: str, regionId: str, credentialsId: uuid, connectionSettings }, ['servicePoint', 'regionId', 'credentialsId']),
				bucket: obj({ bucketName: str, folderName: str, storageConsumptionLimit }),
				mountServer,
			},
			required: ['account', 'bucket', 'mountServer'],
		},
		AmazonS3Glacier: {
			props: {
				account: amazonAccount,
				bucket: obj({ regionId: str, bucketName: str, folderName: str, immutabilityEnabled: bool, useDeepArchive: bool }, ['regionId', 'bucketName', 'folderName']),
				proxyAppliance: amazonProxy,
			},
			required: ['account', 'bucket'],
		},
		S3Compatible: {
			props: {
				...tasks,
				account: obj({ servicePoint: str, regionId: str, credentialsId: uuid, connectionSettings }, ['servicePoint', 'regionId', 'credentialsId']),
				bucket: obj({
					bucketName: str, folderName: str,
					...(f.s3AutoProvision ? { enableAutoProvision: bool, workloadsPerBucketLimit: int } : {}),
					storageConsumptionLimit, immutability,
				}, ['bucketName', 'folderName']),
				mountServer,
				proxyAppliance: s3Proxy,
			},
			required: ['account', 'bucket', 'mountServer'],
		},
		GoogleCloud: {
			props: {
				...tasks,
				account: obj({ credentialsId: uuid, regionId: str, connectionSettings }, ['credentialsId', 'regionId', 'connectionSettings']),
				bucket: obj({
					bucketName: str, folderName: str, storageConsumptionLimit, nearlineStorageEnabled: bool,
					...(f.objectImmutability13 ? { immutability } : {}),
				}, ['bucketName', 'folderName']),
				mountServer,
			},
			required: ['account', 'bucket', 'mountServer'],
		},
		IBMCloud: {
			props: {
				...tasks,
				account: obj({ servicePoint: str, regionId: str, credentialsId: uuid, connectionSettings }, ['servicePoint', 'regionId', 'credentialsId', 'connectionSettings']),
				bucket: obj({ bucketName: str, folderName: str, storageConsumptionLimit, immutability }, ['bucketName', 'folderName']),
				mountServer,
				proxyAppliance: s3Proxy,
			},
			required: ['account', 'bucket', 'mountServer'],
		},
		WasabiCloud: {
			props: {
				...tasks,
				account: obj({ regionId: str, credentialsId: uuid, connectionSettings }, ['regionId', 'credentialsId', 'connectionSettings']),
				bucket: obj({ bucketName: str, folderName: str, storageConsumptionLimit, immutability }, ['bucketName', 'folderName']),
				mountServer,
				proxyAppliance: s3Proxy,
			},
			required: ['account', 'bucket', 'mountServer'],
		},
	};
	if (f.mountServerOptional) {
		// 1.3-rev2: no type requires mountServer any more (the server picks the default mount server).
		for (const t of Object.values(byType)) t.required = t.required.filter((r) => r !== 'mountServer');
	}
	if (f.is13) {
		byType.VeeamDataCloudVault = {
			props: {
				account: obj({
					vault: obj({ vaultId: str, vaultName: str, storageContainerName: str, isInitialized: bool, folders: arr(str) }, ['vaultId', 'isInitialized']),
					connectionSettings,
				}, ['vault']),
				container: obj({ folder: str, storageConsumptionLimit, immutability }, ['folder', 'immutability']),
				mountServer,
				...tasks,
			},
			required: f.mountServerOptional ? ['account', 'container'] : ['account', 'container', 'mountServer'],
		};
	}
	return byType;
}

/** @type {Map<string, ReturnType<typeof schemas>>} */
const schemaCache = new Map();
/** @param {import('./versions').Features} f */
function schemasFor(f) {
	let s = schemaCache.get(f.version);
	if (!s) {
		s = schemas(f);
		schemaCache.set(f.version, s);
	}
	return s;
}

/**
 * Reject the other revision's mountServer shape with a message that says what is wrong.
 * @param {any} body @param {import('./versions').Features} f
 */
function checkMountServerShape(body, f) {
	const ms = body.mountServer;
	if (!ms || typeof ms !== 'object' || NO_MOUNT.has(body.type)) return;
	const splitKeys = 'mountServerSettingsType' in ms || 'windows' in ms || 'linux' in ms;
	if (f.splitMountServer && !splitKeys && 'mountServerId' in ms) {
		throw fail('mountServer', `must be a MountServersSettingsModel { mountServerSettingsType, windows, linux } in API ${f.version}; ` +
			'the single mount server shape (mountServerId at the top level) is the 1.2-rev1 format');
	}
	if (!f.splitMountServer && splitKeys) {
		throw fail('mountServer', `must be a MountServerSettingsModel { mountServerId, writeCacheFolder, vPowerNFSEnabled } in API ${f.version}; ` +
			'mountServerSettingsType/windows/linux is the 1.3 MountServersSettingsModel format');
	}
}

/**
 * @param {import('./store').Store} store @param {string} id @param {string} path @param {string[]} [types]
 */
function requireServer(store, id, path, types) {
	const server = store.managedServers.get(id);
	if (!server) throw fail(path, `refers to managed server ${id}, which does not exist`);
	if (types && !types.includes(server.type)) {
		throw fail(path, `refers to managed server '${server.name}' of type ${server.type}; a ${types.join(' or ')} is required`);
	}
	return server;
}

/** @param {import('./store').Store} store @param {string[] | undefined} ids @param {string} path */
function requireGateways(store, ids, path) {
	(ids || []).forEach((gid, i) => requireServer(store, gid, `${path}[${i}]`, ['WindowsHost', 'LinuxHost']));
}

/**
 * Semantic checks on a structurally valid model.
 * @param {any} m @param {import('./store').Store} store @param {import('./versions').Features} f
 */
function checkReferences(m, store, f) {
	if (m.type === 'WinLocal') requireServer(store, m.hostId, 'hostId', ['WindowsHost']);
	if (m.type === 'LinuxLocal' || m.type === 'LinuxHardened') requireServer(store, m.hostId, 'hostId', ['LinuxHost']);
	if (m.share) {
		if (m.share.credentialsId) {
			const cred = store.credentials.get(m.share.credentialsId);
			if (!cred) throw fail('share.credentialsId', `refers to credentials ${m.share.credentialsId}, which do not exist`);
		}
		const gw = m.share.gatewayServer;
		if (gw) {
			if (!gw.autoSelectEnabled && !(gw.gatewayServerIds && gw.gatewayServerIds.length)) {
				throw fail('share.gatewayServer.gatewayServerIds', 'must list at least one gateway server when autoSelectEnabled is false');
			}
			requireGateways(store, gw.gatewayServerIds, 'share.gatewayServer.gatewayServerIds');
		}
	}
	if (m.account) {
		const credentialsId = m.account.credentialsId;
		if (credentialsId) {
			const cred = store.cloudCredentials.get(credentialsId);
			if (!cred) throw fail('account.credentialsId', `refers to cloud credentials ${credentialsId}, which do not exist`);
			const need = /** @type {Record<string, string>} */ (CLOUD_CREDENTIALS_TYPE)[m.type];
			if (need && cred.type !== need) {
				throw fail('account.credentialsId', `refers to ${cred.type} cloud credentials; ${m.type} repositories need ${need} credentials`);
			}
		}
		const cs = m.account.connectionSettings;
		if (cs) {
			if (cs.connectionType === 'SelectedGateway' && !(cs.gatewayServerIds && cs.gatewayServerIds.length)) {
				throw fail('account.connectionSettings.gatewayServerIds', 'must list at least one gateway server when connectionType is SelectedGateway');
			}
			requireGateways(store, cs.gatewayServerIds, 'account.connectionSettings.gatewayServerIds');
		}
	}
	if (m.proxyAppliance && m.proxyAppliance.managedServerId) {
		requireServer(store, m.proxyAppliance.managedServerId, 'proxyAppliance.managedServerId');
	}
	const ms = m.mountServer;
	if (ms && f.splitMountServer) {
		const type = ms.mountServerSettingsType;
		const needWindows = type === 'Windows' || type === 'Both';
		const needLinux = type === 'Linux' || type === 'Both';
		if (needWindows && !ms.windows) throw fail('mountServer.windows', `is required when mountServerSettingsType is ${type}`);
		if (needLinux && !ms.linux) throw fail('mountServer.linux', `is required when mountServerSettingsType is ${type}`);
		if (ms.windows) requireServer(store, ms.windows.mountServerId, 'mountServer.windows.mountServerId', ['WindowsHost']);
		if (ms.linux) requireServer(store, ms.linux.mountServerId, 'mountServer.linux.mountServerId', ['LinuxHost']);
	} else if (ms) {
		requireServer(store, ms.mountServerId, 'mountServer.mountServerId', ['WindowsHost', 'LinuxHost']);
	}
}

/** @param {any} repo settings object (mutated) @param {string} type */
function fillRepositoryDefaults(repo, type) {
	const defaults = { taskLimitEnabled: false, maxTaskCount: 4, readWriteLimitEnabled: false, readWriteRate: 0 };
	for (const [k, v] of Object.entries(defaults)) if (repo[k] === undefined) repo[k] = v;
	if ((type === 'LinuxLocal' || type === 'LinuxHardened') && repo.useFastCloningOnXFSVolumes === undefined) {
		repo.useFastCloningOnXFSVolumes = type === 'LinuxHardened';
	}
	if (type === 'LinuxHardened' && repo.makeRecentBackupsImmutableDays === undefined) repo.makeRecentBackupsImmutableDays = 7;
	repo.advancedSettings = {
		RotatedDriveCleanupMode: 'Disabled', alignDataBlocks: true, decompressBeforeStoring: false, rotatedDrives: false, perVmBackup: true,
		...(repo.advancedSettings || {}),
	};
}

/**
 * Shared path of POST and PUT: type, base fields, mountServer shape, structure, references.
 * @param {any} body @param {import('./versions').Features} f @param {import('./store').Store} store
 * @param {'spec'|'model'} kind
 */
function validateRepositoryBody(body, f, store, kind) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) throw fail('', 'must be a JSON object');
	if (body.type === undefined || body.type === null) throw fail('type', 'is required');
	if (typeof body.type !== 'string') throw fail('type', 'must be a string');
	const known = typeIn(f, body.type);
	if (!known) throw fail('type', `'${body.type}' is not a repository type in API ${f.version}`);
	const creatable = f.is13 ? CREATABLE_13 : CREATABLE_12;
	if (!creatable.includes(known)) {
		// 1.3-rev2 has specs for some appliance types (Data Domain, ExaGrid, …) that this simulator does not model.
		const why = f.specTypes.has(known) ? 'this simulator cannot create or edit' : 'cannot be created or edited through the REST API';
		throw fail('type', `repositories of type ${body.type} ${why}`);
	}
	const byType = schemasFor(f)[known];
	const baseProps = {
		name: S.str, description: S.str, uniqueId: S.str,
		...(kind === 'model' ? { id: S.uuid } : {}),
		...(kind === 'spec' && f.importSpec ? { importBackup: S.bool, importIndex: S.bool } : {}),
		...(kind === 'model' && f.importOptions && IMPORT_OPTION_TYPES.has(known) ? { importOptions: S.obj({ importBackup: S.bool, importIndex: S.bool }) } : {}),
	};
	checkMountServerShape(body, f);
	const schema = S.obj(
		{ ...baseProps, ...byType.props },
		['name', 'description', ...(kind === 'model' ? ['id'] : []), ...byType.required],
	);
	const m = check(schema, body, '');
	m.type = known;
	if (!m.name.trim()) throw fail('name', 'must not be empty');
	checkReferences(m, store, f);
	return m;
}

/**
 * The mount server VBR picks when a 1.3-rev2 client sends none: the default mount server of the repository
 * host's OS (Linux for Linux hosts), else the default Windows one.
 * @param {import('./store').Store} store @param {any} m
 */
function defaultMountServer(store, m) {
	const host = m.hostId ? store.managedServers.get(m.hostId) : undefined;
	const linux = (m.type === 'LinuxLocal' || m.type === 'LinuxHardened') || (host && host.type === 'LinuxHost');
	const want = linux ? 'LinuxHost' : 'WindowsHost';
	const server = [...store.managedServers.values()].find((x) => x.type === want && x.mount && x.mount.isDefault);
	if (!server) return undefined;
	const settings = {
		mountServerId: server.id,
		writeCacheFolder: server.mount.writeCacheFolder,
		vPowerNFSEnabled: server.mount.vPowerNFSEnabled !== false,
		vPowerNFSPortSettings: { mountPort: server.mount.mountPort, vPowerNFSPort: server.mount.vPowerNFSPort || 2049 },
	};
	return linux ? { mountServerSettingsType: 'Linux', linux: settings } : { mountServerSettingsType: 'Windows', windows: settings };
}

/**
 * Order keys like VBR does (type/id/name/description first) and complete the defaults it fills in.
 * @param {any} m validated body @param {string} id @param {import('./versions').Features} f
 * @param {import('./store').Store} store @param {any} [previous] existing canonical model (edit)
 */
function toCanonical(m, id, f, store, previous) {
	const { name, description, uniqueId, type, importBackup, importIndex, importOptions, id: _ignored, ...rest } = m;
	/** @type {any} */
	const out = { type, id, name, description, uniqueId: uniqueId || (previous && previous.uniqueId) || uniqueIdOf(id), ...rest };
	if (out.repository) fillRepositoryDefaults(out.repository, type);
	if (!out.mountServer && !NO_MOUNT.has(type)) {
		// Only 1.3-rev2 lets a client leave it out: keep the current one on edit, else the server's default.
		out.mountServer = previous && previous.mountServer ? clone(previous.mountServer) : defaultMountServer(store, out);
		if (!out.mountServer) delete out.mountServer;
	}
	if (out.mountServer && !f.splitMountServer) {
		// 1.2 single mount server → canonical split model, typed by the mount server's OS.
		const server = store.managedServers.get(out.mountServer.mountServerId);
		const linux = server && server.type === 'LinuxHost';
		out.mountServer = linux
			? { mountServerSettingsType: 'Linux', linux: out.mountServer }
			: { mountServerSettingsType: 'Windows', windows: out.mountServer };
		if (previous && previous.mountServer) {
			// Keep the other OS's mount server a 1.2 client cannot see.
			const prev = previous.mountServer;
			if (!linux && prev.linux) out.mountServer = { mountServerSettingsType: 'Both', windows: out.mountServer.windows, linux: clone(prev.linux) };
			if (linux && prev.windows) out.mountServer = { mountServerSettingsType: 'Both', windows: clone(prev.windows), linux: out.mountServer.linux };
		}
	}
	if (out.mountServer && f.splitMountServer) {
		// Only the parts the settings type uses.
		const t = out.mountServer.mountServerSettingsType;
		if (t === 'Windows') delete out.mountServer.linux;
		if (t === 'Linux') delete out.mountServer.windows;
	}
	if (IMPORT_OPTION_TYPES.has(type)) {
		out.importOptions = importOptions
			? { importBackup: !!importOptions.importBackup, importIndex: !!importOptions.importIndex }
			: previous && previous.importOptions
				? clone(previous.importOptions)
				: { importBackup: !!importBackup, importIndex: !!importIndex };
	}
	if (previous && !f.linuxGovernanceMode && type === 'LinuxLocal' && previous.repository && out.repository) {
		// Governance mode (1.3-rev2) is kept when an older client edits the repository.
		for (const k of ['enableGovernanceMode', 'governanceModeRetentionDays']) {
			if (previous.repository[k] !== undefined) out.repository[k] = previous.repository[k];
		}
	}
	if (previous && !f.objectImmutability13) {
		// Fields a 1.2 client cannot send are kept from the stored model rather than wiped.
		const prevPlace = previous.bucket || previous.container;
		const place = out.bucket || out.container;
		if (prevPlace && place) {
			if (prevPlace.immutability && place.immutability && prevPlace.immutability.immutabilityMode) {
				place.immutability.immutabilityMode = prevPlace.immutability.immutabilityMode;
			} else if (prevPlace.immutability && !place.immutability && (type === 'AzureBlob' || type === 'GoogleCloud')) {
				place.immutability = clone(prevPlace.immutability);
			}
		}
	}
	return out;
}

/**
 * POST /repositories body → canonical model for a new repository with `newId`.
 * @param {any} body @param {import('./versions').Features} f @param {import('./store').Store} store @param {string} newId
 */
function repositoryFromSpec(body, f, store, newId) {
	const m = validateRepositoryBody(body, f, store, 'spec');
	if (store.nameTaken(m.name)) throw fail('name', `'${m.name}' is already used by another repository`);
	return toCanonical(m, newId, f, store);
}

/**
 * PUT /repositories/{id} body → canonical replacement model.
 * @param {any} body @param {import('./versions').Features} f @param {import('./store').Store} store
 * @param {import('./store').RepositoryRecord} record
 */
function repositoryFromModel(body, f, store, record) {
	const m = validateRepositoryBody(body, f, store, 'model');
	if (m.id !== record.id) throw fail('id', `(${m.id}) does not match the repository ID in the URI (${record.id})`);
	if (m.type !== record.model.type) {
		throw fail('type', `cannot be changed (the repository is ${record.model.type}, the body says ${m.type})`);
	}
	if (store.nameTaken(m.name, record.id)) throw fail('name', `'${m.name}' is already used by another repository`);
	return toCanonical(m, record.id, f, store, record.model);
}

/** @param {string} type */
const isObjectStorage = (type) => OBJECT_TYPES.has(type);

module.exports = { repositoryFromSpec, repositoryFromModel, isObjectStorage, schemasFor, CREATABLE_13, NO_MOUNT };
