// `npm run bench`: the package executed through n8n-core's real engine, side by side with an
// independent raw client (axios) making the minimal calls for the same result, in one run against
// the simulator. Prints a table and writes JSON. Times are ratios measured in this run; absolute
// times depend on the machine and are never asserted anywhere.
//
//   npm run bench -- [--repositories 10000] [--quick] [--out .bench/results.json]
//                    [--latency-ms 20] [--latency-items 1000] [--latency-repositories 10000] [--latency-only]
//                    [--shared-agent] (diagnosis: one kept-alive agent in place of n8n's agent per request)
// The latency mode (bench/latency.mjs) runs last, against a simulator of its own; --latency-ms 0 skips it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

// First: it must patch node:http before n8n's modules load.
import './sharedAgent.mjs';
import { latencyTable, runLatencyBench } from './latency.mjs';
import { startSimulatorProcess } from './simulatorProcess.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-bench-'));
process.env.N8N_ENCRYPTION_KEY ??= 'veeam-bench';
process.env.N8N_LOG_LEVEL ??= 'silent';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const quick = args.includes('--quick');
const N = Number(flag('repositories', quick ? 2000 : 10000));
const out = path.resolve(root, flag('out', '.bench/results.json'));
const TRIGGER_SIZES = quick ? [1000, 10000] : [1000, 10000, 100000];
const RUNS = quick ? 2 : 3;
const LATENCY_MS = Number(flag('latency-ms', quick ? 5 : 20));
const LATENCY_ITEMS = Number(flag('latency-items', quick ? 100 : 1000));
const LATENCY_REPOSITORIES = Number(flag('latency-repositories', quick ? 1000 : N));
const latencyOnly = args.includes('--latency-only');
const sharedAgent = args.includes('--shared-agent');

