// A private npm registry for the end-to-end tests: verdaccio, installed once into a cache folder
// outside the repository (like n8n itself, provision.mjs), started on 127.0.0.1 with a throw-away
// storage and no uplink (nothing is fetched from or published to the public registry).
//
// verdaccio 6.8.0 installs on Node 20 only with node-fetch pinned to 2.7.0 (an npm `overrides`):
// its own dependency range pulls a node-fetch 3 that needs a newer Node.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { cacheDir } from './config.mjs';
import { freePort, killGroup } from './instance.mjs';
import { formatDuration, readJson, runNpm, withLock } from './provision.mjs';

export const VERDACCIO_VERSION = '6.8.0';
const MARKER = '.provisioned.json';

function verdaccioDir(env = process.env) {
	return path.join(path.dirname(cacheDir(env)), `verdaccio-${VERDACCIO_VERSION}`);
}

function binOf(dir) {
	return path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio');
}

function complete(dir) {
	return readJson(path.join(dir, MARKER))?.version === VERDACCIO_VERSION && fs.existsSync(binOf(dir));
}

/** Installs verdaccio into the cache unless it is there; returns the path of its bin script. */
export async function provisionVerdaccio({ log = (m) => process.stderr.write(`[registry] ${m}\n`) } = {}) {
	const dir = verdaccioDir();
	if (complete(dir)) return binOf(dir);
	return await withLock(dir, log, async () => {
		if (complete(dir)) return binOf(dir);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		const manifest = { name: 'veeam-e2e-verdaccio', private: true, dependencies: { verdaccio: VERDACCIO_VERSION }, overrides: { 'node-fetch': '2.7.0' } };
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
		log(`Installing verdaccio ${VERDACCIO_VERSION} into ${dir} (once)`);
		const ms = await runNpm({
			args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
			cwd: dir,
			nodeBin: process.execPath,
			logFile: path.join(dir, 'install.log'),
			title: 'verdaccio',
			log,
		});
		if (!fs.existsSync(binOf(dir))) throw new Error(`verdaccio installed but ${binOf(dir)} is missing`);
		fs.writeFileSync(path.join(dir, MARKER), JSON.stringify({ version: VERDACCIO_VERSION, completedAt: new Date().toISOString() }));
		log(`  done in ${formatDuration(ms)}`);
		return binOf(dir);
	});
}

function configYaml(storage) {
	// Anyone may read and publish: the registry lives for one test, on loopback only.
	return [
		`storage: ${JSON.stringify(storage)}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(storage, 'htpasswd'))}`,
		'    max_users: 10',
		'uplinks: {}',
		'packages:',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    unpublish: $authenticated',
		'log: { type: stdout, format: json, level: http }',
		'',
	].join('\n');
}

/**
 * Starts verdaccio on 127.0.0.1:<free port> with its storage in a new temporary folder.
 * Returns { url, logFile, publish(folderOrTarball), requests(), stop() }.
 */
export async function startRegistry({ readyTimeoutMs = 60_000 } = {}) {
	const bin = await provisionVerdaccio();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-registry-'));
	const storage = path.join(dir, 'storage');
	fs.mkdirSync(storage);
	fs.writeFileSync(path.join(dir, 'config.yaml'), configYaml(storage));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const logFile = path.join(dir, 'verdaccio.log');
	const out = fs.openSync(logFile, 'a');
	const child = spawn(process.execPath, [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
		stdio: ['ignore', out, out],
		detached: process.platform !== 'win32',
		env: { PATH: process.env.PATH, HOME: dir },
	});
	let exitInfo;
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve((exitInfo = { code, signal }))));
	const emergency = () => killGroup(child, 'SIGKILL');
	process.once('exit', emergency);
	const stop = async () => {
		if (!exitInfo) {
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 10_000);
			await exited;
			clearTimeout(timer);
		}
		fs.closeSync(out);
		process.removeListener('exit', emergency);
		if (!process.env.VEEAM_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + readyTimeoutMs;
	for (;;) {
		if (exitInfo) throw new Error(`verdaccio exited while starting (${JSON.stringify(exitInfo)}):\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
		try {
			if ((await fetch(`${url}/-/ping`, { signal: AbortSignal.timeout(2000) })).ok) break;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`verdaccio did not answer on ${url} within ${readyTimeoutMs / 1000} s`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}

	// One publisher account, created the way `npm adduser` does; its token goes into a private npmrc.
	const user = await fetch(`${url}/-/user/org.couchdb.user:e2e`, {
		method: 'PUT',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'e2e', password: 'e2e-registry-only' }),
	});
	const { token } = await user.json();
	if (!token) throw new Error(`verdaccio did not create the publisher account (HTTP ${user.status})`);
	const npmrc = path.join(dir, 'npmrc');
	fs.writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`, { mode: 0o600 });

	return {
		url,
		logFile,
		/** `npm publish` of a package folder or tarball to this registry only; returns npm's output. */
		publish(target) {
			const r = spawnSync('npm', ['publish', target, '--ignore-scripts', `--registry=${url}/`, `--userconfig=${npmrc}`, '--provenance=false'], {
				encoding: 'utf8',
				env: { PATH: process.env.PATH, HOME: dir, npm_config_update_notifier: 'false' },
			});
			if (r.status !== 0) throw new Error(`npm publish ${target} to ${url} failed (exit code ${r.status}):\n${r.stdout}${r.stderr}`);
			return `${r.stdout}${r.stderr}`;
		},
		/** The HTTP requests verdaccio answered so far: [{ method, url, status }]. */
		requests() {
			return fs
				.readFileSync(logFile, 'utf8')
				.split('\n')
				.map((line) => {
					try {
						return JSON.parse(line);
					} catch {
						return undefined;
					}
				})
				// verdaccio logs each request twice, when it arrives (nothing sent yet) and when answered.
				.filter((entry) => entry?.request && (entry.bytes?.out > 0 || entry.error))
				.map((entry) => ({ method: entry.request.method, url: entry.request.url, status: entry.status }));
		},
		stop,
	};
}
