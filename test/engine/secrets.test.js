'use strict';
// The password and every access token stay out of outputs, errors (message, description, stack,
// context, causes) and log lines, for every operation and every failure the other tests cover.
process.env.N8N_LOG_LEVEL = 'debug';

const PASSWORD = 'Zq7-Very-Secret-Pa55word!';
const logLines = [];
const methods = ['log', 'info', 'warn', 'error', 'debug'];
const originals = {};
// Captured before n8n's modules load: n8n's logger (winston) binds console.log when it is built, so
// a capture installed later would neither see its lines nor keep them out of the `npm test` output.
for (const method of methods) {
	originals[method] = console[method];
	console[method] = (...args) => logLines.push(args.map(String).join(' '));
}
// winston writes to console._stdout / console._stderr when a console has them, and jest's console
// (buffered when tests run in several workers) has its own: capture those too.
const streams = ['_stdout', '_stderr'];
for (const stream of streams) {
	originals[stream] = console[stream];
	console[stream] = {
		write: (chunk) => {
			logLines.push(String(chunk));
			return true;
		},
	};
}

const { startTestbed, FAST_WAIT } = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');

let bed;
let writeSpy;

beforeAll(async () => {
	// Captured, not passed through: what n8n logs at debug level here is for the assertion, not for
	// the `npm test` output.
	writeSpy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
		logLines.push(String(chunk));
		return true;
	});
	bed = await startTestbed({ password: PASSWORD, tokenLifetimeSeconds: 900 });
	// n8n-core logs through LoggerProxy; route every level, debug included, into the capture. (The
	// console capture above catches anything written directly.)
	const { LoggerProxy } = require('n8n-workflow');
	const capture = (level) => (message, meta) =>
		logLines.push(`${level} ${message} ${safeJson(meta)}`);
	LoggerProxy.init({
		error: capture('error'),
		warn: capture('warn'),
		info: capture('info'),
		debug: capture('debug'),
	});
});
afterAll(async () => {
	for (const key of [...methods, ...streams]) console[key] = originals[key];
	writeSpy.mockRestore();
	await bed.close();
});

/** Everything of an error a user, a log or a later node could see. */
function errorText(error, seen = new Set()) {
	if (!error || typeof error !== 'object' || seen.has(error)) return '';
	seen.add(error);
	const parts = [
		error.message,
		error.description,
		error.stack,
		safeJson(error),
		safeJson(error.context),
	];
	return parts.join('\n') + errorText(error.cause, seen) + errorText(error.errorResponse, seen);
}

