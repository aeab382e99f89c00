// One n8n user folder (its own SQLite database) driven through the pinned n8n CLI: import
// credentials and workflows, execute, publish, and run `n8n start` as a child process group that
// is always stopped with its task runner.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

import { quietN8nEnv } from './config.mjs';

/** Resolves to `preferred` when it is free on 127.0.0.1, else to a free ephemeral port. */
export function freePort(preferred = 0) {
	const tryPort = (port) =>
		new Promise((resolve) => {
			const server = net.createServer();
			server.unref();
			server.once('error', () => resolve(undefined));
			server.listen({ port, host: '127.0.0.1', exclusive: true }, () => {
				const { port: got } = server.address();
				server.close(() => resolve(got));
			});
		});
	return tryPort(preferred).then((port) => port ?? tryPort(0));
}

/** True when something listens on 127.0.0.1:port. */
export function portInUse(port) {
	return freePort(port).then((got) => got !== port);
}

/**
 * The run data `n8n execute` prints (success: after "Execution was successful", failure: after
 * "Execution error:"): a pretty-printed JSON object starting with a line "{" and ending with the
 * next line "}". Log lines before and after it are skipped.
 */
export function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	if (start === -1) return undefined;
	for (let end = start + 1; end < lines.length; end++) {
		if (lines[end] !== '}') continue;
		try {
			return JSON.parse(lines.slice(start, end + 1).join('\n'));
		} catch {
			/* a "}" line inside a multi-line string: keep looking */
		}
	}
	return undefined;
}

/** Output items of a node in a run: `[{ json, pairedItem, … }]` of output 0 (or `output`). */
export function nodeItems(run, nodeName, { output = 0, runIndex = 0 } = {}) {
	const task = run?.data?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!task) return undefined;
	return task.data?.main?.[output] ?? [];
}

export function nodeJson(run, nodeName, options) {
	return nodeItems(run, nodeName, options)?.map((item) => item.json);
}

export class N8nInstance {
	/**
	 * @param {object} o
	 * @param {{ nodeBin: string, n8nBin: string }} o.runtime from provisionN8n()
	 * @param {string} o.userFolder N8N_USER_FOLDER (the database is <userFolder>/.n8n/database.sqlite)
	 * @param {string} [o.encryptionKey] fixed key; must be the same for every command on this folder
	 * @param {number} [o.brokerPort] task broker port (one per n8n process running at the same time)
	 * @param {Record<string,string>} [o.env] more environment
	 */
	constructor({ runtime, userFolder, encryptionKey, brokerPort, env = {} }) {
		this.runtime = runtime;
		this.userFolder = userFolder;
		this.encryptionKey = encryptionKey ?? crypto.randomBytes(24).toString('hex');
		this.brokerPort = brokerPort;
		this.extraEnv = env;
		fs.mkdirSync(userFolder, { recursive: true });
	}

	env(extra = {}) {
		const base = {};
		// Only what n8n needs from the parent: no npm_* or N8N_* settings leak in by accident.
		for (const key of ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT', 'NODE_EXTRA_CA_CERTS']) if (process.env[key]) base[key] = process.env[key];
		return {
			...base,
			HOME: this.userFolder,
			N8N_USER_FOLDER: this.userFolder,
			N8N_ENCRYPTION_KEY: this.encryptionKey,
			...(this.brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(this.brokerPort) } : {}),
			...quietN8nEnv(),
			...this.extraEnv,
			...extra,
		};
	}

