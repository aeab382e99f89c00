// Peak memory of Get Many with Return All over N repositories, measured in this process only: the
// simulator runs in a child process so its inventory does not count.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
process.env.N8N_USER_FOLDER ??= fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-bench-mem-'));
process.env.N8N_LOG_LEVEL ??= 'silent';
const N = Number(process.argv[2] ?? 100000);

const simulator = spawn(process.execPath, [path.join(root, 'simulator/cli.js'), '--http', '--port', '0', '--repositories', String(N)], {
	stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
	let text = '';
	simulator.stdout.on('data', (chunk) => {
		text += chunk;
		const match = text.match(/http:\/\/127\.0\.0\.1:\d+/);
		if (match) resolve(match[0]);
	});
	simulator.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
});
try {
	const { createEngine, simulatorCredential } = require(path.join(root, 'test/support/engine.js'));
	let peakHeap = 0;
	const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 5);
	const engine = createEngine(simulatorCredential({ url, username: 'administrator', password: 'Veeam-Sim-Passw0rd!' }));
	const result = await engine.execute({ resource: 'repository', operation: 'getAll', returnAll: true, options: { pageSize: 1000 } });
	clearInterval(sampler);
	peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	process.stdout.write(
		JSON.stringify({
			items: result.json.length,
			peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
			peakHeapMB: Math.round(peakHeap / 1024 / 1024),
		}),
	);
} finally {
	simulator.kill('SIGTERM');
}
