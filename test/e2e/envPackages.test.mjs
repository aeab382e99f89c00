// Environment-managed community packages on a queue-mode cluster (PostgreSQL + Redis, one main,
// two workers), the way an unlicensed n8n 2.41.1 installs them: N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV
// and N8N_COMMUNITY_PACKAGES with N8N_COMMUNITY_PACKAGES_REGISTRY at its default,
// https://registry.npmjs.org (any other registry is licensed: registry.test.mjs).
//
// Offline, registry.npmjs.org is played by verdaccio behind scripts/n8n/npmStandIn.mjs: an HTTPS
// proxy given to the n8n processes only, which terminates TLS for registry.npmjs.org with a
// throw-away CA and refuses every other host. Its log shows who fetched what.
//
// What n8n 2.41.1 does (and this test proves): only `n8n start` reconciles N8N_COMMUNITY_PACKAGES
// (commands/start.js initInstanceSettingsLoader, main only); it installs the package and records it
// in the shared database (installed_packages). A worker does not read N8N_COMMUNITY_PACKAGES: with
// N8N_REINSTALL_MISSING_PACKAGES=true it installs, at its start, the version that table records
// (community-packages.service.js checkForMissingPackages). When the main restarts with another
// version, it updates and tells the running workers over Redis (`community-package-update`,
// handleInstallEvent), which install that version too.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { PACKAGE_NAME } from '../../scripts/n8n/config.mjs';
import { N8nInstance, freePort, tempUserFolder } from '../../scripts/n8n/instance.mjs';
import { startNpmStandIn } from '../../scripts/n8n/npmStandIn.mjs';
import { startRegistry } from '../../scripts/n8n/registry.mjs';
import { waitFor } from './support/database.mjs';
import { nextVersion, packageTarball, repackedAs, startBed } from './support/harness.mjs';
import { startQueueServices } from './support/queueServices.mjs';
import { veeam, webhookTrigger, workflow } from './support/workflow.mjs';

const CRED = { id: 'e2eEnvPkgSim', name: 'VBR simulator (env packages)' };
const WF = 'e2eEnvPkgGetMany';
const HOOK = 'e2e-env-packages';
const WORKERS = ['worker1', 'worker2'];

let bed;
let pg;
let redis;
let registry;
let standIn;
let env;
let logs;
let next;
const procs = {};
const folders = {};
const started = Date.now();
const say = (m) => process.stderr.write(`[envPackages ${((Date.now() - started) / 1000).toFixed(1)} s] ${m}\n`);
const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
const tails = () => Object.entries(logs).map(([name, file]) => `\n--- ${name} log (tail)\n${read(file).slice(-2500)}`).join('');
const installedVersion = (name) => {
	const file = path.join(folders[name], '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json');
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : undefined;
};
const managedEnv = (version) => ({
	...standIn.env,
	N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
	N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
	N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME, version }]),
	N8N_REINSTALL_MISSING_PACKAGES: 'true',
	N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
});
/** Who fetched what through the stand-in, one line per CONNECT or forwarded request. */
const standInLog = () => standIn.log().map((e) => (e.kind === 'connect' ? `CONNECT ${e.host} ${e.allowed ? 'served' : 'refused'}` : `${e.agent} ${e.method} ${e.path} ${e.status}`));
const tarballsFetched = () => standIn.log().filter((e) => e.kind === 'request' && e.path?.endsWith('.tgz') && e.status === 200).map((e) => path.basename(e.path));


