// @ts-check
'use strict';

/**
 * The four revisions with an official spec plus 1.2-rev0, the VBR release the simulator pretends to be, and
 * what 1.3-rev2 changed (renamed and new repository types, ActionRequired, access permissions, governance mode,
 * optional mount server, the states typeFilter array and Status column, the log additionalInfo list).
 */
const { startHttp, client, repositorySpec, SEED, IDS, REPOS } = require('./helpers');
const { VBR_RELEASES } = require('../../simulator/versions');

const APPLIANCES = SEED.applianceRepositories;

describe('VBR release (vbrVersion)', () => {
	test.each([
		['13.1', '13.1.0.411', ['1.3-rev2', '1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0']],
		['13.0.1', '13.0.1.180', ['1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0']],
		['13.0.0', '13.0.0.4967', ['1.3-rev0', '1.2-rev1', '1.2-rev0']],
		['12.3.1', '12.3.1.1139', ['1.2-rev1', '1.2-rev0']],
	])('VBR %s: build %s, revisions %j; a newer revision is refused listing them', async (vbrVersion, build, versions) => {
		const sim = await startHttp({ vbrVersion });
		try {
			expect(sim.supportedVersions).toEqual(versions);
			expect(sim.buildVersion).toBe(build);
			const api = client(sim, versions[0]);
			await api.login();
			expect((await api.get('/api/v1/serverInfo')).data.buildVersion).toBe(build);
			const newer = ['1.3-rev2', '1.3-rev1', '1.3-rev0', '1.2-rev1'].find((v) => !versions.includes(v));
			if (newer) {
				const res = await client(sim, newer).requestToken();
				expect(res.status).toBe(400);
				expect(res.data).toEqual({
					errorCode: 'NotImplemented',
					message: `The specified API version is not supported. Supported versions: ${versions.join(', ')}.`,
				});
			}
		} finally {
			await sim.close();
		}
	});

	test('the default is VBR 13.0.1 (what the node tests expect); 13.1.0 and 13.1.0.411 name the same release; unknown releases are refused', async () => {
		const sim = await startHttp();
		try {
			expect(sim.buildVersion).toBe('13.0.1.180');
			expect((await client(sim, '1.3-rev2').requestToken()).status).toBe(400);
		} finally {
			await sim.close();
		}
		for (const v of ['13.1.0', '13.1.0.411']) {
			const again = await startHttp({ vbrVersion: v });
			expect(again.buildVersion).toBe('13.1.0.411');
			await again.close();
		}
		await expect(startHttp({ vbrVersion: '11.0' })).rejects.toThrow(/not a VBR release the simulator knows/);
		await expect(startHttp({ vbrVersion: 'latest' })).rejects.toThrow(/must look like 13\.1/);
		expect(VBR_RELEASES.map((r) => r.newest)).toEqual(['1.3-rev2', '1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0']);
	});
});

test('versionErrorStyle legacy: the wording a VBR 11 answered with, v-prefixed revisions', async () => {
	const sim = await startHttp({ vbrVersion: '12.3.1', versionErrorStyle: 'legacy' });
	try {
		const res = await client(sim, '1.3-rev2').requestToken();
		expect([res.status, res.data]).toEqual([400, {
			errorCode: 'NotImplemented',
			message: 'Unsupported RESTAPI version. The following versions are supported: v1.2-rev1, v1.2-rev0.',
		}]);
	} finally {
		await sim.close();
	}
});

