'use strict';
// Reads on every revision through n8n-core's engine against the simulator: repository types spelled as the
// revision in use spells them (1.3-rev2 renamed four), type filters, Get States filters and sorting, scale-out
// sort columns, Get Logs status filtering and additionalInfo, and the scale-out pickers by repository role.
const { startTestbed } = require('../support/simulator');

const STATES = '/api/v1/backupInfrastructure/repositories/states';
const SOBRS = '/api/v1/backupInfrastructure/scaleOutRepositories';
const REPOSITORIES_ONLY = '^/api/v1/backupInfrastructure/repositories$';

let rev2;
let rev1;
let v12;
beforeAll(async () => {
	[rev2, rev1, v12] = await Promise.all([
		startTestbed({
			vbrVersion: '13.1',
			applianceRepositories: true,
			credential: { apiVersion: '1.3-rev2' },
		}),
		startTestbed({ applianceRepositories: true, credential: { apiVersion: '1.3-rev1' } }),
		startTestbed({ applianceRepositories: true, credential: { apiVersion: '1.2-rev1' } }),
	]);
});
afterAll(async () => Promise.all([rev2, rev1, v12].map((bed) => bed.close())));
beforeEach(async () => {
	for (const bed of [rev2, rev1, v12]) {
		await bed.sim.control.reset();
		await bed.clear();
	}
});

const states = (filters, options = {}) => ({
	resource: 'repository',
	operation: 'getStates',
	returnAll: true,
	filters,
	options,
});

async function refusedBeforeSending(bed, parameters, message) {
	const result = await bed.engine.execute(parameters);
	expect(result.error?.name).toBe('NodeOperationError');
	expect(result.error.message).toMatch(message);
	expect(await bed.apiRequests()).toEqual([]);
}

describe('repository type filters in the spelling of the revision', () => {
	it('sends a new name as the old one to a 1.3-rev1 server (DellDataDomain → DDBoost)', async () => {
		const result = await rev1.engine.execute(states({ type: ['DellDataDomain'] }));
		expect(result.error).toBeUndefined();
		expect(result.json.map((s) => [s.name, s.type])).toEqual([['Data Domain Repo', 'DDBoost']]);
		const [request] = await rev1.apiRequests();
		expect(request.query.typeFilter).toBe('DDBoost');
	});

	it('sends an old name as the new one to a 1.3-rev2 server, as an array (DDBoost → DellDataDomain)', async () => {
		const result = await rev2.engine.execute(states({ type: ['DDBoost', 'ExaGrid'] }));
		expect(result.error).toBeUndefined();
		expect(result.json.map((s) => s.type).sort()).toEqual(['DellDataDomain', 'ExaGrid']);
		const [request] = await rev2.apiRequests();
		expect(request.query.typeFilter).toEqual(['DellDataDomain', 'ExaGrid']);
	});

	it('still reads the single Type of workflows saved before Types', async () => {
		const result = await rev2.engine.execute(states({ type: 'WinLocal' }));
		expect(result.json.length).toBeGreaterThan(0);
		expect(result.json.every((s) => s.type === 'WinLocal')).toBe(true);
	});

	it('Get Many sends the revision spelling of each type', async () => {
		const result = await rev2.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
			filters: { types: ['Quantum', 'DDBoost'] },
		});
		expect(result.json.map((r) => r.name)).toEqual(['Data Domain Repo']);
		const [request] = await rev2.apiRequests();
		expect(request.query.typeFilter).toEqual(['QuantumDXi', 'DellDataDomain']);
	});

	it('passes a type the node does not know to the server as given', async () => {
		await rev2.engine.execute(states({ type: ['WinLocal'] }));
		const result = await rev2.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			filters: { types: ['FutureRepositoryType'] },
		});
		// The simulator, like VBR, refuses a value its spec lacks: the answer is the server's.
		expect(result.error?.name).toBe('NodeApiError');
		const requests = await rev2.apiRequests();
		expect([].concat(requests.at(-1).query.typeFilter)).toEqual(['FutureRepositoryType']);
	});

	it.each([
		[
			() => v12,
			states({ type: ['VeeamDataCloudVault'] }),
			/API 1\.2-rev1 has no repository type VeeamDataCloudVault/,
		],
		[
			() => rev1,
			states({ type: ['VeeamDataCloudVaultArchive'] }),
			/API 1\.3-rev1 has no repository type/,
		],
		[
			() => rev1,
			states({ type: ['WinLocal', 'Nfs'] }),
			/API 1\.3-rev1 can filter by one type only/,
		],
		[
			() => v12,
			{ resource: 'repository', operation: 'getAll', filters: { types: ['WinLocal', 'Nfs'] } },
			/one type only/,
		],
	])(
		'refuses a type the revision lacks, or several where it takes one (%#)',
		async (bed, parameters, message) => {
			await refusedBeforeSending(bed(), parameters, message);
		},
	);
});

