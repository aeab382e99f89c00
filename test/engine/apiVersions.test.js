'use strict';
// API Version "Automatic": the newest revision both sides speak, chosen at login from VBR's answer,
// stored with the token (no extra request while the token lives), and shown in the outputs.
const { startTestbed, FAST_WAIT } = require('../support/simulator');
const { CREDENTIAL_ID, createEngine, simulatorCredential } = require('../support/engine');

const AUTO = { apiVersion: 'auto' };
const getAll = { resource: 'repository', operation: 'getAll', returnAll: true };
const rescan = {
	resource: 'repository',
	operation: 'rescan',
	repositoryIds: ['Linux Repo 01'],
	options: FAST_WAIT,
};

const versionsOf = (requests) =>
	requests.map((r) => `${r.path} ${r.headers['x-api-version']} ${r.status}`);

describe.each([
	['13.1', '1.3-rev2', ['1.3-rev2 200']],
	['13.0.1', '1.3-rev1', ['1.3-rev2 400', '1.3-rev1 200']],
	['13.0.0', '1.3-rev0', ['1.3-rev2 400', '1.3-rev0 200']],
	['12.3.1', '1.2-rev1', ['1.3-rev2 400', '1.2-rev1 200']],
])('Automatic against VBR %s', (vbrVersion, chosen, logins) => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ vbrVersion, credential: AUTO });
	});
	afterAll(async () => bed.close());
	beforeEach(async () => bed.clear());

	it(`logs in with ${chosen}, the newest both support, and stores it with the token`, async () => {
		const result = await bed.engine.execute(getAll);
		expect(result.error).toBeUndefined();
		const tokens = (await bed.tokenRequests()).map(
			(r) => `${r.headers['x-api-version']} ${r.status}`,
		);
		expect(tokens).toEqual(logins);
		// Every request after the login speaks the chosen revision.
		const api = await bed.apiRequests();
		expect(new Set(api.map((r) => r.headers['x-api-version']))).toEqual(new Set([chosen]));
		expect(bed.engine.credential().negotiatedApiVersion).toBe(chosen);
		expect(bed.engine.credential().apiVersion).toBe('auto');
	});
});

describe('Automatic: cost, outputs and failures', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ vbrVersion: '13.1' });
	});
	afterAll(async () => bed.close());
	beforeEach(async () => bed.clear());

	it('costs one request (GET serverInfo) per login and none while the stored token lives', async () => {
		const auto = createEngine(simulatorCredential(bed.sim, AUTO));
		const pinned = createEngine(simulatorCredential(bed.sim, { apiVersion: '1.3-rev2' }));
		await pinned.execute(getAll);
		await bed.clear();
		await pinned.execute(getAll);
		const pinnedSecond = (await bed.requests()).map((r) => `${r.method} ${r.path}`);
		await bed.clear();

		await auto.execute(getAll);
		const first = (await bed.requests()).map((r) => `${r.method} ${r.path}`);
		expect(first).toEqual(['POST /api/oauth2/token', 'GET /api/v1/serverInfo', ...pinnedSecond]);
		await bed.clear();
		await auto.execute(getAll);
		expect((await bed.requests()).map((r) => `${r.method} ${r.path}`)).toEqual(pinnedSecond);
		await bed.clear();
		// The trigger's polls as well: the stored token's revision is known without asking.
		const poller = auto.createPoller({});
		await poller.poll();
		await bed.clear();
		await poller.poll();
		const polls = await bed.requests();
		expect(
			polls.some((r) => r.path === '/api/oauth2/token' || r.path === '/api/v1/serverInfo'),
		).toBe(false);
		expect(new Set(polls.map((r) => r.headers['x-api-version']))).toEqual(new Set(['1.3-rev2']));
	});

	it('carries the revision in the audit of a change and in the output of Session > Wait', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, AUTO));
		const changed = await engine.execute(rescan);
		expect(changed.error).toBeUndefined();
		expect(changed.json[0].audit.apiVersion).toBe('1.3-rev2');
		const dryRun = await engine.execute({ ...rescan, options: { ...FAST_WAIT, dryRun: true } });
		expect(dryRun.json[0].audit.apiVersion).toBe('1.3-rev2');
		const waited = await engine.execute({
			resource: 'session',
			operation: 'wait',
			sessionId: changed.json[0].session.id,
			options: FAST_WAIT,
		});
		expect(waited.json[0]).toMatchObject({ result: 'Success', apiVersion: '1.3-rev2' });
		const pinned = createEngine(simulatorCredential(bed.sim, { apiVersion: '1.2-rev1' }));
		expect((await pinned.execute(rescan)).json[0].audit.apiVersion).toBe('1.2-rev1');
	});

	it('a token stored before Automatic (no revision with it) is replaced by a login that chooses', async () => {
		const engine = createEngine(
			simulatorCredential(bed.sim, { ...AUTO, accessToken: 'token-from-an-older-version' }),
		);
		const result = await engine.execute(getAll);
		expect(result.error).toBeUndefined();
		// The old token is not even tried: the login comes first.
		const [login, probe] = await bed.requests();
		expect(`${login.method} ${login.path} ${login.headers['x-api-version']}`).toBe(
			'POST /api/oauth2/token 1.3-rev2',
		);
		expect(`${probe.method} ${probe.path} ${probe.status}`).toBe('GET /api/v1/serverInfo 200');
		expect(engine.credential().negotiatedApiVersion).toBe('1.3-rev2');
	});

	it('a credential switched from a pinned revision to Automatic chooses afresh', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { apiVersion: '1.2-rev1' }));
		await engine.execute(getAll);
		expect(engine.credential().negotiatedApiVersion).toBe('');
		engine.credentialsHelper.set(CREDENTIAL_ID, 'veeamBackupApi', {
			...engine.credential(),
			...AUTO,
		});
		await bed.clear();
		expect((await engine.execute(getAll)).error).toBeUndefined();
		expect((await bed.tokenRequests()).map((r) => r.headers['x-api-version'])).toEqual([
			'1.3-rev2',
		]);
		expect(engine.credential().negotiatedApiVersion).toBe('1.3-rev2');
	});

	it('a login after a 401 keeps the revision the execution started with', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, AUTO));
		await engine.execute(getAll);
		await bed.sim.control.expireTokens();
		await bed.clear();
		const result = await engine.execute(getAll);
		expect(result.error).toBeUndefined();
		const tokens = await bed.tokenRequests();
		expect(tokens.map((r) => `${r.headers['x-api-version']} ${r.status}`)).toEqual([
			'1.3-rev2 200',
		]);
	});

	it('the credential test with Automatic logs in with the chosen revision', async () => {
		const result = await bed.engine.testCredential(simulatorCredential(bed.sim, AUTO));
		expect(result.status).toBe('OK');
		const info = (await bed.apiRequests()).find((r) => r.path === '/api/v1/serverInfo');
		expect(info.headers['x-api-version']).toBe('1.3-rev2');
	});

	it('refuses an API Version this node does not speak before sending anything', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { apiVersion: '1.9-rev9' }));
		const result = await engine.execute(getAll);
		expect(result.error.message).toBe(
			'The credential\'s API Version "1.9-rev9" is not one this node speaks',
		);
		expect(result.error.description).toMatch(
			/Automatic or one of 1\.3-rev2, 1\.3-rev1, 1\.3-rev0, 1\.2-rev1/,
		);
		expect(await bed.requests()).toEqual([]);
	});
});

