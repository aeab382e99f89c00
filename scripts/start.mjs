// `npm start`: a real n8n (pinned 2.41.1) with this package installed, on http://127.0.0.1:5678,
// connected to the VBR simulator (default) or to a real VBR server. Builds and packs the package,
// provisions n8n into the cache on first use, imports a ready credential and the example
// workflows, pre-creates the owner account, and stops everything on Ctrl+C.
//
// Run `npm start -- --help` for the options.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { N8N_VERSION, PACKAGE_NAME, ROOT, cacheDir } from './n8n/config.mjs';
import { N8nInstance, freePort, portInUse } from './n8n/instance.mjs';
import { buildAndPack, installPackage } from './n8n/package.mjs';
import { provisionN8n } from './n8n/provision.mjs';

const require = createRequire(import.meta.url);

/** The credential the examples reference (test/e2e uses the same id). */
const CREDENTIAL = { id: 'veeamVbr', name: 'Veeam Backup & Replication' };
const SIM_USER = 'administrator';
const SIM_PASSWORD = 'Veeam-Sim-Passw0rd!';

const HELP = `Usage: npm start [-- options]

Starts n8n ${N8N_VERSION} on http://127.0.0.1:5678 with ${PACKAGE_NAME} installed, the VBR
simulator over HTTPS, a ready credential and the example workflows. Ctrl+C stops everything.

Options (each also as an environment variable):
  --port <n>              n8n port (VEEAM_N8N_PORT, default 5678)
  --simulator-port <n>    simulator port (VEEAM_SIMULATOR_PORT, default 9419, another free one if taken)
  --vbr-url <url>         use this VBR server instead of the simulator (VBR_URL), e.g. https://vbr01:9419
  --vbr-user <name>       VBR username (VBR_USERNAME), DOMAIN\\user for a domain account
  --vbr-password <pw>     VBR password (VBR_PASSWORD; prefer the variable: arguments show in ps)
  --vbr-api-version <v>   auto (default: the newest both speak), 1.2-rev1 (VBR 12.3.1), 1.3-rev0 (13.0.0),
                          1.3-rev1 (13.0.1), 1.3-rev2 (13.1) (VBR_API_VERSION)
  --vbr-fingerprint <fp>  trust exactly this certificate, its SHA-256 fingerprint (VBR_FINGERPRINT); recommended
  --vbr-ignore-ssl        accept any certificate, insecure (VBR_IGNORE_SSL=true); the simulator's is pinned by fingerprint
  --owner-email <e>       n8n owner account (VEEAM_N8N_OWNER_EMAIL, default admin@example.com)
  --owner-password <pw>   its password (VEEAM_N8N_OWNER_PASSWORD, default Veeam-n8n-Demo1); the owner
                          is set from these on every start (n8n listens on 127.0.0.1 only)
  --fresh                 delete the n8n data (workflows, credentials, executions) first
  --reset-examples        import the example workflows again even if you changed them
  --no-build              use dist/ as it is (skip npm run build)
  --verbose               show n8n's log output here (it always goes to n8n.log)
  -h, --help              this help

n8n itself is cached in ${cacheDir()} (VEEAM_N8N_CACHE_DIR);
its data lives in ${defaultUserFolder()} (VEEAM_N8N_USER_FOLDER).`;

function defaultUserFolder() {
	return process.env.VEEAM_N8N_USER_FOLDER ? path.resolve(process.env.VEEAM_N8N_USER_FOLDER) : path.join(path.dirname(cacheDir()), 'dev-instance');
}

