// The production topology: n8n's queue mode on PostgreSQL (Debian's server, a throw-away cluster on
// 127.0.0.1) + Redis, one main and TWO workers, each process with its own user folder (its own copy
// of the package, the same version), one encryption key. No SQLite anywhere: DB_TYPE=postgresdb for
// every n8n command, and no user folder has a database.sqlite afterwards.
//
// Durable poll cursors are on (N8N_POLLER_DURABLE_CURSORS_ENABLED with the scheduler flags n8n
// 2.41.1 requires for it: N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
// N8N_USE_WORKFLOW_PUBLICATION_SERVICE; workflows/triggers/poll-cursor.service.js): a poll that
// emits nothing still commits the trigger's state (commitCursorOnly). That closes the gap README
// describes for n8n's legacy persistence, proven here: a change whose event is not selected (a
// repository goes offline; only Came Online is selected), seen by a scheduled poll, then the main
// stops, the repository comes back, the main restarts: Came Online is reported, once.
//
// Workers run with --concurrency=1, so that concurrent executions spread over both. A worker is
// killed (SIGKILL) while it waits for an Add's session (the simulator's session lasts an hour of
// its clock, which the test then advances): n8n 2.41.1 does not hand a stalled job to another
// worker (maxStalledCount 0 in scaling.service.js); whatever it does, VBR gets the Add once, and a
// person's re-run finds the repository and reports it alreadyPresent, without a second POST.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { N8nInstance, freePort, killGroup, tempUserFolder } from '../../scripts/n8n/instance.mjs';
import { PACKAGE_NAME } from '../../scripts/n8n/config.mjs';
import { installPackage } from '../../scripts/n8n/package.mjs';
import { executions, storedNodeJson, waitFor } from './support/database.mjs';
import { FAST_WAIT, managedServerId, packageTarball, repositoryId, startBed } from './support/harness.mjs';
import { startQueueServices } from './support/queueServices.mjs';
import { noOp, rl, veeam, veeamTrigger, webhookTrigger, workflow } from './support/workflow.mjs';

const GRACEFUL_STOP_MS = 90_000;

const CRED = { id: 'e2eClusterSim', name: 'VBR simulator (cluster)' };
const PROBLEMS_WF = 'e2eCProblems';
const ONLINE_WF = 'e2eCOnline';
const TRIGGER = 'Veeam Repository Trigger';
const ACTIVATION_ONLY = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };
const WATCHED = 'NFS Share Repo';
const TOKEN_PATH = '/api/oauth2/token';
const HOUR_MS = 3_600_000;
const WEBHOOKS = {
	e2eCSession: 'e2e-cluster-session',
	e2eCAdd: 'e2e-cluster-add',
	e2eCRemove: 'e2e-cluster-remove',
	e2eCSeal: 'e2e-cluster-seal',
};

let bed;
let pg;
let redis;
let env;
let logs;
const procs = {};
const started = Date.now();
const say = (m) => process.stderr.write(`[cluster ${((Date.now() - started) / 1000).toFixed(1)} s] ${m}\n`);
const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
const tails = () => Object.entries(logs).map(([name, file]) => `\n--- ${name} log (tail)\n${read(file).slice(-2500)}`).join('');
const events = (execution) => (storedNodeJson(execution, TRIGGER) ?? []).map((j) => `${j.event}:${j.repository?.name}`).sort();
const requests = async () => (await bed.sim.control.requests()).filter((r) => r.path.startsWith('/api/'));
const brief = (r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')} ${r.status}`;
const tokenCalls = async () => (await requests()).filter((r) => r.path === TOKEN_PATH);

/** Which worker ran an execution, from the workers' own log lines ("Worker started execution N"). */
function workerOf(executionId) {
	const line = new RegExp(`Worker started execution ${executionId} \\(job `);
	const ran = ['worker1', 'worker2'].filter((name) => line.test(read(logs[name])));
	return ran.length === 1 ? ran[0] : ran.join('+') || undefined;
}
const ranBy = {};
async function noteWorker(execution) {
	const name = await waitFor(() => workerOf(execution.id), { timeoutMs: 15_000, intervalMs: 200, what: `a worker's log line for execution ${execution.id}` });
	ranBy[execution.id] = { workflow: execution.workflowId, mode: execution.mode, worker: name };
	return name;
}

async function finished(workflowId, count, timeoutMs = 60_000) {
	try {
		return await waitFor(
			async () => {
				const list = await executions(bed.n8n, workflowId);
				return list.length >= count && list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) ? list : undefined;
			},
			{ timeoutMs, intervalMs: 500, what: `${count} finished execution(s) of ${workflowId}` },
		);
	} catch (e) {
		e.message += tails();
		throw e;
	}
}

