// @ts-check
'use strict';

const { startHttp, client, USERNAME, PASSWORD } = require('./helpers');

describe('authentication', () => {
	/** @type {any} */
	let sim;
	beforeAll(async () => {
		sim = await startHttp();
	});
	afterAll(() => sim.close());
	afterEach(() => sim.control.reset());

	test('password grant returns a TokenModel; the token opens the API', async () => {
		const api = client(sim, '1.3-rev1');
		const tok = await api.login();
		expect(tok).toEqual(expect.objectContaining({ token_type: 'bearer', expires_in: 900 }));
		expect(typeof tok.access_token).toBe('string');
		expect(typeof tok.refresh_token).toBe('string');
		expect(Date.parse(tok['.expires']) - Date.parse(tok['.issued'])).toBe(900000);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
	});

	test('grant_type is accepted in both casings, username case-insensitively, as .\\user too', async () => {
		const api = client(sim, '1.3-rev1');
		for (const form of [
			{ grant_type: 'password', username: USERNAME, password: PASSWORD },
			{ grant_type: 'Password', username: 'Administrator', password: PASSWORD },
			{ grant_type: 'PASSWORD', username: `.\\${USERNAME}`, password: PASSWORD },
		]) {
			expect((await api.requestToken(form)).status).toBe(200);
		}
	});

	test('wrong password / unknown user → 401 AccessDenied "Invalid username or password."', async () => {
		const api = client(sim, '1.3-rev1');
		for (const form of [
			{ grant_type: 'password', username: USERNAME, password: 'wrong' },
			{ grant_type: 'password', username: 'nobody', password: PASSWORD },
			{ grant_type: 'password', username: USERNAME, password: PASSWORD.toLowerCase() },
		]) {
			const res = await api.requestToken(form);
			expect(res.status).toBe(401);
			expect(res.data).toEqual({ errorCode: 'AccessDenied', message: 'Invalid username or password.' });
		}
	});

	test('malformed token requests are 400', async () => {
		const api = client(sim, '1.3-rev1');
		expect((await api.requestToken({ username: USERNAME, password: PASSWORD })).status).toBe(400);
		expect((await api.requestToken({ grant_type: 'password', username: USERNAME })).status).toBe(400);
		expect((await api.requestToken({ grant_type: 'client_credentials' })).status).toBe(400);
		expect((await api.requestToken({ grant_type: 'refresh_token' })).status).toBe(400);
		const json = await api.http.post('/api/oauth2/token', { grant_type: 'password', username: USERNAME, password: PASSWORD });
		expect(json.status).toBe(400);
		expect(json.data.message).toMatch(/x-www-form-urlencoded/);
	});

	test('refresh tokens work once', async () => {
		const api = client(sim, '1.3-rev1');
		const first = await api.login();
		const second = await api.requestToken({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
		expect(second.status).toBe(200);
		expect(second.data.access_token).not.toBe(first.access_token);
		expect(second.data.refresh_token).not.toBe(first.refresh_token);
		const again = await api.requestToken({ grant_type: 'refresh_token', refresh_token: first.refresh_token });
		expect(again.status).toBe(401);
		expect(again.data.errorCode).toBe('AccessDenied');
		// The new refresh token is good (once).
		expect((await api.requestToken({ grant_type: 'Refresh_token', refresh_token: second.data.refresh_token })).status).toBe(200);
		expect((await api.requestToken({ grant_type: 'refresh_token', refresh_token: 'garbage' })).status).toBe(401);
	});

	test('access tokens expire after tokenLifetimeSeconds → 401 ExpiredToken; refresh still works', async () => {
		await sim.control.configure({ tokenLifetimeSeconds: 60 });
		const api = client(sim, '1.3-rev1');
		const tok = await api.login();
		expect(tok.expires_in).toBe(60);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(200);
		await sim.control.advanceClock(60000);
		const expired = await api.get('/api/v1/serverInfo');
		expect(expired.status).toBe(401);
		expect(expired.data.errorCode).toBe('ExpiredToken');
		await sim.control.configure({ tokenLifetimeSeconds: 900 });
		const refreshed = await api.requestToken({ grant_type: 'refresh_token', refresh_token: tok.refresh_token });
		expect(refreshed.status).toBe(200);
		expect(refreshed.data.expires_in).toBe(900);
	});

	test('tokenLifetimeSeconds option sets expires_in', async () => {
		const short = await startHttp({ tokenLifetimeSeconds: 60 });
		try {
			expect((await client(short, '1.3-rev1').login()).expires_in).toBe(60);
		} finally {
			await short.close();
		}
	});

	test('expireTokens() expires every access token issued so far, not later ones', async () => {
		const a = client(sim, '1.3-rev1');
		const b = client(sim, '1.2-rev1');
		await a.login();
		await b.login();
		await sim.control.expireTokens();
		for (const api of [a, b]) {
			const res = await api.get('/api/v1/serverInfo');
			expect(res.status).toBe(401);
			expect(res.data.errorCode).toBe('ExpiredToken');
		}
		await a.login();
		expect((await a.get('/api/v1/serverInfo')).status).toBe(200);
	});

	test('missing or unknown bearer → 401 AccessDenied with the VBR message', async () => {
		const api = client(sim, '1.3-rev1');
		for (const authorization of [undefined, 'Bearer nope', 'Basic YWRtaW46YWRtaW4=', 'Bearer']) {
			const res = await api.http.get('/api/v1/backupInfrastructure/repositories', { headers: { Authorization: authorization } });
			expect(res.status).toBe(401);
			expect(res.data).toEqual({ errorCode: 'AccessDenied', message: 'Unauthorized. Get bearer JWT token at /api/login' });
		}
	});

	test('serverTime is anonymous, everything else is not', async () => {
		const api = client(sim, '1.3-rev1');
		expect((await api.get('/api/v1/serverTime')).status).toBe(200);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(401);
		expect((await api.get('/api/v1/sessions')).status).toBe(401);
	});

	test('logout invalidates the access and the refresh token', async () => {
		const api = client(sim, '1.3-rev1');
		const tok = await api.login();
		expect((await api.post('/api/oauth2/logout')).status).toBe(200);
		expect((await api.get('/api/v1/serverInfo')).status).toBe(401);
		expect((await api.requestToken({ grant_type: 'refresh_token', refresh_token: tok.refresh_token })).status).toBe(401);
	});

	test('x-api-version is required everywhere, including the token request', async () => {
		const api = client(sim, '1.3-rev1');
		await api.login();
		const expected = {
			errorCode: 'NotImplemented',
			message: 'The specified API version is not supported. Supported versions: 1.3-rev1, 1.3-rev0, 1.2-rev1, 1.2-rev0.',
		};
		for (const v of [undefined, '', '1.1-rev0', '1.3', 'v1.3-rev1']) {
			const token = await api.http.post('/api/oauth2/token', `grant_type=password&username=${USERNAME}&password=${encodeURIComponent(PASSWORD)}`, {
				headers: { 'x-api-version': v, 'Content-Type': 'application/x-www-form-urlencoded' },
			});
			expect(token.status).toBe(400);
			expect(token.data).toEqual(expected);
			const get = await api.http.get('/api/v1/backupInfrastructure/repositories', { headers: { 'x-api-version': v } });
			expect(get.status).toBe(400);
			expect(get.data).toEqual(expected);
		}
	});

	test('supportedVersions limits the versions and the message lists them newest first', async () => {
		const old = await startHttp({ supportedVersions: ['1.2-rev0', '1.2-rev1'] });
		try {
			const api = client(old, '1.3-rev1');
			const res = await api.requestToken();
			expect(res.status).toBe(400);
			expect(res.data.message).toBe('The specified API version is not supported. Supported versions: 1.2-rev1, 1.2-rev0.');
			const ok = client(old, '1.2-rev1');
			await ok.login();
			expect((await ok.get('/api/v1/serverInfo')).data.buildVersion).toBe('12.3.1.1139');
		} finally {
			await old.close();
		}
		await expect(startHttp({ supportedVersions: ['2.0-rev0'] })).rejects.toThrow(/supportedVersions/);
	});

	test('custom username and password', async () => {
		const other = await startHttp({ username: 'LAB\\svc-n8n', password: 's3cret' });
		try {
			const api = client(other, '1.3-rev1');
			expect((await api.requestToken({ grant_type: 'password', username: 'LAB\\svc-n8n', password: 's3cret' })).status).toBe(200);
			expect((await api.requestToken()).status).toBe(401);
		} finally {
			await other.close();
		}
	});
});
