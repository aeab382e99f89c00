// @ts-check
'use strict';

const axios = require('axios').default;
const http = require('http');
const os = require('os');
const { startHttp, client, repositorySpec, SEED, IDS, REPOS, SOBRS, PASSWORD } = require('./helpers');
const { redactedSecret } = require('../../simulator/requestLog');
const { isLoopbackAddress } = require('../../simulator/control');

describe('control API and request log', () => {
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	/** @type {import('axios').AxiosInstance} */
	let ctl;
	beforeAll(async () => {
		sim = await startHttp({ sessionDurationMs: 100 });
		api = client(sim, '1.3-rev1');
		await api.login();
		ctl = axios.create({ baseURL: `${sim.url}/__sim`, validateStatus: () => true });
	});
	afterAll(() => sim.close());
	afterEach(() => sim.control.reset());

	test('every /api request is logged: method, path, query (arrays), the three headers, parsed body, status', async () => {
		await sim.control.clearRequests();
		await api.requestToken();
		await api.get(REPOS, { typeFilter: ['Smb', 'Nfs'], limit: 5 });
		await api.post(`${REPOS}/rescan`, { repositoryIds: [SEED.defaultRepositoryId] });
		await api.http.get('/api/v1/serverInfo', { headers: { 'x-api-version': '0.9' } });
		const log = await sim.control.requests();
		expect(log).toHaveLength(4);
		const [token, list, rescan, bad] = log;
		expect(token).toEqual(expect.objectContaining({
			method: 'POST', path: '/api/oauth2/token', status: 200, query: {},
			body: { grant_type: 'password', username: 'administrator', password: redactedSecret(PASSWORD) },
		}));
		expect(token.headers).toEqual({ 'x-api-version': '1.3-rev1', authorization: `Bearer ${redactedSecret(api.auth.access_token)}`, 'content-type': 'application/x-www-form-urlencoded' });
		expect(list).toEqual(expect.objectContaining({ method: 'GET', path: REPOS, query: { typeFilter: ['Smb', 'Nfs'], limit: '5' }, body: null, status: 200 }));
		expect(rescan.body).toEqual({ repositoryIds: [SEED.defaultRepositoryId] });
		expect(rescan.status).toBe(201);
		expect(bad.status).toBe(400);
		expect(bad.headers['x-api-version']).toBe('0.9');
		expect(log.map((/** @type {any} */ e) => e.seq)).toEqual([...log.map((/** @type {any} */ e) => e.seq)].sort((a, b) => a - b));
		expect(Date.parse(token.time)).toBeGreaterThan(Date.now() - 60000);
		await sim.control.clearRequests();
		expect(await sim.control.requests()).toEqual([]);
	});

	test('the log keeps no secret: Authorization and the login form are redacted, over HTTP too', async () => {
		await sim.control.clearRequests();
		const first = await api.requestToken();
		await api.requestToken({ grant_type: 'refresh_token', refresh_token: first.data.refresh_token });
		await api.requestToken({ grant_type: 'password', username: 'administrator', password: PASSWORD, extra: 'x' });
		await api.http.post('/api/oauth2/token', `{"password":"${PASSWORD}"}`, { headers: { 'content-type': 'application/json' } });
		await api.get('/api/v1/serverInfo');
		await api.http.get('/api/v1/serverInfo', { headers: { Authorization: 'Basic YWRtaW46c2VjcmV0' } });
		const log = await sim.control.requests();
		const overHttp = (await ctl.get('/requests')).data;
		expect(overHttp).toEqual(log);
		const text = JSON.stringify(log);
		const secrets = [PASSWORD, first.data.access_token, first.data.refresh_token, api.auth.access_token, 'YWRtaW46c2VjcmV0', ...sim.issuedTokens()];
		for (const secret of secrets) expect(text.includes(secret)).toBe(false);
		expect(log[1].body).toEqual({ grant_type: 'refresh_token', refresh_token: redactedSecret(first.data.refresh_token) });
		expect(log[2].body).toEqual({ grant_type: 'password', username: 'administrator', password: redactedSecret(PASSWORD), extra: redactedSecret('x') });
		expect(log[3].body).toEqual({ password: redactedSecret(PASSWORD) });
		await api.http.post('/api/oauth2/token', `password=${PASSWORD}`, { headers: { 'content-type': 'text/plain' } });
		const raw = (await sim.control.requests()).at(-1);
		expect(raw.body).toBe(redactedSecret(`password=${PASSWORD}`));
		// Tests can still tell that a header was sent and whether two requests used the same token.
		expect(log[4].headers.authorization).toBe(`Bearer ${redactedSecret(api.auth.access_token)}`);
		expect(log[5].headers.authorization).toBe(`Basic ${redactedSecret('YWRtaW46c2VjcmV0')}`);
		expect(log[0].headers.authorization).toMatch(/^Bearer <redacted sha256:[0-9a-f]{12}>$/);
	});

	test('the control API answers only on loopback', async () => {
		expect(['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
		expect(['192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', '::', '', undefined].some(isLoopbackAddress)).toBe(false);
		const external = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
		if (!external) {
			console.warn('no non-loopback IPv4 interface: the over-the-network half of this test did not run');
			return;
		}
		const demo = await startHttp({ host: '0.0.0.0' });
		try {
			/** @param {string} host @param {string} path @returns {Promise<number>} */
			const status = (host, path) => new Promise((resolve, reject) => {
				http.get({ host, port: demo.port, path, headers: { 'x-api-version': '1.3-rev1' } }, (res) => {
					res.resume();
					resolve(res.statusCode || 0);
				}).on('error', reject);
			});
			expect(await status(external.address, '/__sim/requests')).toBe(403);
			expect(await status(external.address, '/__sim/inventory')).toBe(403);
			expect(await status(external.address, '/api/v1/serverInfo')).toBe(401); // the API itself still answers
			expect(await status('127.0.0.1', '/__sim/requests')).toBe(200);
		} finally {
			await demo.close();
		}
	});

	test('the log is reachable over HTTP and changing the returned copy does not change the log', async () => {
		await sim.control.clearRequests();
		await api.get('/api/v1/serverInfo');
		const http = await ctl.get('/requests');
		expect(http.status).toBe(200);
		expect(http.data.map((/** @type {any} */ e) => e.path)).toEqual(['/api/v1/serverInfo']);
		const copy = await sim.control.requests();
		copy[0].path = 'changed';
		expect((await sim.control.requests())[0].path).toBe('/api/v1/serverInfo');
		expect((await ctl.delete('/requests')).status).toBe(200);
		expect((await ctl.get('/requests')).data).toEqual([]);
	});

	test('reset restores the seed inventory, sessions and configuration', async () => {
		await sim.control.configure({ sessionDurationMs: 10, nextSessionResults: [{ result: 'Failed' }, { result: 'Failed' }] });
		await api.del(`${REPOS}/${SEED.repositories['Azure Blob Repo']}`);
		await api.post(REPOS, repositorySpec('Nfs', '1.3-rev1', 'Temp'));
		await sim.control.setRepositoryState(SEED.defaultRepositoryId, { freeGB: 1 });
		await sim.control.injectFault({ type: 'status', status: 500, match: { path: '/api/v1/sessions' } });
		const resetRes = await ctl.post('/reset');
		expect(resetRes.status).toBe(200);
		const repos = (await api.get(REPOS)).data;
		expect(repos.data.map((/** @type {any} */ r) => r.name)).toEqual(Object.keys(SEED.repositories));
		expect((await api.get(`${REPOS}/states`, { idFilter: SEED.defaultRepositoryId })).data.data[0].freeGB).toBe(112.6);
		const sessions = (await api.get('/api/v1/sessions')).data;
		expect(sessions.pagination.total).toBe(2);
		const inv = await sim.control.inventory();
		expect(inv.config).toEqual({ sessionDurationMs: 100, tokenLifetimeSeconds: 900, nextSessionResults: [] });
		// Tokens survive a reset.
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
	});

	test('setRepositoryState changes what states report (programmatic and HTTP); unknown id fails', async () => {
		const id = SEED.repositories['Linux Repo 01'];
		const state = await sim.control.setRepositoryState(id, { freeGB: 100.5, usedSpaceGB: 8091.5 });
		expect(state).toEqual({ capacityGB: 8192, freeGB: 100.5, usedSpaceGB: 8091.5, isOnline: true, isOutOfDate: false });
		const http = await ctl.patch(`/repositories/${id}/state`, { isOnline: false, isOutOfDate: true });
		expect(http.status).toBe(200);
		const s = (await api.get(`${REPOS}/states`, { idFilter: id })).data.data[0];
		expect(s).toEqual(expect.objectContaining({ freeGB: 100.5, usedSpaceGB: 8091.5, isOnline: false, isOutOfDate: true, capacityGB: 8192 }));
		// Sorting follows the new state.
		const low = (await api.get(`${REPOS}/states`, { orderColumn: 'FreeGB', capacityFilter: 1, limit: 1 })).data.data[0];
		expect(low.id).toBe(id);
		expect((await ctl.patch(`/repositories/${IDS.sobr}/state`, { freeGB: 1 })).status).toBe(404);
		expect((await ctl.patch(`/repositories/${id}/state`, { freeGB: 'lots' })).status).toBe(400);
		await expect(sim.control.setRepositoryState('0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11', { freeGB: 1 })).rejects.toThrow(/does not exist/);
	});

	test('addRepository / removeRepository change the inventory at once (no session)', async () => {
		const model = await sim.control.addRepository({ name: 'Appeared', type: 'LinuxHardened', state: { capacityGB: 500, freeGB: 20, usedSpaceGB: 480 } });
		expect(model).toEqual(expect.objectContaining({ name: 'Appeared', type: 'LinuxHardened', hostId: IDS.hardened01 }));
		const got = (await api.get(`${REPOS}/${model.id}`)).data;
		expect(got.repository.makeRecentBackupsImmutableDays).toBe(14);
		expect((await api.get(`${REPOS}/states`, { idFilter: model.id })).data.data[0]).toEqual(expect.objectContaining({ capacityGB: 500, freeGB: 20 }));
		expect((await api.get('/api/v1/sessions')).data.pagination.total).toBe(2);

		const viaHttp = await ctl.post('/repositories', { name: 'Via HTTP', type: 'S3Compatible' });
		expect(viaHttp.status).toBe(201);
		expect((await api.get(`${REPOS}/${viaHttp.data.id}`)).data.bucket.bucketName).toBe('via-http');
		expect((await ctl.post('/repositories', { name: 'Via HTTP', type: 'Nfs' })).status).toBe(400);
		expect((await ctl.post('/repositories', { name: 'No type' })).status).toBe(400);
		expect((await ctl.post('/repositories', { name: 'Bad host', type: 'WinLocal', hostId: IDS.lnxRepo01 })).data.error).toMatch(/WindowsHost/);

		await sim.control.removeRepository(model.id);
		expect((await api.get(`${REPOS}/${model.id}`)).status).toBe(404);
		// Removing an extent takes it out of its SOBR.
		expect((await ctl.delete(`/repositories/${IDS.extent3}`)).status).toBe(200);
		const sobr = (await api.get(`${SOBRS}/${IDS.sobr}`)).data;
		expect(sobr.performanceTier.performanceExtents.map((/** @type {any} */ e) => e.name)).toEqual(['SOBR Extent 01', 'SOBR Extent 02']);
		await expect(sim.control.removeRepository(model.id)).rejects.toThrow(/does not exist/);
	});

	test('configure over HTTP; bad values are rejected', async () => {
		const res = await ctl.patch('/config', { sessionDurationMs: 5, nextSessionResults: [{ result: 'warning', message: 'Slow disk' }] });
		expect(res.data).toEqual({ sessionDurationMs: 5, tokenLifetimeSeconds: 900, nextSessionResults: [{ result: 'Warning', message: 'Slow disk' }] });
		const s = await api.post(`${REPOS}/rescan`, { repositoryIds: [SEED.defaultRepositoryId] });
		expect((await api.waitForSession(s.data.id)).result).toEqual({ result: 'Warning', message: 'Slow disk', isCanceled: false });
		expect((await ctl.patch('/config', { nextSessionResults: [{ result: 'not a word!' }] })).status).toBe(400);
		expect((await ctl.patch('/config', { nextSessionResults: [{}] })).status).toBe(400);
		// Another word is a result a newer VBR might send: accepted, and it changes nothing.
		expect((await ctl.patch('/config', { nextSessionResults: [{ result: 'Canceled' }] })).status).toBe(200);
		const c = await api.post(`${REPOS}/rescan`, { repositoryIds: [SEED.defaultRepositoryId] });
		expect((await api.waitForSession(c.data.id)).result.result).toBe('Canceled');
		expect((await ctl.patch('/config', { sessionDurationMs: -1 })).status).toBe(400);
		expect((await ctl.patch('/config', { tokenLifetimeSeconds: 0 })).status).toBe(400);
	});

	test('tokens/expire over HTTP', async () => {
		expect((await ctl.post('/tokens/expire')).status).toBe(200);
		const res = await api.get('/api/v1/serverInfo');
		expect(res.data.errorCode).toBe('ExpiredToken');
		await api.login();
	});

	test('clock/advance: sessions finish and tokens expire without waiting; only forwards; reset keeps the time', async () => {
		await sim.control.configure({ sessionDurationMs: 3600000, tokenLifetimeSeconds: 7200 });
		await api.login();
		const started = (await api.post(`${REPOS}/rescan`, { repositoryIds: [SEED.defaultRepositoryId] })).data;
		const before = Date.parse((await api.get(`/api/v1/sessions/${started.id}`)).data.creationTime);
		const moved = await ctl.post('/clock/advance', { ms: 3600000 });
		expect(moved.status).toBe(200);
		expect(Date.parse(moved.data.now) - before).toBeGreaterThanOrEqual(3600000);
		const done = (await api.get(`/api/v1/sessions/${started.id}`)).data;
		expect(done).toEqual(expect.objectContaining({ state: 'Stopped', result: expect.objectContaining({ result: 'Success' }) }));
		expect(Date.parse(done.endTime) - Date.parse(done.creationTime)).toBe(3600000);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
		await sim.control.advanceClock(3600000);
		expect((await api.get('/api/v1/serverInfo')).data.errorCode).toBe('ExpiredToken');
		expect((await ctl.post('/clock/advance', { ms: -1 })).status).toBe(400);
		expect((await ctl.post('/clock/advance', {})).status).toBe(400);
		const now = Date.parse((await sim.control.advanceClock(0)).now);
		await sim.control.reset();
		expect(Date.parse((await sim.control.advanceClock(0)).now)).toBeGreaterThanOrEqual(now);
		await api.login();
	});

	test('faults over HTTP: inject (regex as a string), list, clear', async () => {
		expect((await ctl.post('/faults', { type: 'status', status: 503, count: 2, match: { path: 'serverInfo$' } })).data.ids).toHaveLength(1);
		expect((await ctl.get('/faults')).data).toEqual([expect.objectContaining({ type: 'status', status: 503, remaining: 2 })]);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(503);
		expect((await ctl.delete('/faults')).status).toBe(200);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
	});

	test('inventory summarises the store; unknown control paths are 404', async () => {
		const inv = (await ctl.get('/inventory', { params: { limit: 3 } })).data;
		expect(inv.counts).toEqual(expect.objectContaining({ managedServers: 7, credentials: 4, cloudCredentials: 3, repositories: 13, scaleOutRepositories: 1, sessions: 2 }));
		expect(inv.repositories).toHaveLength(3);
		expect(inv.repositories[0]).toEqual({ id: SEED.defaultRepositoryId, name: 'Default Backup Repository', type: 'WinLocal', state: expect.any(Object), scaleOut: null });
		expect(inv.scaleOutRepositories[0].performanceExtents).toHaveLength(3);
		expect((await ctl.get('/nothing')).status).toBe(404);
		expect((await ctl.post('/reset', 'not json', { headers: { 'Content-Type': 'application/json' }, transformRequest: [(d) => d] })).status).toBe(400);
	});

	test('sim.store and sim.seed give read access for white-box tests', () => {
		expect(sim.seed).toBe(SEED);
		expect(sim.store.getRepository(SEED.repositories['Hardened Repo 01']).model.repository.makeRecentBackupsImmutableDays).toBe(14);
		expect(sim.store.listRepositories()).toHaveLength(13);
		expect(sim.store.membershipOf(IDS.capacity)).toEqual({ sobrId: IDS.sobr, extentType: 'Capacity' });
	});
});
