'use strict';
// Session states and results across revisions: ActionRequired (1.3-rev2) ends a wait at once with
// VBR's message; None and unknown results are never a success; an unknown state is waited through.
const { startTestbed } = require('../support/simulator');

// Sessions run until a test ends them (or for ten minutes): nothing here depends on their timing.
const LONG_SESSION_MS = 600000;
// The default wait timeout (1,800 s): a wait that did not stop at once would hit the test timeout.
const DEFAULT_TIMEOUT = { pollIntervalSeconds: 0.02 };

const rescan = (options) => ({
	resource: 'repository',
	operation: 'rescan',
	repositoryIds: ['Linux Repo 01'],
	...options,
});
const sessionWait = (sessionId, options = DEFAULT_TIMEOUT) => ({
	resource: 'session',
	operation: 'wait',
	sessionId,
	options,
});

async function startSession(bed) {
	const started = await bed.engine.execute(rescan({ waitForCompletion: false }));
	expect(started.error).toBeUndefined();
	return started.json[0].id;
}

/** Resolves once `condition` holds, checking after each turn of the event loop (no timer). */
async function until(condition) {
	while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('ActionRequired (API 1.3-rev2)', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({
			vbrVersion: '13.1',
			sessionDurationMs: LONG_SESSION_MS,
			credential: { apiVersion: '1.3-rev2' },
		});
	});
	afterAll(async () => bed.close());
	beforeEach(async () => bed.clear());

	it("Session > Wait stops at once with VBR's message", async () => {
		const id = await startSession(bed);
		await bed.sim.control.requireSessionAction(id, 'Insert tape 000123 into the library');
		await bed.clear();
		const result = await bed.engine.execute(sessionWait(id));
		expect(result.error.message).toMatch(
			/^VBR session ".+" is waiting: VBR needs an action in the console: Insert tape 000123 into the library$/,
		);
		expect(result.error.description).toMatch(/ActionRequired .*Session > Wait/);
		// One read of the session, no polling.
		expect((await bed.apiRequests()).map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /api/v1/sessions/${id}`,
		]);
	});

	it('Wait for Completion of a change stops as soon as the session needs an action, with the audit', async () => {
		const running = bed.engine.execute(rescan({ options: DEFAULT_TIMEOUT }), {
			continueOnFail: true,
		});
		const session = () => bed.sim.sessions.list().find((s) => !s.final && !s.actionRequired);
		await until(() => session() !== undefined);
		await bed.sim.control.requireSessionAction(session().id, 'Confirm the key rotation');
		const result = await running;
		expect(result.json[0].error).toMatch(
			/VBR needs an action in the console: Confirm the key rotation$/,
		);
		expect(result.json[0].audit).toMatchObject({ sessionResult: null, apiVersion: '1.3-rev2' });
	});
});

describe('ActionRequired before 1.3-rev2', () => {
	it('is invisible: the session reads Working, and a wait runs to its timeout', async () => {
		const bed = await startTestbed({
			vbrVersion: '13.1',
			sessionDurationMs: LONG_SESSION_MS,
			credential: { apiVersion: '1.3-rev1' },
		});
		try {
			const id = await startSession(bed);
			await bed.sim.control.requireSessionAction(id, 'Confirm the key rotation');
			const result = await bed.engine.execute(
				sessionWait(id, { pollIntervalSeconds: 0.02, waitTimeoutSeconds: 0.1 }),
			);
			expect(result.error.message).toMatch(/^Timed out after 0\.1 s waiting for VBR session/);
			expect(result.error.description).toMatch(/is still Working/);
		} finally {
			await bed.close();
		}
	});
});

describe('results and states this node must not take for a success', () => {
	let bed;
	beforeAll(async () => {
		bed = await startTestbed({ sessionDurationMs: 1 });
	});
	afterAll(async () => bed.close());
	beforeEach(async () => bed.clear());

	it('a stopped session with result None says VBR recorded no outcome', async () => {
		await bed.sim.control.configure({ nextSessionResults: [{ result: 'None' }] });
		const result = await bed.engine.execute(rescan({ options: DEFAULT_TIMEOUT }));
		expect(result.error.message).toMatch(/^VBR session ".+" stopped without a result \(None\)/);
		expect(result.error.description).toMatch(/VBR recorded no outcome for session .*History/);
	});

	it('a result this node does not know (a newer VBR) fails as such', async () => {
		await bed.sim.control.configure({ nextSessionResults: [{ result: 'Verified' }] });
		const result = await bed.engine.execute(rescan({ options: DEFAULT_TIMEOUT }));
		expect(result.error.message).toMatch(
			/^VBR session ".+" ended with result "Verified", which this node does not know$/,
		);
	});

	it('a state this node does not know counts as running: the wait goes on until Stopped', async () => {
		const id = await startSession(bed);
		const path = `/api/v1/sessions/${id}`;
		const model = (
			await bed.engine.execute({ resource: 'session', operation: 'get', sessionId: id })
		).json[0];
		const unknown = { ...model, state: 'Verifying', result: { result: 'None', message: '' } };
		await bed.sim.control.injectFault({
			type: 'body',
			json: unknown,
			count: 2,
			match: { method: 'GET', path },
		});
		// Session > Get passes the state through as VBR sent it.
		const got = await bed.engine.execute({ resource: 'session', operation: 'get', sessionId: id });
		expect(got.json[0].state).toBe('Verifying');
		await bed.clear();
		const waited = await bed.engine.execute(sessionWait(id));
		expect(waited.error).toBeUndefined();
		expect(waited.json[0]).toMatchObject({ state: 'Stopped', result: 'Success' });
		expect((await bed.apiRequests()).length).toBe(2);
	});
});
