'use strict';
// Trusting VBR's certificate by its SHA-256 fingerprint (the credential's Trusted Certificate
// Fingerprint), through n8n's engine against the simulator over real HTTPS.
const https = require('https');
const net = require('net');
const selfsigned = require('selfsigned');
const { startSimulator } = require('../../simulator');
const { startTestbed } = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');

const getStates = { resource: 'repository', operation: 'getStates', limit: 1 };
const FINGERPRINT_FIELD = 'Trusted Certificate Fingerprint (SHA-256)';

/** A request that carries a secret: the login form or a bearer token. */
function carriesSecret(entry) {
	return entry.path === '/api/oauth2/token' || entry.headers.authorization !== undefined;
}

/** The secret-free probe that reads the certificate: GET /api/v1/serverInfo with no headers at all. */
const PROBE = expect.objectContaining({
	method: 'GET',
	path: '/api/v1/serverInfo',
	headers: {},
	body: null,
});

/** The three ways out, each named in the message (the credential test shows only the message). */
function expectThreeOptions(message, fingerprint) {
	expect(message).toContain(`paste ${fingerprint} into "${FINGERPRINT_FIELD}"`);
	expect(message).toMatch(/install a certificate n8n trusts on the VBR server/);
	expect(message).toMatch(/\(insecure\) turn on "Ignore SSL Issues \(Insecure\)"/);
}

/** A certificate for "localhost" only: connecting by 127.0.0.1 does not match its host name. */
async function localhostOnlyCertificate() {
	const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
		keySize: 2048,
		algorithm: 'sha256',
		extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
	});
	return { key: pems.private, cert: pems.cert };
}

describe('a pinned fingerprint, connecting by 127.0.0.1 to a certificate issued for localhost', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https', certificate: await localhostOnlyCertificate() });
	});
	afterAll(async () => bed.close());

	it('is refused without the fingerprint: the host name does not match and the certificate is self-signed', async () => {
		const result = await createEngine(simulatorCredential(bed.sim)).execute(getStates);
		expect(result.error.message).toMatch(/is not trusted/);
		expect((await bed.requests()).filter(carriesSecret)).toEqual([]);
	});

	it.each([
		['as openssl prints it', (fp) => `SHA256 Fingerprint=${fp}`],
		['lower case without colons', (fp) => fp.replace(/:/g, '').toLowerCase()],
		['with spaces', (fp) => ` ${fp.replace(/:/g, ' ')} `],
	])('works %s: credential test, login and operations', async (_form, write) => {
		await bed.clear();
		const credential = simulatorCredential(bed.sim, {
			trustedFingerprint: write(bed.sim.certificateFingerprint256),
		});
		const engine = createEngine(credential);
		expect(await engine.testCredential(credential)).toEqual({
			status: 'OK',
			message: 'Connection successful!',
		});
		const first = await engine.execute(getStates);
		expect(first.error).toBeUndefined();
		expect(first.json).toHaveLength(1);
		const list = await engine.execute({ resource: 'repository', operation: 'getAll' });
		expect(list.error).toBeUndefined();
		expect(list.json.length).toBeGreaterThan(1);
		const found = await engine.loadOptions('listSearch', 'searchRepositories', {});
		expect(found.results.length).toBeGreaterThan(0);
		expect((await bed.tokenRequests()).length).toBeGreaterThan(0);
	});
});

describe('the probe', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https' });
	});
	afterAll(async () => bed.close());

	it('runs once per process and server, before the first secret, not per request', async () => {
		const credential = simulatorCredential(bed.sim, {
			trustedFingerprint: bed.sim.certificateFingerprint256,
		});
		const engine = createEngine(credential);
		expect(await engine.testCredential(credential)).toEqual(
			expect.objectContaining({ status: 'OK' }),
		);
		for (let run = 0; run < 3; run++)
			expect((await engine.execute(getStates)).error).toBeUndefined();
		const requests = await bed.requests();
		expect(requests.filter((entry) => !carriesSecret(entry))).toEqual([PROBE]);
		expect(requests[0]).toEqual(PROBE);
		expect(requests.length).toBeGreaterThan(4);
	});
});