describe('Get States filters and sorting per revision', () => {
	it('sends the repository ID, size and extent type filters', async () => {
		const id = rev2.repositoryId('Linux Repo 01');
		const result = await rev2.engine.execute(
			states({ repositoryId: id, minCapacityGB: 8000, minFreeGB: 100, minUsedGB: 1 }),
		);
		expect(result.json.map((s) => s.name)).toEqual(['Linux Repo 01']);
		const [request] = await rev2.apiRequests();
		expect(request.query).toEqual(
			expect.objectContaining({
				idFilter: id,
				capacityFilter: '8000',
				freeSpaceFilter: '100',
				usedSpaceFilter: '1',
			}),
		);
		const extents = await rev2.engine.execute(states({ sobrExtentTypes: ['Performance'] }));
		expect(extents.json.map((s) => s.name).sort()).toEqual([
			'SOBR Extent 01',
			'SOBR Extent 02',
			'SOBR Extent 03',
		]);
	});

	it('sorts by Status on 1.3-rev2 and by capacity on every revision', async () => {
		const byStatus = await rev2.engine.execute(
			states({}, { sortBy: 'Status', sortDirection: 'asc' }),
		);
		expect(byStatus.error).toBeUndefined();
		const [request] = await rev2.apiRequests();
		expect(request.query).toEqual(
			expect.objectContaining({ orderColumn: 'Status', orderAsc: 'true' }),
		);
		const byCapacity = await v12.engine.execute(
			states({ name: 'SOBR Extent*' }, { sortBy: 'CapacityGB', sortDirection: 'desc' }),
		);
		expect(byCapacity.json.map((s) => s.capacityGB)).toEqual([4096, 2048, 2048]);
	});

	it.each([
		[() => rev1, states({}, { sortBy: 'Status' }), /Sorting by Status needs API 1\.3-rev2/],
		[() => v12, states({}, { sortBy: 'Membership' }), /Sorting by Membership needs API 1\.3-rev0/],
		[
			() => v12,
			states({ sobrExtentTypes: ['Capacity'] }),
			/Scale-Out Extent Types need API 1\.3-rev0/,
		],
		[() => rev2, states({ repositoryId: 'nope' }), /"nope" is not a valid Repository ID/],
		[() => rev2, states({ minFreeGB: -5 }), /Free Space \(GB\) must be a number of at least 0/],
	])(
		'refuses what the revision cannot do before any request (%#)',
		async (bed, parameters, message) => {
			await refusedBeforeSending(bed(), parameters, message);
		},
	);
});

describe('Scale-out Get Many sort columns', () => {
	const sobrs = (sortBy) => ({
		resource: 'scaleOutRepository',
		operation: 'getAll',
		returnAll: true,
		options: { sortBy, sortDirection: 'desc' },
	});

	it('offers every column of the spec in Sort By', () => {
		const { VeeamRepository } = require('../../dist/nodes/VeeamRepository/VeeamRepository.node.js');
		const options = new VeeamRepository().description.properties.find(
			(p) =>
				p.name === 'options' &&
				p.displayOptions?.show?.resource?.includes('scaleOutRepository') &&
				p.displayOptions.show.operation?.includes('getAll'),
		);
		const sortBy = options.options.find((o) => o.name === 'sortBy');
		expect(sortBy.options.map((o) => o.value).sort()).toEqual([
			'Description',
			'EncryptionState',
			'Host',
			'Name',
			'Path',
			'Type',
		]);
	});

	it('sorts by Type, Host and Path on every revision and by EncryptionState on 1.3', async () => {
		for (const [bed, column] of [
			[v12, 'Type'],
			[v12, 'Host'],
			[v12, 'Path'],
			[rev1, 'EncryptionState'],
		]) {
			await bed.clear();
			const result = await bed.engine.execute(sobrs(column));
			expect({ column, error: result.error?.message }).toEqual({ column, error: undefined });
			const [request] = await bed.apiRequests();
			expect(request.query).toEqual(
				expect.objectContaining({ orderColumn: column, orderAsc: 'false' }),
			);
		}
	});

	it('refuses EncryptionState on 1.2-rev1 before any request', async () => {
		await refusedBeforeSending(
			v12,
			sobrs('EncryptionState'),
			/Sorting by EncryptionState needs API 1\.3-rev0/,
		);
	});
});

