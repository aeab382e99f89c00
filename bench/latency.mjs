// Latency mode of `npm run bench`: VBR answers in tens of milliseconds, so the simulator delays every
// request (its persistent `latency` fault, the login included) and each scenario's wall time is set
// against its ideal: the minimal requests for the result, times the latency, divided by the
// concurrency. A ratio near 1 means the package adds nothing but the round trips it cannot avoid.
import { Agent as HttpAgent } from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

import { startSimulatorProcess } from './simulatorProcess.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const axios = require('axios');
const { createEngine, simulatorCredential } = require(path.join(root, 'test/support/engine.js'));

const LIST = '/api/v1/backupInfrastructure/repositories';
const TOKEN = '/api/oauth2/token';
// The package's page sizes: Get Many's default, and the trigger's own (larger) one.
const GET_MANY_PAGE = 200;
const TRIGGER_PAGE = 1000;
const GOAL = 1.15;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function timed(fn) {
	const started = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/**
 * The requests the simulator saw while `fn` ran, the median wall time of `runs` runs, and this
 * process's CPU time per run (which a busy machine inflates far less than the wall time).
 */
async function measure(sim, runs, fn) {
	const times = [];
	const cpu = [];
	let log = [];
	for (let run = 0; run < runs; run++) {
		await sim.control.clearRequests();
		const started = process.cpuUsage();
		times.push((await timed(fn)).ms);
		const used = process.cpuUsage(started);
		cpu.push((used.user + used.system) / 1000);
		log = await sim.control.requests();
	}
	return { ms: median(times), cpuMs: median(cpu), requests: log.length, tokenRequests: log.filter((r) => r.path === TOKEN).length, log };
}

const kindOf = (r) => `${r.method} ${r.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '{id}')}`;
function byKind(log) {
	const kinds = {};
	for (const r of log) kinds[kindOf(r)] = (kinds[kindOf(r)] ?? 0) + 1;
	return kinds;
}

/**
 * The independent minimal client: a cached token, only the needed requests; one connection kept
 * alive, or (`newConnections`) a new connection for every request, as n8n's HTTP helper makes them.
 */
async function rawClient(sim, { newConnections = false } = {}) {
	const http = axios.create({
		baseURL: sim.url,
		headers: { 'x-api-version': '1.3-rev1' },
		...(newConnections ? { httpAgent: new HttpAgent({ keepAlive: false }) } : {}),
	});
	const form = new URLSearchParams({ grant_type: 'password', username: sim.username, password: sim.password });
	const token = (await http.post(TOKEN, form.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).data.access_token;
	http.defaults.headers.common.Authorization = `Bearer ${token}`;
	return {
		get: async (url, params) => (await http.get(url, { params })).data,
		post: async (url, body) => (await http.post(url, body)).data,
		/** Pages of `pageSize` until the total, one after the other. */
		async pages(url, pageSize) {
			const items = [];
			for (let skip = 0; ; skip += pageSize) {
				const page = (await http.get(url, { params: { skip, limit: pageSize } })).data;
				items.push(...page.data);
				if (items.length >= page.pagination.total || page.data.length === 0) return items;
			}
		},
	};
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function pool(items, concurrency, work) {
	let next = 0;
	const worker = async () => {
		while (next < items.length) await work(items[next++]);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The package's way: the first item alone (its token serves the rest), then batches of `size`. */
async function batches(items, size, work) {
	for (let next = 0; next < items.length; ) {
		const batch = items.slice(next, next + (next === 0 ? 1 : size));
		await Promise.all(batch.map(work));
		next += batch.length;
	}
}

/**
 * @param {{ repositories: number, items: number, latencyMs: number, runs: number }} options
 * `repositories` for Return All and the trigger poll, `items` for the per-item scenarios.
 */
export async function runLatencyBench({ repositories: N, items: M, latencyMs: L, runs }) {
	const sim = await startSimulatorProcess(N);
	const scenarios = [];
	const latency = { type: 'latency', ms: L, match: { path: '^/api/' } };
	/**
	 * The same package run without the latency, in this run: what the work itself costs on this
	 * machine now (CPU of both processes, and waiting for a CPU when the machine is busy).
	 */
	const unlatenced = async (fn) => {
		await sim.control.clearFaults();
		try {
			return await measure(sim, 1, fn);
		} finally {
			await sim.control.injectFault(latency);
		}
	};
	const add = (scenario, concurrency, minimal, minimalNote, m, [raw, rawNew], zero) => {
		const ideal = (minimal * L) / concurrency;
		// What the package's own requests cost at this latency: the rest is its time per request.
		const ownIdeal = (m.requests * L) / concurrency;
		scenarios.push({
			scenario,
			concurrency,
			minimalRequests: minimal,
			minimalNote,
			packageRequests: m.requests,
			tokenRequests: m.tokenRequests,
			idealMs: ideal,
			packageMs: m.ms,
			ratio: m.ms / ideal,
			packageCpuMs: m.cpuMs,
			rawRequests: raw.requests,
			rawMs: raw.ms,
			rawRatio: raw.ms / ideal,
			rawNewConnectionsMs: rawNew.ms,
			rawNewConnectionsRatio: rawNew.ms / ideal,
			packageAt0Ms: zero.ms,
			// Above 1: the package waited longer than the minimal requests need, beyond the work itself.
			waitingRatio: (m.ms - zero.ms) / ideal,
			requestsByKind: byKind(m.log),
			overheadPerRequestMs: ((m.ms - ownIdeal) * concurrency) / m.requests,
			withinGoal: m.ms / ideal <= GOAL,
		});
	};
	try {
		const engine = createEngine(simulatorCredential(sim));
		const raw = await rawClient(sim);
		const rawNew = await rawClient(sim, { newConnections: true });
		/** The raw client's run of `work(client)`, with one kept-alive connection and with new ones. */
		const rawRuns = async (runs, work) => [await measure(sim, runs, () => work(raw)), await measure(sim, runs, () => work(rawNew))];
		const ids = (await engine.execute({ resource: 'repository', operation: 'getAll', returnAll: false, limit: M })).json.map((r) => r.id);
		if (ids.length !== M) throw new Error(`expected ${M} repositories, got ${ids.length}`);
		const items = ids.map((id) => ({ id }));
		// The trigger's baseline is recorded before the latency: the measured poll is a regular one.
		const poller = engine.createPoller({});
		if ((await poller.poll()) !== null) throw new Error('the activation poll emitted events');
		// A regex (not a '/' prefix) so that the login is delayed too; the token is already cached.
		await sim.control.injectFault(latency);

		const returnAll = async () => {
			const out = await engine.execute({ resource: 'repository', operation: 'getAll', returnAll: true });
			if (out.json.length !== N) throw new Error(`Return All gave ${out.json.length} of ${N}`);
		};
		const all = await measure(sim, runs, returnAll);
		const rawAll = await rawRuns(runs, (client) => client.pages(LIST, GET_MANY_PAGE));
		add(`Return All, ${N} repositories`, 1, Math.ceil(N / GET_MANY_PAGE), `ceil(${N} / page ${GET_MANY_PAGE})`, all, rawAll, await unlatenced(returnAll));

		const get = (concurrency) => ({ resource: 'repository', operation: 'get', repositoryId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, requestOptions: { concurrency } });
		for (const concurrency of [1, 8]) {
			const gets = async () => {
				const out = await engine.execute(get(concurrency), { items });
				if (out.json.length !== M || out.error) throw new Error(`Get gave ${out.json.length} of ${M}: ${out.error?.message}`);
			};
			const m = await measure(sim, 1, gets);
			const rawGets = await rawRuns(1, (client) => pool(ids, concurrency, (id) => client.get(`${LIST}/${id}`)));
			add(`${M} Gets, Concurrency ${concurrency}`, concurrency, M, `${M} GETs`, m, rawGets, await unlatenced(gets));
			if (concurrency > 1) {
				// The raw client above keeps `concurrency` requests in flight; batched, a slow answer holds its batch.
				const batched = await measure(sim, 1, () => batches(ids, concurrency, (id) => raw.get(`${LIST}/${id}`)));
				scenarios.at(-1).rawBatchedMs = batched.ms;
			}
		}

		const rescan = { resource: 'repository', operation: 'rescan', repositoryIds: '={{ [$json.id] }}', waitForCompletion: false };
		const rescanAll = async () => {
			const out = await engine.execute(rescan, { items });
			if (out.json.length !== M || out.error) throw new Error(`Rescan gave ${out.json.length} of ${M}: ${out.error?.message}`);
		};
		const rescans = await measure(sim, 1, rescanAll);
		// The raw client makes the same change the way the package must: the newest sessions of the
		// type first (what a lost answer is later told apart from), then the rescan.
		const snapshotQuery = { typeFilter: 'ConfigurationResynchronize', orderColumn: 'CreationTime', orderAsc: false, limit: 10 };
		const rawRescans = await rawRuns(1, (client) =>
			pool(ids, 1, async (id) => {
				await client.get('/api/v1/sessions', snapshotQuery);
				await client.post(`${LIST}/rescan`, { repositoryIds: [id] });
			}),
		);
		add(`${M} Rescans, Wait off`, 1, 2 * M, `${M} × (sessions snapshot GET + POST rescan)`, rescans, rawRescans, await unlatenced(rescanAll));

		const pollOnce = async () => {
			await poller.poll();
		};
		const poll = await measure(sim, runs, pollOnce);
		const SCALE_OUT = '/api/v1/backupInfrastructure/scaleOutRepositories';
		const extentReads = poll.log.filter((r) => r.path.startsWith(SCALE_OUT)).length;
		const rawPoll = await rawRuns(runs, async (client) => {
			await client.pages(`${LIST}/states`, TRIGGER_PAGE);
			if (extentReads) await client.pages(SCALE_OUT, TRIGGER_PAGE);
		});
		add(`Trigger poll, ${N} repositories`, 1, Math.ceil(N / TRIGGER_PAGE) + extentReads, `ceil(${N} / page ${TRIGGER_PAGE}) states${extentReads ? ` + ${extentReads} scale-out read` : ''}`, poll, rawPoll, await unlatenced(pollOnce));
	} finally {
		await sim.control.clearFaults().catch(() => undefined);
		await sim.close();
	}
	return { latencyMs: L, repositories: N, items: M, goal: GOAL, scenarios };
}

/** The README table: one row per scenario. */
export function latencyTable({ latencyMs, scenarios }) {
	const lines = [
		`| Scenario (${latencyMs} ms per request) | Minimal requests | Package requests | Ideal | Package | Package / ideal | Raw client (/ ideal) | Raw, a new connection per request (/ ideal) | Package CPU per request | Package at 0 ms | (Package − at 0 ms) / ideal |`,
		'|---|---|---|---|---|---|---|---|---|---|---|',
	];
	for (const s of scenarios) {
		lines.push(
			`| ${s.scenario} | ${s.minimalRequests} (${s.minimalNote}) | ${s.packageRequests} | ${s.idealMs.toFixed(0)} ms | ${s.packageMs.toFixed(0)} ms | **${s.ratio.toFixed(2)}x**${s.withinGoal ? '' : ' (over 1.15x)'} | ${s.rawMs.toFixed(0)} ms (${s.rawRatio.toFixed(2)}x) | ${s.rawNewConnectionsMs.toFixed(0)} ms (${s.rawNewConnectionsRatio.toFixed(2)}x) | ${(s.packageCpuMs / s.packageRequests).toFixed(2)} ms | ${s.packageAt0Ms.toFixed(0)} ms | ${s.waitingRatio.toFixed(2)}x |`,
		);
	}
	return lines.join('\n');
}
