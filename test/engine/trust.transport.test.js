'use strict';
// Issue 10 items 1, 2, 4, 5 for the transport and the login: no redirect is followed (nothing reaches
// another origin), every wait is bounded (login, total deadline, size cap), secrets a server echoes
// never come back, and a refused or expired login is done once per execution.
const { spawn } = require('child_process');
const http = require('http');
const path = require('path');

const { startTestbed } = require('../support/simulator');
const { createEngine, simulatorCredential } = require('../support/engine');

const PASSWORD = 'Zq7 "Very"+Secret/Pa55&word!';
const STATES = '/api/v1/backupInfrastructure/repositories/states';
const TOKEN = '/api/oauth2/token';
const getStates = (requestOptions = {}) => ({
	resource: 'repository',
	operation: 'getStates',
	limit: 3,
	requestOptions: { retries: 0, ...requestOptions },
});

/** Another origin that records whatever reaches it, to prove that nothing does. */
async function startBystander() {
	const received = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({ method: req.method, url: req.url, headers: req.headers, body });
			res.setHeader('content-type', 'application/json');
			res.end('{"data":[],"pagination":{"total":0,"count":0,"skip":0,"limit":3}}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${server.address().port}`;
	return { origin, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

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

/** Peak growth of this process's memory while `run` runs (the engine runs in this process). */
/**
 * The simulator in a process of its own, so that what is measured of this process is what n8n's
 * side costs (the simulator's own buffers for an endless answer are not n8n's memory).
 */
async function startSimulatorProcess() {
	const child = spawn(
		process.execPath,
		[path.join(__dirname, '../../simulator/cli.js'), '--http', '--port', '0'],
		{
			stdio: ['ignore', 'pipe', 'inherit'],
		},
	);
	const url = await new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (chunk) => {
			out += chunk;
			const match = /listening on (\S+)/.exec(out);
			if (match) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`simulator exited (${code}): ${out}`)));
	});
	const control = async (method, route, body) => {
		const answer = await fetch(`${url}/__sim/${route}`, {
			method,
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!answer.ok) throw new Error(`${method} /__sim/${route}: HTTP ${answer.status}`);
	};
	return {
		url,
		injectFault: (spec) => control('POST', 'faults', spec),
		close: () =>
			new Promise((resolve) => {
				child.once('exit', resolve);
				child.kill('SIGTERM');
			}),
	};
}

async function peakMemoryGrowth(run) {
	global.gc?.();
	const before = process.memoryUsage().rss;
	let peak = before;
	const sampler = setInterval(() => {
		peak = Math.max(peak, process.memoryUsage().rss);
	}, 20);
	try {
		const result = await run();
		peak = Math.max(peak, process.memoryUsage().rss);
		return { result, growthMb: (peak - before) / 1024 / 1024 };
	} finally {
		clearInterval(sampler);
	}
}

let bed;
let bystander;
beforeAll(async () => {
	bed = await startTestbed({ password: PASSWORD });
	bystander = await startBystander();
});
afterAll(async () => {
	await bed.close();
	await bystander.close();
});
beforeEach(async () => {
	await bed.sim.control.clearFaults();
	await bed.clear();
	bystander.received.length = 0;
});