function parseOptions(argv, env = process.env) {
	const o = {
		port: Number(env.VEEAM_N8N_PORT ?? 5678),
		simulatorPort: Number(env.VEEAM_SIMULATOR_PORT ?? 9419),
		vbrUrl: env.VBR_URL ?? '',
		vbrUser: env.VBR_USERNAME ?? '',
		vbrPassword: env.VBR_PASSWORD ?? '',
		vbrApiVersion: env.VBR_API_VERSION ?? 'auto',
		vbrIgnoreSsl: /^(1|true|yes)$/i.test(env.VBR_IGNORE_SSL ?? ''),
		vbrFingerprint: env.VBR_FINGERPRINT ?? '',
		ownerEmail: env.VEEAM_N8N_OWNER_EMAIL ?? 'admin@example.com',
		ownerPassword: env.VEEAM_N8N_OWNER_PASSWORD ?? 'Veeam-n8n-Demo1',
		fresh: false,
		resetExamples: false,
		build: true,
		verbose: false,
		help: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s, 2) : [argv[i], undefined];
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const port = () => {
			const n = Number(value());
			if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${flag} needs a port number`);
			return n;
		};
		switch (flag) {
			case '--port': o.port = port(); break;
			case '--simulator-port': o.simulatorPort = port(); break;
			case '--vbr-url': o.vbrUrl = value(); break;
			case '--vbr-user': o.vbrUser = value(); break;
			case '--vbr-password': o.vbrPassword = value(); break;
			case '--vbr-api-version': o.vbrApiVersion = value(); break;
			case '--vbr-ignore-ssl': o.vbrIgnoreSsl = true; break;
			case '--vbr-fingerprint': o.vbrFingerprint = value(); break;
			case '--owner-email': o.ownerEmail = value(); break;
			case '--owner-password': o.ownerPassword = value(); break;
			case '--fresh': o.fresh = true; break;
			case '--reset-examples': o.resetExamples = true; break;
			case '--no-build': o.build = false; break;
			case '--verbose': o.verbose = true; break;
			case '-h': case '--help': o.help = true; break;
			default: throw new Error(`Unknown option ${argv[i]} (npm start -- --help lists them)`);
		}
	}
	if (!['auto', '1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'].includes(o.vbrApiVersion)) throw new Error(`--vbr-api-version must be auto, 1.2-rev1, 1.3-rev0, 1.3-rev1 or 1.3-rev2 (got ${o.vbrApiVersion})`);
	if (o.vbrUrl && (!o.vbrUser || !o.vbrPassword)) throw new Error('--vbr-url needs --vbr-user and a password (VBR_PASSWORD or --vbr-password)');
	if (o.ownerPassword.length < 8 || !/\d/.test(o.ownerPassword) || !/[A-Z]/.test(o.ownerPassword)) {
		throw new Error('The owner password needs at least 8 characters, a number and a capital letter (n8n\'s rule)');
	}
	return o;
}

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line) => process.stdout.write(`> ${line}\n`);

function readState(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return {};
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

async function main() {
	const started = Date.now();
	const o = parseOptions(process.argv.slice(2));
	if (o.help) {
		say(HELP);
		return;
	}
	const userFolder = defaultUserFolder();
	const pidFile = path.join(userFolder, 'npm-start.pid');
	if (fs.existsSync(pidFile)) {
		const pid = Number(fs.readFileSync(pidFile, 'utf8'));
		if (pid && pid !== process.pid && pidAlive(pid)) throw new Error(`npm start is already running (pid ${pid}) with ${userFolder}. Stop it first (Ctrl+C in its terminal).`);
	}
	if (await portInUse(o.port)) throw new Error(`Port ${o.port} on 127.0.0.1 is in use (another n8n?). Stop it or choose another port: npm start -- --port 5680`);

	// 1. n8n into the cache (minutes the first time).
	const runtime = await provisionN8n({ log: (m) => say(`  ${m}`) });
	step(`n8n ${N8N_VERSION} ${runtime.installed ? 'installed' : 'from the cache'} (${runtime.dir})`);

	// 2. The package, built and installed as the Community Nodes screen would.
	if (o.fresh && fs.existsSync(userFolder)) {
		step(`--fresh: deleting ${userFolder}`);
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
	fs.mkdirSync(userFolder, { recursive: true });
	fs.writeFileSync(pidFile, String(process.pid));
	const stateFile = path.join(userFolder, 'npm-start.json');
	const state = readState(stateFile);
	state.encryptionKey ??= crypto.randomBytes(24).toString('hex');
	state.examples ??= {};
	fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });

	step(o.build ? 'Building and packing the package' : 'Packing the package (dist/ as it is)');
	const pack = buildAndPack({ build: o.build, quiet: true });
	installPackage(userFolder, pack);
	fs.rmSync(path.dirname(pack.tarball), { recursive: true, force: true });
	step(`Installed ${pack.name}@${pack.version} into ${path.join(userFolder, '.n8n', 'nodes')}`);

	const n8n = new N8nInstance({
		runtime,
		userFolder,
		encryptionKey: state.encryptionKey,
		brokerPort: await freePort(5679),
		env: {
			// The owner account exists from the start: no setup screen on the first visit.
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: o.ownerEmail,
			N8N_INSTANCE_OWNER_FIRST_NAME: 'Veeam',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Admin',
		},
	});
	n8n.extraEnv.N8N_INSTANCE_OWNER_PASSWORD_HASH = n8n.hashPassword(o.ownerPassword);

	// 3. The VBR side: the simulator (HTTPS, self-signed) or a real server.
	let sim;
	let vbr;
	if (o.vbrUrl) {
		vbr = { url: o.vbrUrl, username: o.vbrUser, password: o.vbrPassword, apiVersion: o.vbrApiVersion, ignoreSsl: o.vbrIgnoreSsl, fingerprint: o.vbrFingerprint };
		step(`Using the VBR server ${o.vbrUrl} (API ${o.vbrApiVersion}${o.vbrFingerprint ? ', certificate pinned by fingerprint' : o.vbrIgnoreSsl ? ', certificate not checked' : ''})`);
	} else {
		const { startSimulator } = require(path.join(ROOT, 'simulator'));
		const simPort = await freePort(o.simulatorPort);
		sim = await startSimulator({ protocol: 'https', port: simPort });
		// The recommended way, shown with the simulator's own self-signed certificate: pinned by fingerprint.
		vbr = { url: sim.url, username: SIM_USER, password: SIM_PASSWORD, apiVersion: 'auto', ignoreSsl: false, fingerprint: sim.certificateFingerprint256 };
		step(`VBR simulator on ${sim.url}${simPort !== o.simulatorPort ? ` (port ${o.simulatorPort} was taken)` : ''}, certificate pinned by its fingerprint ${sim.certificateFingerprint256}`);
	}

	let handle;
	let stopping = false;
	const shutdown = async (reason, code = 0) => {
		if (stopping) return;
		stopping = true;
		if (reason) say(`\n${reason}: stopping n8n${sim ? ' and the simulator' : ''}...`);
		try {
			if (handle ?? n8n.current) await (handle ?? n8n.current).stop();
			if (sim) await sim.close();
		} finally {
			fs.rmSync(pidFile, { force: true });
			say('Stopped.');
			process.exit(code);
		}
	};
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void shutdown(signal));
	// A service manager or an IDE's stop button signals only the PID it started: `npm start` passes
	// the signal to the shell it runs this script in, which ends without passing it on. So this
	// process also stops when its parent is gone (it is then re-parented).
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) void shutdown('The process that started npm start ended');
	}, 500).unref();

	// 4. Credential and example workflows (n8n's CLI, before the server opens the database).
	step(`Importing the credential "${CREDENTIAL.name}"`);
	await n8n.importCredentials([
		{
			...CREDENTIAL,
			type: 'veeamBackupApi',
			data: { url: vbr.url, username: vbr.username, password: vbr.password, apiVersion: vbr.apiVersion, ignoreSslIssues: vbr.ignoreSsl, trustedFingerprint: vbr.fingerprint ?? '', accessToken: '' },
		},
	]);
	const examplesDir = path.join(ROOT, 'examples');
	const examples = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort().map((f) => {
		const text = fs.readFileSync(path.join(examplesDir, f), 'utf8');
		return { file: f, workflow: JSON.parse(text), hash: crypto.createHash('sha256').update(text).digest('hex') };
	});
	const toImport = examples.filter((e) => o.resetExamples || state.examples[e.file] !== e.hash);
	if (toImport.length) {
		step(`Importing ${toImport.length} example workflow${toImport.length === 1 ? '' : 's'}: ${toImport.map((e) => e.file).join(', ')}`);
		await n8n.importWorkflows(toImport.map((e) => e.workflow));
		for (const e of toImport) state.examples[e.file] = e.hash;
		fs.writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
	} else {
		step('Example workflows already imported and unchanged (--reset-examples imports them again)');
	}

	// 5. n8n.
	step(`Starting n8n on http://127.0.0.1:${o.port}`);
	const logFile = path.join(userFolder, 'n8n.log');
	fs.writeFileSync(logFile, '');
	handle = await n8n.start({ port: o.port, logFile, onLine: o.verbose ? (line) => say(`  n8n | ${line}`) : undefined });
	handle.exited.then((info) => {
		if (stopping) return;
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
		process.stderr.write(`\nn8n exited unexpectedly (${info.signal ?? `exit code ${info.code}`}). Last lines of ${logFile}:\n${tail}\n`);
		void shutdown(undefined, 1);
	});

	const home = os.homedir();
	const short = (p) => (p.startsWith(home) ? `~${p.slice(home.length)}` : p);
	say('');
	say(`n8n ${N8N_VERSION} with ${pack.name} ${pack.version} is running (ready in ${((Date.now() - started) / 1000).toFixed(0)} s).`);
	say('');
	say(`  Open         ${handle.url}`);
	say(`  Log in       ${o.ownerEmail} / ${o.ownerPassword}   (the owner account is created for you)`);
	if (sim) say(`  VBR          simulator ${sim.url} (user ${SIM_USER}, password ${SIM_PASSWORD}; self-signed certificate)`);
	else say(`  VBR          ${vbr.url} as ${vbr.username} (API ${vbr.apiVersion})`);
	say(`  Credential   "${CREDENTIAL.name}" points at it${vbr.ignoreSsl ? ' (Ignore SSL Issues on)' : ''}`);
	say('  Workflows    ' + examples.map((e) => e.workflow.name).join('\n               '));
	say(`  Data         ${short(userFolder)} (npm start -- --fresh starts over)`);
	say(`  n8n log      ${short(logFile)}`);
	say('');
	say('Press Ctrl+C to stop.');
}

main().catch((e) => {
	process.stderr.write(`\nnpm start failed: ${e.message}\n`);
	process.exit(1);
});