describe('per-spec shapes across revisions (VBR 13.1, appliance repositories seeded)', () => {
	/** @type {any} */
	let sim;
	/** @type {Record<string, ReturnType<typeof client>>} */
	const api = {};
	beforeAll(async () => {
		sim = await startHttp({ vbrVersion: '13.1', applianceRepositories: true, sessionDurationMs: 60000 });
		for (const v of ['1.3-rev2', '1.3-rev1', '1.3-rev0', '1.2-rev1']) {
			api[v] = client(sim, v);
			await api[v].login();
		}
	});
	afterAll(() => sim.close());
	afterEach(() => sim.control.reset());

	const repo = async (/** @type {string} */ v, /** @type {string} */ name) => (await api[v].get(`${REPOS}/${SEED.repositories[name]}`)).data;

	test('1.3-rev0 spells each enum as its spec does: connectionType and immutabilityMode PascalCase, mount server type camelCase', async () => {
		const s3 = await repo('1.3-rev0', 'S3 Compatible Repo');
		expect(s3.account.connectionSettings.connectionType).toBe('Direct');
		expect(s3.bucket.immutability.immutabilityMode).toBe('RepositorySettings');
		expect(s3.mountServer.mountServerSettingsType).toBe('windows');
		expect((await repo('1.3-rev0', 'Azure Blob Repo')).account.connectionSettings.connectionType).toBe('SelectedGateway');
		expect((await repo('1.3-rev2', 'Linux Repo 01')).mountServer.mountServerSettingsType).toBe('Both');
	});

	test('renamed repository types: 1.3-rev2 names DDBoost DellDataDomain; each revision filters with its own names only', async () => {
		const id = APPLIANCES['Data Domain Repo'];
		const states = async (/** @type {string} */ v, /** @type {any} */ typeFilter) => api[v].get(`${REPOS}/states`, { typeFilter });
		expect((await states('1.3-rev2', ['DellDataDomain'])).data.data.map((/** @type {any} */ r) => [r.id, r.type])).toEqual([[id, 'DellDataDomain']]);
		expect((await states('1.3-rev1', 'DDBoost')).data.data.map((/** @type {any} */ r) => [r.id, r.type])).toEqual([[id, 'DDBoost']]);
		expect((await states('1.3-rev2', ['DDBoost'])).status).toBe(400);
		expect((await states('1.3-rev1', 'DellDataDomain')).status).toBe(400);
		// Before 1.3-rev2 no RepositoryModel can express an appliance: the list leaves them out, the states do not.
		expect((await api['1.3-rev1'].get(`${REPOS}/${APPLIANCES['ExaGrid Repo']}`)).status).toBe(404);
		const dd = (await api['1.3-rev2'].get(`${REPOS}/${id}`)).data;
		expect([dd.type, dd.dellDataDomain.ddServerName, dd.repository.path]).toEqual(['DellDataDomain', 'dd01.lab.local', '/data/col1/veeam']);
		expect((await api['1.3-rev1'].get(`${REPOS}/${id}`)).status).toBe(404);
		const exagrid = (await api['1.3-rev2'].get(`${REPOS}/${APPLIANCES['ExaGrid Repo']}`)).data;
		expect(exagrid).toEqual(expect.objectContaining({ type: 'ExaGrid', hostId: IDS.lnxRepo01, mountServers: expect.objectContaining({ mountServerSettingsType: 'Linux' }) }));
		// 1.2-rev1 knows neither tape nor the external and Vault types.
		const names12 = (await api['1.2-rev1'].get(`${REPOS}/states`)).data.data.map((/** @type {any} */ r) => r.name);
		expect(names12).toEqual(expect.arrayContaining(['Data Domain Repo', 'ExaGrid Repo']));
		expect(names12).not.toContain('Tape Library 01');
		expect(names12).not.toContain('VDC Vault AWS');
		expect((await api['1.3-rev1'].get(`${REPOS}/states`)).data.data.map((/** @type {any} */ r) => r.name)).not.toContain('VDC Vault AWS');
		const rejected = await api['1.3-rev2'].post(REPOS, { name: 'DD2', description: '', type: 'DellDataDomain', repository: { path: '/x' } });
		expect(rejected.status).toBe(400);
		expect(rejected.data.message).toMatch(/DellDataDomain this simulator cannot create/);
	});

	test('1.3-rev2 states: typeFilter is an array (several types), Status orders online first; older revisions bind one type', async () => {
		const two = await api['1.3-rev2'].get(`${REPOS}/states`, { typeFilter: ['Smb', 'Nfs'], orderColumn: 'Status' });
		expect(two.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['NFS Share Repo', 'SMB Share Repo']);
		const one = await api['1.3-rev1'].get(`${REPOS}/states`, { typeFilter: ['Smb', 'Nfs'] });
		expect(one.data.data.map((/** @type {any} */ r) => r.name)).toEqual(['SMB Share Repo']);
		expect((await api['1.3-rev1'].get(`${REPOS}/states`, { orderColumn: 'Status' })).status).toBe(400);
	});

	test('1.3-rev2: a repository without mountServer gets the default one of its OS; path is required', async () => {
		const { mountServer: _w, ...win } = repositorySpec('WinLocal', '1.3-rev2', 'No mount');
		const add = await api['1.3-rev2'].post(REPOS, win);
		expect(add.status).toBe(201);
		await sim.control.advanceClock(60001);
		const model = (await api['1.3-rev2'].get(`${REPOS}/${add.data.resourceId}`)).data;
		expect(model.mountServer).toEqual(expect.objectContaining({ mountServerSettingsType: 'Windows', windows: expect.objectContaining({ mountServerId: IDS.vbr01 }) }));
		// An older client reading it still gets the mount server its spec requires.
		expect((await api['1.2-rev1'].get(`${REPOS}/${add.data.resourceId}`)).data.mountServer.mountServerId).toBe(IDS.vbr01);
		const { mountServer: _x, ...older } = repositorySpec('WinLocal', '1.3-rev1', 'No mount 2');
		expect((await api['1.3-rev1'].post(REPOS, older)).data.message).toMatch(/mountServer is required/);
		const noPath = await api['1.3-rev2'].post(REPOS, { ...win, name: 'No path', repository: {} });
		expect(noPath.data.message).toMatch(/repository\.path is required/);
		expect((await api['1.3-rev1'].post(REPOS, { ...repositorySpec('WinLocal', '1.3-rev1', 'No path 2'), repository: {} })).status).toBe(201);
	});

	test('LinuxLocal governance mode: 1.3-rev2 only, kept when an older client edits', async () => {
		const id = SEED.repositories['Linux Repo 01'];
		const model = (await api['1.3-rev2'].get(`${REPOS}/${id}`)).data;
		const put = await api['1.3-rev2'].put(`${REPOS}/${id}`, { ...model, repository: { ...model.repository, enableGovernanceMode: true, governanceModeRetentionDays: 30 } });
		expect(put.status).toBe(201);
		await sim.control.advanceClock(60001);
		expect((await api['1.3-rev2'].get(`${REPOS}/${id}`)).data.repository).toEqual(expect.objectContaining({ enableGovernanceMode: true, governanceModeRetentionDays: 30 }));
		const old = (await api['1.3-rev1'].get(`${REPOS}/${id}`)).data;
		expect(old.repository).not.toHaveProperty('enableGovernanceMode');
		await api['1.3-rev1'].put(`${REPOS}/${id}`, { ...old, description: 'edited by 1.3-rev1' });
		await sim.control.advanceClock(60001);
		const after = (await api['1.3-rev2'].get(`${REPOS}/${id}`)).data;
		expect(after.description).toBe('edited by 1.3-rev1');
		expect(after.repository).toEqual(expect.objectContaining({ enableGovernanceMode: true, governanceModeRetentionDays: 30 }));
	});

	test('ActionRequired over the HTTP control API: waits without ending, a stop cancels it, resume needs a waiting session', async () => {
		const started = await api['1.3-rev2'].post(`${REPOS}/rescan`, { repositoryIds: [SEED.defaultRepositoryId] });
		const ctl = (/** @type {string} */ p, /** @type {any} */ body) => api['1.3-rev2'].http.post(`/__sim/sessions/${started.data.id}/${p}`, body);
		expect((await ctl('actionRequired', { message: 'Confirm the key rotation' })).status).toBe(200);
		await sim.control.advanceClock(120000);
		const waiting = (await api['1.3-rev2'].get(`/api/v1/sessions/${started.data.id}`)).data;
		expect([waiting.state, waiting.result.message]).toEqual(['ActionRequired', 'Confirm the key rotation']);
		expect((await api['1.3-rev1'].get(`/api/v1/sessions/${started.data.id}`)).data.state).toBe('Working');
		expect((await api['1.3-rev1'].get('/api/v1/sessions', { stateFilter: 'ActionRequired' })).status).toBe(400);
		expect((await api['1.3-rev2'].post(`/api/v1/sessions/${started.data.id}/stop`)).status).toBe(200);
		const stopped = (await api['1.3-rev2'].get(`/api/v1/sessions/${started.data.id}`)).data;
		expect([stopped.state, stopped.result.result, stopped.result.isCanceled]).toEqual(['Stopped', 'Failed', true]);
		expect((await ctl('resume')).status).toBe(400);
		expect((await ctl('actionRequired', {})).status).toBe(400);
	});

	test('access permissions: encryption needs its key, the settings go with the repository, 1.3-rev2 only', async () => {
		const id = SEED.repositories['NFS Share Repo'];
		const path = `${REPOS}/${id}/accessPermissions`;
		const denyAll = { accessPolicy: 'DenyAll', accounts: [{ name: 'LAB\\x', type: 'ExternalUser' }], encryptionSettings: { isEnabled: true, encryptionType: 'ByUserPassword' } };
		expect((await api['1.3-rev2'].put(path, denyAll)).data.message).toMatch(/encryptionPasswordId is required/);
		const ok = await api['1.3-rev2'].put(path, { ...denyAll, encryptionSettings: { ...denyAll.encryptionSettings, encryptionPasswordId: IDS.smbCreds } });
		expect(ok.status).toBe(200);
		expect(ok.data.accounts).toEqual([]); // accounts count only for AllowExplicit
		expect((await api['1.3-rev2'].put(path, { ...denyAll, accessPolicy: 'Everyone' })).status).toBe(400);
		expect((await api['1.3-rev0'].put(path, denyAll)).status).toBe(404);
		expect((await api['1.3-rev2'].del(`${REPOS}/${id}`)).status).toBe(204);
		expect(sim.store.accessPermissions.has(id)).toBe(false);
	});
});
