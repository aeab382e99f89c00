'use strict';
// Every request the node sends, for every operation, checked against Veeam's official OpenAPI spec
// of the API version the credential declares. The requests come from the simulator's log, so this
// checks what went over the wire, not what the code meant to send.
const { validateRequest } = require('../support/openapi');
const { addArchiveRepositories } = require('../support/archiveRepositories');
const { startTestbed, FAST_WAIT } = require('../support/simulator');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

function scenarios(bed, apiVersion) {
	const server = (name) =>
		[...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;
	const credentials = (username) =>
		[...bed.sim.store.credentials.values()].find((c) => c.username === username)?.id;
	const cloud = () =>
		[...bed.sim.store.cloudCredentials.values()].find((c) => c.type === 'Amazon')?.id;
	const azure = () =>
		[...bed.sim.store.cloudCredentials.values()].find((c) => c.type === 'AzureStorage')?.id;
	const common = {
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		mountServerId: server('vbr01.lab.local'),
		options: FAST_WAIT,
	};
	return [
		[
			'get many with every filter and sort',
			{
				resource: 'repository',
				operation: 'getAll',
				returnAll: true,
				filters: {
					name: '*Repo*',
					types: ['WinLocal'],
					path: '*',
					hostId: server('win-repo01.lab.local'),
				},
				options: { sortBy: 'Path', sortDirection: 'desc', pageSize: 5 },
			},
		],
		...readScenarios(bed, apiVersion),
		[
			'get by name',
			{ resource: 'repository', operation: 'get', repositoryId: rl('Linux Repo 01', 'name') },
		],
		[
			'get states with filters',
			{
				resource: 'repository',
				operation: 'getStates',
				returnAll: true,
				filters: { name: '*', type: 'WinLocal', online: 'online' },
			},
		],
		[
			'add Windows',
			{
				...common,
				name: 'C Win',
				repositoryType: 'WinLocal',
				hostId: server('win-repo01.lab.local'),
				path: 'G:\\Backups',
				additionalFields: {
					maxTaskCount: 4,
					readWriteRate: 100,
					alignDataBlocks: true,
					perVmBackup: true,
					importBackup: false,
				},
			},
		],
		[
			'add Linux',
			{
				...common,
				name: 'C Linux',
				repositoryType: 'LinuxLocal',
				hostId: server('lnx-repo01.lab.local'),
				path: '/mnt/c',
				additionalFields: { useFastCloningOnXFSVolumes: true },
			},
		],
		[
			'add hardened',
			{
				...common,
				name: 'C Hardened',
				repositoryType: 'LinuxHardened',
				hostId: server('lnx-hardened01.lab.local'),
				path: '/mnt/h',
				immutabilityDays: 30,
			},
		],
		[
			'add SMB',
			{
				...common,
				name: 'C SMB',
				repositoryType: 'Smb',
				sharePath: '\\\\nas09\\b',
				shareCredentialsId: credentials('LAB\\smb-backup'),
			},
		],
		['add NFS', { ...common, name: 'C NFS', repositoryType: 'Nfs', sharePath: 'nas09:/b' }],
		[
			'add S3 compatible',
			{
				...common,
				name: 'C S3',
				repositoryType: 'S3Compatible',
				cloudCredentialsId: cloud(),
				servicePoint: 'https://minio.lab.local:9000',
				regionId: 'us-east-1',
				bucketName: 'b',
				folderName: 'f',
				objectImmutabilityDays: 14,
			},
		],
		[
			'add Amazon S3',
			{
				...common,
				name: 'C AWS',
				repositoryType: 'AmazonS3',
				cloudCredentialsId: cloud(),
				regionType: 'Global',
				regionId: 'eu-west-1',
				bucketName: 'b',
				folderName: 'f',
			},
		],
		[
			'add Azure Blob',
			{
				...common,
				name: 'C Azure',
				repositoryType: 'AzureBlob',
				cloudCredentialsId: azure(),
				regionType: 'Global',
				containerName: 'c',
				folderName: 'f',
				objectImmutabilityDays: 7,
			},
		],
		[
			'edit',
			{
				resource: 'repository',
				operation: 'update',
				repositoryId: rl('Hardened Repo 01', 'name'),
				defineBy: 'fields',
				updateFields: {
					description: 'x',
					immutabilityDays: 21,
					maxTaskCount: 2,
					readWriteRate: 50,
				},
				options: FAST_WAIT,
			},
		],
		[
			'edit object storage',
			{
				resource: 'repository',
				operation: 'update',
				repositoryId: rl('Amazon S3 Repo', 'name'),
				defineBy: 'fields',
				updateFields: { immutabilityDays: 45, maxTaskCount: 3 },
				options: FAST_WAIT,
			},
		],
		[
			'rescan',
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: ['Linux Repo 01', 'NFS Share Repo'],
				options: FAST_WAIT,
			},
		],
		[
			'remove',
			{ resource: 'repository', operation: 'delete', repositoryId: rl('Azure Blob Repo', 'name') },
		],
		[
			'scale-out get many',
			{
				resource: 'scaleOutRepository',
				operation: 'getAll',
				returnAll: true,
				filters: { name: 'SOBR*' },
				options: { sortBy: 'Name', sortDirection: 'desc' },
			},
		],
		[
			'scale-out get',
			{
				resource: 'scaleOutRepository',
				operation: 'get',
				scaleOutRepositoryId: rl('SOBR Primary', 'name'),
			},
		],
		...[
			'enableSealedMode',
			'disableSealedMode',
			'enableMaintenanceMode',
			'disableMaintenanceMode',
		].map((operation) => [
			`scale-out ${operation}`,
			{
				resource: 'scaleOutRepository',
				operation,
				scaleOutRepositoryId: rl('SOBR Primary', 'name'),
				extentIds: ['SOBR Extent 01', 'SOBR Extent 02'],
				options: FAST_WAIT,
			},
		]),
		[
			'scale-out edit',
			{
				resource: 'scaleOutRepository',
				operation: 'update',
				scaleOutRepositoryId: rl('SOBR Primary', 'name'),
				defineBy: 'fields',
				updateFields: {
					description: 'x',
					copyPolicyEnabled: true,
					operationalRestorePeriodDays: 7,
					placementPolicy: 'Performance',
				},
				options: FAST_WAIT,
			},
		],
		[
			'scale-out add',
			{
				resource: 'scaleOutRepository',
				operation: 'create',
				defineBy: 'fields',
				name: 'C SOBR',
				performanceExtentIds: ['Windows Repo 01', 'Linux Repo 01'],
				placementPolicy: 'DataLocality',
				capacityTierEnabled: true,
				capacityExtentId: 'Amazon S3 Repo',
				movePolicyEnabled: true,
				operationalRestorePeriodDays: 10,
				additionalFields: { perVmBackup: true },
				options: FAST_WAIT,
			},
		],
		[
			'scale-out remove',
			{
				resource: 'scaleOutRepository',
				operation: 'delete',
				scaleOutRepositoryId: rl('C SOBR', 'name'),
			},
		],
		...revisionScenarios(bed, apiVersion),
		['session get, wait and logs', null],
	];
}

