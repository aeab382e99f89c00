// Reads an n8n user folder's own SQLite database (<userFolder>/.n8n/database.sqlite), also while
// n8n runs: read-only, through `node:sqlite` of the provisioned Node 24 (n8n's sqlite3 module is
// built for that Node, and Node 20 has no `node:sqlite`). Execution data is decoded with n8n's own
// `flatted`, the format n8n stores it in.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const READER = `
const { DatabaseSync } = require('node:sqlite');
const { file, sql, params } = JSON.parse(process.argv[1]);
const db = new DatabaseSync(file, { readOnly: true, timeout: 10000 });
try {
	process.stdout.write(JSON.stringify(db.prepare(sql).all(...params)));
} finally {
	db.close();
}`;

export function databaseFile(n8n) {
	return path.join(n8n.userFolder, '.n8n', 'database.sqlite');
}

/** `?` placeholders filled with SQL literals, for the PostgreSQL path (test constants only). */
function inline(sql, params) {
	let i = 0;
	return sql.replace(/\?/g, () => `'${String(params[i++]).replace(/'/g, "''")}'`);
}

/**
 * Rows of a read-only SELECT on the instance's database: its SQLite file, or the PostgreSQL of the
 * production topology when the instance carries one (`n8n.postgres`, from support/postgres.mjs).
 * Identifiers are double-quoted, which both understand.
 */
export function query(n8n, sql, params = []) {
	if (n8n.postgres) return n8n.postgres.query(inline(sql, params));
	return new Promise((resolve, reject) => {
		execFile(
			n8n.runtime.nodeBin,
			['--no-warnings', '-e', READER, JSON.stringify({ file: databaseFile(n8n), sql, params })],
			{ encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 },
			(error, stdout, stderr) => {
				if (error) return reject(new Error(`Reading ${databaseFile(n8n)} failed (${sql}): ${error.message}\n${stderr}`));
				try {
					resolve(JSON.parse(stdout));
				} catch (e) {
					reject(new Error(`Unreadable answer to ${sql}: ${e.message}\n${stdout.slice(0, 500)}`));
				}
			},
		);
	});
}

/** SQLite datetime text ('2026-01-05 08:00:00.123', UTC) → ISO 8601 with Z; null stays null. */
function utc(value) {
	if (typeof value !== 'string' || value === '') return value ?? null;
	return /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
}

let flattedParse;
function parseFlatted(n8n, text) {
	if (!flattedParse) {
		const require = createRequire(path.join(path.dirname(n8n.runtime.n8nBin), '..', 'package.json'));
		flattedParse = require('flatted').parse;
	}
	return flattedParse(text);
}

/**
 * Executions of a workflow, oldest first: [{ id, workflowId, mode, status, finished, startedAt,
 * stoppedAt (ISO 8601), run }] where `run` is the stored IRunExecutionData (`run.resultData.runData[node]`),
 * undefined when n8n kept no data for it.
 */
export async function executions(n8n, workflowId) {
	const rows = await query(
		n8n,
		`SELECT e.id, e."workflowId", e.mode, e.status, e.finished, e."startedAt", e."stoppedAt", d.data
		 FROM execution_entity e LEFT JOIN execution_data d ON d."executionId" = e.id
		 WHERE e."workflowId" = ? AND e."deletedAt" IS NULL ORDER BY e.id`,
		[workflowId],
	);
	return rows.map(({ data, ...row }) => ({
		...row,
		id: String(row.id),
		finished: Boolean(row.finished),
		startedAt: utc(row.startedAt),
		stoppedAt: utc(row.stoppedAt),
		run: data ? parseFlatted(n8n, data) : undefined,
	}));
}

/** Output items (json only) of a node in a stored execution (output 0, first run). */
export function storedNodeJson(execution, nodeName, { output = 0, runIndex = 0 } = {}) {
	const task = execution.run?.resultData?.runData?.[nodeName]?.[runIndex];
	if (!task) return undefined;
	return (task.data?.main?.[output] ?? []).map((item) => item.json);
}

/** The workflow's static data as stored (parsed), or undefined when there is none. */
export async function staticData(n8n, workflowId) {
	const [row] = await query(n8n, 'SELECT "staticData" FROM workflow_entity WHERE id = ?', [workflowId]);
	if (!row) throw new Error(`No workflow ${workflowId} in the database`);
	if (row.staticData === null || row.staticData === undefined || row.staticData === '') return undefined;
	return typeof row.staticData === 'string' ? JSON.parse(row.staticData) : row.staticData;
}

/** Polls `probe` (async, returns a value or undefined) until it returns a value or the time is up. */
export async function waitFor(probe, { timeoutMs, intervalMs = 1000, what = 'the condition' }) {
	const deadline = Date.now() + timeoutMs;
	let last;
	for (;;) {
		last = await probe();
		if (last !== undefined && last !== false) return last;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}