	/** Runs `n8n <args>`; resolves { code, stdout, stderr, ms } (never rejects on a non-zero exit). */
	cli(args, { timeoutMs = 180_000, env = {} } = {}) {
		return new Promise((resolve, reject) => {
			const started = Date.now();
			const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, ...args], {
				cwd: this.userFolder,
				env: this.env(env),
				stdio: ['ignore', 'pipe', 'pipe'],
				detached: process.platform !== 'win32',
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d) => (stdout += d));
			child.stderr.on('data', (d) => (stderr += d));
			const kill = () => killGroup(child, 'SIGKILL');
			process.once('exit', kill);
			const timer = setTimeout(() => {
				killGroup(child, 'SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} did not finish within ${timeoutMs / 1000} s\n${stdout}\n${stderr}`));
			}, timeoutMs);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(e);
			});
			child.on('close', (code, signal) => {
				clearTimeout(timer);
				process.removeListener('exit', kill);
				resolve({ code: code ?? (signal ? 128 : 1), signal, stdout, stderr, ms: Date.now() - started });
			});
		});
	}

	async cliOk(args, options) {
		const r = await this.cli(args, options);
		if (r.code !== 0) throw new Error(`n8n ${args.join(' ')} failed (exit code ${r.code}):\n${r.stdout}\n${r.stderr}`);
		return r;
	}

	/** Credentials: [{ id (≤ 21 chars), name, type, data: { … plain } }]; re-importing an id replaces it. */
	async importCredentials(credentials) {
		const file = path.join(this.userFolder, `credentials-${process.pid}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			return await this.cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** Workflows (objects with id, name, nodes, connections): one `import:workflow --separate` call. */
	async importWorkflows(workflows) {
		const dir = fs.mkdtempSync(path.join(this.userFolder, 'import-'));
		try {
			workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.json`), JSON.stringify(wf)));
			return await this.cliOk(['import:workflow', '--separate', `--input=${dir}`]);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/**
	 * `n8n execute --id=<id>`: resolves { code, run (the IRun JSON or undefined), error (the run's
	 * error as the editor shows it, or undefined), stdout, stderr, ms }.
	 */
	async execute(id, options) {
		const r = await this.cli(['execute', `--id=${id}`], options);
		const run = parseRunOutput(r.stdout);
		return { ...r, run, error: run?.data?.resultData?.error, lastNode: run?.data?.resultData?.lastNodeExecuted };
	}

	async publish(id) {
		return await this.cliOk(['publish:workflow', `--id=${id}`]);
	}

	/**
	 * Starts `n8n start` on 127.0.0.1:<port> in its own process group. Resolves once
	 * /healthz/readiness answers 200; returns { url, pid, stop(), exited, logFile }.
	 *
	 * `command: 'worker'` starts `n8n worker` instead (queue mode; pass EXECUTIONS_MODE=queue and
	 * the QUEUE_BULL_REDIS_* settings in `env`): `port` is then its worker server (health check)
	 * port on 127.0.0.1, and readiness means the worker is connected to the database and Redis.
	 * `args` go after the command (e.g. `--concurrency=1` for a worker).
	 */
	async start({ port, logFile, onLine, readyTimeoutMs = 180_000, env = {}, command = 'start', args = [] } = {}) {
		const log = fs.openSync(logFile ?? path.join(this.userFolder, 'n8n.log'), 'a');
		const portEnv =
			command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: { N8N_PORT: String(port) };
		const child = spawn(this.runtime.nodeBin, [this.runtime.n8nBin, command, ...args], {
			cwd: this.userFolder,
			env: this.env({ ...portEnv, ...env }),
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: process.platform !== 'win32',
		});
		const forward = (d) => {
			fs.writeSync(log, d);
			if (onLine) for (const line of String(d).split('\n')) if (line.trim()) onLine(line);
		};
		child.stdout.on('data', forward);
		child.stderr.on('data', forward);
		let exitInfo;
		const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve((exitInfo = { code, signal }))));
		exited.then(() => fs.closeSync(log));
		const emergency = () => killGroup(child, 'SIGKILL');
		process.once('exit', emergency);

		const url = `http://127.0.0.1:${port}`;
		const stop = async (timeoutMs = 20_000) => {
			if (!exitInfo) {
				killGroup(child, 'SIGTERM');
				const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
				await exited;
				clearTimeout(timer);
			}
			// The task runner and anything else n8n started share its process group.
			killGroup(child, 'SIGKILL');
			process.removeListener('exit', emergency);
			return exitInfo;
		};

		// Reachable before n8n is ready, so a Ctrl+C while it starts can stop it properly.
		const handle = { url, pid: child.pid, child, stop, exited };
		if (command === 'start') this.current = handle;

		const deadline = Date.now() + readyTimeoutMs;
		for (;;) {
			if (exitInfo) {
				await stop(); // its task runner may still be running in the process group
				throw new Error(`n8n ${command} exited while starting (${exitInfo.signal ?? `exit code ${exitInfo.code}`}); see ${logFile ?? path.join(this.userFolder, 'n8n.log')}`);
			}
			if (Date.now() > deadline) {
				await stop();
				throw new Error(`n8n ${command} did not become ready on ${url} within ${readyTimeoutMs / 1000} s`);
			}
			try {
				const res = await fetch(`${url}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
				if (res.ok) break;
			} catch {
				/* not listening yet */
			}
			await new Promise((r) => setTimeout(r, 500));
		}
		return handle;
	}

	/** bcrypt hash of a password, made with n8n's own bcryptjs (for N8N_INSTANCE_OWNER_PASSWORD_HASH). */
	hashPassword(password) {
		const require = createRequire(path.join(path.dirname(this.runtime.n8nBin), '..', 'package.json'));
		return require('bcryptjs').hashSync(password, 10);
	}
}

/** Signals a child's whole process group (it was spawned detached), falling back to the child. */
export function killGroup(child, signal) {
	if (!child?.pid) return;
	try {
		if (process.platform !== 'win32') process.kill(-child.pid, signal);
		else child.kill(signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

export function tempUserFolder(prefix = 'n8n-e2e-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