const editImmutability = (name, immutabilityDays) => ({
	resource: 'repository',
	operation: 'update',
	repositoryId: rl(name, 'name'),
	defineBy: 'fields',
	updateFields: { immutabilityDays },
	options: FAST_WAIT,
});

/** Writes whose request differs by revision, and operations only some revisions have. */
function revisionScenarios(bed, apiVersion) {
	const server = (name) =>
		[...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;
	const linux = {
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		repositoryType: 'LinuxLocal',
		hostId: server('lnx-repo01.lab.local'),
		mountServerId: server('vbr01.lab.local'),
		options: FAST_WAIT,
	};
	const every = [
		[
			'add with take ownership',
			{ ...linux, name: 'C Owned', path: '/mnt/o', overwriteOwner: true },
		],
		['edit Glacier immutability', editImmutability('C Glacier', 30)],
		...(apiVersion === '1.2-rev1'
			? []
			: [['edit Azure Archive immutability', editImmutability('C Azure Archive', 30)]]),
	];
	if (apiVersion !== '1.3-rev2') return every;
	const repositoryId = rl('Linux Repo 01', 'name');
	return [
		...every,
		[
			'add Linux with governance mode',
			{
				...linux,
				name: 'C Governed',
				path: '/mnt/g',
				additionalFields: { governanceModeDays: 30 },
			},
		],
		[
			'add without a mount server',
			{ ...linux, name: 'C No Mount', path: '/mnt/n', mountServerId: '' },
		],
		[
			'edit governance mode',
			{
				resource: 'repository',
				operation: 'update',
				repositoryId,
				defineBy: 'fields',
				updateFields: { governanceModeDays: 14 },
				options: FAST_WAIT,
			},
		],
		[
			'get access permissions',
			{ resource: 'repository', operation: 'getAccessPermissions', repositoryId },
		],
		[
			'set access permissions',
			{
				resource: 'repository',
				operation: 'setAccessPermissions',
				repositoryId,
				accessPolicy: 'AllowExplicit',
				accountsMode: 'replace',
				accounts: { account: [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }] },
				encryption: 'kms',
				kmsServerId: '0b6f4f5e-3c1d-4a7b-9e2f-1a2b3c4d5e6f',
			},
		],
	];
}

