'use strict';
const { startTestbed } = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');
const { redactedSecret } = require('../../simulator/requestLog');

const getStates = { resource: 'repository', operation: 'getStates', limit: 3 };
const get = (value) => ({
	resource: 'repository',
	operation: 'get',
	repositoryId: { __rl: true, mode: 'id', value },
});

describe('token handling', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed();
	});
	afterAll(async () => bed.close());
	beforeEach(async () => bed.clear());

	it('logs in once for many items and reuses the stored token in the next execution', async () => {
		const id = bed.repositoryId('Linux Repo 01');
		const items = Array.from({ length: 20 }, () => ({}));
		const first = await bed.engine.execute(get(id), { items });
		expect(first.json).toHaveLength(20);
		expect(await bed.tokenRequests()).toHaveLength(1);
		const [token] = await bed.tokenRequests();
		expect(token.headers['x-api-version']).toBe('1.3-rev1');
		expect(token.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
		expect(token.body).toEqual(
			expect.objectContaining({ grant_type: 'password', username: 'administrator' }),
		);

		await bed.clear();
		const second = await bed.engine.execute(get(id), { items });
		expect(second.json).toHaveLength(20);
		expect(await bed.tokenRequests()).toHaveLength(0);
		const authorizations = new Set((await bed.apiRequests()).map((r) => r.headers.authorization));
		expect(authorizations.size).toBe(1);
		expect([...authorizations][0]).toBe(
			`Bearer ${redactedSecret(bed.engine.credential().accessToken)}`,
		);
	});

	it('sends x-api-version on every request', async () => {
		await bed.engine.execute(getStates);
		const requests = await bed.requests();
		expect(requests.length).toBeGreaterThan(0);
		expect(requests.every((r) => r.headers['x-api-version'] === '1.3-rev1')).toBe(true);
	});

	it('logs in again once after a 401 and repeats the request', async () => {
		await bed.engine.execute(getStates);
		const staleToken = bed.engine.credential().accessToken;
		await bed.sim.control.expireTokens();
		await bed.clear();
		const result = await bed.engine.execute(getStates);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(3);
		const log = await bed.requests();
		expect(log.map((r) => [r.path, r.status])).toEqual([
			['/api/v1/backupInfrastructure/repositories/states', 401],
			['/api/oauth2/token', 200],
			['/api/v1/backupInfrastructure/repositories/states', 200],
		]);
		expect(bed.engine.credential().accessToken).not.toBe(staleToken);
	});

	it('expires tokens after their lifetime and renews them', async () => {
		const shortLived = await startTestbed({ tokenLifetimeSeconds: 60 });
		try {
			await shortLived.engine.execute(getStates);
			await shortLived.sim.control.advanceClock(60000);
			await shortLived.clear();
			const result = await shortLived.engine.execute(getStates);
			expect(result.error).toBeUndefined();
			expect((await shortLived.requests()).map((r) => r.status)).toEqual([401, 200, 200]);
		} finally {
			await shortLived.close();
		}
	});
});

describe('credential test and login failures', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed();
	});
	afterAll(async () => bed.close());

	it('succeeds with the right credential', async () => {
		expect(await bed.engine.testCredential(simulatorCredential(bed.sim))).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
	});

	it('accepts the URL forms users paste (trailing slash, /api/v1, no scheme for https)', async () => {
		expect(
			await bed.engine.testCredential(
				simulatorCredential(bed.sim, { url: `${bed.sim.url}/api/v1/` }),
			),
		).toEqual(expect.objectContaining({ status: 'OK' }));
	});

	it('gives three different, clear messages for wrong password, wrong API version and unreachable host', async () => {
		const wrongPassword = await bed.engine.testCredential(
			simulatorCredential(bed.sim, { password: 'nope' }),
		);
		const wrongVersion = await bed.engine.testCredential(
			simulatorCredential(bed.sim, { apiVersion: '1.3-rev2' }),
		);
		const unreachable = await bed.engine.testCredential(
			simulatorCredential(bed.sim, { url: 'http://127.0.0.1:9' }),
		);
		expect(wrongPassword).toEqual({
			status: 'Error',
			message: expect.stringMatching(/^VBR refused the login: wrong username or password/),
		});
		expect(wrongVersion).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^This VBR server does not support API version 1\.3-rev2: The specified API version is not supported/,
			),
		});
		// The versions the server supports, as VBR names them, are part of the one message.
		expect(wrongVersion.message).toMatch(/1\.3-rev1, 1\.3-rev0, 1\.2-rev1/);
		expect(unreachable).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/^Cannot reach the VBR server at http:\/\/127\.0\.0\.1:9: the connection was refused/,
			),
		});
		expect(new Set([wrongPassword.message, wrongVersion.message, unreachable.message]).size).toBe(
			3,
		);
	});

	it('shows the same login message when a node execution cannot log in', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: 'nope' }));
		const result = await engine.execute(getStates);
		expect(result.error.message).toMatch(/^VBR refused the login: wrong username or password/);
		expect(result.error.description).toMatch(/MFA/);
	});

	it('refuses a plain-http URL to a remote host before sending anything', async () => {
		const result = await bed.engine.testCredential(
			simulatorCredential(bed.sim, { url: 'http://vbr.example.com:9419' }),
		);
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/must use https:\/\//),
		});
	});
});

describe('TLS', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https' });
	});
	afterAll(async () => bed.close());

	it('is strict by default: a self-signed server fails with a message that says how to fix it', async () => {
		const engine = createEngine(simulatorCredential(bed.sim));
		const result = await engine.execute(getStates);
		expect(result.error.message).toMatch(
			/TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/,
		);
		expect(result.error.description).toMatch(/Ignore SSL Issues/);
		expect(await bed.requests()).toEqual([
			// Only the probe that reads the certificate to show its fingerprint: no token request, no secret.
			expect.objectContaining({
				method: 'GET',
				path: '/api/v1/serverInfo',
				headers: {},
				body: null,
			}),
		]);
		const test = await engine.testCredential(simulatorCredential(bed.sim));
		expect(test.status).toBe('Error');
		expect(test.message).toMatch(/not trusted/);
	});

	it('connects with "Ignore SSL Issues" on: token request, credential test and node requests', async () => {
		const credential = simulatorCredential(bed.sim, { ignoreSslIssues: true });
		const engine = createEngine(credential);
		expect(await engine.testCredential(credential)).toEqual(
			expect.objectContaining({ status: 'OK' }),
		);
		const result = await engine.execute(getStates);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(3);
	});
});