/** POSTs to a production webhook of the main; resolves { status, body }. */
async function callWebhook(workflowId, body = {}, timeoutMs = 120_000) {
	const res = await fetch(`${procs.main.url}/webhook/${WEBHOOKS[workflowId]}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
	const text = await res.text();
	try {
		return { status: res.status, body: JSON.parse(text) };
	} catch {
		return { status: res.status, body: text };
	}
}

/** A process of the cluster: its own user folder with the package, the shared database and Redis. */
function member(name) {
	const userFolder = name === 'main' ? bed.n8n.userFolder : tempUserFolder(`veeam-n8n-${name}-`);
	const instance = name === 'main' ? bed.n8n : new N8nInstance({ runtime: bed.n8n.runtime, userFolder, encryptionKey: bed.n8n.encryptionKey, env });
	if (name !== 'main') installPackage(userFolder, packageTarball());
	return instance;
}

async function startMain() {
	const t = Date.now();
	procs.main = await procs.mainInstance.start({ port: procs.mainPort, logFile: logs.main, env });
	say(`main ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

function clusterEnv() {
	return {
		// A killed worker's job is noticed as stalled within seconds, not the default 30 s.
		QUEUE_WORKER_LOCK_DURATION: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true',
		N8N_SCHEDULER_ENABLED: 'true',
		N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true',
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true',
	};
}

function clusterWorkflows() {
	const v = (name, parameters) => veeam(name, parameters, CRED);
	const hook = (id) => webhookTrigger('Webhook', WEBHOOKS[id]);
	return [
		workflow(PROBLEMS_WF, 'E2E cluster, current problems', veeamTrigger(TRIGGER, { options: { emitCurrentProblems: true } }, CRED, ACTIVATION_ONLY), [[noOp('Received')]]),
		// Only Came Online: a repository going offline is seen, stored, and not reported.
		workflow(ONLINE_WF, 'E2E cluster, came online', veeamTrigger(TRIGGER, { events: ['cameOnline'] }, CRED), [[noOp('Received')]]),
		workflow('e2eCSession', 'E2E cluster, rescan and wait', hook('e2eCSession'), [
			[v('Rescan', { resource: 'repository', operation: 'rescan', repositoryIds: ['Linux Repo 01'], options: FAST_WAIT })],
		]),
		workflow('e2eCAdd', 'E2E cluster, add', hook('e2eCAdd'), [
			[
				v('Add', {
					resource: 'repository',
					operation: 'create',
					defineBy: 'fields',
					name: 'E2E Cluster Repo',
					repositoryType: 'LinuxHardened',
					hostId: managedServerId(bed.sim, 'lnx-hardened01.lab.local'),
					path: '/mnt/veeam/e2e-cluster',
					immutabilityDays: 14,
					mountServerId: managedServerId(bed.sim, 'vbr01.lab.local'),
					options: { pollIntervalSeconds: 0.2, waitTimeoutSeconds: 600 },
				}),
			],
		]),
		workflow('e2eCRemove', 'E2E cluster, remove by ID', hook('e2eCRemove'), [
			[v('Remove', { resource: 'repository', operation: 'delete', repositoryId: rl('={{ $json.body.id }}') })],
		]),
		workflow('e2eCSeal', 'E2E cluster, seal', hook('e2eCSeal'), [
			[v('Seal', { resource: 'scaleOutRepository', operation: 'enableSealedMode', scaleOutRepositoryId: rl('SOBR Primary', 'name'), extentIds: ['SOBR Extent 02'], options: FAST_WAIT })],
		]),
	];
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

before(async () => {
	bed = await startBed({ sessionDurationMs: 1000 });
	const dir = bed.n8n.userFolder;
	let services;
	({ pg, redis, env: services } = await startQueueServices(bed.n8n, say));
	env = { ...services, ...clusterEnv() };
	bed.n8n.extraEnv = { ...bed.n8n.extraEnv, ...env };
	logs = { main: path.join(dir, 'n8n-main.log'), worker1: path.join(dir, 'n8n-worker1.log'), worker2: path.join(dir, 'n8n-worker2.log') };
	procs.mainInstance = member('main');
	procs.mainPort = await freePort();

	let t = Date.now();
	await bed.n8n.importCredentials([bed.simCredential(CRED.id, CRED.name)]);
	await bed.n8n.importWorkflows(clusterWorkflows());
	for (const id of [PROBLEMS_WF, ONLINE_WF, ...Object.keys(WEBHOOKS)]) await bed.n8n.publish(id);
	say(`database migrated and workflows published in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	await bed.sim.control.clearRequests();

	t = Date.now();
	// Ports one after another: two freePort() calls at once may be handed the same port.
	const ports = {};
	for (const name of ['worker1', 'worker2']) ports[name] = { health: await freePort(), broker: await freePort() };
	const distinct = new Set([procs.mainPort, bed.n8n.brokerPort, ...Object.values(ports).flatMap((p) => [p.health, p.broker])]);
	assert.equal(distinct.size, 6, `distinct ports: ${JSON.stringify(ports)}`);
	await Promise.all(
		['worker1', 'worker2'].map(async (name) => {
			procs[`${name}Instance`] = member(name);
			procs[name] = await procs[`${name}Instance`].start({
				command: 'worker',
				args: ['--concurrency=1'],
				port: ports[name].health,
				logFile: logs[name],
				env: { ...env, N8N_RUNNERS_BROKER_PORT: String(ports[name].broker) },
			});
		}),
	);
	say(`two workers ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	await startMain();
});

after(async () => {
	for (const name of ['main', 'worker1', 'worker2']) if (procs[name]) await procs[name].stop().catch((e) => say(`stopping ${name}: ${e.message}`));
	await redis?.stop().catch(() => {});
	await pg?.stop().catch((e) => say(`stopping PostgreSQL: ${e.message}`));
	say(`which worker ran which execution: ${JSON.stringify(ranBy)}`);
	for (const name of ['worker1Instance', 'worker2Instance']) if (procs[name] && !process.env.VEEAM_E2E_KEEP) fs.rmSync(procs[name].userFolder, { recursive: true, force: true });
	await bed?.close();
});

describe('production topology: queue mode on PostgreSQL, one main, two workers, durable poll cursors', { concurrency: false }, () => {
	it('every process runs on PostgreSQL (no SQLite file, no "not officially supported" warning)', async () => {
		for (const name of ['main', 'worker1', 'worker2']) {
			const ready = name === 'main' ? /Editor is now accessible/ : /n8n worker is now ready/;
			await waitFor(() => ready.test(read(logs[name])), { timeoutMs: 20_000, intervalMs: 200, what: `${name}'s ready line` });
		}
		for (const folder of [bed.n8n.userFolder, procs.worker1Instance.userFolder, procs.worker2Instance.userFolder]) {
			assert.equal(fs.existsSync(path.join(folder, '.n8n', 'database.sqlite')), false, `${folder} has no SQLite database`);
		}
		assert.doesNotMatch(read(logs.main), /not officially supported/i);
		// Each process loads its own copy of the package: the same version everywhere.
		const versions = [bed.n8n, procs.worker1Instance, procs.worker2Instance].map((instance) => JSON.parse(fs.readFileSync(path.join(instance.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME, 'package.json'), 'utf8')).version);
		assert.deepEqual(versions, Array(3).fill(packageTarball().version));
		const [{ count }] = await pg.query('SELECT count(*)::int AS count FROM workflow_entity');
		assert.equal(count, 2 + Object.keys(WEBHOOKS).length);
	});

	it('the activation poll is enqueued and a worker runs it', async () => {
		const [execution] = await finished(PROBLEMS_WF, 1);
		assert.equal(execution.mode, 'trigger');
		assert.equal(execution.status, 'success');
		assert.deepEqual(events(execution), ['becameOutOfDate:Windows Repo 01', 'lowFreeSpace:Linux Repo 01', 'wentOffline:SMB Share Repo']);
		say(`trigger execution ${execution.id} ran on ${await noteWorker(execution)}`);
		assert.equal((await executions(bed.n8n, ONLINE_WF)).length, 0, 'the silent baseline made no execution');
		// Both triggers' activation polls start together in the main, each may log in (n8n fills an
		// empty token per execution); from then on every process uses the stored token.
		const logins = (await tokenCalls()).length;
		say(`token requests at activation (two triggers polling at once): ${logins}`);
		assert.ok(logins >= 1 && logins <= 2, `${logins} token requests`);
		await bed.sim.control.clearRequests();
	});

	it('concurrent operations spread over both workers, all with the token the main stored', async () => {
		const results = await Promise.all([1, 2, 3, 4].map(() => callWebhook('e2eCSession')));
		for (const r of results) assert.equal(r.status, 200, `${JSON.stringify(r.body)}${tails()}`);
		const list = await finished('e2eCSession', 4);
		const workers = new Set();
		for (const execution of list) {
			assert.equal(execution.status, 'success');
			assert.equal(storedNodeJson(execution, 'Rescan')[0].session.result, 'Success');
			workers.add(await noteWorker(execution));
		}
		say(`session executions: ${list.map((e) => `${e.id} → ${ranBy[e.id].worker}`).join(', ')}`);
		assert.deepEqual([...workers].sort(), ['worker1', 'worker2'], `both workers ran executions: ${JSON.stringify(ranBy)}`);
		assert.equal((await tokenCalls()).length, 0, 'both workers use the token the main stored');
		const bearers = new Set((await requests()).filter((r) => r.path.startsWith('/api/v1/')).map((r) => r.headers.authorization));
		assert.equal(bearers.size, 1);
	});

	it('a worker killed while it waits for the Add\'s session: VBR gets the Add once, a re-run reports it alreadyPresent', async () => {
		await bed.sim.control.configure({ sessionDurationMs: HOUR_MS });
		await bed.sim.control.clearRequests();
		const pending = callWebhook('e2eCAdd', {}, 180_000).catch((e) => ({ status: 0, body: e.message }));
		const running = await waitFor(async () => (await executions(bed.n8n, 'e2eCAdd')).find((e) => e.status === 'running'), { timeoutMs: 30_000, intervalMs: 200, what: 'the Add execution running' });
		const victim = await waitFor(() => workerOf(running.id), { timeoutMs: 15_000, intervalMs: 200, what: 'the worker running the Add' });
		// Wait until the worker polls the session: the Add was sent and the session is Working.
		const posts = await waitFor(async () => {
			const log = await requests();
			const post = log.filter((r) => r.method === 'POST' && r.path.endsWith('/repositories'));
			return post.length === 1 && log.some((r) => r.method === 'GET' && r.path.startsWith('/api/v1/sessions/')) ? post : undefined;
		}, { timeoutMs: 30_000, intervalMs: 200, what: 'the Add sent and its session polled' });
		assert.equal(posts[0].status, 201);
		say(`execution ${running.id} on ${victim}: Add sent, session Working; SIGKILL to ${victim}`);
		killGroup(procs[victim].child, 'SIGKILL');
		await procs[victim].exited;
		const killedRunLog = await requests();

		// Whatever n8n does with the stalled job, give it time to do it, then let VBR finish the session.
		const outcome = await waitFor(async () => (await executions(bed.n8n, 'e2eCAdd')).find((e) => e.id === running.id && e.status !== 'running'), { timeoutMs: 40_000, intervalMs: 1000, what: 'n8n settling the killed execution' }).catch(() => undefined);
		say(`after the kill n8n left execution ${running.id} ${outcome ? outcome.status : 'running'}; webhook answer: ${JSON.stringify((await Promise.race([pending, new Promise((r) => setTimeout(() => r({ status: 'pending' }), 100))])).status)}`);
		await bed.sim.control.advanceClock(HOUR_MS);
		await bed.sim.control.configure({ sessionDurationMs: 500 });
		const named = () => [...bed.sim.store.repositories.values()].filter((r) => r.model.name === 'E2E Cluster Repo');
		await waitFor(() => named().length === 1, { timeoutMs: 10_000, intervalMs: 200, what: 'the first Add applied' });

		// A person runs it again (the surviving worker takes it).
		await bed.sim.control.clearRequests();
		const rerun = await callWebhook('e2eCAdd');
		assert.equal(rerun.status, 200, `${JSON.stringify(rerun.body)}${tails()}`);
		const [out] = Array.isArray(rerun.body) ? rerun.body : [rerun.body];
		assert.equal(out.alreadyPresent, true);
		assert.equal(out.id, named()[0].id);
		assert.equal(named().length, 1, 'VBR has the repository once');
		const log = await requests();
		assert.deepEqual(log.filter((r) => r.method !== 'GET' && r.path !== TOKEN_PATH), [], 'the re-run sent no change');
		const list = await finished('e2eCAdd', 2, 30_000);
		say(`re-run execution ${list.at(-1).id} ran on ${await noteWorker(list.at(-1))}; the killed execution ${running.id} ended ${list[0].status}; its webhook call answered ${JSON.stringify(await pending).slice(0, 200)}`);
		say(`request log of the killed run and the re-run: ${killedRunLog.concat(log).filter((r) => r.path !== TOKEN_PATH).map(brief).join(' | ')}`);
		procs.addedId = out.id;
	});

	it('re-runs of Remove and of a mode change send nothing the second time', async () => {
		await bed.sim.control.clearRequests();
		for (const expected of [undefined, true]) {
			const removed = await callWebhook('e2eCRemove', { id: procs.addedId });
			assert.equal(removed.status, 200, `${JSON.stringify(removed.body)}${tails()}`);
			assert.equal(removed.body[0].removed, true);
			assert.equal(removed.body[0].alreadyRemoved, expected);
			const sealed = await callWebhook('e2eCSeal');
			assert.equal(sealed.status, 200, JSON.stringify(sealed.body));
			assert.equal(sealed.body[0].alreadyInMode, expected);
		}
		const changes = (await requests()).filter((r) => r.method !== 'GET' && r.path !== TOKEN_PATH);
		assert.deepEqual(changes.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, ':id')}`), [
			'DELETE /api/v1/backupInfrastructure/repositories/:id',
			'POST /api/v1/backupInfrastructure/scaleOutRepositories/:id/enableSealedMode',
		]);
		for (const id of ['e2eCRemove', 'e2eCSeal']) for (const e of await finished(id, 2)) await noteWorker(e);
	});

	it('durable cursors: a change seen by a poll that emits nothing survives a restart of the main, so its reversal is reported', async () => {
		const watched = repositoryId(bed.sim, WATCHED);
		await bed.sim.control.setRepositoryState(watched, { isOnline: false });
		await bed.sim.control.clearRequests();
		// The next scheduled poll (every minute) sees it offline and, with only Came Online selected, emits nothing.
		await waitFor(async () => (await requests()).some((r) => r.method === 'GET' && r.path.includes('/repositories/states')), { timeoutMs: 130_000, intervalMs: 1000, what: 'a scheduled poll' });
		const cursor = await waitFor(async () => {
			const rows = await pg.query(`SELECT * FROM poller_state WHERE "workflowId" = '${ONLINE_WF}'`);
			return rows.length && JSON.stringify(rows).includes(WATCHED) ? rows : undefined;
		}, { timeoutMs: 20_000, intervalMs: 500, what: 'the cursor committed in poller_state' }).catch(() => undefined);
		say(`poller_state after the silent poll: ${cursor ? 'committed' : 'not found'}`);
		assert.equal((await executions(bed.n8n, ONLINE_WF)).length, 0, 'going offline was not reported');

		// n8n's graceful shutdown waits up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT (30 s by default) for running work;
		// on a loaded CI machine that takes longer than the launcher's default 20 s before SIGKILL.
		const exit = await procs.main.stop(GRACEFUL_STOP_MS);
		assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `main stopped cleanly: ${JSON.stringify(exit)}`);
		await bed.sim.control.setRepositoryState(watched, { isOnline: true });
		const problemsBefore = (await executions(bed.n8n, PROBLEMS_WF)).length;
		await startMain();

		const [online] = await finished(ONLINE_WF, 1, 130_000);
		assert.deepEqual(events(online), [`cameOnline:${WATCHED}`]);
		say(`came-online execution ${online.id} ran on ${await noteWorker(online)}`);
		// The restarted main's activation poll of the other trigger repeats nothing.
		assert.equal((await executions(bed.n8n, PROBLEMS_WF)).length, problemsBefore);
	});
});