/**
 * Reads with every filter and sort column each revision has (part B of issue 12): type filters in the
 * revision's spelling (a renamed type by its other name), the states filters and sort columns, the
 * scale-out sort columns, and the log status filter (left out on 1.2-rev1, which has none).
 */
/** @param {any} bed @param {string} apiVersion the revision in use (Automatic's choice in the Automatic runs) */
function readScenarios(bed, apiVersion) {
	const is13 = apiVersion !== '1.2-rev1';
	const rev2 = apiVersion === '1.3-rev2';
	const list = (resource, operation, filters, options) => [
		`${resource} ${operation} ${JSON.stringify(filters)} ${JSON.stringify(options)}`,
		{ resource, operation, returnAll: true, filters, options },
	];
	return [
		list(
			'repository',
			'getAll',
			{ types: is13 ? ['DellDataDomain', 'S3Integrated', 'WinLocal'] : ['HPEStoreOnce'] },
			{ sortBy: 'Type', sortDirection: 'asc' },
		),
		list(
			'repository',
			'getStates',
			{
				type: rev2 ? ['DDBoost', 'LinuxLocal'] : ['QuantumDXi'],
				repositoryId: bed.repositoryId('Linux Repo 01'),
				minCapacityGB: 1,
				minFreeGB: 0.5,
				minUsedGB: 0,
				online: 'online',
				...(is13
					? {
							sobrExtentTypes: ['Performance', 'Capacity'],
							outOfDate: 'upToDate',
							excludeExtents: false,
						}
					: {}),
			},
			{ sortBy: rev2 ? 'Status' : is13 ? 'Membership' : 'UsedSpaceGB', sortDirection: 'desc' },
		),
		...['Type', 'Host', 'Path', ...(is13 ? ['EncryptionState'] : [])].map((sortBy) =>
			list('scaleOutRepository', 'getAll', {}, { sortBy, sortDirection: 'asc' }),
		),
	];
}

/** The session operations, on the newest session (one the scenarios above started). */
function sessionScenarios(bed) {
	const newest = bed.sim.sessions.list().sort((a, b) => b.seq - a.seq)[0];
	return ['get', 'wait', 'getLogs'].map((operation) => ({
		resource: 'session',
		operation,
		sessionId: newest.id,
		options: FAST_WAIT,
		...(operation === 'getLogs' ? { statusFilter: 'Succeeded' } : {}),
	}));
}

/**
 * Each pinned revision against a simulator that speaks it, and Automatic against a VBR 13.1 (which
 * must choose 1.3-rev2) and a VBR 12.3.1 (1.2-rev1). `spec` is the revision every request must match.
 */