describe('Get Logs on every revision', () => {
	async function finishedRescanSession(bed) {
		const started = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			options: { pollIntervalSeconds: 0.02, waitTimeoutSeconds: 20 },
		});
		expect(started.error).toBeUndefined();
		await bed.clear();
		return started.json[0].session.id;
	}
	const logs = (sessionId, statusFilter) => ({
		resource: 'session',
		operation: 'getLogs',
		sessionId,
		statusFilter,
	});

	it('filters by status itself on 1.2-rev1, which has no statusFilter', async () => {
		const sessionId = await finishedRescanSession(v12);
		const failed = await v12.engine.execute(logs(sessionId, 'Failed'));
		expect(failed.error).toBeUndefined();
		expect(failed.json).toEqual([]);
		const succeeded = await v12.engine.execute(logs(sessionId, 'Succeeded'));
		expect(succeeded.json.length).toBeGreaterThan(0);
		expect(succeeded.json.every((r) => r.status === 'Succeeded')).toBe(true);
		const requests = await v12.apiRequests();
		expect(requests.map((r) => r.query.statusFilter)).toEqual([undefined, undefined]);
	});

	it('lets a 1.3 server filter', async () => {
		const sessionId = await finishedRescanSession(rev1);
		await rev1.engine.execute(logs(sessionId, 'Warning'));
		const [request] = await rev1.apiRequests();
		expect(request.query.statusFilter).toBe('Warning');
	});

	it('gives additionalInfo one shape: a list of { field, data } and the same as text', async () => {
		for (const bed of [rev2, rev1]) {
			const sessionId = await finishedRescanSession(bed);
			const result = await bed.engine.execute(logs(sessionId, ''));
			const withInfo = result.json.filter((r) => r.additionalInfo !== undefined);
			expect(withInfo.length).toBeGreaterThan(0);
			for (const record of withInfo) {
				expect(Array.isArray(record.additionalInfo)).toBe(true);
				expect(typeof record.additionalInfoText).toBe('string');
				for (const entry of record.additionalInfo) {
					expect(entry).toEqual({ field: expect.any(String), data: expect.any(String) });
				}
			}
		}
	});
});

describe('scale-out pickers by repository role', () => {
	const repository = (name, type) => ({
		id: `a0a0a0a0-0000-4000-8000-${String(name.length).padStart(12, '0')}`,
		name,
		type,
		description: '',
	});
	const extra = [
		repository('VDC Archive', 'VeeamDataCloudVaultArchive'),
		repository('Future Storage Thing', 'FutureRepositoryType'),
	];
	const pick = async (method) =>
		(await rev2.engine.loadOptions('loadOptions', method, {})).map((o) => [o.name, o.description]);

	beforeEach(async () => {
		const listed = await rev2.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
		});
		await rev2.sim.control.injectFault({
			type: 'rewriteList',
			append: extra,
			total: listed.json.length + extra.length,
			count: -1,
			match: { path: REPOSITORIES_ONLY },
		});
	});

	it('never offers a VDC Vault archive as a performance extent or capacity tier; the archive picker does', async () => {
		const performance = await pick('getExtentCandidates');
		expect(performance.map(([name]) => name)).not.toContain('VDC Archive');
		expect((await pick('getObjectStorageRepositories')).map(([name]) => name)).not.toContain(
			'VDC Archive',
		);
		expect(await pick('getArchiveTierCandidates')).toEqual([
			['VDC Archive', 'VeeamDataCloudVaultArchive'],
			[
				'Future Storage Thing',
				expect.stringMatching(/FutureRepositoryType: a type this node does not know/),
			],
		]);
	});

	it('offers a repository of a type the node does not know, with a warning, instead of hiding it', async () => {
		for (const method of ['getExtentCandidates', 'getObjectStorageRepositories']) {
			expect(await pick(method)).toContainEqual([
				'Future Storage Thing',
				expect.stringMatching(/does not know; VBR checks/),
			]);
		}
		expect(await pick('getExtentCandidates')).toContainEqual([
			'Data Domain Repo',
			'DellDataDomain',
		]);
	});
});

