// A throw-away PostgreSQL for n8n's production topology: Debian's server binaries
// (/usr/lib/postgresql/<major>/bin), a new cluster in a temporary data directory, listening on
// 127.0.0.1:<free port> only, stopped (and its directory removed) by stop(). PostgreSQL refuses to
// run as root, so as root the cluster belongs to the `postgres` account and runs through runuser.
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { freePort } from '../../../scripts/n8n/instance.mjs';

export const POSTGRES_INSTALL_HINT = 'apt-get install -y postgresql';
const DATABASE = 'n8n';
const USER = 'n8n';
const PASSWORD = 'n8n-e2e-only';

/** The directory of initdb / pg_ctl / psql (VEEAM_E2E_PG_BIN, else the newest Debian major), or undefined. */
export function findPostgresBin(env = process.env) {
	if (env.VEEAM_E2E_PG_BIN) return env.VEEAM_E2E_PG_BIN;
	const base = '/usr/lib/postgresql';
	const majors = fs.existsSync(base) ? fs.readdirSync(base).filter((d) => /^\d+$/.test(d)).sort((a, b) => b - a) : [];
	return majors.map((m) => path.join(base, m, 'bin')).find((dir) => fs.existsSync(path.join(dir, 'initdb')));
}

/** Runs a server binary as the cluster's owner: `postgres` when we are root, else ourselves. */
function asOwner(bin, args) {
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	return isRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function runOk(bin, args, what) {
	const [command, argv] = asOwner(bin, args);
	const r = spawnSync(command, argv, { encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${what} failed (exit code ${r.status}):\n${r.stdout}${r.stderr}`);
	return r.stdout;
}

/**
 * Starts PostgreSQL with a database `n8n` owned by user `n8n`.
 * Returns { port, env (the DB_* settings for n8n), query(sql), stop() }.
 */
export async function startPostgres() {
	const bin = findPostgresBin();
	if (!bin) throw new Error(`PostgreSQL server binaries are not installed (the production topology test needs them). On Debian/Ubuntu: ${POSTGRES_INSTALL_HINT}`);
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'veeam-pg-'));
	const data = path.join(dir, 'data');
	fs.mkdirSync(data);
	if (process.getuid?.() === 0) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	const port = await freePort();
	const pwfile = path.join(dir, 'pw');
	fs.writeFileSync(pwfile, PASSWORD, { mode: 0o644 });
	runOk(path.join(bin, 'initdb'), ['-D', data, '-U', USER, '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync'], 'initdb');
	const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=off -c max_connections=100`;
	runOk(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'server.log'), '-o', options, '-w', '-t', '60', 'start'], 'pg_ctl start');
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		try {
			runOk(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], 'pg_ctl stop');
		} finally {
			process.removeListener('exit', emergency);
			if (!process.env.VEEAM_E2E_KEEP) fs.rmSync(dir, { recursive: true, force: true });
		}
	};
	const emergency = () => {
		if (!stopped) spawnSync(...asOwner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']));
	};
	process.once('exit', emergency);

	const psqlEnv = { ...process.env, PGPASSWORD: PASSWORD };
	const psql = (database, sql) =>
		new Promise((resolve, reject) => {
			execFile(
				path.join(bin, 'psql'),
				['-h', '127.0.0.1', '-p', String(port), '-U', USER, '-d', database, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql],
				{ env: psqlEnv, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 60_000 },
				(error, stdout, stderr) => (error ? reject(new Error(`psql (${sql}): ${error.message}\n${stderr}`)) : resolve(stdout)),
			);
		});
	await psql('postgres', `CREATE DATABASE ${DATABASE} OWNER ${USER}`);

	return {
		port,
		dir,
		env: {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: DATABASE,
			DB_POSTGRESDB_USER: USER,
			DB_POSTGRESDB_PASSWORD: PASSWORD,
		},
		/** Rows of a SELECT as objects (through json_agg, so types survive). */
		async query(sql) {
			const out = (await psql(DATABASE, `SELECT coalesce(json_agg(t), '[]'::json) FROM (${sql}) t`)).trim();
			return JSON.parse(out || '[]');
		},
		stop,
	};
}
