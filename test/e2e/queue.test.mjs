// The package in n8n's queue mode: Redis (Debian's redis-server, started by this test on a free
// loopback port), one main (`n8n start`, EXECUTIONS_MODE=queue) and one worker (`n8n worker`), on
// one PostgreSQL database (support/postgres.mjs; n8n does not support queue mode on SQLite). The
// production topology with two workers and durable poll cursors is cluster.test.mjs. In queue mode the main only receives triggers and webhooks and enqueues the
// executions; the worker runs them.
//
// How executions reach the worker (n8n 2.41.1, node_modules/n8n/dist):
// - `n8n execute` cannot be used: it logs "CLI command `execute` does not support queue mode.
//   Falling back to regular mode." and runs the workflow in its own process (commands/execute.js).
// - Manual runs from the editor stay in the main unless OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true
//   (workflow-runner.js, shouldEnqueue).
// - Published workflows are enqueued: a production webhook (POST /webhook/<path>, mode 'webhook')
//   and every poll or trigger that emits (mode 'trigger'). Polls themselves run in the main (the
//   leader), which also saves the trigger's static data when a poll emits; the worker runs the
//   execution with the items the poll emitted.
// So the action workflows here start with a Webhook node ("When Last Node Finishes", which makes
// the main wait for the worker's result), and the main's log says "Enqueued execution <id>" and the
// worker's "Worker started execution <id>" for each of them.
//
// Token caching across processes: the credential's access token is stored (encrypted) in the
// shared database, so a token fetched by one process is used by the other: the main's activation
// poll logs in once and the worker's executions reuse that token; after the token expires, the
// worker logs in again and the restarted main's activation poll reuses the worker's token.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { freePort } from '../../scripts/n8n/instance.mjs';
import { executions, staticData, storedNodeJson, waitFor } from './support/database.mjs';
import { FAST_WAIT, managedServerId, repositoryId, startBed } from './support/harness.mjs';
import { startQueueServices } from './support/queueServices.mjs';
import { noOp, rl, veeam, veeamTrigger, webhookTrigger, workflow } from './support/workflow.mjs';

const GRACEFUL_STOP_MS = 90_000;

const CRED = { id: 'e2eQueueSim', name: 'VBR simulator (queue mode)' };
const TRIGGER = 'Veeam Repository Trigger';
const TRIGGER_WF = 'e2eQTrigger';
const ONLINE_WF = 'e2eQOnline';
const STATES_PATH = '/api/v1/backupInfrastructure/repositories/states';
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000beef';
const SOBR = 'SOBR Primary';
const TOKEN_PATH = '/api/oauth2/token';
/** Only the activation polls run: the schedule (once a year, at New Year) never fires in the test. */
const ACTIVATION_ONLY = { item: [{ mode: 'custom', cronExpression: '0 0 0 1 1 *' }] };

const WEBHOOKS = {
	e2eQRepository: 'e2e-queue-repository',
	e2eQScaleOut: 'e2e-queue-scale-out',
	e2eQSession: 'e2e-queue-session',
	e2eQNotFound: 'e2e-queue-not-found',
};

let bed;
let redis;
let pg;
let main;
let worker;
let ports;
let queueEnv;
let logs;
const started = Date.now();
const say = (m) => process.stderr.write(`[queue ${((Date.now() - started) / 1000).toFixed(1)} s] ${m}\n`);

const read = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
const tails = () => `\n--- main log (tail)\n${read(logs.main).slice(-3000)}\n--- worker log (tail)\n${read(logs.worker).slice(-3000)}`;
const events = (execution) => (storedNodeJson(execution, TRIGGER) ?? []).map((j) => `${j.event}:${j.repository?.name}`).sort();

