// The registry round trip users make: the packed package is published to a private npm registry
// (verdaccio on 127.0.0.1, scripts/n8n/registry.mjs), and n8n installs, lists, updates (to a newer
// version published during the test) and uninstalls it through the endpoint Settings → Community
// Nodes calls (/rest/community-packages, modules/community-packages/community-packages.controller.js
// of n8n 2.41.1), signed in as the owner. n8n fetches from the registry itself (`npm pack` with
// --registry=N8N_COMMUNITY_PACKAGES_REGISTRY, then loads the nodes); verdaccio's log shows it.
//
// A registry other than registry.npmjs.org is an Enterprise feature in n8n 2.41.1
// (`feat:communityNodes:customRegistry`, community-packages.service.js getNpmRegistry). Unlicensed,
// the test switches that one feature on through n8n's own E2E hook (E2E_TESTS=true,
// PATCH /rest/e2e/feature), in memory for this process only. Everything else is the code path of a
// user's install from npm.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { NODE_TYPE, PACKAGE_NAME, TRIGGER_TYPE } from '../../scripts/n8n/config.mjs';
import { N8nInstance, freePort, nodeJson, tempUserFolder } from '../../scripts/n8n/instance.mjs';
import { startRegistry } from '../../scripts/n8n/registry.mjs';
import { assertExited, describeRun, nextVersion, packageTarball, repackedAs, startBed } from './support/harness.mjs';
import { manualTrigger, veeam, workflow } from './support/workflow.mjs';

const OWNER = { email: 'owner@example.com', password: 'Veeam-n8n-E2e-Test1' };
const BROWSER_ID = 'veeam-e2e-registry';
const CUSTOM_REGISTRY_FEATURE = 'feat:communityNodes:customRegistry';
const CRED = { id: 'e2eRegistrySim', name: 'VBR simulator (registry)' };

