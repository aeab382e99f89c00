// The simulator in a process of its own, so the benchmark process measures only the clients: the
// package in n8n's engine and the raw axios client, both talking to the same server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const axios = require('axios');

export async function startSimulatorProcess(repositories) {
	const child = spawn(
		process.execPath,
		[path.join(root, 'simulator/cli.js'), '--http', '--port', '0', '--repositories', String(repositories), '--session-ms', '20', '--token-lifetime', '3600'],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	const url = await new Promise((resolve, reject) => {
		let text = '';
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const match = text.match(/http:\/\/127\.0\.0\.1:\d+/);
			if (match) resolve(match[0]);
		});
		child.on('exit', (code) => reject(new Error(`simulator exited ${code}`)));
	});
	const control = axios.create({ baseURL: `${url}/__sim` });
	return {
		url,
		username: 'administrator',
		password: 'Veeam-Sim-Passw0rd!',
		control: {
			requests: async () => (await control.get('/requests')).data,
			clearRequests: async () => (await control.delete('/requests')).data,
			injectFault: async (spec) => (await control.post('/faults', spec)).data,
			clearFaults: async () => (await control.delete('/faults')).data,
		},
		close: async () => {
			child.kill('SIGTERM');
			await new Promise((resolve) => child.once('exit', resolve));
		},
	};
}