describe('redirects are never followed', () => {
	it('a 302 on an API call to another origin: an error naming that host, nothing sent there', async () => {
		await bed.sim.control.injectFault({
			type: 'redirect',
			status: 302,
			location: `${bystander.origin}/api/v1/backupInfrastructure/repositories/states`,
			match: { path: STATES },
		});
		const result = await bed.engine.execute(getStates());
		expect(result.json).toEqual([]);
		expect(result.error.message).toBe(
			`${bed.sim.url} answered with a redirect (HTTP 302) to ${bystander.origin}; it was not followed for GET ${STATES}`,
		);
		expect(result.error.description).toMatch(/Point the Server URL .* at the VBR server itself/);
		expect(bystander.received).toEqual([]);
	});

	it('a redirect to the same host is not followed either (one request, no second hop)', async () => {
		await bed.sim.control.injectFault({ type: 'redirect', status: 301, match: { path: STATES } });
		const result = await bed.engine.execute(getStates({ retries: 3 }));
		expect(result.error.message).toMatch(
			/redirect \(HTTP 301\) to http:\/\/127\.0\.0\.1:\d+; it was not followed/,
		);
		const states = (await bed.apiRequests()).filter((r) => r.path === STATES);
		expect(states).toHaveLength(1);
	});

	it.each([307, 308])(
		'a %i on POST /api/oauth2/token: the password is not re-posted anywhere',
		async (status) => {
			const engine = createEngine(simulatorCredential(bed.sim, { password: PASSWORD }));
			await bed.sim.control.injectFault({
				type: 'redirect',
				status,
				location: `${bystander.origin}${TOKEN}`,
				match: { path: TOKEN },
			});
			const result = await engine.execute(getStates());
			expect(result.error.message).toBe(
				`VBR login: ${bed.sim.url} answered with a redirect (HTTP ${status}) to ${bystander.origin}; it was not followed`,
			);
			expect(bystander.received).toEqual([]);
			expect(await bed.tokenRequests()).toHaveLength(1);
			expect(await bed.apiRequests()).toHaveLength(0);
		},
	);
});

describe('redirects in the credential test (https → http)', () => {
	let tlsBed;
	beforeAll(async () => {
		tlsBed = await startTestbed({
			protocol: 'https',
			password: PASSWORD,
			credential: { ignoreSslIssues: true },
		});
	});
	afterAll(async () => tlsBed.close());

	const credential = () => simulatorCredential(tlsBed.sim, { ignoreSslIssues: true });

	it('a 301 to plain http for the whole server: fails naming the host, nothing reaches it', async () => {
		await tlsBed.sim.control.injectFault({
			type: 'redirect',
			status: 301,
			count: -1,
			location: `${bystander.origin}/api/`,
			match: { path: '^/api/' },
		});
		const test = await tlsBed.engine.testCredential(credential());
		await tlsBed.sim.control.clearFaults();
		expect(test.status).toBe('Error');
		expect(test.message).toBe(
			`VBR login: ${tlsBed.sim.url} answered with a redirect (HTTP 301) to ${bystander.origin}; it was not followed`,
		);
		expect(bystander.received).toEqual([]);
	});

	it('a 301 on the test request alone: not "Connection successful", and the token stays here', async () => {
		await tlsBed.sim.control.injectFault({
			type: 'redirect',
			status: 301,
			location: `${bystander.origin}/api/v1/serverInfo`,
			match: { path: '/api/v1/serverInfo' },
		});
		const test = await tlsBed.engine.testCredential(credential());
		expect(test).toEqual({
			status: 'Error',
			message: expect.stringMatching(
				/redirect \(HTTP 301\); it was not followed\. Point the Server URL at the VBR server itself/,
			),
		});
		expect(bystander.received).toEqual([]);
	});
});