describe('Automatic: what VBR answers decides', () => {
	it('reads the legacy wording ("…supported: v1.3-rev1, …") as well', async () => {
		const bed = await startTestbed({
			vbrVersion: '13.0.1',
			versionErrorStyle: 'legacy',
			credential: AUTO,
		});
		try {
			expect((await bed.engine.execute(getAll)).error).toBeUndefined();
			expect(bed.engine.credential().negotiatedApiVersion).toBe('1.3-rev1');
			expect((await bed.tokenRequests()).length).toBe(2);
		} finally {
			await bed.close();
		}
	});

	it("a server that speaks none of this node's revisions fails with both lists, after one login", async () => {
		const bed = await startTestbed({ supportedVersions: ['1.2-rev0'], credential: AUTO });
		try {
			const result = await bed.engine.execute(getAll, { continueOnFail: true, items: [{}, {}] });
			expect(result.error).toBeUndefined();
			expect(result.json).toHaveLength(2);
			expect(result.json[0].error).toMatch(
				/^This VBR server speaks no API revision this node knows: .*1\.2-rev0/,
			);
			expect(result.json[0].description).toMatch(
				/this node speaks 1\.3-rev2, 1\.3-rev1, 1\.3-rev0, 1\.2-rev1/,
			);
			expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
			expect((await bed.tokenRequests()).length).toBe(1);
			expect(await bed.apiRequests()).toEqual([]);
		} finally {
			await bed.close();
		}
	});

	it('a pinned revision the server refuses names what the server supports', async () => {
		const bed = await startTestbed({
			vbrVersion: '13.0.1',
			credential: { apiVersion: '1.3-rev2' },
		});
		try {
			const result = await bed.engine.execute(getAll);
			expect(result.error.message).toMatch(
				/^This VBR server does not support API version 1\.3-rev2: .*Supported versions: 1\.3-rev1, 1\.3-rev0, 1\.2-rev1/,
			);
			expect(result.error.description).toMatch(
				/Choose Automatic in the credential, or pin 1\.3-rev1/,
			);
			expect((await bed.tokenRequests()).length).toBe(1);
		} finally {
			await bed.close();
		}
	});
});

describe('1.3-rev2 keeps what 1.3-rev1 relaxed', () => {
	it('Add SMB without share credentials (optional since 1.3-rev1) is accepted on 1.3-rev2', async () => {
		const bed = await startTestbed({ vbrVersion: '13.1', credential: { apiVersion: '1.3-rev2' } });
		try {
			const mountServerId = [...bed.sim.store.managedServers.values()].find(
				(s) => s.name === 'vbr01.lab.local',
			).id;
			const result = await bed.engine.execute({
				resource: 'repository',
				operation: 'create',
				defineBy: 'fields',
				name: 'SMB without credentials',
				repositoryType: 'Smb',
				sharePath: '\\\\nas09\\b',
				mountServerId,
				options: { ...FAST_WAIT, dryRun: true },
			});
			expect(result.error).toBeUndefined();
			expect(result.json[0].request.body.share).not.toHaveProperty('credentialsId');
		} finally {
			await bed.close();
		}
	});
});