async function startMain(version) {
	const t = Date.now();
	procs.main = await procs.mainInstance.start({ port: procs.mainPort, logFile: logs.main, env: { ...env, ...managedEnv(version) } });
	say(`main ready with N8N_COMMUNITY_PACKAGES ${PACKAGE_NAME}@${version} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

before(async () => {
	bed = await startBed({ install: false });
	registry = await startRegistry();
	registry.publish(packageTarball().tarball);
	next = repackedAs(nextVersion(packageTarball().version));
	standIn = await startNpmStandIn({ registryUrl: registry.url });
	say(`verdaccio on ${registry.url} with ${PACKAGE_NAME}@${packageTarball().version}, standing in for https://registry.npmjs.org behind ${standIn.proxyUrl}`);
	let services;
	({ pg, redis, env: services } = await startQueueServices(bed.n8n, say));
	env = services;
	bed.n8n.extraEnv = { ...bed.n8n.extraEnv, ...env };
	const dir = bed.n8n.userFolder;
	logs = { main: path.join(dir, 'n8n-main.log'), worker1: path.join(dir, 'n8n-worker1.log'), worker2: path.join(dir, 'n8n-worker2.log') };
	folders.main = dir;
	procs.mainInstance = bed.n8n;
	procs.mainPort = await freePort();

	await bed.n8n.importCredentials([bed.simCredential(CRED.id, CRED.name)]);
	await bed.n8n.importWorkflows([workflow(WF, 'E2E env packages, get many', webhookTrigger('Webhook', HOOK), [[veeam('Get Many', { resource: 'repository', operation: 'getAll', returnAll: true }, CRED)]])]);
	await bed.n8n.publish(WF);
	await startMain(packageTarball().version);

	const t = Date.now();
	await Promise.all(
		WORKERS.map(async (name) => {
			const health = await freePort();
			const broker = await freePort();
			folders[name] = tempUserFolder(`veeam-n8n-env-${name}-`);
			procs[`${name}Instance`] = new N8nInstance({ runtime: bed.n8n.runtime, userFolder: folders[name], encryptionKey: bed.n8n.encryptionKey, env });
			procs[name] = await procs[`${name}Instance`].start({
				command: 'worker',
				args: ['--concurrency=1'],
				port: health,
				logFile: logs[name],
				env: { ...env, ...managedEnv(packageTarball().version), N8N_RUNNERS_BROKER_PORT: String(broker) },
			});
		}),
	);
	say(`two workers ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
});

after(async () => {
	for (const name of ['main', ...WORKERS]) if (procs[name]) await procs[name].stop().catch((e) => say(`stopping ${name}: ${e.message}`));
	if (standIn) say(`npm stand-in log (who fetched what):\n  ${standInLog().join('\n  ')}`);
	await standIn?.stop().catch(() => {});
	await registry?.stop().catch(() => {});
	await redis?.stop().catch(() => {});
	await pg?.stop().catch((e) => say(`stopping PostgreSQL: ${e.message}`));
	if (next) fs.rmSync(next.dir, { recursive: true, force: true });
	for (const name of WORKERS) if (folders[name] && !process.env.VEEAM_E2E_KEEP) fs.rmSync(folders[name], { recursive: true, force: true });
	await bed?.close();
});

describe('environment-managed packages on a queue-mode cluster, from the default registry', { concurrency: false }, () => {
	it('the main installs the version N8N_COMMUNITY_PACKAGES names, from registry.npmjs.org (the stand-in)', () => {
		const version = packageTarball().version;
		assert.match(read(logs.main), new RegExp(`Installed community package '?${PACKAGE_NAME}@${version.replace(/\./g, '\\.')}'? from env`), tails());
		assert.equal(installedVersion('main'), version);
		assert.ok(tarballsFetched().includes(`${PACKAGE_NAME}-${version}.tgz`), standInLog().join('\n'));
		// Nothing else left the machine: every other host was refused.
		for (const e of standIn.log().filter((x) => x.kind === 'connect')) assert.equal(e.allowed, e.host === 'registry.npmjs.org:443', JSON.stringify(e));
		say(`main: ${read(logs.main).split('\n').find((l) => l.includes('Installed community package'))?.trim()}`);
	});

	it('each worker installs the same version at its start (recorded by the main in the database)', () => {
		const version = packageTarball().version;
		for (const name of WORKERS) {
			assert.equal(installedVersion(name), version, `${name}'s user folder${tails()}`);
			assert.match(read(logs[name]), /Attempting to reinstall missing packages/, tails());
			say(`${name}: ${read(logs[name]).split('\n').find((l) => l.includes('reinstall missing packages'))?.trim().slice(0, 200)}`);
		}
		assert.equal(tarballsFetched().filter((t) => t === `${PACKAGE_NAME}-${version}.tgz`).length, 3, `one tarball download per process:\n${standInLog().join('\n')}`);
	});

	it('an execution runs the node on a worker', async () => {
		const res = await fetch(`${procs.main.url}/webhook/${HOOK}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(120_000) });
		const body = await res.json();
		assert.equal(res.status, 200, `${JSON.stringify(body)}${tails()}`);
		assert.equal(body.length, 13, 'the thirteen repositories of the simulator');
		const worker = await waitFor(() => WORKERS.find((name) => /Worker started execution \d+/.test(read(logs[name]))), { timeoutMs: 15_000, intervalMs: 200, what: 'a worker log line' });
		say(`the webhook execution ran on ${worker}`);
		assert.doesNotMatch(read(logs.main), /Worker started execution/);
	});

	it('a restart of the main with another version updates the main and the running workers alike', async () => {
		registry.publish(next.dir);
		await procs.main.stop(90_000);
		await startMain(next.version);
		assert.match(read(logs.main), new RegExp(`Updated community package '${PACKAGE_NAME}' from ${packageTarball().version.replace(/\./g, '\\.')} to ${next.version.replace(/\./g, '\\.')} from env`), tails());
		assert.equal(installedVersion('main'), next.version);
		for (const name of WORKERS) {
			await waitFor(() => installedVersion(name) === next.version, { timeoutMs: 120_000, intervalMs: 500, what: `${name} on ${next.version}` }).catch((e) => {
				e.message += tails();
				throw e;
			});
		}
		assert.equal(tarballsFetched().filter((t) => t === `${PACKAGE_NAME}-${next.version}.tgz`).length, 3, standInLog().join('\n'));
		say(`after the restart: main ${installedVersion('main')}, ${WORKERS.map((n) => `${n} ${installedVersion(n)}`).join(', ')}`);
	});
});