describe('values the node does not know in answers (a newer server)', () => {
	it('lists a repository of an unknown type as VBR sent it', async () => {
		const listed = await rev2.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
		});
		const future = {
			id: 'c0c0c0c0-0000-4000-8000-000000000001',
			name: 'Future',
			type: 'FutureRepositoryType',
			description: '',
		};
		await rev2.sim.control.injectFault({
			type: 'rewriteList',
			append: [future],
			total: listed.json.length + 1,
			match: { path: REPOSITORIES_ONLY },
		});
		const result = await rev2.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.json.at(-1)).toEqual({ ...future, immutability: null });
	});

	it('keeps an unknown extent status in scale-out outputs and pickers', async () => {
		const sobrId = rev2.sim.seed.scaleOutRepositories['SOBR Primary'];
		const model = await rev2.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'get',
			scaleOutRepositoryId: { __rl: true, mode: 'id', value: sobrId },
		});
		const changed = JSON.parse(JSON.stringify(model.json[0]));
		delete changed.extents;
		changed.performanceTier.performanceExtents[0].status = ['Quarantined', 'Sealed'];
		await rev2.sim.control.injectFault({
			type: 'body',
			json: { data: [changed], pagination: { total: 1, count: 1, skip: 0, limit: 200 } },
			match: { path: SOBRS },
		});
		const listed = await rev2.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(listed.error).toBeUndefined();
		expect(listed.json[0].extents[0]).toEqual(
			expect.objectContaining({ status: ['Quarantined', 'Sealed'], isSealed: true }),
		);
		await rev2.sim.control.injectFault({
			type: 'body',
			json: changed,
			match: { path: `${SOBRS}/${sobrId}` },
		});
		const options = await rev2.engine.loadOptions('loadOptions', 'getScaleOutExtents', {
			scaleOutRepositoryId: { __rl: true, mode: 'id', value: sobrId },
		});
		expect(options[0].name).toMatch(/\(Quarantined, Sealed\)$/);
	});
});

describe('the trigger with renamed and unknown values', () => {
	const items = (result) => (result === null ? [] : result[0].map((item) => item.json));
	async function activated(bed, parameters) {
		const poller = bed.engine.createPoller(parameters);
		expect(await poller.poll()).toBeNull();
		return poller;
	}

	it('matches the old and the new name of one type (DDBoost = DellDataDomain)', async () => {
		const poller = await activated(rev2, { options: { includeTypes: ['DDBoost'] } });
		await rev2.sim.control.setRepositoryState(
			rev2.sim.seed.applianceRepositories['Data Domain Repo'],
			{
				isOnline: false,
			},
		);
		await rev2.sim.control.setRepositoryState(rev2.repositoryId('NFS Share Repo'), {
			isOnline: false,
		});
		expect(items(await poller.poll()).map((j) => `${j.event}:${j.repository.name}`)).toEqual([
			'wentOffline:Data Domain Repo',
		]);
	});

	it('reports a repository type and an extent status the node does not know as VBR sent them', async () => {
		const listed = await rev2.engine.execute(states({}));
		const future = {
			...listed.json.find((s) => s.name === 'NFS Share Repo'),
			id: 'b0b0b0b0-0000-4000-8000-000000000001',
			name: 'Future Repo',
			type: 'FutureRepositoryType',
		};
		delete future.usedPercent;
		delete future.freePercent;
		const sobrWith = (status) => ({
			type: 'rewriteList',
			append: [
				{
					id: 'b0b0b0b0-0000-4000-8000-000000000002',
					name: 'Future SOBR',
					description: '',
					performanceTier: {
						performanceExtents: [
							{ id: rev2.repositoryId('Windows Repo 01'), name: 'Windows Repo 01', status },
						],
					},
				},
			],
			total: 2,
			count: -1,
			match: { path: SOBRS },
		});
		await rev2.sim.control.injectFault(sobrWith(['Normal']));
		const poller = await activated(rev2, {});
		await rev2.sim.control.clearFaults();
		await rev2.sim.control.injectFault([
			{
				type: 'rewriteList',
				append: [future],
				total: listed.json.length + 1,
				count: -1,
				match: { path: STATES },
			},
			sobrWith(['Quarantined']),
		]);
		const events = items(await poller.poll());
		expect(events).toContainEqual(
			expect.objectContaining({
				event: 'repositoryAdded',
				repository: expect.objectContaining({ name: 'Future Repo', type: 'FutureRepositoryType' }),
			}),
		);
		const extent = events.find((e) => e.event === 'extentStatusChanged');
		expect(extent).toEqual(
			expect.objectContaining({ repository: expect.objectContaining({ name: 'Windows Repo 01' }) }),
		);
		expect(JSON.stringify(extent)).toContain('"Quarantined"');
	});
});