describe('every wait is bounded', () => {
	it('a hanging token endpoint fails with the timeout error of the login', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: PASSWORD }));
		await bed.sim.control.injectFault({ type: 'hang', count: -1, match: { path: TOKEN } });
		const started = Date.now();
		const result = await engine.execute(getStates({ timeoutSeconds: 0.5 }));
		const elapsedMs = Date.now() - started;
		await bed.sim.control.clearFaults();
		expect(result.error.message).toBe(`VBR did not answer the login (POST ${TOKEN}) within 0.5 s`);
		expect(await bed.tokenRequests()).toHaveLength(1);
		// Reported, not asserted: time to fail against a hanging login, as a multiple of the timeout.
		console.info(
			`hanging login: failed after ${elapsedMs} ms (${(elapsedMs / 500).toFixed(2)} × the 0.5 s timeout)`,
		);
	});

	it('a login that timed out is not tried again by the next items of the execution', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: PASSWORD }));
		await bed.sim.control.injectFault({ type: 'hang', count: -1, match: { path: TOKEN } });
		const items = Array.from({ length: 10 }, () => ({}));
		const result = await engine.execute(getStates({ timeoutSeconds: 0.5 }), {
			items,
			continueOnFail: true,
		});
		await bed.sim.control.clearFaults();
		expect(result.json).toHaveLength(10);
		expect(new Set(result.json.map((item) => item.error))).toEqual(
			new Set([`VBR did not answer the login (POST ${TOKEN}) within 0.5 s`]),
		);
		expect(await bed.tokenRequests()).toHaveLength(1);
	});

	it("a hanging token endpoint counts against the trigger's poll budget", async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: PASSWORD }));
		const poller = engine.createPoller({}, { pollBudgetMs: 600 });
		await bed.sim.control.injectFault({ type: 'hang', count: -1, match: { path: TOKEN } });
		const error = await poller.poll().catch((e) => e);
		await bed.sim.control.clearFaults();
		expect(error.message).toMatch(/login .*poll budget ran out/);
		expect(poller.workflow.staticData).toEqual({});
	});

	it('a body trickling one byte every 200 ms fails at the total deadline, memory flat', async () => {
		await bed.sim.control.injectFault({ type: 'trickle', ms: 200, match: { path: STATES } });
		const { result, growthMb } = await peakMemoryGrowth(() =>
			bed.engine.execute(getStates({ timeoutSeconds: 1.5 })),
		);
		expect(result.error.message).toBe(`VBR did not answer GET ${STATES} within 1.5 s`);
		expect(growthMb).toBeLessThan(100);
		console.info(`trickling body: peak memory growth ${growthMb.toFixed(1)} MB`);
	});

	it('an endless 200 body fails at the size cap (default 32 MB), memory growth under 100 MB', async () => {
		const vbr = await startSimulatorProcess();
		let measured;
		try {
			const engine = createEngine(simulatorCredential({ url: vbr.url }));
			// Warm: code loaded and a token held, so what grows is the answer being read.
			expect((await engine.execute(getStates())).error).toBeUndefined();
			await vbr.injectFault({ type: 'endless', match: { path: STATES } });
			measured = await peakMemoryGrowth(() => engine.execute(getStates({ timeoutSeconds: 120 })));
		} finally {
			await vbr.close();
		}
		const { result, growthMb } = measured;
		expect(result.error.message).toBe(`VBR's answer to GET ${STATES} is larger than 32 MB`);
		expect(result.error.description).toMatch(/Max Response Size/);
		console.info(
			`endless body (32 MB cap, simulator in its own process): peak memory growth ${growthMb.toFixed(1)} MB`,
		);
		expect(growthMb).toBeLessThan(100);
	});

	it('the size cap is an option', async () => {
		await bed.sim.control.injectFault({ type: 'endless', match: { path: STATES } });
		const result = await bed.engine.execute(getStates({ maxResponseSizeMb: 1 }));
		expect(result.error.message).toBe(`VBR's answer to GET ${STATES} is larger than 1 MB`);
		// A normal answer under a small cap still works.
		const ok = await bed.engine.execute(getStates({ maxResponseSizeMb: 1 }));
		expect(ok.error).toBeUndefined();
		expect(ok.json).toHaveLength(3);
	});
});