const RUNS = [
	{ title: '1.2-rev1', apiVersion: '1.2-rev1', spec: '1.2-rev1', sim: {} },
	{ title: '1.3-rev0', apiVersion: '1.3-rev0', spec: '1.3-rev0', sim: {} },
	{ title: '1.3-rev1', apiVersion: '1.3-rev1', spec: '1.3-rev1', sim: {} },
	{ title: '1.3-rev2', apiVersion: '1.3-rev2', spec: '1.3-rev2', sim: { vbrVersion: '13.1' } },
	{
		title: 'Automatic on VBR 13.1',
		apiVersion: 'auto',
		spec: '1.3-rev2',
		sim: { vbrVersion: '13.1' },
	},
	{
		title: 'Automatic on VBR 12.3.1',
		apiVersion: 'auto',
		spec: '1.2-rev1',
		sim: { vbrVersion: '12.3.1' },
	},
];

/** Per run: requests validated and violations found, printed once at the end (the closing note's numbers). */
const counts = [];
afterAll(() => {
	if (counts.length)
		console.log(
			counts
				.map(
					(c) =>
						`${c.title}: ${c.validated} requests validated against ${c.spec}, ${c.violations} violations`,
				)
				.join('\n'),
		);
});

describe.each(RUNS)('requests on API $title', ({ title, apiVersion, spec, sim }) => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ ...sim, credential: { apiVersion } });
		await addArchiveRepositories(bed, 'C ');
	});
	afterAll(async () => bed.close());

	it('match the official spec for every operation', async () => {
		const checked = new Set();
		const tally = { title, spec, validated: 0, violations: 0 };
		counts.push(tally);
		for (const [title, scenario] of scenarios(bed, spec)) {
			await bed.clear();
			for (const parameters of scenario ? [scenario] : sessionScenarios(bed)) {
				const result = await bed.engine.execute(parameters);
				expect({ title, error: result.error?.message }).toEqual({ title, error: undefined });
			}
			for (const request of await bed.requests()) {
				// Automatic's first token request may be in a revision VBR refuses (then the login is
				// repeated in one it speaks): that one is checked against its own revision's spec.
				const negotiating = request.path === '/api/oauth2/token' && request.status === 400;
				const version = negotiating ? request.headers['x-api-version'] : spec;
				expect({ title, version: request.headers['x-api-version'] }).toEqual({ title, version });
				const verdict = validateRequest(version, {
					method: request.method,
					path: request.path,
					query: request.query,
					headers: request.headers,
					body: request.body,
					contentType: request.headers['content-type'],
				});
				// Known spec quirk: 1.3-rev1's ELoginGrantType enum is PascalCase ("Password") while its own
				// prose and examples, and every 1.2/1.3-rev0 server, use "password". The node sends
				// "password"; the value is checked case-insensitively here and nowhere else.
				const errors = verdict.errors.filter(
					(error) =>
						!(
							request.path === '/api/oauth2/token' &&
							/^body\/grant_type must be equal to one of/.test(error) &&
							/^password$/i.test(request.body.grant_type)
						),
				);
				expect({ title, request: `${request.method} ${request.path}`, errors }).toEqual({
					title,
					request: `${request.method} ${request.path}`,
					errors: [],
				});
				checked.add(verdict.operationId);
				tally.validated++;
				tally.violations += errors.length;
			}
		}
		expect([...checked].sort()).toEqual(
			expect.arrayContaining([
				'CreateRepository',
				'DeleteRepository',
				'GetAllRepositories',
				'GetAllRepositoriesStates',
				'GetManagedServer',
				'GetRepository',
				'GetSession',
				'RescanRepositories',
				'UpdateRepository',
				'GetAllScaleOutRepositories',
				'GetScaleOutRepository',
				'CreateScaleOutRepository',
				'UpdateScaleOutRepository',
				'DeleteScaleOutRepository',
				'EnableScaleOutExtentSealedMode',
				'DisableScaleOutExtentSealedMode',
				'EnableScaleOutExtentMaintenanceMode',
				'DisableScaleOutExtentMaintenanceMode',
				'GetSessionLogs',
				...(apiVersion === '1.3-rev2'
					? ['GetRepositoryAccessPermissions', 'UpdateRepositoryAccessPermissions']
					: []),
			]),
		);
	});
});
