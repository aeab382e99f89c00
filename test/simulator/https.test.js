// @ts-check
'use strict';

const https = require('https');
const crypto = require('crypto');
const axios = require('axios').default;
const { startSimulator } = require('../../simulator');
const { client } = require('./helpers');

describe('HTTPS with a generated self-signed certificate', () => {
	/** @type {any} */
	let sim;
	beforeAll(async () => {
		sim = await startSimulator({ protocol: 'https', port: 0 });
	}, 30000);
	afterAll(() => sim && sim.close());

	test('url, certificate and fingerprint', () => {
		expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
		const cert = new crypto.X509Certificate(sim.certificatePem);
		expect(cert.subjectAltName).toMatch(/DNS:localhost/);
		expect(cert.subjectAltName).toMatch(/IP Address:127\.0\.0\.1/);
		expect(cert.fingerprint256).toBe(sim.certificateFingerprint256);
		expect(cert.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
	});

	test('a client that trusts the certificate works, by IP and by localhost; HSTS is sent', async () => {
		const api = client(sim, '1.3-rev1');
		await api.login();
		const res = await api.get('/api/v1/serverInfo');
		expect(res.status).toBe(200);
		expect(res.headers['strict-transport-security']).toBe('max-age=31536000');
		const byName = await axios.get(sim.url.replace('127.0.0.1', 'localhost') + '/api/v1/serverTime', {
			headers: { 'x-api-version': '1.3-rev1' },
			httpsAgent: new https.Agent({ ca: sim.certificatePem }),
		});
		expect(byName.status).toBe(200);
	});

	test('a client that does not trust it fails; skipping verification works', async () => {
		await expect(axios.get(`${sim.url}/api/v1/serverTime`, { headers: { 'x-api-version': '1.3-rev1' } }))
			.rejects.toMatchObject({ code: expect.stringMatching(/SELF_SIGNED|UNABLE_TO_VERIFY|DEPTH_ZERO/) });
		const insecure = await axios.get(`${sim.url}/api/v1/serverTime`, {
			headers: { 'x-api-version': '1.3-rev1' },
			httpsAgent: new https.Agent({ rejectUnauthorized: false }),
		});
		expect(insecure.status).toBe(200);
	});

	test('a given certificate is used instead of generating one', async () => {
		const selfsigned = require('selfsigned');
		const pems = await selfsigned.generate([{ name: 'commonName', value: 'localhost' }], { keySize: 2048, algorithm: 'sha256' });
		const other = await startSimulator({ protocol: 'https', certificate: { key: pems.private, cert: pems.cert } });
		try {
			expect(other.certificatePem).toBe(pems.cert);
		} finally {
			await other.close();
		}
	}, 30000);
});
