// A throw-away Redis for n8n's queue mode: Debian's redis-server on a free loopback port, no
// persistence, in its own process group, stopped by stop() (and killed if the test process exits).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

import { freePort, killGroup } from '../../../scripts/n8n/instance.mjs';

export const REDIS_INSTALL_HINT = 'apt-get install -y redis-server';

/** Path of redis-server (PATH, then Debian's /usr/bin and /usr/sbin), or undefined. */
export function findRedisServer() {
	const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
	const found = which.status === 0 ? which.stdout.trim() : '';
	if (found) return found;
	return ['/usr/bin/redis-server', '/usr/sbin/redis-server', '/usr/local/bin/redis-server'].find((f) => fs.existsSync(f));
}

function ping(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		let answer = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.once('error', () => done(false));
		socket.once('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			answer += d;
			if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
		});
	});
}

/**
 * Starts redis-server on 127.0.0.1:<free port> with its files in `dir`.
 * Returns { port, pid, logFile, stop() }.
 */
export async function startRedis({ dir, readyTimeoutMs = 20_000 }) {
	const bin = findRedisServer();
	if (!bin) throw new Error(`redis-server is not installed (n8n's queue mode needs Redis). On Debian/Ubuntu: ${REDIS_INSTALL_HINT}`);
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', logFile, '--daemonize', 'no'];
	const child = spawn(bin, args, { stdio: 'ignore', detached: process.platform !== 'win32' });
	let exitInfo;
	const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve((exitInfo = { code, signal }))));
	child.on('error', () => {});
	const emergency = () => killGroup(child, 'SIGKILL');
	process.once('exit', emergency);

	const stop = async (timeoutMs = 10_000) => {
		if (!exitInfo) {
			killGroup(child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
			await exited;
			clearTimeout(timer);
		}
		process.removeListener('exit', emergency);
		return exitInfo;
	};

	const deadline = Date.now() + readyTimeoutMs;
	while (!(await ping(port))) {
		const tail = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '');
		if (exitInfo) {
			await stop();
			throw new Error(`redis-server exited while starting (${JSON.stringify(exitInfo)}):\n${tail()}`);
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`redis-server did not answer PING on 127.0.0.1:${port} within ${readyTimeoutMs / 1000} s:\n${tail()}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return { port, pid: child.pid, logFile, stop };
}