describe('a wrong fingerprint', () => {
	let bed;
	const wrong = 'AA:'.repeat(31) + 'AA';
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https' });
	});
	afterAll(async () => bed.close());

	it('fails before any secret is sent, naming the fingerprint the server presented', async () => {
		await bed.clear();
		const credential = simulatorCredential(bed.sim, { trustedFingerprint: wrong });
		const engine = createEngine(credential);
		const result = await engine.execute(getStates);
		expect(result.error.message).toContain(`https://127.0.0.1:${bed.sim.port} is not trusted`);
		expect(result.error.message).toContain(
			`its SHA-256 fingerprint ${bed.sim.certificateFingerprint256} is not the ${FINGERPRINT_FIELD}`,
		);
		expectThreeOptions(result.error.message, bed.sim.certificateFingerprint256);
		expect(result.error.description).toMatch(
			/another certificate than the one the credential trusts/,
		);
		expect(await bed.requests()).toEqual([PROBE]);

		await bed.clear();
		const test = await engine.testCredential(credential);
		expect(test.status).toBe('Error');
		expect(test.message).toContain(bed.sim.certificateFingerprint256);
		expectThreeOptions(test.message, bed.sim.certificateFingerprint256);
		expect(await bed.requests()).toEqual([PROBE]);
	});

	it('is refused with a clear error before any request when it is not a SHA-256 fingerprint', async () => {
		await bed.clear();
		for (const typed of ['AB:CD', 'SHA1 Fingerprint=' + 'AB:'.repeat(19) + 'AB', 'zz'.repeat(32)]) {
			const credential = simulatorCredential(bed.sim, { trustedFingerprint: typed });
			const engine = createEngine(credential);
			const result = await engine.execute(getStates);
			expect(result.error.name).toBe('NodeOperationError');
			expect(result.error.message).toMatch(
				/Trusted Certificate Fingerprint \(SHA-256\) in the Veeam credential is not a SHA-256 fingerprint/,
			);
			const test = await engine.testCredential(credential);
			expect(test.message).toMatch(/is not a SHA-256 fingerprint/);
		}
		expect(await bed.requests()).toEqual([]);
	});
});

describe('no fingerprint and a self-signed certificate', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https' });
	});
	afterAll(async () => bed.close());

	it("shows the server's fingerprint and the three ways out in the node's error and the credential test", async () => {
		const credential = simulatorCredential(bed.sim);
		const engine = createEngine(credential);
		const result = await engine.execute(getStates);
		expect(result.error.message).toMatch(
			/^The TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT; its SHA-256 fingerprint is /,
		);
		expectThreeOptions(result.error.message, bed.sim.certificateFingerprint256);
		const test = await engine.testCredential(credential);
		expect(test.status).toBe('Error');
		expectThreeOptions(test.message, bed.sim.certificateFingerprint256);
		expect((await bed.requests()).filter(carriesSecret)).toEqual([]);
	});

	it('the fingerprint the message shows, pasted into the field, connects', async () => {
		const engine = createEngine(simulatorCredential(bed.sim));
		const { message } = (await engine.execute(getStates)).error;
		const shown = /its SHA-256 fingerprint is ([0-9A-F:]{95})/.exec(message)[1];
		const pinned = simulatorCredential(bed.sim, { trustedFingerprint: shown });
		expect(await createEngine(pinned).testCredential(pinned)).toEqual(
			expect.objectContaining({ status: 'OK' }),
		);
		expect((await createEngine(pinned).execute(getStates)).error).toBeUndefined();
	});
});

describe('credentials saved before the rename', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https' });
	});
	afterAll(async () => bed.close());

	it('with allowUnauthorizedCerts: true still connect (credential test, login, operations)', async () => {
		const { ignoreSslIssues, ...rest } = simulatorCredential(bed.sim);
		const old = { ...rest, allowUnauthorizedCerts: true };
		const engine = createEngine(old);
		expect(await engine.testCredential(old)).toEqual(expect.objectContaining({ status: 'OK' }));
		const result = await engine.execute(getStates);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1);
	});

	it('a fingerprint overrides the old switch: a wrong one is refused', async () => {
		await bed.clear();
		const old = simulatorCredential(bed.sim, {
			allowUnauthorizedCerts: true,
			trustedFingerprint: 'BB:'.repeat(31) + 'BB',
		});
		const result = await createEngine(old).execute(getStates);
		expect(result.error.message).toContain(bed.sim.certificateFingerprint256);
		expect((await bed.requests()).filter(carriesSecret)).toEqual([]);
	});
});

