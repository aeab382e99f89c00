// @ts-check
'use strict';

const axios = require('axios').default;
const { startHttp, client, waitFor, REPOS } = require('./helpers');

describe('fault injection', () => {
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	beforeAll(async () => {
		sim = await startHttp();
		api = client(sim, '1.3-rev1');
		await api.login();
	});
	afterAll(() => sim.close());
	afterEach(async () => {
		await sim.control.clearFaults();
		await sim.control.clearRequests();
	});

	test('status: answers with that status and a VBR Error body, once by default', async () => {
		await sim.control.injectFault({ type: 'status', status: 503 });
		const res = await api.get(REPOS);
		expect(res.status).toBe(503);
		expect(res.data).toEqual({ errorCode: 'ServiceUnavailable', message: expect.stringMatching(/internal error/) });
		expect((await api.get(REPOS)).status).toBe(200);
	});

	test('status: count, Retry-After, custom errorCode/message, 500 and 429', async () => {
		await sim.control.injectFault([
			{ type: 'status', status: 429, count: 2, retryAfter: 3 },
			{ type: 'status', status: 500, errorCode: 'UnknownError', message: 'Database is locked' },
		]);
		for (let i = 0; i < 2; i++) {
			const res = await api.get('/api/v1/serverInfo');
			expect(res.status).toBe(429);
			expect(res.headers['retry-after']).toBe('3');
		}
		const res = await api.get('/api/v1/serverInfo');
		expect(res.status).toBe(500);
		expect(res.data).toEqual({ errorCode: 'UnknownError', message: 'Database is locked' });
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
	});

	test('reset: the connection is destroyed', async () => {
		await sim.control.injectFault({ type: 'reset' });
		await expect(api.get(REPOS)).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/) });
		expect((await api.get(REPOS)).status).toBe(200);
		const log = await sim.control.requests();
		expect(log[0]).toEqual(expect.objectContaining({ path: REPOS, status: null, fault: 'reset' }));
	});

	test('malformed: 200, JSON content type, truncated body', async () => {
		await sim.control.injectFault({ type: 'malformed' });
		const res = await api.http.get(REPOS, { responseType: 'text', transformResponse: [(d) => d] });
		expect(res.status).toBe(200);
		expect(res.headers['content-type']).toMatch(/application\/json/);
		expect(() => JSON.parse(res.data)).toThrow();
		expect(res.data.startsWith('{"data":[')).toBe(true);
	});

	test('html: a proxy error page', async () => {
		await sim.control.injectFault({ type: 'html', status: 504 });
		const res = await api.get(REPOS);
		expect(res.status).toBe(504);
		expect(res.headers['content-type']).toMatch(/text\/html/);
		expect(res.data).toMatch(/<h1>504 Gateway Time-out<\/h1>/);
		await sim.control.injectFault({ type: 'html' });
		expect((await api.get(REPOS)).status).toBe(502);
	});

	test('hang: no answer until the client gives up; close() still returns at once', async () => {
		const own = await startHttp();
		const c = client(own, '1.3-rev1');
		await c.login();
		await own.control.injectFault({ type: 'hang' });
		const t0 = Date.now();
		await expect(c.http.get(REPOS, { timeout: 300 })).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
		await own.control.injectFault({ type: 'hang' });
		const pending = c.http.get(REPOS).catch((/** @type {any} */ e) => e);
		await waitFor(async () => (await own.control.requests()).some((/** @type {any} */ e) => e.fault === 'hang'));
		// close() must not wait for the hung request: if it did, it would never resolve and the test would time out.
		await own.close();
		const err = await pending;
		expect(err).toBeInstanceOf(Error);
	});

	test('latency: persistent extra delay on every request until cleared', async () => {
		await sim.control.injectFault({ type: 'latency', ms: 200 });
		await sim.control.clearRequests();
		for (let i = 0; i < 2; i++) {
			const t0 = Date.now();
			expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(190); // a timer never fires early
		}
		await sim.control.clearFaults();
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
		// Whether a request was delayed is read from the log, not from a wall-clock upper bound.
		expect((await sim.control.requests()).map((/** @type {any} */ e) => e.latencyMs)).toEqual([200, 200, undefined]);
	});

	test('latency alone: the request is handled when it arrives and only its answer waits', async () => {
		// A server that answers in `ms`: its own work is inside the latency, not added to it. The log
		// shows the request handled (its status decided) while the client still waits for the answer.
		const own = await startHttp();
		const c = client(own, '1.3-rev1');
		await c.login();
		await own.control.injectFault({ type: 'latency', ms: 600000 });
		let answered = false;
		const pending = c.http.get('/api/v1/serverInfo').then(
			() => (answered = true),
			(/** @type {any} */ e) => e,
		);
		try {
			await waitFor(async () => (await own.control.requests()).some((/** @type {any} */ e) => e.path === '/api/v1/serverInfo' && e.status === 200));
			expect(answered).toBe(false);
		} finally {
			await own.close();
		}
		expect(await pending).toBeInstanceOf(Error);
		expect(answered).toBe(false);
	});

	test('latency with another fault: the delay comes first, then the fault', async () => {
		const own = await startHttp();
		const c = client(own, '1.3-rev1');
		await c.login();
		await own.control.injectFault([{ type: 'latency', ms: 600000 }, { type: 'status', status: 503 }]);
		const pending = c.http.get(REPOS).catch((/** @type {any} */ e) => e);
		await waitFor(async () => (await own.control.requests()).some((/** @type {any} */ e) => e.path === REPOS));
		try {
			// Still waiting out the latency: the fault has not been applied, so no status is recorded yet.
			expect((await own.control.requests()).find((/** @type {any} */ e) => e.path === REPOS)).toMatchObject({ latencyMs: 600000, status: null });
		} finally {
			await own.close();
		}
		expect(await pending).toBeInstanceOf(Error);
	});

	test('match: method, path prefix, regular expression; others pass', async () => {
		await sim.control.injectFault({ type: 'status', status: 500, match: { method: 'POST', path: `${REPOS}/rescan` } });
		expect((await api.get(REPOS)).status).toBe(200);
		expect((await api.post(`${REPOS}/rescan`, { repositoryIds: [sim.seed.defaultRepositoryId] })).status).toBe(500);

		await sim.control.injectFault({ type: 'status', status: 404, match: { path: /\/sessions\/[0-9a-f-]+$/ } });
		expect((await api.get('/api/v1/sessions')).status).toBe(200);
		const sessions = (await api.get('/api/v1/sessions')).data.data;
		expect((await api.get(`/api/v1/sessions/${sessions[0].id}`)).status).toBe(404);
		expect((await api.get(`/api/v1/sessions/${sessions[0].id}`)).status).toBe(200);

		// Regex source as a string (what the HTTP control API can send).
		await sim.control.injectFault({ type: 'status', status: 503, match: { path: 'states$' } });
		expect((await api.get(REPOS)).status).toBe(200);
		expect((await api.get(`${REPOS}/states`)).status).toBe(503);
	});

	test('the token request is exempt unless match.path targets it', async () => {
		await sim.control.injectFault({ type: 'status', status: 503 });
		expect((await api.requestToken()).status).toBe(200);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(503);

		await sim.control.injectFault({ type: 'status', status: 500, match: { path: '/api/oauth2/token' } });
		expect((await api.requestToken()).status).toBe(500);
		expect((await api.requestToken()).status).toBe(200);
	});

	test('faulted requests are logged with their status; control requests are never faulted or logged', async () => {
		await sim.control.injectFault({ type: 'status', status: 502, count: -1 });
		expect((await api.get('/api/v1/serverInfo')).status).toBe(502);
		const ctl = await axios.get(`${sim.url}/__sim/inventory`);
		expect(ctl.status).toBe(200);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(502);
		const log = await sim.control.requests();
		expect(log.map((/** @type {any} */ e) => [e.path, e.status, e.fault])).toEqual([
			['/api/v1/serverInfo', 502, 'status'],
			['/api/v1/serverInfo', 502, 'status'],
		]);
	});

	test('invalid fault specs are rejected', async () => {
		await expect(sim.control.injectFault({ type: 'explode' })).rejects.toThrow(/Unknown fault type/);
		await expect(sim.control.injectFault({ type: 'latency' })).rejects.toThrow(/ms/);
		await expect(sim.control.injectFault({ type: 'status', status: 42 })).rejects.toThrow(/status/);
		const http = await axios.post(`${sim.url}/__sim/faults`, { type: 'nope' }, { validateStatus: () => true });
		expect(http.status).toBe(400);
	});
});