/** The main enqueued the execution and the worker ran it (and the main did not run it itself). */
async function ranOnWorker(executionId) {
	// The log lines arrive through pipes: give them a moment.
	await waitFor(() => new RegExp(`Worker finished execution ${executionId} \\(job `).test(read(logs.worker)), { timeoutMs: 10_000, intervalMs: 200, what: `the worker's log line for execution ${executionId}` }).catch(() => {});
	assert.match(read(logs.main), new RegExp(`Enqueued execution ${executionId} \\(job `), `main enqueued execution ${executionId}${tails()}`);
	assert.match(read(logs.worker), new RegExp(`Worker started execution ${executionId} \\(job `), `worker ran execution ${executionId}${tails()}`);
	assert.match(read(logs.worker), new RegExp(`Worker finished execution ${executionId} \\(job `), `worker finished execution ${executionId}${tails()}`);
	assert.doesNotMatch(read(logs.main), new RegExp(`Worker started execution ${executionId} `));
}

async function finishedExecutions(workflowId, count, timeoutMs) {
	try {
		return await waitFor(
			async () => {
				const list = await executions(bed.n8n, workflowId);
				return list.length >= count && list.every((e) => !['new', 'running', 'waiting'].includes(e.status)) ? list : undefined;
			},
			{ timeoutMs, what: `${count} finished execution(s) of ${workflowId}` },
		);
	} catch (e) {
		e.message += tails();
		throw e;
	}
}