let bed;
let registry;
let n8n;
let cookie;
let next;
const started = Date.now();
const say = (m) => process.stderr.write(`[registry ${((Date.now() - started) / 1000).toFixed(1)} s] ${m}\n`);
const logTail = () => `\n--- n8n log (tail)\n${fs.readFileSync(path.join(bed.n8n.userFolder, 'n8n.log'), 'utf8').slice(-3000)}`;
const installedDir = () => path.join(bed.n8n.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
const tarballsServed = () => registry.requests().filter((r) => r.method === 'GET' && r.url.endsWith('.tgz') && r.status === 200).map((r) => path.basename(r.url));

/** A request to n8n's REST API as the signed-in owner; resolves { status, data }. */
async function rest(method, route, body) {
	const res = await fetch(`${n8n.url}/rest${route}`, {
		method,
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID, ...(cookie ? { cookie } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
		signal: AbortSignal.timeout(180_000),
	});
	const text = await res.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	if (res.headers.get('set-cookie')) cookie = res.headers.get('set-cookie').split(';')[0];
	return { status: res.status, data: json?.data ?? json };
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

before(async () => {
	bed = await startBed({ install: false });
	registry = await startRegistry();
	registry.publish(packageTarball().tarball);
	next = repackedAs(nextVersion(packageTarball().version));
	say(`verdaccio on ${registry.url} with ${PACKAGE_NAME}@${packageTarball().version}`);
	n8n = await bed.n8n.start({
		port: await freePort(),
		env: {
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
			E2E_TESTS: 'true',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: 'Veeam',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Admin',
			N8N_INSTANCE_OWNER_PASSWORD_HASH: bed.n8n.hashPassword(OWNER.password),
		},
	});
	const feature = await rest('PATCH', '/e2e/feature', { feature: CUSTOM_REGISTRY_FEATURE, enabled: true });
	assert.equal(feature.status, 200, JSON.stringify(feature.data));
	const login = await rest('POST', '/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
	assert.equal(login.status, 200, `${JSON.stringify(login.data)}${logTail()}`);
});

after(async () => {
	await n8n?.stop().catch((e) => say(`stopping n8n: ${e.message}`));
	await registry?.stop().catch(() => {});
	if (next) fs.rmSync(next.dir, { recursive: true, force: true });
	await bed?.close();
});

describe('registry round trip through Settings → Community Nodes', { concurrency: false }, () => {
	it('starts with nothing installed', async () => {
		const list = await rest('GET', '/community-packages');
		assert.equal(list.status, 200, JSON.stringify(list.data));
		assert.deepEqual(list.data, []);
		assert.equal(fs.existsSync(installedDir()), false);
	});

	it('installs the package from the registry: both nodes and the credential load', async () => {
		const t = Date.now();
		const installed = await rest('POST', '/community-packages', { name: PACKAGE_NAME });
		assert.equal(installed.status, 200, `${JSON.stringify(installed.data)}${logTail()}`);
		say(`install: HTTP ${installed.status} in ${((Date.now() - t) / 1000).toFixed(1)} s: ${installed.data.packageName}@${installed.data.installedVersion}, nodes ${installed.data.installedNodes.map((n) => n.type).join(', ')}`);
		assert.equal(installed.data.packageName, PACKAGE_NAME);
		assert.equal(installed.data.installedVersion, packageTarball().version);
		assert.deepEqual(installed.data.installedNodes.map((n) => n.type).sort(), [NODE_TYPE, TRIGGER_TYPE].sort());
		assert.deepEqual(tarballsServed(), [`${PACKAGE_NAME}-${packageTarball().version}.tgz`], 'n8n fetched the tarball from the private registry');
		const onDisk = JSON.parse(fs.readFileSync(path.join(installedDir(), 'package.json'), 'utf8'));
		assert.equal(onDisk.version, packageTarball().version);
		assert.equal(fs.existsSync(path.join(installedDir(), 'dist', 'credentials', 'VeeamBackupApi.credentials.js')), true);

		// The installed copy works: a workflow with the node runs against the simulator.
		await bed.n8n.importCredentials([bed.simCredential(CRED.id, CRED.name)]);
		await bed.n8n.importWorkflows([workflow('e2eRegGetMany', 'E2E registry, get many', manualTrigger(), [[veeam('Get Many', { resource: 'repository', operation: 'getAll', returnAll: true }, CRED)]])]);
		// Its own task broker port: the running n8n holds the folder's.
		const run = await bed.n8n.execute('e2eRegGetMany', { env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) } });
		assertExited(run, 0);
		assert.equal(nodeJson(run.run, 'Get Many').length, 13);
	});

	it('lists it, and offers the newer version published meanwhile; the update installs it', async () => {
		registry.publish(next.dir);
		const list = await rest('GET', '/community-packages');
		assert.equal(list.status, 200);
		assert.equal(list.data.length, 1);
		assert.equal(list.data[0].packageName, PACKAGE_NAME);
		assert.equal(list.data[0].installedVersion, packageTarball().version);
		say(`list: ${JSON.stringify(list.data.map((p) => ({ name: p.packageName, installed: p.installedVersion, updateAvailable: p.updateAvailable ?? null })))}`);

		const updated = await rest('PATCH', '/community-packages', { name: PACKAGE_NAME, version: next.version });
		assert.equal(updated.status, 200, `${JSON.stringify(updated.data)}${logTail()}`);
		say(`update: HTTP ${updated.status}: ${updated.data.packageName}@${updated.data.installedVersion}`);
		assert.equal(updated.data.installedVersion, next.version);
		assert.deepEqual(updated.data.installedNodes.map((n) => n.type).sort(), [NODE_TYPE, TRIGGER_TYPE].sort());
		assert.equal(JSON.parse(fs.readFileSync(path.join(installedDir(), 'package.json'), 'utf8')).version, next.version);
		assert.deepEqual(tarballsServed().at(-1), `${PACKAGE_NAME}-${next.version}.tgz`);
		assert.equal((await rest('GET', '/community-packages')).data[0].installedVersion, next.version);
	});

	it('uninstalls it: gone from the list and from the disk', async () => {
		const removed = await rest('DELETE', `/community-packages?name=${encodeURIComponent(PACKAGE_NAME)}`);
		assert.equal(removed.status, 200, `${JSON.stringify(removed.data)}${logTail()}`);
		say(`uninstall: HTTP ${removed.status}`);
		assert.deepEqual((await rest('GET', '/community-packages')).data, []);
		assert.equal(fs.existsSync(installedDir()), false);
	});

	it('environment-managed packages (N8N_COMMUNITY_PACKAGES) from a private registry need the licensed feature: unlicensed, n8n refuses and says so', async () => {
		// Env-managed install from a private registry; the E2E hook above is not available before
		// n8n's server starts (the reconciliation runs earlier), so this is n8n's real answer. The
		// unlicensed way, from the default registry, on a cluster: envPackages.test.mjs.
		const folder = tempUserFolder('veeam-n8n-env-packages-');
		const managed = new N8nInstance({ runtime: bed.n8n.runtime, userFolder: folder, brokerPort: await freePort() });
		const logFile = path.join(folder, 'n8n.log');
		const main = await managed.start({
			port: await freePort(),
			logFile,
			env: {
				N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
				N8N_COMMUNITY_PACKAGES_REGISTRY: registry.url,
				N8N_COMMUNITY_PACKAGES_MANAGED_BY_ENV: 'true',
				N8N_COMMUNITY_PACKAGES: JSON.stringify([{ name: PACKAGE_NAME, version: next.version }]),
			},
		});
		try {
			const log = fs.readFileSync(logFile, 'utf8');
			const line = log.split('\n').find((l) => l.includes(`Failed to install community package`));
			say(`N8N_COMMUNITY_PACKAGES, unlicensed: ${line?.trim() ?? 'no failure logged'}`);
			assert.match(log, /reconciling installed community packages from env/);
			assert.match(line ?? '', new RegExp(`${PACKAGE_NAME}.*(licen|customRegistry|feature)`, 'i'));
			assert.equal(fs.existsSync(path.join(folder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME)), false);
		} finally {
			await main.stop();
			if (!process.env.VEEAM_E2E_KEEP) fs.rmSync(folder, { recursive: true, force: true });
		}
	});
});