const axios = require('axios');
const { createEngine, simulatorCredential } = require(path.join(root, 'test/support/engine.js'));

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function timed(fn) {
	const started = process.hrtime.bigint();
	const value = await fn();
	return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/** The minimal raw client: one token, then exactly the requests the result needs. */
async function rawClient(sim) {
	const http = axios.create({ baseURL: sim.url, headers: { 'x-api-version': '1.3-rev1' } });
	const form = new URLSearchParams({ grant_type: 'password', username: sim.username, password: sim.password });
	const token = (await http.post('/api/oauth2/token', form.toString(), { headers: { 'content-type': 'application/x-www-form-urlencoded' } })).data.access_token;
	http.defaults.headers.common.Authorization = `Bearer ${token}`;
	let requests = 1;
	return {
		get requests() {
			return requests;
		},
		async get(url, params) {
			requests++;
			return (await http.get(url, { params })).data;
		},
	};
}

const results = { repositories: N, quick, node: process.version, cpus: os.cpus().length, scenarios: {} };
const rows = [];
const row = (scenario, measure, pkg, raw, ratio) => rows.push({ scenario, measure, package: pkg, raw, ratio });

if (!latencyOnly) {
	const sim = await startSimulatorProcess(N);
	const LIST = '/api/v1/backupInfrastructure/repositories';
	try {
		// 1. Get Many with Return All, three page sizes.
		for (const pageSize of [200, 1000, 5000]) {
			const engine = createEngine(simulatorCredential(sim));
			const parameters = { resource: 'repository', operation: 'getAll', returnAll: true, options: { pageSize } };
			await sim.control.clearRequests();
			const first = await engine.execute(parameters);
			if (first.json.length !== N) throw new Error(`getAll returned ${first.json.length}, expected ${N}`);
			const coldRequests = (await sim.control.requests()).length;
			const pkgTimes = [];
			let warmRequests = 0;
			for (let run = 0; run < RUNS; run++) {
				await sim.control.clearRequests();
				pkgTimes.push((await timed(() => engine.execute(parameters))).ms);
				warmRequests = (await sim.control.requests()).length;
			}
			const raw = await rawClient(sim);
			const rawTimes = [];
			for (let run = 0; run < RUNS; run++) {
				rawTimes.push(
					(
						await timed(async () => {
							const items = [];
							for (let skip = 0; ; skip += pageSize) {
								const page = await raw.get(LIST, { skip, limit: pageSize });
								items.push(...page.data);
								if (items.length >= page.pagination.total || page.data.length === 0) break;
							}
							return items;
						})
					).ms,
				);
			}
			const ratio = median(pkgTimes) / median(rawTimes);
			results.scenarios[`getAll.pageSize${pageSize}`] = {
				requestsColdToken: coldRequests,
				requestsCachedToken: warmRequests,
				expected: 1 + Math.ceil(N / pageSize),
				packageMs: median(pkgTimes),
				rawMs: median(rawTimes),
				ratio,
			};
			row(`Get Many, Return All, page ${pageSize}`, 'requests (cold / cached token)', `${coldRequests} / ${warmRequests}`, `1 + ${Math.ceil(N / pageSize)}`, '');
			row(`Get Many, Return All, page ${pageSize}`, 'wall time', `${median(pkgTimes).toFixed(0)} ms`, `${median(rawTimes).toFixed(0)} ms`, `${ratio.toFixed(2)}x`);
		}

		// 2. 1,000 input items of Get: per-item overhead against raw sequential requests; concurrency 8.
		const ids = (await (await rawClient(sim)).get(LIST, { limit: 1000 })).data.map((repository) => repository.id);
		const items = ids.map((id) => ({ id }));
		const get = (concurrency) => ({ resource: 'repository', operation: 'get', repositoryId: { __rl: true, mode: 'id', value: '={{ $json.id }}' }, requestOptions: { concurrency } });
		const engine = createEngine(simulatorCredential(sim));
		await sim.control.clearRequests();
		await engine.execute(get(1), { items });
		const tokenRequestsFirst = (await sim.control.requests()).filter((r) => r.path === '/api/oauth2/token').length;
		await sim.control.clearRequests();
		const seq = [];
		const par = [];
		for (let run = 0; run < RUNS; run++) {
			seq.push((await timed(() => engine.execute(get(1), { items }))).ms);
			par.push((await timed(() => engine.execute(get(8), { items }))).ms);
		}
		const tokenRequestsLater = (await sim.control.requests()).filter((r) => r.path === '/api/oauth2/token').length;
		const raw = await rawClient(sim);
		const rawSeq = [];
		for (let run = 0; run < RUNS; run++) {
			rawSeq.push((await timed(async () => { for (const id of ids) await raw.get(`${LIST}/${id}`); })).ms);
		}
		results.scenarios.get1000 = {
			tokenRequestsFirstExecution: tokenRequestsFirst,
			tokenRequestsLaterExecutions: tokenRequestsLater,
			packagePerItemMs: median(seq) / 1000,
			rawPerItemMs: median(rawSeq) / 1000,
			ratio: median(seq) / median(rawSeq),
			concurrency8Ms: median(par),
			speedupConcurrency8: median(seq) / median(par),
		};
		row('1,000 items of Get', 'token requests (first / later executions)', `${tokenRequestsFirst} / ${tokenRequestsLater}`, '1 / 0', '');
		row('1,000 items of Get', 'per item, concurrency 1', `${(median(seq) / 1000).toFixed(2)} ms`, `${(median(rawSeq) / 1000).toFixed(2)} ms`, `${(median(seq) / median(rawSeq)).toFixed(2)}x`);
		row('1,000 items of Get', 'concurrency 8 vs 1', `${median(par).toFixed(0)} ms`, `${median(seq).toFixed(0)} ms`, `${(median(seq) / median(par)).toFixed(2)}x faster`);

		// 3. Get States for N repositories: one paginated read.
		await sim.control.clearRequests();
		const states = await timed(() => createEngine(simulatorCredential(sim)).execute({ resource: 'repository', operation: 'getStates', returnAll: true }));
		const stateRequests = (await sim.control.requests()).length;
		const rawStates = await timed(async () => {
			const r = await rawClient(sim);
			for (let skip = 0; ; skip += 200) {
				const page = await r.get(`${LIST}/states`, { skip, limit: 200 });
				if (skip + 200 >= page.pagination.total) return r.requests;
			}
		});
		results.scenarios.getStates = { requests: stateRequests, rawRequests: rawStates.value, packageMs: states.ms, rawMs: rawStates.ms, ratio: states.ms / rawStates.ms };
		row(`Get States, ${N} repositories`, 'requests', String(stateRequests), String(rawStates.value), '');
		row(`Get States, ${N} repositories`, 'wall time (cold token)', `${states.ms.toFixed(0)} ms`, `${rawStates.ms.toFixed(0)} ms`, `${(states.ms / rawStates.ms).toFixed(2)}x`);
	} finally {
		await sim.close();
	}

	// 4. The trigger's own work per poll (detection and snapshot, no HTTP), and its static data size.
	const triggerDir = path.join(root, 'dist/nodes/VeeamRepositoryTrigger');
	if (fs.existsSync(path.join(triggerDir, 'detect.js'))) {
		const { detect } = require(path.join(triggerDir, 'detect.js'));
		const { createSettings } = require(path.join(triggerDir, 'settings.js'));
		const { encodeSnapshot } = require(path.join(triggerDir, 'snapshot.js'));
		const { settings } = createSettings({ events: ['lowFreeSpace', 'freeSpaceRecovered', 'wentOffline', 'cameOnline', 'becameOutOfDate', 'repositoryAdded', 'repositoryRemoved', 'forecastFull'] });
		const statesOf = (n, poll) =>
			Array.from({ length: n }, (_, i) => ({
				id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
				name: `Repo ${i}`,
				type: 'WinLocal',
				description: '',
				capacityGB: 1000,
				freeGB: 500 - ((i * 7 + poll * 3) % 490),
				usedSpaceGB: 500,
				isOnline: (i + poll) % 97 !== 0,
				isOutOfDate: false,
			}));
		results.scenarios.trigger = {};
		for (const n of TRIGGER_SIZES) {
			let snapshot;
			const cpu = [];
			for (let poll = 0; poll < 4; poll++) {
				const observation = { states: statesOf(n, poll), singlePage: false };
				const started = process.cpuUsage();
				const { next } = detect(snapshot, observation, settings, Date.now() + poll * 3600000);
				const encoded = encodeSnapshot(next);
				const used = process.cpuUsage(started);
				if (poll > 0) cpu.push((used.user + used.system) / 1000);
				snapshot = next;
				results.scenarios.trigger[n] = { bytes: Buffer.byteLength(encoded), bytesPerRepository: Buffer.byteLength(encoded) / n };
			}
			results.scenarios.trigger[n].cpuMs = median(cpu);
			row(`Trigger poll, ${n} repositories`, 'CPU (detect + snapshot, no HTTP)', `${median(cpu).toFixed(1)} ms`, '', `${(median(cpu) / n * 1000).toFixed(2)} µs/repo`);
			row(`Trigger poll, ${n} repositories`, 'static data', `${(results.scenarios.trigger[n].bytesPerRepository).toFixed(0)} B/repo`, '', '');
		}
	}

	// 5. Peak memory of Return All at 100,000 repositories, in a process of its own.
	if (!quick) {
		const memory = await new Promise((resolve, reject) => {
			const child = spawn(process.execPath, [path.join(root, 'bench/memory.mjs'), '100000'], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
			let text = '';
			child.stdout.on('data', (chunk) => (text += chunk));
			child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(text)) : reject(new Error(`memory benchmark exited ${code}`))));
		});
		results.scenarios.returnAllMemory100k = memory;
		row('Return All, 100,000 repositories', 'peak RSS / heap (package process)', `${memory.peakRssMB} MB / ${memory.peakHeapMB} MB`, '', `${memory.items} items`);
	}
}