/** POSTs to the main's production webhook; resolves { status, body, execution } (the stored execution). */
async function callWebhook(workflowId) {
	const before = (await executions(bed.n8n, workflowId)).length;
	const t = Date.now();
	const res = await fetch(`${main.url}/webhook/${WEBHOOKS[workflowId]}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', signal: AbortSignal.timeout(120_000) });
	const text = await res.text();
	const list = await finishedExecutions(workflowId, before + 1, 30_000);
	assert.equal(list.length, before + 1, `one execution per webhook call of ${workflowId}`);
	const execution = list.at(-1);
	say(`${workflowId}: HTTP ${res.status} in ${((Date.now() - t) / 1000).toFixed(1)} s, execution ${execution.id} ${execution.status}`);
	let body;
	try {
		body = JSON.parse(text);
	} catch {
		body = text;
	}
	return { status: res.status, body, execution };
}

function ok(result, node) {
	assert.equal(result.status, 200, `HTTP ${result.status}: ${JSON.stringify(result.body)}${tails()}`);
	assert.equal(result.execution.status, 'success', JSON.stringify(result.execution.run?.resultData?.error));
	assert.equal(result.execution.mode, 'webhook');
	const items = storedNodeJson(result.execution, node);
	assert.ok(items, `node "${node}" did not run`);
	return items;
}

const tokenCalls = async () => (await bed.sim.control.requests()).filter((r) => r.path === TOKEN_PATH);
/** Bearer tokens the simulator received on /api/v1 requests since the log was cleared, in order. */
const bearers = async () => [...new Set((await bed.sim.control.requests()).filter((r) => r.path.startsWith('/api/v1/')).map((r) => r.headers.authorization))];

/** Resolves once the simulator has had no request for 3 s (polls in flight are done); the last seq. */
async function quiet() {
	let last = -1;
	let since = Date.now();
	await waitFor(
		async () => {
			const seq = (await bed.sim.control.requests()).at(-1)?.seq ?? 0;
			if (seq !== last) [last, since] = [seq, Date.now()];
			return Date.now() - since >= 3000;
		},
		{ timeoutMs: 60_000, intervalMs: 500, what: 'no request to the simulator for 3 s' },
	);
	return last;
}

/** Resolves once the next scheduled poll (every minute) has read the states and finished. */
async function nextScheduledPoll() {
	const after = await quiet();
	await waitFor(async () => (await bed.sim.control.requests()).some((r) => r.seq > after && r.path === STATES_PATH && r.status !== null), {
		timeoutMs: 130_000,
		what: 'a scheduled poll',
	});
	await quiet();
}

async function startMain() {
	const t = Date.now();
	main = await bed.n8n.start({ port: ports.main, logFile: logs.main, env: queueEnv });
	say(`main ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

// Interrupted (Ctrl+C, or the runner stops): exit, so the exit handlers kill n8n's and Redis's process groups.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

before(async () => {
	bed = await startBed({ sessionDurationMs: 300 });
	const dir = bed.n8n.userFolder;
	let services;
	({ pg, redis, env: services } = await startQueueServices(bed.n8n, say));
	// Every n8n process gets its own ports: main HTTP, worker health server, one task broker each.
	ports = { main: await freePort(), worker: await freePort(), workerBroker: await freePort() };
	logs = { main: path.join(dir, 'n8n-main.log'), worker: path.join(dir, 'n8n-worker.log') };
	queueEnv = services;

	await bed.n8n.importCredentials([bed.simCredential(CRED.id, CRED.name)]);
	const v = (name, parameters) => veeam(name, parameters, CRED);
	const hook = (id) => webhookTrigger('Webhook', WEBHOOKS[id]);
	await bed.n8n.importWorkflows([
		// Published only by the last test: only Came Online selected, polled every minute.
		workflow(ONLINE_WF, 'E2E queue mode, came online', veeamTrigger(TRIGGER, { events: ['cameOnline'] }, CRED), [[noOp('Received')]]),
		workflow(TRIGGER_WF, 'E2E queue mode, trigger', veeamTrigger(TRIGGER, { options: { emitCurrentProblems: true } }, CRED, ACTIVATION_ONLY), [[noOp('Received')]]),
		workflow('e2eQRepository', 'E2E queue mode, repository operations', hook('e2eQRepository'), [
			[v('Get Many', { resource: 'repository', operation: 'getAll', returnAll: true })],
			[v('Get by Name', { resource: 'repository', operation: 'get', repositoryId: rl('Linux Repo 01', 'name') })],
			[v('Get States', { resource: 'repository', operation: 'getStates', returnAll: true })],
			[
				v('Add', {
					resource: 'repository',
					operation: 'create',
					defineBy: 'fields',
					name: 'E2E Queue Repo',
					repositoryType: 'LinuxHardened',
					hostId: managedServerId(bed.sim, 'lnx-hardened01.lab.local'),
					path: '/mnt/veeam/e2e-queue',
					immutabilityDays: 21,
					mountServerId: managedServerId(bed.sim, 'vbr01.lab.local'),
					options: FAST_WAIT,
				}),
				v('Edit', { resource: 'repository', operation: 'update', repositoryId: rl('={{ $json.id }}'), defineBy: 'fields', updateFields: { description: 'edited in queue mode' }, options: FAST_WAIT }),
				v('Rescan', { resource: 'repository', operation: 'rescan', repositoryIds: '={{ [$json.id] }}', options: FAST_WAIT }),
				v('Remove', { resource: 'repository', operation: 'delete', repositoryId: rl("={{ $('Add').item.json.id }}") }),
			],
		]),
		workflow('e2eQScaleOut', 'E2E queue mode, scale-out operations', hook('e2eQScaleOut'), [
			[
				v('Seal', { resource: 'scaleOutRepository', operation: 'enableSealedMode', scaleOutRepositoryId: rl(SOBR, 'name'), extentIds: ['SOBR Extent 02'], options: FAST_WAIT }),
				v('Unseal', { resource: 'scaleOutRepository', operation: 'disableSealedMode', scaleOutRepositoryId: rl('={{ $json.id }}'), extentIds: ['SOBR Extent 02'], options: FAST_WAIT }),
			],
		]),
		workflow('e2eQSession', 'E2E queue mode, session operations', hook('e2eQSession'), [
			[
				v('Start Rescan', { resource: 'repository', operation: 'rescan', repositoryIds: ['Linux Repo 01'], waitForCompletion: false }),
				v('Session Wait', { resource: 'session', operation: 'wait', sessionId: '={{ $json.id }}', options: FAST_WAIT }),
				v('Session Logs', { resource: 'session', operation: 'getLogs', sessionId: '={{ $json.id }}' }),
			],
		]),
		workflow('e2eQNotFound', 'E2E queue mode, 404', hook('e2eQNotFound'), [[v('Get Unknown', { resource: 'repository', operation: 'get', repositoryId: rl(UNKNOWN_ID) })]]),
	]);
	for (const id of [TRIGGER_WF, ...Object.keys(WEBHOOKS)]) await bed.n8n.publish(id);
	await bed.sim.control.clearRequests();

	let t = Date.now();
	worker = await bed.n8n.start({ command: 'worker', port: ports.worker, logFile: logs.worker, env: { ...queueEnv, N8N_RUNNERS_BROKER_PORT: String(ports.workerBroker) } });
	say(`worker ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
	t = Date.now();
	await startMain();
});

after(async () => {
	// Each one on its own: a failure to stop one must not leave the others running.
	for (const [name, handle] of [
		['main', main],
		['worker', worker],
		['redis', redis],
		['PostgreSQL', pg],
	]) {
		if (handle) await handle.stop().catch((e) => say(`stopping ${name}: ${e.message}`));
	}
	if (process.env.VEEAM_E2E_KEEP && logs) say(`logs: ${logs.main}, ${logs.worker}`);
	await bed?.close();
});

describe('n8n queue mode: one main, one worker, Redis, PostgreSQL', { concurrency: false }, () => {
	let firstToken;

	it('the main polls at activation and enqueues the trigger execution; the worker runs it', async () => {
		assert.match(read(logs.worker), /n8n worker is now ready/);
		const [execution] = await finishedExecutions(TRIGGER_WF, 1, 60_000);
		assert.equal(execution.mode, 'trigger');
		assert.equal(execution.status, 'success');
		assert.deepEqual(events(execution), ['becameOutOfDate:Windows Repo 01', 'lowFreeSpace:Linux Repo 01', 'wentOffline:SMB Share Repo']);
		assert.equal(storedNodeJson(execution, 'Received').length, 3, 'the worker ran the node after the trigger');
		await ranOnWorker(execution.id);
		const snapshot = (await staticData(bed.n8n, TRIGGER_WF))?.[`node:${TRIGGER}`]?.snapshot;
		assert.equal(typeof snapshot, 'string', 'the main saved the baseline with the execution');
		// The main's activation poll logged in: the one token request so far.
		assert.equal((await tokenCalls()).length, 1);
		[firstToken] = await bearers();
		assert.match(firstToken, /^Bearer <redacted sha256:[0-9a-f]{12}>$/);
	});

	it('action workflows run on the worker with the token the main stored', async () => {
		const repository = await callWebhook('e2eQRepository');
		const all = ok(repository, 'Get Many');
		assert.equal(all.length, 13);
		const [byName] = ok(repository, 'Get by Name');
		assert.equal(byName.name, 'Linux Repo 01');
		const linux = ok(repository, 'Get States').find((s) => s.name === 'Linux Repo 01');
		assert.equal(linux.freePercent, 6.25);
		const [added] = ok(repository, 'Add');
		assert.equal(added.name, 'E2E Queue Repo');
		assert.equal(added.session.result, 'Success');
		assert.equal(ok(repository, 'Edit')[0].description, 'edited in queue mode');
		assert.equal(ok(repository, 'Rescan')[0].session.result, 'Success');
		assert.equal(ok(repository, 'Remove')[0].removed, true);
		assert.equal(bed.sim.store.repositories.has(added.id), false);
		// "When Last Node Finishes": the main answered with the worker's result.
		assert.deepEqual(repository.body, ok(repository, 'Remove'));

		const scaleOut = await callWebhook('e2eQScaleOut');
		assert.deepEqual(ok(scaleOut, 'Seal')[0].extents.filter((e) => e.isSealed).map((e) => e.name), ['SOBR Extent 02']);
		assert.equal(ok(scaleOut, 'Unseal')[0].extents.some((e) => e.isSealed), false);

		const session = await callWebhook('e2eQSession');
		const [waited] = ok(session, 'Session Wait');
		assert.equal(waited.id, ok(session, 'Start Rescan')[0].id);
		assert.equal(waited.result, 'Success');
		assert.ok(ok(session, 'Session Logs').length > 0);

		for (const r of [repository, scaleOut, session]) await ranOnWorker(r.execution.id);
		// Three executions in another process, dozens of requests: no new login, one token throughout.
		assert.equal((await tokenCalls()).length, 1, 'the worker reused the token the main stored');
		assert.deepEqual(await bearers(), [firstToken]);
	});

	it('a failing operation fails the execution on the worker with the message the editor shows', async () => {
		const result = await callWebhook('e2eQNotFound');
		assert.equal(result.status, 500, JSON.stringify(result.body));
		assert.equal(result.execution.status, 'error');
		const error = result.execution.run?.resultData?.error;
		assert.equal(error?.message, `Repository ${UNKNOWN_ID} was not found.`);
		assert.match(error.description, /^VBR error NotFound \(HTTP 404\) for GET \/api\/v1\/backupInfrastructure\/repositories\//);
		assert.equal(result.execution.run.resultData.lastNodeExecuted, 'Get Unknown');
		await ranOnWorker(result.execution.id);
	});

	it('a token refreshed by the worker is used by the restarted main, whose activation poll reports only what changed while it was down', async () => {
		// The token expires: the worker's next execution gets a 401, logs in again and stores the new token.
		await bed.sim.control.expireTokens();
		await bed.sim.control.clearRequests();
		const session = await callWebhook('e2eQSession');
		assert.equal(ok(session, 'Session Wait')[0].result, 'Success');
		await ranOnWorker(session.execution.id);
		assert.equal((await tokenCalls()).length, 1, 'the worker logged in once after the expiry');
		const refreshed = (await bearers()).at(-1);
		assert.notEqual(refreshed, firstToken);

		// The main goes down (SIGTERM); the worker stays. A repository runs low meanwhile.
		// n8n's graceful shutdown waits up to N8N_GRACEFUL_SHUTDOWN_TIMEOUT (30 s by default) for running work;
		// on a loaded CI machine that takes longer than the launcher's default 20 s before SIGKILL.
		const exit = await main.stop(GRACEFUL_STOP_MS);
		main = undefined;
		assert.ok(exit.code === 0 || exit.signal === 'SIGTERM', `main stopped cleanly: ${JSON.stringify(exit)}`);
		await bed.sim.control.setRepositoryState(repositoryId(bed.sim, 'SOBR Extent 03'), { freeGB: 200, usedSpaceGB: 3896 });
		await bed.sim.control.clearRequests();
		await startMain();

		const list = await finishedExecutions(TRIGGER_WF, 2, 60_000);
		await new Promise((r) => setTimeout(r, 8000)); // room for a duplicate to show up
		const all = await executions(bed.n8n, TRIGGER_WF);
		assert.equal(all.length, 2, `exactly one new trigger execution: ${JSON.stringify(all.map(events))}`);
		assert.equal(all[1].id, list[1].id);
		assert.deepEqual(events(all[1]), ['lowFreeSpace:SOBR Extent 03'], 'only the change made while the main was down; no current problem again');
		assert.equal(all[1].mode, 'trigger');
		assert.equal(all[1].status, 'success');
		await ranOnWorker(all[1].id);
		// The restarted main polled with the worker's token, without logging in.
		assert.equal((await tokenCalls()).length, 0, 'the restarted main reused the token the worker stored');
		assert.deepEqual(await bearers(), [refreshed]);
		const snapshot = JSON.parse((await staticData(bed.n8n, TRIGGER_WF))[`node:${TRIGGER}`].snapshot);
		const extent03 = snapshot.r.find((r) => r[1] === 'SOBR Extent 03');
		assert.equal(extent03[3] & 4, 4, 'the stored baseline has SOBR Extent 03 low');
	});

	it('legacy persistence (durable poll cursors off): a change seen only by a poll that emits nothing is lost across a restart, as README says', async () => {
		// The gap cluster.test.mjs shows closed with N8N_POLLER_DURABLE_CURSORS_ENABLED.
		await main.stop();
		main = undefined;
		await bed.n8n.publish(ONLINE_WF);
		await startMain();
		await quiet(); // the activation poll: the silent baseline
		const watched = repositoryId(bed.sim, 'NFS Share Repo');
		await bed.sim.control.setRepositoryState(watched, { isOnline: false });
		await nextScheduledPoll(); // sees it offline; Went Offline is not selected: nothing emitted, nothing saved
		await main.stop();
		main = undefined;
		await bed.sim.control.setRepositoryState(watched, { isOnline: true });
		await startMain();
		await nextScheduledPoll(); // the activation poll and one scheduled poll after the restart
		assert.deepEqual(await executions(bed.n8n, ONLINE_WF), [], 'Came Online was not reported: the offline state was never saved');
		say('legacy persistence: Came Online after the restart was lost, as documented');
	});
});