/** A TCP relay whose upstream can be switched: the same address, first VBR, then someone else. */
async function startRelay(port) {
	const relay = { port: 0, upstreamPort: port, sockets: new Set() };
	const server = net.createServer((client) => {
		const upstream = net.connect(relay.upstreamPort, '127.0.0.1');
		for (const socket of [client, upstream]) {
			relay.sockets.add(socket);
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
			socket.on('close', () => relay.sockets.delete(socket));
		}
		client.pipe(upstream).pipe(client);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	relay.port = server.address().port;
	relay.close = async () => {
		for (const socket of relay.sockets) socket.destroy();
		await new Promise((resolve) => server.close(resolve));
	};
	return relay;
}

describe('a man in the middle with another certificate, after the pinned server was trusted', () => {
	let bed;
	let intruder;
	let relay;
	beforeAll(async () => {
		bed = await startTestbed({ protocol: 'https' });
		intruder = await startSimulator({ protocol: 'https', sessionDurationMs: 40 });
		relay = await startRelay(bed.sim.port);
	});
	afterAll(async () => {
		await relay.close();
		await intruder.close();
		await bed.close();
	});

	it('receives no login form and no token, and the error names its fingerprint', async () => {
		const credential = {
			...simulatorCredential(bed.sim, { trustedFingerprint: bed.sim.certificateFingerprint256 }),
			url: `https://127.0.0.1:${relay.port}`,
		};
		const engine = createEngine(credential);
		expect((await engine.execute(getStates)).error).toBeUndefined();
		expect(engine.credential().accessToken).not.toBe('');

		relay.upstreamPort = intruder.port;
		await intruder.control.clearRequests();
		// The stored token would go out with the next request: the handshake fails before it does.
		const result = await engine.execute(getStates);
		expect(result.error.message).toContain(
			`its SHA-256 fingerprint ${intruder.certificateFingerprint256}`,
		);
		expect(result.error.message).toContain(`is not the ${FINGERPRINT_FIELD}`);
		// A fresh login (credential test) does not reach it either.
		const test = await engine.testCredential({ ...credential, accessToken: '' });
		expect(test.message).toContain(intruder.certificateFingerprint256);
		const seen = (await intruder.control.requests()).filter((entry) =>
			entry.path.startsWith('/api/'),
		);
		expect(seen.filter(carriesSecret)).toEqual([]);
		expect(seen.length).toBeGreaterThan(0);
		for (const entry of seen) expect(entry).toEqual(PROBE);

		// VBR itself back at the address: trusted again.
		relay.upstreamPort = bed.sim.port;
		expect((await engine.execute(getStates)).error).toBeUndefined();
	});
});

describe('a pinned certificate issued by an internal CA the server does not send', () => {
	let bed;
	beforeAll(async () => {
		const ca = await selfsigned.generate([{ name: 'commonName', value: 'Internal CA' }], {
			keySize: 2048,
			algorithm: 'sha256',
			extensions: [{ name: 'basicConstraints', cA: true, critical: true }],
		});
		const leaf = await selfsigned.generate([{ name: 'commonName', value: 'vbr.internal' }], {
			keySize: 2048,
			algorithm: 'sha256',
			ca: { key: ca.private, cert: ca.cert },
			extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'vbr.internal' }] }],
		});
		bed = await startTestbed({
			protocol: 'https',
			certificate: { key: leaf.private, cert: leaf.cert },
		});
	});
	afterAll(async () => bed.close());

	it('is trusted by its own fingerprint', async () => {
		const credential = simulatorCredential(bed.sim, {
			trustedFingerprint: bed.sim.certificateFingerprint256,
		});
		const engine = createEngine(credential);
		expect(await engine.testCredential(credential)).toEqual(
			expect.objectContaining({ status: 'OK' }),
		);
		expect((await engine.execute(getStates)).error).toBeUndefined();
	});
});

describe('the probe against a server whose answer never ends', () => {
	let server;
	let url;
	let fingerprint;
	beforeAll(async () => {
		const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], {
			keySize: 2048,
			algorithm: 'sha256',
		});
		fingerprint = new (require('crypto').X509Certificate)(pems.cert).fingerprint256;
		server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('{"vbrId":"');
			const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
			res.on('close', () => clearInterval(timer));
		});
		server.on('clientError', (_error, socket) => socket.destroy());
		await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `https://127.0.0.1:${server.address().port}`;
	});
	afterAll(async () => {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	});

	it('reads the certificate without reading the answer, and closes the connection', async () => {
		const credential = {
			url,
			username: 'administrator',
			password: 'Veeam-Sim-Passw0rd!',
			apiVersion: '1.3-rev1',
			trustedFingerprint: 'CC:'.repeat(31) + 'CC',
			accessToken: '',
		};
		const result = await createEngine(credential).execute(getStates);
		expect(result.error.message).toContain(`its SHA-256 fingerprint ${fingerprint} is not the`);
		let open = 1;
		while (open > 0) {
			open = await new Promise((resolve, reject) =>
				server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
			);
			if (open > 0) await new Promise((resolve) => setImmediate(resolve));
		}
		expect(open).toBe(0);
	});
});
