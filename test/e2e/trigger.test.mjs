// The Veeam Repository Trigger in a real n8n: two published workflows (the default baseline, and
// "Report Current Problems on First Poll" on), `n8n start`, simulator state changes, and the
// executions n8n itself recorded in its SQLite database. Then n8n is stopped (SIGTERM), a state
// changes while it is down, and the restarted n8n's activation poll must report exactly that
// change, once, and nothing it reported before.
//
// n8n polls at most once a minute, so the test relies on the activation poll (about 5 s after
// start) for most checks and waits for one scheduled poll only: about 1 minute, at most 2.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

import { freePort } from '../../scripts/n8n/instance.mjs';
import { executions, staticData, storedNodeJson, waitFor } from './support/database.mjs';
import { repositoryId, startBed } from './support/harness.mjs';
import { noOp, veeamTrigger, workflow } from './support/workflow.mjs';

const CRED = { id: 'e2eTrigSim', name: 'VBR simulator (trigger)' };
const TRIGGER = 'Veeam Repository Trigger';
const AFTER = 'Received';
const BASELINE = 'e2eTrigBaseline';
const PROBLEMS = 'e2eTrigProblems';
const STATIC_KEY = `node:${TRIGGER}`;
/** Bits of a snapshot record's flags (nodes/VeeamRepositoryTrigger/snapshot.ts). */
const FLAG_ONLINE = 1;
const FLAG_LOW = 4;

let bed;
let server;
let port;
let logFile;
let readyAt;
const started = Date.now();
const say = (m) => process.stderr.write(`[trigger ${((Date.now() - started) / 1000).toFixed(1)} s] ${m}\n`);

/** `event:repository name` of every item the trigger emitted in an execution, sorted. */
const events = (execution) =>
	(storedNodeJson(execution, TRIGGER) ?? []).map((j) => `${j.event}:${j.repository?.name}`).sort();

function logTail() {
	try {
		return `\n--- n8n log (tail)\n${fs.readFileSync(logFile, 'utf8').slice(-4000)}`;
	} catch {
		return '';
	}
}

/** Waits until the workflow has `count` finished executions; returns all of them. */
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
		const list = await executions(bed.n8n, workflowId).catch(() => []);
		e.message += `\nexecutions now: ${JSON.stringify(list.map((x) => ({ id: x.id, status: x.status, events: events(x) })))}${logTail()}`;
		throw e;
	}
}

function snapshotOf(data) {
	const text = data?.[STATIC_KEY]?.snapshot;
	assert.equal(typeof text, 'string', `no trigger snapshot in the static data: ${JSON.stringify(data)}`);
	const snapshot = JSON.parse(text);
	const byName = Object.fromEntries(snapshot.r.map((r) => [r[1], { flags: r[3], freeGB: r[5] }]));
	return { at: snapshot.at, byName };
}

function checkTriggerExecutions(list) {
	for (const e of list) {
		assert.equal(e.mode, 'trigger', `execution ${e.id} mode`);
		assert.equal(e.status, 'success', `execution ${e.id} status`);
		assert.deepEqual(storedNodeJson(e, AFTER)?.length, storedNodeJson(e, TRIGGER)?.length, `execution ${e.id}: the node after the trigger got every item`);
	}
}

