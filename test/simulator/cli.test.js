// @ts-check
'use strict';

const path = require('path');
const https = require('https');
const { spawn, spawnSync } = require('child_process');
const axios = require('axios').default;

const CLI = path.join(__dirname, '../../simulator/cli.js');

/**
 * Start the CLI and wait for its banner.
 * @param {string[]} args
 */
function startCli(args) {
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	const ready = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no banner: ${out}`)), 20000);
		child.stdout.on('data', (d) => {
			out += d;
			if (out.includes('Press Ctrl+C')) {
				clearTimeout(timer);
				resolve(out);
			}
		});
		child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
	});
	const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
	return { child, ready, exited };
}

describe('CLI', () => {
	test('--http: prints URL and credentials, serves the API, stops cleanly on SIGTERM', async () => {
		const { child, ready, exited } = startCli(['--http', '--port', '0', '--repositories', '500', '--session-ms', '10', '--token-lifetime', '60']);
		const banner = /** @type {string} */ (await ready);
		const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
		expect(url).toBeDefined();
		expect(banner).toMatch(/Username:\s+administrator/);
		expect(banner).toMatch(/Password:\s+Veeam-Sim-Passw0rd!/);
		expect(banner).toMatch(/Repositories:\s+500/);
		const token = await axios.post(`${url}/api/oauth2/token`, 'grant_type=password&username=administrator&password=Veeam-Sim-Passw0rd!', {
			headers: { 'x-api-version': '1.3-rev1', 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(token.data.expires_in).toBe(60);
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
	}, 30000);

	test('default HTTPS prints the certificate fingerprint; SIGINT stops it', async () => {
		const { child, ready, exited } = startCli(['--port', '0']);
		const banner = /** @type {string} */ (await ready);
		const url = /listening on (https:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
		const fingerprint = /SHA-256 fingerprint: ([0-9A-F:]+)/.exec(banner)?.[1];
		expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
		// The served certificate is the one whose fingerprint was printed.
		const seen = await new Promise((resolve, reject) => {
			const req = https.get(`${url}/api/v1/serverTime`, { rejectUnauthorized: false, headers: { 'x-api-version': '1.3-rev1' } }, (res) => {
				resolve(/** @type {import('tls').TLSSocket} */ (res.socket).getPeerCertificate().fingerprint256);
				res.resume();
			});
			req.on('error', reject);
		});
		expect(seen).toBe(fingerprint);
		child.kill('SIGINT');
		expect(await exited).toEqual({ code: 0, signal: null });
	}, 30000);

	test('--vbr-version 13.1 --appliance-repositories: speaks 1.3-rev2, names build 13.1.0.411, seeds the appliances', async () => {
		const { child, ready, exited } = startCli(['--http', '--port', '0', '--vbr-version', '13.1', '--appliance-repositories']);
		const banner = /** @type {string} */ (await ready);
		const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(banner)?.[1];
		expect(banner).toMatch(/VBR build:\s+13\.1\.0\.411/);
		expect(banner).toMatch(/API versions:\s+1\.3-rev2, 1\.3-rev1, 1\.3-rev0, 1\.2-rev1, 1\.2-rev0/);
		expect(banner).toMatch(/Repositories:\s+18/);
		const token = await axios.post(`${url}/api/oauth2/token`, 'grant_type=Password&username=administrator&password=Veeam-Sim-Passw0rd!', {
			headers: { 'x-api-version': '1.3-rev2', 'Content-Type': 'application/x-www-form-urlencoded' },
		});
		expect(token.status).toBe(200);
		child.kill('SIGTERM');
		expect(await exited).toEqual({ code: 0, signal: null });
	}, 30000);

	test('bad arguments exit with status 2', () => {
		const unknownRelease = spawnSync(process.execPath, [CLI, '--vbr-version', '14.0'], { encoding: 'utf8' });
		expect(unknownRelease.status).toBe(2);
		expect(unknownRelease.stderr).toMatch(/vbrVersion 14\.0 is not a VBR release the simulator knows \(13\.1\.0, 13\.0\.1/);
		const res = spawnSync(process.execPath, [CLI, '--bogus'], { encoding: 'utf8' });
		expect(res.status).toBe(2);
		expect(res.stderr).toMatch(/Unknown option --bogus/);
		expect(spawnSync(process.execPath, [CLI, '--port', 'x'], { encoding: 'utf8' }).status).toBe(2);
	});
});