// 6. Latency mode: each scenario against the minimal requests × latency / concurrency.
let latency;
if (LATENCY_MS > 0) {
	latency = await runLatencyBench({ repositories: LATENCY_REPOSITORIES, items: LATENCY_ITEMS, latencyMs: LATENCY_MS, runs: RUNS });
	results.latency = { ...latency, sharedAgent, loadAverage: os.loadavg() };
}

fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(results, null, 2));
const widths = ['scenario', 'measure', 'package', 'raw', 'ratio'].map((key) => Math.max(key.length, ...rows.map((r) => String(r[key]).length)));
const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
if (rows.length) {
	console.log(line(['scenario', 'measure', 'package', 'raw', 'ratio']));
	console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const r of rows) console.log(line([r.scenario, r.measure, r.package, r.raw, r.ratio]));
	console.log(`\nN = ${N}, ${RUNS} runs each (median), Node ${process.version}, ${os.cpus().length} CPUs. JSON: ${path.relative(root, out)}`);
}
if (latency) {
	console.log(`\n${latencyTable(latency)}`);
	console.log(`\nLatency mode: ${LATENCY_MS} ms per request (login included, token cached), ${LATENCY_ITEMS} items, ${LATENCY_REPOSITORIES} repositories${sharedAgent ? '; DIAGNOSIS: the package with one kept-alive agent instead of n8n\'s agent per request' : ''}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs.`);
}