function safeJson(value) {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return String(value);
	}
}

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const server = (name) => [...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;

function scenarios() {
	const repo = bed.repositoryId('Linux Repo 01');
	return [
		[{ resource: 'repository', operation: 'getAll', returnAll: true }],
		[{ resource: 'repository', operation: 'get', repositoryId: rl('Linux Repo 01', 'name') }],
		[{ resource: 'repository', operation: 'getStates', returnAll: true }],
		[
			{
				resource: 'repository',
				operation: 'create',
				defineBy: 'fields',
				name: 'Secret Test',
				repositoryType: 'Nfs',
				sharePath: 'n:/s',
				mountServerId: server('vbr01.lab.local'),
				options: FAST_WAIT,
			},
		],
		[
			{
				resource: 'repository',
				operation: 'update',
				repositoryId: rl(repo),
				defineBy: 'fields',
				updateFields: { description: 'x' },
				options: FAST_WAIT,
			},
		],
		[{ resource: 'repository', operation: 'rescan', repositoryIds: [repo], options: FAST_WAIT }],
		[
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: [repo],
				options: { ...FAST_WAIT, dryRun: true },
			},
		],
		[{ resource: 'repository', operation: 'delete', repositoryId: rl('Secret Test', 'name') }],
		[
			{
				resource: 'scaleOutRepository',
				operation: 'get',
				scaleOutRepositoryId: rl('SOBR Primary', 'name'),
			},
		],
		[
			{
				resource: 'scaleOutRepository',
				operation: 'enableSealedMode',
				scaleOutRepositoryId: rl('SOBR Primary', 'name'),
				extentIds: ['SOBR Extent 01'],
				options: FAST_WAIT,
			},
		],
		[
			{
				resource: 'scaleOutRepository',
				operation: 'disableSealedMode',
				scaleOutRepositoryId: rl('SOBR Primary', 'name'),
				extentIds: ['SOBR Extent 01'],
				options: FAST_WAIT,
			},
		],
		[{ resource: 'session', operation: 'getLogs', sessionId: bed.sim.sessions.list()[0].id }],
		// Failures
		[
			{
				resource: 'repository',
				operation: 'get',
				repositoryId: rl('00000000-0000-4000-8000-000000000001'),
			},
		],
		[
			{ resource: 'repository', operation: 'get', repositoryId: rl('bad-id') },
			{ continueOnFail: true },
		],
		[
			{ resource: 'repository', operation: 'rescan', repositoryIds: [repo], options: FAST_WAIT },
			{ fault: { type: 'status', status: 500, match: { method: 'POST' } } },
		],
		[
			{ resource: 'repository', operation: 'rescan', repositoryIds: [repo], options: FAST_WAIT },
			{
				configure: { nextSessionResults: [{ result: 'Failed', message: 'nope' }] },
				continueOnFail: true,
			},
		],
		[
			{
				resource: 'repository',
				operation: 'getAll',
				returnAll: true,
				requestOptions: { retries: 0 },
			},
			{ fault: { type: 'reset', match: { method: 'GET' } } },
		],
		[
			{
				resource: 'repository',
				operation: 'getAll',
				returnAll: true,
				requestOptions: { retries: 0 },
			},
			{ fault: { type: 'malformed', match: { method: 'GET' } } },
		],
		[
			{
				resource: 'repository',
				operation: 'getAll',
				returnAll: true,
				requestOptions: { retries: 0 },
			},
			{ fault: { type: 'html', status: 502, match: { method: 'GET' } } },
		],
		[
			{
				resource: 'repository',
				operation: 'getAll',
				returnAll: true,
				requestOptions: { retries: 0, timeoutSeconds: 0.3 },
			},
			{ fault: { type: 'hang', match: { method: 'GET' } } },
		],
		[
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: [repo],
				options: FAST_WAIT,
				requestOptions: { retryDelayMs: 5 },
			},
			{ fault: { type: 'dropResponse', match: { method: 'POST' } } },
		],
		[{ resource: 'repository', operation: 'getStates', limit: 1 }, { expire: true }],
	];
}

it('never shows the password or a token, for any operation or failure', async () => {
	const seen = [];
	for (const [parameters, setup = {}] of scenarios()) {
		await bed.sim.control.clearFaults();
		if (setup.fault) await bed.sim.control.injectFault(setup.fault);
		if (setup.configure) await bed.sim.control.configure(setup.configure);
		if (setup.expire) await bed.sim.control.expireTokens();
		const result = await bed.engine.execute(parameters, { continueOnFail: setup.continueOnFail });
		seen.push(safeJson(result.json), errorText(result.error));
	}
	// Login failures carry the typed password in the request: it must not come back in the error.
	const wrongPassword = createEngine(
		simulatorCredential(bed.sim, { password: `${PASSWORD}-wrong` }),
	);
	const failedLogin = await wrongPassword.execute({
		resource: 'repository',
		operation: 'getStates',
		limit: 1,
	});
	seen.push(errorText(failedLogin.error));
	seen.push(
		safeJson(
			await bed.engine.testCredential(
				simulatorCredential(bed.sim, { password: `${PASSWORD}-wrong` }),
			),
		),
	);

	// Every access and refresh token the simulator issued (its request log shows them redacted).
	const tokens = bed.sim.issuedTokens();
	expect(tokens.length).toBeGreaterThanOrEqual(2);
	expect(logLines.length).toBeGreaterThan(0);
	// The node's own lines (through n8n's logger) are among those searched, not only n8n-core's.
	expect(logLines.some((line) => line.includes('Veeam Backup & Replication login at'))).toBe(true);
	const haystack = [...seen, ...logLines].join('\n');
	expect(haystack).toContain('VBR'); // the texts were collected
	for (const secret of [PASSWORD, ...tokens]) {
		expect(haystack.includes(secret)).toBe(false);
	}
	// Not even a part of a token: the signature alone would be enough to forge nothing, but is not shown either.
	for (const token of tokens) {
		for (const piece of token.split('.').filter((part) => part.length > 20))
			expect(haystack.includes(piece)).toBe(false);
	}
});
