// @ts-check
'use strict';

const { startHttp, client, repositorySpec, mountServer, SEED, IDS, REPOS } = require('./helpers');

describe('repository changes run as sessions', () => {
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	beforeAll(async () => {
		sim = await startHttp({ sessionDurationMs: 300 });
		api = client(sim, '1.3-rev1');
		await api.login();
	});
	afterAll(() => sim.close());
	afterEach(() => sim.control.reset());

	test('add: 201 Working session; the repository appears only when it stops with Success', async () => {
		// Long enough that wall-clock time cannot end it; the test moves the simulator's clock instead.
		await sim.control.configure({ sessionDurationMs: 60000 });
		const res = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'New Repo'));
		expect(res.status).toBe(201);
		const s = res.data;
		expect(s).toEqual(expect.objectContaining({
			name: 'Infrastructure Item Saving', sessionType: 'Infrastructure', state: 'Working', progressPercent: 0,
			result: { result: 'None', message: '', isCanceled: false }, initiatedBy: '.\\veeam-rest-service',
			resourceReference: `${REPOS}/${s.resourceId}`,
		}));
		expect(s.jobId).toBe(s.id);
		expect(s).not.toHaveProperty('endTime');
		expect((await api.get(`${REPOS}/${s.resourceId}`)).status).toBe(404);
		expect((await api.get(REPOS, { nameFilter: 'New Repo' })).data.data).toEqual([]);

		await sim.control.advanceClock(30000);
		const mid = (await api.get(`/api/v1/sessions/${s.id}`)).data;
		expect(mid.state).toBe('Working');
		expect(mid.progressPercent).toBeGreaterThan(0);
		expect(mid.progressPercent).toBeLessThan(100);
		expect((await api.get(REPOS, { nameFilter: 'New Repo' })).data.data).toEqual([]);

		await sim.control.advanceClock(30000);
		const done = (await api.get(`/api/v1/sessions/${s.id}`)).data;
		expect(done).toEqual(expect.objectContaining({ state: 'Stopped', progressPercent: 100, result: { result: 'Success', message: 'Success', isCanceled: false } }));
		expect(Date.parse(done.endTime) - Date.parse(done.creationTime)).toBe(60000);
		const repo = (await api.get(`${REPOS}/${s.resourceId}`)).data;
		expect(repo).toEqual(expect.objectContaining({ name: 'New Repo', type: 'WinLocal', hostId: IDS.winRepo01, importOptions: { importBackup: false, importIndex: false } }));
		expect(repo.repository).toEqual(expect.objectContaining({ path: 'D:\\Backups\\New Repo', maxTaskCount: 2, taskLimitEnabled: true, readWriteLimitEnabled: false }));
		expect(repo.repository.advancedSettings).toEqual(expect.objectContaining({ perVmBackup: true, RotatedDriveCleanupMode: 'Disabled' }));
		expect(repo.mountServer).toEqual({ mountServerSettingsType: 'Windows', windows: expect.objectContaining({ mountServerId: IDS.vbr01 }) });
		const state = (await api.get(`${REPOS}/states`, { idFilter: s.resourceId })).data.data[0];
		expect(state).toEqual(expect.objectContaining({ capacityGB: 2048, freeGB: 2048, usedSpaceGB: 0, isOnline: true, hostName: 'win-repo01.lab.local' }));

		const logs = (await api.get(`/api/v1/sessions/${s.id}/logs`)).data;
		expect(logs.records[0]).toEqual(expect.objectContaining({ status: 'Succeeded', title: "Repository 'New Repo' has been added" }));
		expect(logs.records.map((/** @type {any} */ r) => r.title)).toContain('Connecting to server win-repo01.lab.local');
		expect(logs.totalRecords).toBe(logs.records.length);
	});

	test('importBackup/importIndex become importOptions (1.3-rev1)', async () => {
		const res = await api.post(REPOS, repositorySpec('LinuxHardened', '1.3-rev1', 'Hardened Import', { importBackup: true, importIndex: true }));
		const done = await api.waitForSession(res.data.id);
		const repo = (await api.get(`${REPOS}/${done.resourceId}`)).data;
		expect(repo.importOptions).toEqual({ importBackup: true, importIndex: true });
		expect(repo.repository.makeRecentBackupsImmutableDays).toBe(21);
		expect(repo).not.toHaveProperty('importBackup');
		const logs = (await api.get(`/api/v1/sessions/${res.data.id}/logs`)).data.records.map((/** @type {any} */ r) => r.title);
		expect(logs).toContain('Importing existing backups');
	});

	test('Failed leaves the inventory unchanged; Warning applies the change; results are consumed in order', async () => {
		await sim.control.configure({ nextSessionResults: [{ result: 'Failed', message: 'Access denied on D:\\Backups' }, { result: 'Warning' }] });
		const failed = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'Will Fail'));
		const warned = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'Will Warn'));
		const third = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'Will Succeed'));
		const f = await api.waitForSession(failed.data.id);
		expect(f.result).toEqual({ result: 'Failed', message: 'Access denied on D:\\Backups', isCanceled: false });
		expect((await api.get(`${REPOS}/${f.resourceId}`)).status).toBe(404);
		const fLogs = (await api.get(`/api/v1/sessions/${f.id}/logs`)).data.records;
		expect(fLogs[0]).toEqual(expect.objectContaining({ status: 'Failed', title: 'Access denied on D:\\Backups' }));
		expect((await api.get(`/api/v1/sessions/${f.id}/logs`, { statusFilter: 'Failed' })).data.records.every((/** @type {any} */ r) => r.status === 'Failed')).toBe(true);

		const w = await api.waitForSession(warned.data.id);
		expect(w.result.result).toBe('Warning');
		expect(w.result.message).toBeTruthy();
		expect((await api.get(`${REPOS}/${w.resourceId}`)).status).toBe(200);
		expect((await api.get(`/api/v1/sessions/${w.id}/logs`)).data.records[0].status).toBe('Warning');

		expect((await api.waitForSession(third.data.id)).result.result).toBe('Success');
		expect((await api.get('/api/v1/sessions', { resultFilter: ['Failed', 'Warning'] })).data.pagination.total).toBe(2);
		// A failed add releases its name.
		const retry = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'Will Fail'));
		expect(retry.status).toBe(201);
	});

	test('validation: each problem is a 400 UnexpectedContent that names it', async () => {
		const cases = [
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), type: undefined }, /type is required/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), type: 'Floppy' }, /'Floppy' is not a repository type/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), type: 'DDBoost' }, /cannot be created/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), name: undefined }, /name is required/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), description: undefined }, /description is required/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), repository: undefined }, /repository is required/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), hostId: IDS.lnxRepo01 }, /hostId.*LinuxHost.*WindowsHost/],
			[{ ...repositorySpec('LinuxLocal', '1.3-rev1', 'X'), hostId: IDS.vcenter }, /hostId.*ViHost/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), hostId: '0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11' }, /hostId refers to managed server .* does not exist/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), hostId: 'abc' }, /hostId must be a UUID/],
			[repositorySpec('WinLocal', '1.3-rev1', 'default backup repository'), /already used/],
			[repositorySpec('WinLocal', '1.3-rev1', 'SOBR Primary'), /already used/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), mountServer: mountServer('1.2-rev1') }, /mountServer must be a MountServersSettingsModel/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), mountServer: { mountServerSettingsType: 'Both', windows: mountServer('1.2-rev1') } }, /mountServer.linux is required/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), mountServer: { mountServerSettingsType: 'Linux', linux: { ...mountServer('1.2-rev1'), mountServerId: IDS.vbr01 } } }, /mountServer.linux.mountServerId.*WindowsHost.*LinuxHost/],
			[{ ...repositorySpec('WinLocal', '1.3-rev1', 'X'), mountServer: { mountServerSettingsType: 'Sometimes' } }, /mountServerSettingsType must be one of/],
			[repositorySpec('Smb', '1.3-rev1', 'X', { share: { sharePath: '\\\\nas\\x', gatewayServer: { autoSelectEnabled: false } } }), /gatewayServerIds must list/],
			[repositorySpec('Smb', '1.3-rev1', 'X', { share: { sharePath: '\\\\nas\\x', credentialsId: IDS.awsCloud } }), /share.credentialsId refers to credentials/],
			[repositorySpec('S3Compatible', '1.3-rev1', 'X', { account: { servicePoint: 'https://s3', regionId: 'r', credentialsId: IDS.azureCloud, connectionSettings: { connectionType: 'Direct' } } }), /AzureStorage cloud credentials; S3Compatible repositories need Amazon/],
			[repositorySpec('AmazonS3', '1.3-rev1', 'X', { bucket: { bucketName: 'b', folderName: 'f' } }), /bucket.regionId is required/],
			[repositorySpec('AzureBlob', '1.3-rev1', 'X', { account: { credentialsId: IDS.azureCloud, regionType: 'Mars', connectionSettings: { connectionType: 'Direct' } } }), /regionType must be one of China, Global, Government/],
			[repositorySpec('AzureBlob', '1.3-rev1', 'X', { account: { credentialsId: IDS.azureCloud, regionType: 'Global', connectionSettings: { connectionType: 'SelectedGateway' } } }), /gatewayServerIds must list/],
			[repositorySpec('LinuxHardened', '1.3-rev1', 'X', { repository: { makeRecentBackupsImmutableDays: '14' } }), /makeRecentBackupsImmutableDays must be an integer/],
		];
		for (const [body, message] of cases) {
			const res = await api.post(REPOS, body);
			expect({ status: res.status, errorCode: res.data.errorCode }).toEqual({ status: 400, errorCode: 'UnexpectedContent' });
			expect(res.data.message).toMatch(/** @type {RegExp} */ (message));
		}
		const raw = await api.http.post(REPOS, '{"name": ', { headers: { 'Content-Type': 'application/json' }, transformRequest: [(d) => d] });
		expect(raw.status).toBe(400);
		expect(raw.data.message).toMatch(/not valid JSON/);
		expect((await api.post(REPOS, ['WinLocal'])).data.message).toMatch(/must be a JSON object/);
		expect((await api.get('/api/v1/sessions', { stateFilter: 'Working' })).data.pagination.total).toBe(0);
	});

	test('a name being added cannot be added twice', async () => {
		expect((await api.post(REPOS, repositorySpec('Nfs', '1.3-rev1', 'Twin'))).status).toBe(201);
		const second = await api.post(REPOS, repositorySpec('Nfs', '1.3-rev1', 'twin'));
		expect(second.status).toBe(400);
		expect(second.data.message).toMatch(/already used/);
	});

	test('edit: PUT the full model; applied when the session stops; id and type are checked', async () => {
		const id = SEED.repositories['Linux Repo 01'];
		const model = (await api.get(`${REPOS}/${id}`)).data;
		const body = { ...model, name: 'Linux Repo 01 (renamed)', repository: { ...model.repository, maxTaskCount: 16 } };
		const res = await api.put(`${REPOS}/${id}`, body);
		expect(res.status).toBe(201);
		expect(res.data).toEqual(expect.objectContaining({ sessionType: 'Infrastructure', resourceId: id, state: 'Working' }));
		expect((await api.get(`${REPOS}/${id}`)).data.name).toBe('Linux Repo 01');
		await api.waitForSession(res.data.id);
		const after = (await api.get(`${REPOS}/${id}`)).data;
		expect(after.name).toBe('Linux Repo 01 (renamed)');
		expect(after.repository.maxTaskCount).toBe(16);
		expect(after.uniqueId).toBe(model.uniqueId);
		expect((await api.get(`${REPOS}/states`, { idFilter: id })).data.data[0].name).toBe('Linux Repo 01 (renamed)');

		const typeChange = await api.put(`${REPOS}/${id}`, { ...after, type: 'LinuxHardened' });
		expect(typeChange.status).toBe(400);
		expect(typeChange.data.message).toMatch(/type cannot be changed/);
		const idChange = await api.put(`${REPOS}/${id}`, { ...after, id: SEED.defaultRepositoryId });
		expect(idChange.data.message).toMatch(/does not match/);
		const noId = await api.put(`${REPOS}/${id}`, { ...after, id: undefined });
		expect(noId.data.message).toMatch(/id is required/);
		const clash = await api.put(`${REPOS}/${id}`, { ...after, name: 'Windows Repo 01' });
		expect(clash.data.message).toMatch(/already used/);
		const missing = await api.put(`${REPOS}/0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11`, { ...after, id: '0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11' });
		expect(missing.status).toBe(404);
		expect(missing.data).toEqual({ errorCode: 'NotFound', message: expect.any(String), resourceId: '0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11' });
	});

	test('an edit whose repository was deleted meanwhile ends Failed', async () => {
		const id = SEED.repositories['Azure Blob Repo'];
		const model = (await api.get(`${REPOS}/${id}`)).data;
		const res = await api.put(`${REPOS}/${id}`, { ...model, description: 'late edit' });
		expect((await api.del(`${REPOS}/${id}`)).status).toBe(204);
		const done = await api.waitForSession(res.data.id);
		expect(done.result.result).toBe('Failed');
		expect(done.result.message).toMatch(/no longer exists/);
		expect((await api.get(`${REPOS}/${id}`)).status).toBe(404);
	});

	test('delete: 204 without a body; extents and capacity tier members cannot be removed', async () => {
		const id = SEED.repositories['Amazon S3 Repo'];
		const res = await api.del(`${REPOS}/${id}`, { deleteBackups: true });
		expect(res.status).toBe(204);
		expect(res.data).toBe('');
		expect((await api.get(`${REPOS}/${id}`)).status).toBe(404);
		expect((await api.get(`${REPOS}/states`, { idFilter: id })).data.data).toEqual([]);
		expect((await api.del(`${REPOS}/${id}`)).status).toBe(404);
		const deletion = (await api.get('/api/v1/sessions', { typeFilter: ['InfrastructureItemDeletion'] })).data.data[0];
		expect(deletion).toEqual(expect.objectContaining({ state: 'Stopped', resourceId: id, result: expect.objectContaining({ result: 'Success' }) }));

		for (const [name, pattern] of [['SOBR Extent 02', /performance extent of scale-out backup repository 'SOBR Primary'/], ['SOBR Capacity S3', /capacity tier/]]) {
			const r = await api.del(`${REPOS}/${SEED.repositories[name]}`);
			expect(r.status).toBe(400);
			expect(r.data.errorCode).toBe('UnexpectedContent');
			expect(r.data.message).toMatch(pattern);
		}
		expect((await api.del(`${REPOS}/not-a-guid`)).data).toEqual({ errorCode: 'InvalidURI', message: 'The request URI is invalid.' });
		expect((await api.del(`${REPOS}/${SEED.defaultRepositoryId}`, { deleteBackups: 'maybe' })).status).toBe(400);
	});

	test('rescan: 201 ConfigurationResynchronize session; unknown id 404; body checked', async () => {
		const ids = [SEED.repositories['SMB Share Repo'], SEED.repositories['NFS Share Repo']];
		const res = await api.post(`${REPOS}/rescan`, { repositoryIds: ids });
		expect(res.status).toBe(201);
		expect(res.data).toEqual(expect.objectContaining({ sessionType: 'ConfigurationResynchronize', name: 'Configuration Database Resynchronize', state: 'Working' }));
		const done = await api.waitForSession(res.data.id);
		expect(done.result.result).toBe('Success');
		const titles = (await api.get(`/api/v1/sessions/${done.id}/logs`)).data.records.map((/** @type {any} */ r) => r.title);
		expect(titles).toEqual(expect.arrayContaining(["Rescanning repository 'SMB Share Repo'", "Rescanning repository 'NFS Share Repo'"]));
		const single = (await api.post(`${REPOS}/rescan`, { repositoryIds: [ids[0]] })).data;
		expect(single.resourceId).toBe(ids[0]);

		const missing = await api.post(`${REPOS}/rescan`, { repositoryIds: [ids[0], '0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11'] });
		expect(missing.status).toBe(404);
		expect(missing.data.resourceId).toBe('0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11');
		for (const body of [{}, { repositoryIds: [] }, { repositoryIds: 'x' }, { repositoryIds: ['nope'] }]) {
			expect((await api.post(`${REPOS}/rescan`, body)).status).toBe(400);
		}
	});

	test('stop: a running session ends at once, canceled, and its change is not applied', async () => {
		await sim.control.configure({ sessionDurationMs: 60000 });
		const res = await api.post(REPOS, repositorySpec('Nfs', '1.3-rev1', 'Never'));
		expect((await api.post(`/api/v1/sessions/${res.data.id}/stop`)).data).toEqual({});
		const s = (await api.get(`/api/v1/sessions/${res.data.id}`)).data;
		expect(s).toEqual(expect.objectContaining({ state: 'Stopped', progressPercent: 100, result: expect.objectContaining({ result: 'Failed', isCanceled: true }) }));
		expect((await api.get(REPOS, { nameFilter: 'Never' })).data.data).toEqual([]);
		// Stopping again changes nothing.
		expect((await api.post(`/api/v1/sessions/${res.data.id}/stop`)).status).toBe(200);
		expect((await api.get(`/api/v1/sessions/${res.data.id}`)).data.usn).toBe(s.usn);
	});

	test('a running session reveals its log step by step', async () => {
		await sim.control.configure({ sessionDurationMs: 80000 });
		const res = await api.post(REPOS, repositorySpec('S3Compatible', '1.3-rev1', 'Slow S3'));
		const early = (await api.get(`/api/v1/sessions/${res.data.id}/logs`)).data.records;
		expect(early).toHaveLength(1);
		expect(early[0].status).toBe('None');
		await sim.control.advanceClock(45000);
		const later = (await api.get(`/api/v1/sessions/${res.data.id}/logs`)).data.records;
		expect(later.length).toBeGreaterThan(1);
		expect(later.length).toBeLessThan(4);
		expect(later.slice(1).every((/** @type {any} */ r) => r.status === 'Succeeded')).toBe(true);
		await sim.control.advanceClock(35000);
		expect((await api.get(`/api/v1/sessions/${res.data.id}`)).data.state).toBe('Stopped');
		const final = (await api.get(`/api/v1/sessions/${res.data.id}/logs`)).data.records;
		expect(final.map((/** @type {any} */ r) => r.id)).toEqual([4, 3, 2, 1]);
	});

	test('1.2-rev1: single mountServer in and out; the 1.3 shape is rejected', async () => {
		const api12 = client(sim, '1.2-rev1');
		await api12.login();
		const res = await api12.post(REPOS, repositorySpec('LinuxLocal', '1.2-rev1', 'Old Style'));
		expect(res.status).toBe(201);
		expect(res.data).not.toHaveProperty('initiatedBy');
		const done = await api12.waitForSession(res.data.id);
		const repo12 = (await api12.get(`${REPOS}/${done.resourceId}`)).data;
		expect(repo12.mountServer).toEqual(expect.objectContaining({ mountServerId: IDS.lnxRepo01, writeCacheFolder: '/var/lib/veeam/IRCache/' }));
		expect(repo12).not.toHaveProperty('importOptions');
		const repo13 = (await api.get(`${REPOS}/${done.resourceId}`)).data;
		expect(repo13.mountServer).toEqual({ mountServerSettingsType: 'Linux', linux: expect.objectContaining({ mountServerId: IDS.lnxRepo01 }) });

		const wrong = await api12.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'New Style'));
		expect(wrong.status).toBe(400);
		expect(wrong.data.message).toMatch(/MountServerSettingsModel .* 1\.3 MountServersSettingsModel/);
		// SMB credentials are required before 1.3-rev1.
		const smb = repositorySpec('Smb', '1.2-rev1', 'Smb 12', { share: { sharePath: '\\\\nas01\\x', gatewayServer: { autoSelectEnabled: true } } });
		expect((await api12.post(REPOS, smb)).data.message).toMatch(/share.credentialsId is required/);
		expect((await api.post(REPOS, { ...smb, mountServer: mountServer('1.3-rev1') })).status).toBe(201);
	});

	test('1.2-rev1 edit keeps what 1.2 cannot see (Linux mount server, importOptions)', async () => {
		const api12 = client(sim, '1.2-rev1');
		await api12.login();
		const id = SEED.repositories['Linux Repo 01']; // mountServer Both
		const model12 = (await api12.get(`${REPOS}/${id}`)).data;
		expect(model12.mountServer.mountServerId).toBe(IDS.vbr01);
		const res = await api12.put(`${REPOS}/${id}`, { ...model12, description: 'edited by 1.2' });
		await api12.waitForSession(res.data.id);
		const model13 = (await api.get(`${REPOS}/${id}`)).data;
		expect(model13.description).toBe('edited by 1.2');
		expect(model13.mountServer.mountServerSettingsType).toBe('Both');
		expect(model13.mountServer.linux.mountServerId).toBe(IDS.lnxRepo01);
		expect(model13.importOptions).toEqual({ importBackup: false, importIndex: false });
	});

	test('1.2-rev0 has no rescan', async () => {
		const api120 = client(sim, '1.2-rev0');
		await api120.login();
		const res = await api120.post(`${REPOS}/rescan`, { repositoryIds: [SEED.defaultRepositoryId] });
		expect(res.status).toBe(404);
		expect(res.data.message).toMatch(/not available in API version 1\.2-rev0/);
	});

	test('store reads settle finished sessions without any request', async () => {
		await sim.control.configure({ sessionDurationMs: 60000 });
		const res = await api.post(REPOS, repositorySpec('WinLocal', '1.3-rev1', 'Direct Read'));
		expect(sim.store.getRepository(res.data.resourceId)).toBeUndefined();
		await sim.control.advanceClock(60000);
		expect(sim.store.getRepository(res.data.resourceId).model.name).toBe('Direct Read');
	});
});
