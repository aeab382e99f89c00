// Provisions a pinned n8n (and, when the running Node is not 24, Node 24 from the npm registry) into a
// cache folder outside the repository. Idempotent: a marker file is written only after a complete,
// verified install; anything without a valid marker is removed and installed again. Concurrent runs
// wait for each other through a lock directory.
//
//   node scripts/n8n/provision.mjs            provision (or check) and print the paths
//   node scripts/n8n/provision.mjs --force    remove the cache and install again
//
// Env: VEEAM_N8N_CACHE_DIR (default ~/.cache/n8n-nodes-veeam-backup/n8n-<version>).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { N8N_CORE_VERSION, N8N_VERSION, NODE24_VERSION, PROVISION_FORMAT, cacheDir } from './config.mjs';

const MARKER = '.provisioned.json';

function defaultLog(message) {
	process.stderr.write(`[n8n] ${message}\n`);
}

export function formatDuration(ms) {
	const s = Math.round(ms / 1000);
	return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

export function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** The npm CLI that runs this script (npm_execpath under `npm run`), else the one next to node. */
function npmCli() {
	const fromEnv = process.env.npm_execpath;
	if (fromEnv && /npm-cli\.js$/.test(fromEnv) && fs.existsSync(fromEnv)) return fromEnv;
	const candidates = [
		path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
		path.join(path.dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js'),
	];
	const found = candidates.find((c) => fs.existsSync(c));
	if (!found) throw new Error('Cannot find npm-cli.js next to the running Node; run through npm (npm start / npm run test:e2e).');
	return found;
}

/**
 * npm reads its global config from <prefix of the Node that runs it>/etc/npmrc. Running npm with
 * another Node would lose that file (registry, CA settings), so pass the running npm's own.
 */
let globalConfig;
function npmGlobalConfig() {
	if (globalConfig === undefined) {
		const r = spawnSync(process.execPath, [npmCli(), 'config', 'get', 'globalconfig'], { encoding: 'utf8' });
		const file = r.status === 0 ? r.stdout.trim() : '';
		globalConfig = file && fs.existsSync(file) ? file : '';
	}
	return globalConfig;
}

/** Which Node runs n8n: the running one when it is Node 24, else Node 24 from the npm registry. */
function nodePlan(dir) {
	const major = Number(process.versions.node.split('.')[0]);
	if (major === 24) return { own: false, version: process.versions.node, bin: process.execPath, nodedir: undefined };
	const pkg = `node-${process.platform}-${process.arch}`;
	const pkgDir = path.join(dir, 'node', 'node_modules', pkg);
	const bin = process.platform === 'win32' ? path.join(pkgDir, 'bin', 'node.exe') : path.join(pkgDir, 'bin', 'node');
	return { own: true, version: NODE24_VERSION, pkg, bin, nodedir: pkgDir };
}

function expectedMarker(plan) {
	return {
		format: PROVISION_FORMAT,
		n8n: N8N_VERSION,
		n8nCore: N8N_CORE_VERSION,
		node: plan.version,
		nodeBin: plan.bin,
		platform: process.platform,
		arch: process.arch,
	};
}

function paths(dir, plan) {
	const n8nDir = path.join(dir, 'n8n');
	return {
		dir,
		nodeBin: plan.bin,
		nodeVersion: plan.version,
		n8nDir,
		n8nBin: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		marker: path.join(dir, MARKER),
		log: path.join(dir, 'provision.log'),
	};
}

/** A cache is complete when its marker matches what this script would install and the files exist. */
function isComplete(p, plan) {
	const marker = readJson(p.marker);
	if (!marker) return false;
	const want = expectedMarker(plan);
	for (const [key, value] of Object.entries(want)) if (marker[key] !== value) return false;
	return fs.existsSync(p.nodeBin) && fs.existsSync(p.n8nBin);
}

export async function withLock(dir, log, fn) {
	const lock = `${dir}.lock`;
	fs.mkdirSync(path.dirname(lock), { recursive: true });
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lock);
			fs.writeFileSync(path.join(lock, 'owner.json'), JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const owner = readJson(path.join(lock, 'owner.json'));
			const stale = owner ? owner.host === os.hostname() && !pidAlive(owner.pid) : Date.now() - fs.statSync(lock).mtimeMs > 60_000;
			if (stale) {
				log(`Removing a stale provisioning lock (${owner ? `pid ${owner.pid} is gone` : 'no owner'}).`);
				fs.rmSync(lock, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`Another provisioning${owner ? ` (pid ${owner.pid})` : ''} holds ${lock}; waiting for it.`);
				announced = true;
			}
			if (Date.now() - started > 60 * 60_000) throw new Error(`Timed out waiting for the provisioning lock ${lock}`);
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	const release = () => fs.rmSync(lock, { recursive: true, force: true });
	process.once('exit', release);
	try {
		return await fn();
	} finally {
		process.removeListener('exit', release);
		release();
	}
}

function countPackages(nodeModules) {
	let count = 0;
	let entries;
	try {
		entries = fs.readdirSync(nodeModules, { withFileTypes: true });
	} catch {
		return 0;
	}
	for (const e of entries) {
		if (!e.isDirectory() || e.name.startsWith('.')) continue;
		if (e.name.startsWith('@')) {
			try {
				count += fs.readdirSync(path.join(nodeModules, e.name)).length;
			} catch {
				/* being written */
			}
		} else count++;
	}
	return count;
}

/**
 * Runs npm with the given Node first on PATH (so node-gyp builds for it), output to the log file;
 * prints a progress line every 15 s; rejects with the log's tail on failure.
 */
export function runNpm({ args, cwd, nodeBin, nodedir, logFile, title, log, progress }) {
	return new Promise((resolve, reject) => {
		const env = { ...process.env };
		// `npm run` exports the project's npm settings (ignore-scripts, nodedir, local prefix...), which
		// must not reach the install in the cache; registry, proxy, CA and cache settings may.
		const keep = /^npm_config_(registry|.*:registry|cafile|ca|cert|key|proxy|https_proxy|noproxy|strict_ssl|userconfig|cache|fetch_\w+|maxsockets|prefer_offline|offline)$/i;
		for (const key of Object.keys(env)) if (/^npm_(config|package|lifecycle)_/i.test(key) && !keep.test(key)) delete env[key];
		env.PATH = `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`;
		if (nodedir) env.npm_config_nodedir = nodedir;
		if (npmGlobalConfig()) env.npm_config_globalconfig = npmGlobalConfig();
		env.npm_config_update_notifier = 'false';
		env.npm_config_fund = 'false';
		env.npm_config_audit = 'false';
		env.npm_config_yes = 'true';
		const out = fs.openSync(logFile, 'a');
		fs.writeSync(out, `\n$ (${cwd}) npm ${args.join(' ')}\n`);
		const started = Date.now();
		const child = spawn(nodeBin, [npmCli(), ...args], { cwd, env, stdio: ['ignore', out, out] });
		const timer = setInterval(() => {
			const extra = progress ? `, ${progress()}` : '';
			log(`  ${title}: ${formatDuration(Date.now() - started)}${extra}`);
		}, 15_000);
		const stopChild = () => child.kill('SIGTERM');
		process.once('exit', stopChild);
		// Interrupted: stop npm too (it may not share our process group), release the lock (exit
		// handler) and leave no marker, so the next run starts the install again.
		const onSignal = (signal) => {
			stopChild();
			log(`Interrupted (${signal}) during "${title}"; the next run installs again.`);
			process.exit(130);
		};
		const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
		for (const signal of signals) process.on(signal, onSignal);
		child.on('error', (e) => {
			clearInterval(timer);
			reject(e);
		});
		child.on('exit', (code, signal) => {
			clearInterval(timer);
			process.removeListener('exit', stopChild);
			for (const s of signals) process.removeListener(s, onSignal);
			fs.closeSync(out);
			if (code === 0) return resolve(Date.now() - started);
			const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
			reject(new Error(`${title} failed (npm ${args.join(' ')}: ${signal ?? `exit code ${code}`}). Last lines of ${logFile}:\n${tail}`));
		});
	});
}

function verify(p, log) {
	const env = {
		PATH: process.env.PATH,
		HOME: os.tmpdir(),
		N8N_USER_FOLDER: fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-verify-')),
		N8N_ENCRYPTION_KEY: 'provision-check',
	};
	try {
		const version = spawnSync(p.nodeBin, [p.n8nBin, '--version'], { env, encoding: 'utf8', timeout: 120_000 });
		const text = `${version.stdout}${version.stderr}`;
		if (version.status !== 0 || !text.includes(N8N_VERSION)) throw new Error(`n8n --version did not answer ${N8N_VERSION}:\n${text}`);
		// The native parts n8n needs on this Node: SQLite (the database) and isolated-vm (expressions).
		const probe = `
			const { createRequire } = require('module');
			const r = createRequire(${JSON.stringify(path.join(p.n8nDir, 'node_modules', 'n8n', 'package.json'))});
			const sqlite3 = r('sqlite3');
			const db = new sqlite3.Database(':memory:');
			db.get('select sqlite_version() as v', (e, row) => {
				if (e) { console.error(e); process.exit(1); }
				const core = r('n8n-core/package.json').version;
				const ivm = r('isolated-vm');
				const isolate = new ivm.Isolate({ memoryLimit: 16 });
				if (isolate.compileScriptSync('6 * 7').runSync(isolate.createContextSync()) !== 42) process.exit(1);
				isolate.dispose();
				console.log(JSON.stringify({ sqlite: row.v, core }));
				db.close();
			});`;
		const check = spawnSync(p.nodeBin, ['-e', probe], { env, encoding: 'utf8', timeout: 60_000 });
		if (check.status !== 0) throw new Error(`The SQLite or isolated-vm module does not load on Node ${p.nodeVersion}:\n${check.stdout}${check.stderr}`);
		const { sqlite, core } = JSON.parse(check.stdout.trim().split('\n').pop());
		if (core !== N8N_CORE_VERSION) throw new Error(`n8n-core ${core} is installed, expected ${N8N_CORE_VERSION}`);
		log(`  verified: n8n ${N8N_VERSION}, n8n-core ${core}, SQLite ${sqlite}, isolated-vm, Node ${p.nodeVersion}`);
	} finally {
		fs.rmSync(env.N8N_USER_FOLDER, { recursive: true, force: true });
	}
}

async function install(p, plan, log) {
	const started = Date.now();
	log(`Installing n8n ${N8N_VERSION} into ${p.dir}`);
	log('  (first time only: about 3 GB and a few minutes; later runs reuse it)');
	fs.rmSync(p.marker, { force: true });
	for (const leftover of ['node', 'n8n']) fs.rmSync(path.join(p.dir, leftover), { recursive: true, force: true });
	fs.mkdirSync(p.dir, { recursive: true });
	fs.writeFileSync(p.log, `provisioning started ${new Date().toISOString()}\n`);

	if (plan.own) {
		const nodeDir = path.join(p.dir, 'node');
		fs.mkdirSync(nodeDir, { recursive: true });
		fs.writeFileSync(path.join(nodeDir, 'package.json'), JSON.stringify({ name: 'veeam-n8n-node24', private: true, dependencies: { [plan.pkg]: NODE24_VERSION } }, null, 2));
		log(`[1/3] Node ${NODE24_VERSION} from the npm registry (${plan.pkg}; the running Node ${process.versions.node} is too old for n8n 2.x)`);
		const ms = await runNpm({ args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], cwd: nodeDir, nodeBin: process.execPath, logFile: p.log, title: 'Node 24', log });
		if (!fs.existsSync(plan.bin)) throw new Error(`${plan.pkg}@${NODE24_VERSION} installed but ${plan.bin} is missing`);
		log(`  done in ${formatDuration(ms)}`);
	} else {
		log(`[1/3] Node: using the running Node ${process.versions.node}`);
	}

	fs.mkdirSync(p.n8nDir, { recursive: true });
	fs.writeFileSync(
		path.join(p.n8nDir, 'package.json'),
		JSON.stringify({ name: 'veeam-n8n-runtime', private: true, dependencies: { n8n: N8N_VERSION, 'n8n-core': N8N_CORE_VERSION } }, null, 2),
	);
	log(`[2/3] n8n ${N8N_VERSION} and its ~2,400 packages from the npm registry (install scripts off: one of them downloads from the internet)`);
	const nodeModules = path.join(p.n8nDir, 'node_modules');
	const ms = await runNpm({
		args: ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
		cwd: p.n8nDir,
		nodeBin: plan.bin,
		nodedir: plan.nodedir,
		logFile: p.log,
		title: 'n8n',
		log,
		progress: () => {
			const count = countPackages(nodeModules);
			return count === 0 ? 'resolving the dependency tree' : `${count} top-level packages unpacked`;
		},
	});
	log(`  done in ${formatDuration(ms)}`);

	log(`[3/3] Native modules for Node ${plan.version}: sqlite3 (builds the bundled SQLite, about a minute) and isolated-vm`);
	const ms2 = await runNpm({
		args: ['rebuild', 'sqlite3', 'isolated-vm', '--ignore-scripts=false', '--foreground-scripts', '--loglevel=error'],
		cwd: p.n8nDir,
		nodeBin: plan.bin,
		nodedir: plan.nodedir,
		logFile: p.log,
		title: 'native modules',
		log,
	});
	log(`  done in ${formatDuration(ms2)}`);

	verify(p, log);
	fs.writeFileSync(p.marker, JSON.stringify({ ...expectedMarker(plan), completedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2));
	log(`n8n ${N8N_VERSION} is ready (${formatDuration(Date.now() - started)}).`);
}

/**
 * Returns { dir, nodeBin, nodeVersion, n8nDir, n8nBin, installed: boolean, ms }.
 * Throws (with the npm log's tail) when anything fails.
 */
export async function provisionN8n({ log = defaultLog, force = false, env = process.env } = {}) {
	const started = Date.now();
	const dir = cacheDir(env);
	const plan = nodePlan(dir);
	const p = paths(dir, plan);
	if (!force && isComplete(p, plan)) return { ...p, installed: false, ms: Date.now() - started };
	return await withLock(dir, log, async () => {
		if (!force && isComplete(p, plan)) return { ...p, installed: false, ms: Date.now() - started };
		if (fs.existsSync(dir)) log(fs.existsSync(p.marker) ? 'The n8n cache is out of date; installing again.' : force ? 'Reinstalling (--force).' : 'The n8n cache is incomplete (an earlier install stopped half-way); installing again.');
		await install(p, plan, log);
		return { ...p, installed: true, ms: Date.now() - started };
	});
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	provisionN8n({ force: process.argv.includes('--force') })
		.then((p) => {
			defaultLog(`${p.installed ? 'Installed' : 'Already provisioned'}: n8n ${N8N_VERSION} in ${p.dir} (Node ${p.nodeVersion}: ${p.nodeBin})`);
		})
		.catch((e) => {
			process.stderr.write(`\n[n8n] Provisioning FAILED: ${e.message}\n`);
			process.exit(1);
		});
}
