// `npm start` as a service manager or an IDE's stop button runs it: the signal goes to the PID that
// was started (npm's), not to the process group. n8n, its task runner and the simulator must stop too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

import { ROOT } from '../../scripts/n8n/config.mjs';
import { freePort } from '../../scripts/n8n/instance.mjs';

const log = (m) => process.stderr.write(`# [start] ${m}\n`);

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/** Waits for a condition, polling; fails after `ms`. */
async function until(what, condition, ms) {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (await condition()) return;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	throw new Error(`Timed out waiting for ${what}`);
}

/** The PIDs (Linux /proc) for which `test` holds; a process that ends meanwhile is left out. */
function pidsWhere(test) {
	return fs
		.readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				return test(pid);
			} catch {
				return false;
			}
		})
		.map(Number);
}

/** Field 5 of /proc/<pid>/stat; the name (field 2) may hold spaces, so count from its closing ')'. */
function processGroupOf(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

function parentOf(pid) {
	const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
	return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function descendantsOf(root) {
	const all = pidsWhere(() => true).map((pid) => ({ pid, parent: (() => { try { return parentOf(pid); } catch { return 0; } })() }));
	const found = [root];
	for (let i = 0; i < found.length; i++) {
		for (const { pid, parent } of all) if (parent === found[i] && !found.includes(pid)) found.push(pid);
	}
	return found;
}

const groupMembers = (pgid) => pidsWhere((pid) => processGroupOf(pid) === pgid);

function portOpen(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

describe('npm start', () => {
	for (const signal of ['SIGTERM', 'SIGINT']) {
		it(`stops n8n, its task runner and the simulator when only npm's own PID gets ${signal}`, async () => {
			const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-start-'));
			const [port, simulatorPort] = [await freePort(), await freePort()];
			// Its own process group, like a service: the signal below reaches npm alone.
			const npm = spawn('npm', ['start', '--', '--port', String(port), '--simulator-port', String(simulatorPort), '--no-build'], {
				cwd: ROOT,
				detached: true,
				env: { ...process.env, VEEAM_N8N_USER_FOLDER: userFolder },
				stdio: ['ignore', 'pipe', 'pipe'],
			});
			let out = '';
			/** Process groups to clean up if the test fails half-way (n8n runs in a group of its own). */
			let groups = [];
			npm.stdout.on('data', (chunk) => (out += chunk));
			npm.stderr.on('data', (chunk) => (out += chunk));
			try {
				await until('npm start to be ready', () => out.includes('Press Ctrl+C to stop.'), 240000);
				// npm, its shell, start.mjs and what it started; n8n runs in a process group of its own
				// (spawned detached) with its task runner: take whole groups.
				const started = descendantsOf(npm.pid);
				groups = [...new Set(started.map(processGroupOf))];
				const before = groups.flatMap(groupMembers);
				log(`${signal} to npm (${npm.pid}); ${before.length} processes of npm start and n8n running`);
				assert.ok(before.length >= 4, `npm, its shell, start.mjs, n8n and its task runner should be running: ${before}`);
				process.kill(npm.pid, signal);
				await until('every process of npm start and n8n to end', () => before.every((pid) => !alive(pid)), 60000);
				assert.match(out, /Stopped\./);
				assert.equal(await portOpen(simulatorPort), false, 'the simulator still listens');
				assert.equal(await portOpen(port), false, 'n8n still listens');
			} finally {
				for (const group of new Set([npm.pid, ...groups])) {
					try {
						process.kill(-group, 'SIGKILL');
					} catch {
						// already gone
					}
				}
				fs.rmSync(userFolder, { recursive: true, force: true });
			}
		});
	}
});