describe('secrets a server echoes never come back', () => {
	const secretsSeen = async () => {
		const tokens = (await bed.sim.control.requests())
			.map((r) => r.headers.authorization)
			.filter(Boolean)
			.map((h) => h.replace(/^Bearer /, ''));
		return [
			PASSWORD,
			encodeURIComponent(PASSWORD),
			new URLSearchParams({ p: PASSWORD }).toString().slice(2),
			JSON.stringify(PASSWORD).slice(1, -1),
			...new Set(tokens),
		];
	};
	const expectClean = async (text) => {
		expect(text).toContain('[reda'); // (a quoted text may be cut inside the marker)
		for (const secret of await secretsSeen()) expect(text.includes(secret)).toBe(false);
	};

	it('in a Veeam error message and resourceId (token, login form, password)', async () => {
		// A fresh login first, so the simulator has a login form to repeat.
		bed.engine.credential().accessToken = '';
		await bed.engine.execute(getStates());
		await bed.sim.control.injectFault({
			type: 'echo',
			status: 400,
			count: 2,
			match: { path: STATES },
		});
		const result = await bed.engine.execute(getStates(), { continueOnFail: true });
		expect(result.json[0].error).toMatch(/^Rejected: Authorization: Bearer \[redacted\]/);
		await expectClean(safeJson(result.json));
		const failed = await bed.engine.execute(getStates());
		await expectClean(errorText(failed.error));
	});

	it('in a Veeam message that quotes the password itself', async () => {
		await bed.sim.control.injectFault({
			type: 'status',
			status: 403,
			message: `Access denied for password ${PASSWORD}`,
			match: { path: STATES },
		});
		const result = await bed.engine.execute(getStates(), { continueOnFail: true });
		expect(result.json[0].error).toBe('Access denied for password [redacted]');
	});

	it('in the login error (a token endpoint that repeats the form)', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: PASSWORD }));
		await bed.sim.control.injectFault({ type: 'echo', status: 401, match: { path: TOKEN } });
		const result = await engine.execute(getStates());
		expect(result.error.message).toMatch(/^VBR refused the login: wrong username or password/);
		await expectClean(errorText(result.error));
	});

	it('in a text body quoted in a description', async () => {
		await bed.sim.control.injectFault({
			type: 'echo',
			echo: 'text',
			status: 200,
			match: { path: STATES },
		});
		const result = await bed.engine.execute(getStates());
		expect(result.error.message).toMatch(/not valid JSON/);
		expect(result.error.description).toMatch(
			/starting with "Proxy error: Authorization: Bearer \[reda/,
		);
		await expectClean(errorText(result.error));
	});

	it('in a 2xx answer that becomes output items', async () => {
		await bed.sim.control.injectFault({ type: 'echo', echo: 'ok', match: { path: STATES } });
		const result = await bed.engine.execute(getStates());
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(3);
		await expectClean(safeJson(result.json));
	});
});

describe('one login at a time, none after a refusal', () => {
	it('50 items with Continue On Fail and a wrong password: one token request, the same message for all', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: `${PASSWORD}-rotated` }));
		const items = Array.from({ length: 50 }, () => ({}));
		const result = await engine.execute(getStates(), { items, continueOnFail: true });
		console.info(
			`wrong password, 50 items: ${(await bed.tokenRequests()).length} token request(s)`,
		);
		expect(result.json).toHaveLength(50);
		expect(new Set(result.json.map((item) => item.error)).size).toBe(1);
		expect(result.json[0].error).toMatch(/^VBR refused the login: wrong username or password/);
		expect(await bed.tokenRequests()).toHaveLength(1);
	});

	it('the same at Concurrency 10', async () => {
		const engine = createEngine(simulatorCredential(bed.sim, { password: `${PASSWORD}-rotated` }));
		const items = Array.from({ length: 50 }, () => ({}));
		const result = await engine.execute(getStates({ concurrency: 10 }), {
			items,
			continueOnFail: true,
		});
		expect(result.json).toHaveLength(50);
		expect(await bed.tokenRequests()).toHaveLength(1);
	});

	it('a token expiring under Concurrency 10 is renewed by one login', async () => {
		const items = Array.from({ length: 30 }, () => ({}));
		await bed.engine.execute(getStates());
		await bed.clear();
		// Item 0 runs alone and passes; the first request of the next batch of 10 expires every token,
		// so the others of that batch meet the 401 at the same time.
		await bed.sim.control.injectFault({ type: 'expireTokens', after: 1, match: { path: STATES } });
		const result = await bed.engine.execute(getStates({ concurrency: 10 }), { items });
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(90);
		const logins = (await bed.tokenRequests()).length;
		console.info(`token expired under Concurrency 10: ${logins} login(s)`);
		expect(logins).toBe(1);
	});
});
