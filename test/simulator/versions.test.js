// @ts-check
'use strict';

const { startHttp, client, repositorySpec, SEED, IDS, REPOS, SOBRS } = require('./helpers');

describe('per-revision shapes', () => {
	/** @type {any} */
	let sim;
	/** @type {Record<string, ReturnType<typeof client>>} */
	const api = {};
	beforeAll(async () => {
		sim = await startHttp({ sessionDurationMs: 50 });
		for (const v of ['1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0']) {
			api[v] = client(sim, v);
			await api[v].login();
		}
	});
	afterAll(() => sim.close());
	afterEach(() => sim.control.reset());

	const repo = async (/** @type {string} */ v, /** @type {string} */ name) => (await api[v].get(`${REPOS}/${SEED.repositories[name]}`)).data;

	test('mountServer: 1.3-rev1 PascalCase, 1.3-rev0 camelCase, 1.2 single model', async () => {
		expect((await repo('1.3-rev1', 'Linux Repo 01')).mountServer.mountServerSettingsType).toBe('Both');
		expect((await repo('1.3-rev0', 'Linux Repo 01')).mountServer.mountServerSettingsType).toBe('both');
		const old = (await repo('1.2-rev1', 'Hardened Repo 01')).mountServer;
		expect(old).toEqual({ mountServerId: IDS.lnxRepo01, writeCacheFolder: '/var/lib/veeam/IRCache/', vPowerNFSEnabled: true, vPowerNFSPortSettings: { mountPort: 1063, vPowerNFSPort: 2049 } });
		const mount13 = (await api['1.3-rev0'].get('/api/v1/backupInfrastructure/mountServers')).data.data;
		expect(new Set(mount13.map((/** @type {any} */ m) => m.type))).toEqual(new Set(['windows', 'linux']));
		const mountRev1 = (await api['1.3-rev1'].get('/api/v1/backupInfrastructure/mountServers', { typeFilter: 'linux' })).data.data;
		expect(mountRev1.map((/** @type {any} */ m) => m.type)).toEqual(['Linux']);
	});

	test('both casings are accepted on input', async () => {
		const lower = repositorySpec('WinLocal', '1.3-rev1', 'Lower', { mountServer: { mountServerSettingsType: 'windows', windows: repositorySpec('WinLocal', '1.2-rev1', 'x').mountServer } });
		expect((await api['1.3-rev1'].post(REPOS, lower)).status).toBe(201);
		const upper = repositorySpec('WinLocal', '1.3-rev1', 'Upper');
		expect((await api['1.3-rev0'].post(REPOS, upper)).status).toBe(201);
		const days = (await api['1.2-rev1'].get(`${SOBRS}/${IDS.sobr}`)).data;
		days.capacityTier.offloadWindow.days[0].day = 'Monday';
		expect((await api['1.2-rev1'].put(`${SOBRS}/${IDS.sobr}`, days)).status).toBe(201);
	});

	test('enums: EDayOfWeek lower-case in 1.2 and 1.3-rev0; extent status stays PascalCase in 1.3-rev0', async () => {
		const rev0 = (await api['1.3-rev0'].get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(rev0.capacityTier.offloadWindow.days[0].day).toBe('monday');
		expect(rev0.capacityTier.backupHealth.weekly.days).toEqual(['saturday']);
		expect(rev0.performanceTier.performanceExtents[0].status).toEqual(['Normal']);
		const rev1 = (await api['1.3-rev1'].get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(rev1.capacityTier.backupHealth.weekly.days).toEqual(['Saturday']);
		expect((await api['1.2-rev0'].get(`${SOBRS}/${IDS.sobr}`)).data.performanceTier.performanceExtents[0].status).toBe('Normal');
	});

	test('importOptions and S3 auto-provisioning exist only in 1.3-rev1', async () => {
		expect((await repo('1.3-rev1', 'SMB Share Repo')).importOptions).toEqual({ importBackup: false, importIndex: false });
		for (const v of ['1.3-rev0', '1.2-rev1']) expect(await repo(v, 'SMB Share Repo')).not.toHaveProperty('importOptions');
		expect((await repo('1.3-rev1', 'S3 Compatible Repo')).bucket.enableAutoProvision).toBe(false);
		expect((await repo('1.3-rev0', 'S3 Compatible Repo')).bucket).not.toHaveProperty('enableAutoProvision');
	});

	test('object storage immutability: immutabilityMode and Azure/Google immutability are 1.3 only', async () => {
		expect((await repo('1.3-rev1', 'Amazon S3 Repo')).bucket.immutability).toEqual({ isEnabled: true, daysCount: 30, immutabilityMode: 'RetentionSettings' });
		expect((await repo('1.2-rev1', 'Amazon S3 Repo')).bucket.immutability).toEqual({ isEnabled: true, daysCount: 30 });
		expect((await repo('1.3-rev1', 'Azure Blob Repo')).container).toHaveProperty('immutability');
		expect((await repo('1.2-rev1', 'Azure Blob Repo')).container).not.toHaveProperty('immutability');
		// A 1.2 edit keeps the 1.3-only immutabilityMode.
		const model = await repo('1.2-rev1', 'Amazon S3 Repo');
		const put = await api['1.2-rev1'].put(`${REPOS}/${model.id}`, { ...model, bucket: { ...model.bucket, immutability: { isEnabled: true, daysCount: 60 } } });
		await api['1.2-rev1'].waitForSession(put.data.id);
		expect((await repo('1.3-rev1', 'Amazon S3 Repo')).bucket.immutability).toEqual({ isEnabled: true, daysCount: 60, immutabilityMode: 'RetentionSettings' });
	});

	test('sessions: initiatedBy only in 1.3; serverInfo platform/veeamRegistration only in 1.3', async () => {
		const s13 = (await api['1.3-rev1'].get('/api/v1/sessions')).data.data[0];
		expect(s13.initiatedBy).toBe('.\\administrator');
		const s12 = (await api['1.2-rev1'].get('/api/v1/sessions')).data.data[0];
		expect(s12).not.toHaveProperty('initiatedBy');
		expect((await api['1.3-rev1'].get('/api/v1/serverInfo')).data).toEqual(expect.objectContaining({ platform: 'Windows', buildVersion: '13.0.1.180' }));
		expect((await api['1.2-rev1'].get('/api/v1/serverInfo')).data).not.toHaveProperty('platform');
	});

	test('VeeamDataCloudVault exists in 1.3 only and is hidden from 1.2 lists', async () => {
		const vault = {
			name: 'Vault', description: 'VDC vault', type: 'VeeamDataCloudVault',
			account: { vault: { vaultId: 'vault-123', isInitialized: true } },
			container: { folder: 'vbr01', immutability: { isEnabled: true, daysCount: 30 } },
			mountServer: repositorySpec('WinLocal', '1.3-rev1', 'x').mountServer,
		};
		const res = await api['1.3-rev1'].post(REPOS, vault);
		expect(res.status).toBe(201);
		const done = await api['1.3-rev1'].waitForSession(res.data.id);
		expect((await api['1.3-rev1'].get(`${REPOS}/${done.resourceId}`)).data.type).toBe('VeeamDataCloudVault');
		expect((await api['1.2-rev1'].get(`${REPOS}/${done.resourceId}`)).status).toBe(404);
		expect((await api['1.2-rev1'].get(REPOS)).data.pagination.total).toBe(13);
		expect((await api['1.3-rev1'].get(REPOS)).data.pagination.total).toBe(14);
		const old = await api['1.2-rev1'].post(REPOS, { ...vault, name: 'Vault 2', mountServer: repositorySpec('WinLocal', '1.2-rev1', 'x').mountServer });
		expect(old.status).toBe(400);
		expect(old.data.message).toMatch(/not a repository type in API 1\.2-rev1/);
	});
});
