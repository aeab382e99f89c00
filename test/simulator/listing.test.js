// @ts-check
'use strict';

const { startHttp, client, SEED, IDS, REPOS, SOBRS } = require('./helpers');

const SEEDED = Object.keys(SEED.repositories);

describe('lists: pagination, filters, sorting', () => {
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	/** @type {ReturnType<typeof client>} */
	let api12;
	beforeAll(async () => {
		sim = await startHttp();
		api = client(sim, '1.3-rev1');
		api12 = client(sim, '1.2-rev1');
		await api.login();
		await api12.login();
	});
	afterAll(() => sim.close());

	test('repositories default to insertion order with limit 200 and a full pagination block', async () => {
		const res = await api.get(REPOS);
		expect(res.status).toBe(200);
		expect(res.data.data.map((/** @type {any} */ r) => r.name)).toEqual(SEEDED);
		expect(res.data.pagination).toEqual({ total: SEEDED.length, count: SEEDED.length, skip: 0, limit: 200 });
	});

	test('skip and limit page through without gaps or overlaps', async () => {
		const names = [];
		for (let skip = 0; skip < SEEDED.length; skip += 4) {
			const res = await api.get(REPOS, { skip, limit: 4 });
			expect(res.data.pagination).toEqual({ total: SEEDED.length, count: Math.min(4, SEEDED.length - skip), skip, limit: 4 });
			names.push(...res.data.data.map((/** @type {any} */ r) => r.name));
		}
		expect(names).toEqual(SEEDED);
		const past = await api.get(REPOS, { skip: 100 });
		expect(past.data.data).toEqual([]);
		expect(past.data.pagination.total).toBe(SEEDED.length);
		expect((await api.get(REPOS, { limit: 0 })).data.pagination).toEqual({ total: SEEDED.length, count: 0, skip: 0, limit: 0 });
	});

	test('orderColumn/orderAsc sort (case-insensitive), skip applies after sorting', async () => {
		const asc = (await api.get(REPOS, { orderColumn: 'Name', orderAsc: true })).data.data.map((/** @type {any} */ r) => r.name);
		const expected = [...SEEDED].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
		expect(asc).toEqual(expected);
		const desc = (await api.get(REPOS, { orderColumn: 'name', orderAsc: false, skip: 1, limit: 2 })).data.data.map((/** @type {any} */ r) => r.name);
		expect(desc).toEqual([...expected].reverse().slice(1, 3));
		const byType = (await api.get(REPOS, { orderColumn: 'Type' })).data.data.map((/** @type {any} */ r) => r.type);
		expect(byType).toEqual([...byType].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
		const byHost = (await api.get(REPOS, { orderColumn: 'Host', typeFilter: 'WinLocal' })).data.data.map((/** @type {any} */ r) => r.hostId);
		expect(byHost[0]).toBe(IDS.vbr01); // vbr01 < win-repo01
	});

	test('nameFilter: * at the start and/or end, otherwise exact, case-insensitive', async () => {
		const names = async (/** @type {string} */ f) => (await api.get(REPOS, { nameFilter: f })).data.data.map((/** @type {any} */ r) => r.name);
		expect(await names('sobr*')).toEqual(['SOBR Extent 01', 'SOBR Extent 02', 'SOBR Extent 03', 'SOBR Capacity S3']);
		expect(await names('*repo 01')).toEqual(['Windows Repo 01', 'Linux Repo 01', 'Hardened Repo 01']);
		expect(await names('*share*')).toEqual(['SMB Share Repo', 'NFS Share Repo']);
		expect(await names('linux repo 01')).toEqual(['Linux Repo 01']);
		expect(await names('Linux')).toEqual([]);
	});

	test('typeFilter is an array in 1.3 and a single value in 1.2', async () => {
		const t13 = await api.get(REPOS, { typeFilter: ['Smb', 'Nfs'] });
		expect(t13.data.data.map((/** @type {any} */ r) => r.type)).toEqual(['Smb', 'Nfs']);
		const t12 = await api12.get(REPOS, { typeFilter: 'LinuxHardened' });
		expect(t12.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['Hardened Repo 01']);
		// 1.2 binds a repeated scalar to its first value, as ASP.NET does.
		const first = await api12.get(REPOS, { typeFilter: ['Smb', 'Nfs'] });
		expect(first.data.data.map((/** @type {any} */ r) => r.type)).toEqual(['Smb']);
		const bad = await api.get(REPOS, { typeFilter: 'Floppy' });
		expect(bad.status).toBe(400);
		expect(bad.data.errorCode).toBe('UnexpectedContent');
		// 1.3 types do not exist in 1.2.
		expect((await api12.get(REPOS, { typeFilter: 'VeeamDataCloudVault' })).status).toBe(400);
	});

	test('hostIdFilter, pathFilter and (1.3) excludeExtents', async () => {
		const host = await api.get(REPOS, { hostIdFilter: IDS.winRepo01 });
		expect(host.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['Windows Repo 01', 'SOBR Extent 01', 'SOBR Extent 02']);
		const path = await api.get(REPOS, { pathFilter: '/mnt/*' });
		expect(path.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['Linux Repo 01', 'Hardened Repo 01', 'SOBR Extent 03']);
		const noExt = await api.get(REPOS, { excludeExtents: true });
		expect(noExt.data.data.map((/** @type {any} */ r) => r.name)).toEqual(SEEDED.filter((n) => !n.startsWith('SOBR ')));
		// 1.2 has no excludeExtents: the parameter is ignored.
		expect((await api12.get(REPOS, { excludeExtents: true })).data.pagination.total).toBe(SEEDED.length);
		expect((await api.get(REPOS, { hostIdFilter: 'nope' })).status).toBe(400);
	});

	test('invalid paging values are 400', async () => {
		for (const params of [{ skip: -1 }, { limit: 'ten' }, { orderAsc: 'yes' }, { orderColumn: 'Size' }]) {
			const res = await api.get(REPOS, params);
			expect(res.status).toBe(400);
			expect(res.data.errorCode).toBe('UnexpectedContent');
		}
	});

	test('states: realistic capacities, sorting by numbers, size filters', async () => {
		const res = await api.get(`${REPOS}/states`);
		const byName = Object.fromEntries(res.data.data.map((/** @type {any} */ s) => [s.name, s]));
		const low = byName['Linux Repo 01'];
		expect(low.freeGB / low.capacityGB).toBeLessThan(0.1);
		expect(byName['SMB Share Repo'].isOnline).toBe(false);
		expect(byName['Windows Repo 01'].isOutOfDate).toBe(true);
		expect(byName['S3 Compatible Repo'].capacityGB).toBe(-1);
		expect(byName['Amazon S3 Repo'].capacityGB).toBe(0);
		expect(byName['Default Backup Repository']).toEqual(expect.objectContaining({ hostName: 'vbr01.lab.local', path: 'C:\\Backup' }));

		const free = (await api.get(`${REPOS}/states`, { orderColumn: 'FreeGB', orderAsc: false })).data.data.map((/** @type {any} */ s) => s.freeGB);
		expect(free).toEqual([...free].sort((a, b) => b - a));
		const big = await api.get(`${REPOS}/states`, { capacityFilter: 4096 });
		expect(big.data.data.every((/** @type {any} */ s) => s.capacityGB >= 4096)).toBe(true);
		expect(big.data.pagination.total).toBe(4);
		expect((await api.get(`${REPOS}/states`, { isOnlineFilter: false })).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['SMB Share Repo']);
		expect((await api.get(`${REPOS}/states`, { idFilter: IDS.extent2 })).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['SOBR Extent 02']);
		expect((await api.get(`${REPOS}/states`, { typeFilter: 'AzureBlob' })).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['Azure Blob Repo']);
	});

	test('states (1.3): isOutOfDate, scaleOutRepositoryDetails and the sobr filters; 1.2 has none of them', async () => {
		const states = (await api.get(`${REPOS}/states`, { sobrIdFilter: IDS.sobr })).data.data;
		expect(states.map((/** @type {any} */ s) => [s.name, s.scaleOutRepositoryDetails.extentType])).toEqual([
			['SOBR Extent 01', 'Performance'], ['SOBR Extent 02', 'Performance'], ['SOBR Extent 03', 'Performance'], ['SOBR Capacity S3', 'Capacity'],
		]);
		expect(states[0].scaleOutRepositoryDetails).toEqual({ membership: 'SOBR Primary', scaleOutRepositoryId: IDS.sobr, extentType: 'Performance' });
		const cap = await api.get(`${REPOS}/states`, { sobrExtentTypeFilter: 'Capacity' });
		expect(cap.data.data.map((/** @type {any} */ s) => s.name)).toEqual(['SOBR Capacity S3']);
		expect((await api.get(`${REPOS}/states`, { sobrMembershipFilter: '*primary' })).data.pagination.total).toBe(4);
		expect((await api.get(`${REPOS}/states`, { isOutOfDateFilter: true })).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['Windows Repo 01']);
		expect((await api.get(`${REPOS}/states`, { excludeExtents: true })).data.pagination.total).toBe(SEEDED.length - 4);
		const membership = (await api.get(`${REPOS}/states`, { orderColumn: 'Membership', orderAsc: false })).data.data;
		expect(membership[0].scaleOutRepositoryDetails).toBeDefined();

		const old = (await api12.get(`${REPOS}/states`, { sobrIdFilter: IDS.sobr, isOutOfDateFilter: true })).data;
		expect(old.pagination.total).toBe(SEEDED.length); // filters unknown to 1.2 are ignored
		for (const s of old.data) {
			expect(s).not.toHaveProperty('isOutOfDate');
			expect(s).not.toHaveProperty('scaleOutRepositoryDetails');
		}
		expect((await api12.get(`${REPOS}/states`, { orderColumn: 'Membership' })).status).toBe(400);
	});

	test('managed servers: typeFilter, nameFilter, serverStateFilter, order', async () => {
		const all = (await api.get('/api/v1/backupInfrastructure/managedServers')).data;
		expect(all.pagination.total).toBe(7);
		const linux = (await api.get('/api/v1/backupInfrastructure/managedServers', { typeFilter: ['LinuxHost'] })).data.data;
		expect(linux.map((/** @type {any} */ s) => s.name)).toEqual(['lnx-repo01.lab.local', 'lnx-hardened01.lab.local']);
		expect(linux[1].credentialsStorageType).toBe('SingleUse');
		const both = (await api.get('/api/v1/backupInfrastructure/managedServers', { typeFilter: ['LinuxHost', 'WindowsHost'], orderColumn: 'Name' })).data.data;
		expect(both.map((/** @type {any} */ s) => s.name)).toEqual(['gw01.lab.local', 'lnx-hardened01.lab.local', 'lnx-repo01.lab.local', 'vbr01.lab.local', 'win-old01.lab.local', 'win-repo01.lab.local']);
		const down = (await api.get('/api/v1/backupInfrastructure/managedServers', { serverStateFilter: 'Unavailable' })).data.data;
		expect(down.map((/** @type {any} */ s) => s.name)).toEqual(['win-old01.lab.local']);
		expect((await api.get('/api/v1/backupInfrastructure/managedServers', { nameFilter: '*.LAB.LOCAL', limit: 1 })).data.pagination).toEqual({ total: 7, count: 1, skip: 0, limit: 1 });
		const backupServer = (await api.get(`/api/v1/backupInfrastructure/managedServers/${IDS.vbr01}`)).data;
		expect(backupServer).toEqual(expect.objectContaining({ isBackupServer: true, isDefaultMountServer: true, type: 'WindowsHost' }));
		const win12 = (await api12.get(`/api/v1/backupInfrastructure/managedServers/${IDS.vbr01}`)).data;
		expect(win12).not.toHaveProperty('isBackupServer');
		expect(win12.credentialsId).toBe(SEED.credentials['LAB\\svc-veeam']);
	});

	test('credentials and cloud credentials filters', async () => {
		const linux = (await api.get('/api/v1/credentials', { typeFilter: 'Linux' })).data.data;
		expect(linux.map((/** @type {any} */ c) => c.username)).toEqual(['root']);
		expect((await api.get('/api/v1/credentials', { nameFilter: 'LAB\\*' })).data.pagination.total).toBe(2);
		expect((await api.get('/api/v1/credentials', { createdAfterFilter: '2030-01-01T00:00:00Z' })).data.pagination.total).toBe(0);
		const azure = (await api.get('/api/v1/cloudCredentials', { typeFilter: 'AzureStorage' })).data.data;
		expect(azure).toEqual([expect.objectContaining({ account: 'labveeambackup', type: 'AzureStorage', id: IDS.azureCloud })]);
		expect((await api.get('/api/v1/cloudCredentials', { nameFilter: 'minio*' })).data.data.map((/** @type {any} */ c) => c.id)).toEqual([IDS.minioCloud]);
	});

	test('scale-out repositories list and nameFilter', async () => {
		expect((await api.get(SOBRS)).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['SOBR Primary']);
		expect((await api.get(SOBRS, { nameFilter: 'nothing*' })).data.pagination).toEqual({ total: 0, count: 0, skip: 0, limit: 200 });
	});

	test('sessions: newest first by default; type/state/result filters; order', async () => {
		const list = (await api.get('/api/v1/sessions')).data.data;
		const times = list.map((/** @type {any} */ s) => Date.parse(s.creationTime));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect((await api.get('/api/v1/sessions', { typeFilter: ['ConfigurationResynchronize'] })).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['Configuration Database Resynchronize']);
		expect((await api12.get('/api/v1/sessions', { typeFilter: 'Infrastructure' })).data.data.map((/** @type {any} */ s) => s.name)).toEqual(['Infrastructure Item Saving']);
		expect((await api.get('/api/v1/sessions', { stateFilter: 'Working' })).data.pagination.total).toBe(0);
		expect((await api.get('/api/v1/sessions', { resultFilter: ['Failed'] })).data.pagination.total).toBe(0);
		const asc = (await api.get('/api/v1/sessions', { orderColumn: 'CreationTime', orderAsc: true })).data.data;
		expect(asc.map((/** @type {any} */ s) => s.id)).toEqual([...list].reverse().map((/** @type {any} */ s) => s.id));
		expect((await api.get('/api/v1/sessions', { createdAfterFilter: 'yesterday' })).status).toBe(400);
	});
});