async function startN8n() {
	const t = Date.now();
	server = await bed.n8n.start({ port, logFile });
	readyAt = Date.now();
	say(`n8n ready in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

async function stopN8n() {
	const t = Date.now();
	const exit = await server.stop();
	server = undefined;
	say(`n8n stopped (SIGTERM) in ${((Date.now() - t) / 1000).toFixed(1)} s: ${JSON.stringify(exit)}`);
	return exit;
}

// Interrupted (Ctrl+C, or the runner stops): exit, so the exit handlers kill n8n's process group.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

before(async () => {
	bed = await startBed({ sessionDurationMs: 300 });
	port = await freePort();
	logFile = path.join(bed.n8n.userFolder, 'n8n-start.log');
	await bed.n8n.importCredentials([bed.simCredential(CRED.id, CRED.name)]);
	// Every minute (n8n's shortest schedule); default events (all but Forecast Full), 10 % threshold.
	const trigger = (options) => veeamTrigger(TRIGGER, { options }, CRED);
	await bed.n8n.importWorkflows([
		workflow(BASELINE, 'E2E trigger, baseline', trigger({}), [[noOp(AFTER)]]),
		workflow(PROBLEMS, 'E2E trigger, current problems on first poll', trigger({ emitCurrentProblems: true }), [[noOp(AFTER)]]),
	]);
	await bed.n8n.publish(BASELINE);
	await bed.n8n.publish(PROBLEMS);
});

after(async () => {
	if (server) await server.stop().catch(() => {});
	if (process.env.VEEAM_E2E_KEEP) say(`n8n log: ${logFile}`);
	await bed?.close();
});

describe('Veeam Repository Trigger in a running n8n', { concurrency: false }, () => {
	it('activation poll: the baseline is recorded silently, or the current problems are reported once', async () => {
		await startN8n();
		// The seed has three problems: Windows Repo 01 out of date, Linux Repo 01 at 6.25 % free, SMB Share Repo offline.
		const [problems] = await finishedExecutions(PROBLEMS, 1, 60_000);
		say(`activation poll's execution started ${((Date.parse(problems.startedAt) - readyAt) / 1000).toFixed(1)} s after n8n was ready`);
		assert.deepEqual(events(problems), ['becameOutOfDate:Windows Repo 01', 'lowFreeSpace:Linux Repo 01', 'wentOffline:SMB Share Repo']);
		const first = storedNodeJson(problems, TRIGGER);
		const linux = first.find((j) => j.repository.name === 'Linux Repo 01');
		assert.equal(linux.previous, null, 'a current problem has no previous value');
		assert.deepEqual(linux.threshold, { freePercent: 10, freeGB: null });
		assert.equal(linux.repository.freePercent, 6.25);
		assert.equal(linux.serverUrl, bed.sim.url);

		// The baseline workflow emits nothing, but n8n stored the baseline its activation poll made.
		const baseline = await waitFor(
			async () => {
				const data = await staticData(bed.n8n, BASELINE);
				return data?.[STATIC_KEY]?.snapshot ? data : undefined;
			},
			{ timeoutMs: 30_000, what: 'the baseline in workflow_entity.staticData' },
		);
		const snap = snapshotOf(baseline);
		assert.equal(Object.keys(snap.byName).length, bed.sim.store.repositories.size, 'one record per repository');
		assert.equal(snap.byName['SMB Share Repo'].flags & FLAG_ONLINE, 0, 'SMB Share Repo recorded offline');
		assert.equal(snap.byName['Linux Repo 01'].flags & FLAG_LOW, FLAG_LOW, 'Linux Repo 01 recorded low');
		assert.deepEqual(await executions(bed.n8n, BASELINE), [], 'the baseline poll started no execution');
		checkTriggerExecutions([problems]);
	});

	it('a scheduled poll reports a change made while n8n runs, once, in both workflows', async () => {
		// Both activation polls are done (checked above); the next polls run on the minute schedule.
		await bed.sim.control.setRepositoryState(repositoryId(bed.sim, 'Linux Repo 01'), { freeGB: 2048, usedSpaceGB: 6144 });
		await bed.sim.control.setRepositoryState(repositoryId(bed.sim, 'NFS Share Repo'), { isOnline: false });
		say('changed Linux Repo 01 (25 % free) and NFS Share Repo (offline); waiting for the scheduled polls');
		const expected = ['freeSpaceRecovered:Linux Repo 01', 'wentOffline:NFS Share Repo'];
		const baseline = await finishedExecutions(BASELINE, 1, 130_000);
		const problems = await finishedExecutions(PROBLEMS, 2, 130_000);
		say('scheduled polls reported');
		assert.equal(baseline.length, 1);
		assert.equal(problems.length, 2);
		assert.deepEqual(events(baseline[0]), expected);
		assert.deepEqual(events(problems[1]), expected);
		const recovered = storedNodeJson(baseline[0], TRIGGER).find((j) => j.event === 'freeSpaceRecovered');
		assert.deepEqual(recovered.previous, { freeGB: 512, freePercent: 6.25 });
		checkTriggerExecutions([...baseline, ...problems]);
		// Saved with the execution: the stored snapshot is the one these events were computed from.
		for (const id of [BASELINE, PROBLEMS]) {
			const snap = snapshotOf(await staticData(bed.n8n, id));
			assert.equal(snap.byName['NFS Share Repo'].flags & FLAG_ONLINE, 0, `${id}: NFS Share Repo stored offline`);
			assert.equal(snap.byName['Linux Repo 01'].flags & FLAG_LOW, 0, `${id}: Linux Repo 01 stored recovered`);
		}
	});

	it('after a restart, the activation poll reports exactly the change made while n8n was down, once', async () => {
		const exit = await stopN8n();
		assert.ok(exit.signal === 'SIGTERM' || exit.code === 0, `n8n stopped cleanly on SIGTERM: ${JSON.stringify(exit)}`);
		const before = {};
		for (const id of [BASELINE, PROBLEMS]) before[id] = { count: (await executions(bed.n8n, id)).length, at: snapshotOf(await staticData(bed.n8n, id)).at };

		await bed.sim.control.setRepositoryState(repositoryId(bed.sim, 'SOBR Extent 03'), { freeGB: 200, usedSpaceGB: 3896 });
		say('n8n is down; SOBR Extent 03 now at 4.88 % free');
		await startN8n();
		const baseline = await finishedExecutions(BASELINE, before[BASELINE].count + 1, 60_000);
		const problems = await finishedExecutions(PROBLEMS, before[PROBLEMS].count + 1, 60_000);
		// Give a late duplicate (or a second activation) time to show up.
		await new Promise((r) => setTimeout(r, 8000));
		await stopN8n();

		for (const [id, list] of [
			[BASELINE, baseline],
			[PROBLEMS, problems],
		]) {
			const all = await executions(bed.n8n, id);
			assert.equal(all.length, before[id].count + 1, `${id}: exactly one new execution after the restart, got ${JSON.stringify(all.map(events))}`);
			const last = all.at(-1);
			assert.deepEqual(events(last), ['lowFreeSpace:SOBR Extent 03'], `${id}: only the change made while n8n was down`);
			const item = storedNodeJson(last, TRIGGER)[0];
			assert.deepEqual(item.previous, { freeGB: 3500, freePercent: 85.45 });
			checkTriggerExecutions(all);
			assert.equal(list.at(-1).id, last.id);
			// The stored baseline moved on with the restart's poll.
			const snap = snapshotOf(await staticData(bed.n8n, id));
			assert.ok(snap.at > before[id].at, `${id}: the snapshot was written by the new poll`);
			assert.equal(snap.byName['SOBR Extent 03'].flags & FLAG_LOW, FLAG_LOW, `${id}: SOBR Extent 03 stored low`);
		}
		// Over the whole run: the problems workflow reported the seed's problems once (first
		// activation only), and every event exactly once.
		const all = (await executions(bed.n8n, PROBLEMS)).flatMap(events);
		assert.deepEqual(all.sort(), [
			'becameOutOfDate:Windows Repo 01',
			'freeSpaceRecovered:Linux Repo 01',
			'lowFreeSpace:Linux Repo 01',
			'lowFreeSpace:SOBR Extent 03',
			'wentOffline:NFS Share Repo',
			'wentOffline:SMB Share Repo',
		]);
	});
});
