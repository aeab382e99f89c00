'use strict';
// Faults from the simulator, through the real engine: each case checks the outcome and that
// nothing is lost or done twice (from the simulator's request log and inventory).
const { startTestbed, FAST_WAIT } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed({ repositories: 1000 });
});
afterAll(async () => bed.close());
beforeEach(async () => {
	await bed.sim.control.reset();
	await bed.clear();
});

const LIST = '/api/v1/backupInfrastructure/repositories';
const FAST_RETRY = { retryDelayMs: 5 };
const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const getAll = (extra = {}) => ({
	resource: 'repository',
	operation: 'getAll',
	returnAll: true,
	options: { pageSize: 100 },
	requestOptions: FAST_RETRY,
	...extra,
});
const count = async (method, pathPrefix) =>
	(await bed.apiRequests()).filter((r) => r.method === method && r.path.startsWith(pathPrefix))
		.length;

describe('expired tokens', () => {
	it('in the middle of pagination: one re-authentication, no page lost or repeated', async () => {
		await bed.engine.execute(getAll({ returnAll: false, limit: 1 }));
		await bed.clear();
		await bed.sim.control.injectFault({
			type: 'expireTokens',
			after: 4,
			match: { method: 'GET', path: LIST },
		});
		const result = await bed.engine.execute(getAll());
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1000);
		expect(new Set(result.json.map((r) => r.id)).size).toBe(1000);
		const log = await bed.requests();
		expect(log.filter((r) => r.path === '/api/oauth2/token')).toHaveLength(1);
		const pages = log.filter((r) => r.path === LIST);
		// Pages are read ahead, so the expired token can meet several pages in flight: each is asked
		// again after the one login, and every page is answered once with 200.
		const answered = pages.filter((r) => r.status === 200).map((r) => Number(r.query.skip));
		expect(answered.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, i) => i * 100));
		const refused = pages.filter((r) => r.status === 401);
		expect(refused.length).toBeGreaterThan(0);
		expect(pages.every((r) => r.status === 200 || r.status === 401)).toBe(true);
		for (const page of refused) {
			expect(pages.some((r) => r.seq > page.seq && r.query.skip === page.query.skip && r.status === 200)).toBe(true);
		}
	});

	it('between items: one re-authentication for the rest of the items', async () => {
		const id = bed.repositoryId('Linux Repo 01');
		await bed.sim.control.injectFault({
			type: 'expireTokens',
			after: 3,
			match: { method: 'GET', path: `${LIST}/${id}` },
		});
		const result = await bed.engine.execute(
			{ resource: 'repository', operation: 'get', repositoryId: rl(id) },
			{ items: Array.from({ length: 8 }, () => ({})) },
		);
		expect(result.json).toHaveLength(8);
		expect((await bed.tokenRequests()).length).toBeLessThanOrEqual(2);
		expect((await bed.requests()).filter((r) => r.status === 401)).toHaveLength(1);
	});
});

describe('transient failures of reads', () => {
	it.each([
		['503', { type: 'status', status: 503 }],
		['500', { type: 'status', status: 500 }],
		['a connection reset', { type: 'reset' }],
		['a truncated body', { type: 'malformed' }],
		['an HTML proxy page', { type: 'html', status: 502 }],
	])('repeats a read after %s and completes with every page exactly once', async (_name, fault) => {
		await bed.sim.control.injectFault({ ...fault, count: 2, match: { method: 'GET', path: LIST } });
		const result = await bed.engine.execute(getAll());
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1000);
		expect(new Set(result.json.map((r) => r.id)).size).toBe(1000);
		expect(await count('GET', LIST)).toBe(10 + 2);
	});

	it('gives up after the configured number of retries and says how often it tried', async () => {
		await bed.sim.control.injectFault({
			type: 'status',
			status: 503,
			count: -1,
			match: { method: 'GET', path: LIST },
		});
		const result = await bed.engine.execute(
			getAll({ requestOptions: { ...FAST_RETRY, retries: 2 } }),
		);
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('503');
		expect(result.error.description).toMatch(/after 3 attempts/);
		expect(await count('GET', LIST)).toBe(3);
	});

	it('backs off exponentially between attempts', async () => {
		await bed.sim.control.injectFault({
			type: 'status',
			status: 503,
			count: 3,
			match: { method: 'GET', path: LIST },
		});
		const started = Date.now();
		const result = await bed.engine.execute(
			getAll({ limit: 1, returnAll: false, requestOptions: { retries: 3, retryDelayMs: 40 } }),
		);
		expect(result.error).toBeUndefined();
		// 40 + 80 + 160 ms at least (jitter only adds).
		expect(Date.now() - started).toBeGreaterThanOrEqual(280);
		const times = (await bed.apiRequests()).map((r) => Date.parse(r.time));
		const gaps = times.slice(1).map((t, i) => t - times[i]);
		// Each wait is at least its exponential floor: 40, 80, 160 ms (1 ms of clock granularity).
		expect(gaps).toHaveLength(3);
		gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(40 * 2 ** i - 1));
	});

	it('does not repeat reads that VBR refused with a 4xx', async () => {
		await bed.sim.control.injectFault({
			type: 'status',
			status: 400,
			match: { method: 'GET', path: LIST },
		});
		const result = await bed.engine.execute(getAll());
		expect(result.error.httpCode).toBe('400');
		expect(await count('GET', LIST)).toBe(1);
	});
});

describe('a request that hangs', () => {
	it('becomes a clear timeout error naming the operation', async () => {
		await bed.sim.control.injectFault({ type: 'hang', match: { method: 'GET', path: LIST } });
		const result = await bed.engine.execute(
			getAll({ requestOptions: { timeoutSeconds: 0.5, retries: 0 } }),
		);
		expect(result.error.message).toBe(`VBR did not answer GET ${LIST} within 0.5 s`);
		expect(result.error.description).toMatch(/Request Timeout/);
	});

	it('is retried like any transient failure of a read', async () => {
		await bed.sim.control.injectFault({ type: 'hang', match: { method: 'GET', path: LIST } });
		const result = await bed.engine.execute(
			getAll({ requestOptions: { timeoutSeconds: 0.5, retries: 1, retryDelayMs: 5 } }),
		);
		expect(result.error).toBeUndefined();
		expect(result.json).toHaveLength(1000);
	});
});

describe('changes are never sent twice blindly', () => {
	const rescan = (extra = {}) => ({
		resource: 'repository',
		operation: 'rescan',
		repositoryIds: ['Linux Repo 01'],
		options: FAST_WAIT,
		requestOptions: { ...FAST_RETRY, timeoutSeconds: 1 },
		...extra,
	});
	const RESCAN = `${LIST}/rescan`;

	it('answer lost after VBR started the session: finds the session and waits for it, without a second POST', async () => {
		await bed.sim.control.injectFault({
			type: 'dropResponse',
			match: { method: 'POST', path: RESCAN },
		});
		const result = await bed.engine.execute(rescan());
		expect(result.error).toBeUndefined();
		expect(await count('POST', RESCAN)).toBe(1);
		expect(result.json[0].session).toEqual(
			expect.objectContaining({ result: 'Success', type: 'ConfigurationResynchronize' }),
		);
		expect(result.json[0].recovery).toEqual({
			reason: expect.stringMatching(/connection was reset|ECONNRESET|socket hang up/i),
			found: expect.stringMatching(
				/^session [0-9a-f-]{36} \(ConfigurationResynchronize\), started by this request$/,
			),
			action: 'continued with it',
		});
		expect(result.json[0].audit.recovery).toEqual(result.json[0].recovery);
		// One snapshot before the POST, one look after the lost answer.
		const sessionQueries = (await bed.apiRequests()).filter((r) => r.path === '/api/v1/sessions');
		expect(sessionQueries).toHaveLength(2);
		for (const query of sessionQueries) {
			expect(query.query).toEqual(
				expect.objectContaining({
					typeFilter: 'ConfigurationResynchronize',
					orderColumn: 'CreationTime',
				}),
			);
		}
	});

	it('answer never came (timeout) after VBR started the session: the same', async () => {
		await bed.sim.control.injectFault({
			type: 'hangResponse',
			match: { method: 'POST', path: RESCAN },
		});
		const result = await bed.engine.execute(rescan({ requestOptions: { timeoutSeconds: 0.5 } }));
		expect(result.error).toBeUndefined();
		expect(await count('POST', RESCAN)).toBe(1);
		expect(result.json[0].recovery.reason).toMatch(/did not answer POST .* within 0\.5 s/);
	});

	it('connection lost before VBR did anything: no trace found, sent once more, done once', async () => {
		await bed.sim.control.injectFault({ type: 'reset', match: { method: 'POST', path: RESCAN } });
		const result = await bed.engine.execute(rescan());
		expect(result.error).toBeUndefined();
		expect(await count('POST', RESCAN)).toBe(2);
		expect(result.json[0].recovery).toEqual(
			expect.objectContaining({
				found: 'no trace of the change on VBR',
				action: 'sent the request once more',
			}),
		);
		const linux = bed.repositoryId('Linux Repo 01');
		const rescans = bed.sim.sessions
			.list()
			.filter((s) => s.sessionType === 'ConfigurationResynchronize' && s.resourceId === linux);
		expect(rescans).toHaveLength(1);
	});

	it('an add whose answer was lost is not added twice', async () => {
		const server = (name) =>
			[...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;
		await bed.sim.control.injectFault({
			type: 'dropResponse',
			match: { method: 'POST', path: LIST },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			name: 'Lost Answer Repo',
			repositoryType: 'Nfs',
			sharePath: 'nas9:/lost',
			mountServerId: server('vbr01.lab.local'),
			options: FAST_WAIT,
			requestOptions: FAST_RETRY,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0].name).toBe('Lost Answer Repo');
		expect(
			[...bed.sim.store.repositories.values()].filter((r) => r.model.name === 'Lost Answer Repo'),
		).toHaveLength(1);
		expect(await count('POST', LIST)).toBe(1);
	});

	it('a removal whose answer was lost is found done, not repeated', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		await bed.sim.control.injectFault({
			type: 'dropResponse',
			match: { method: 'DELETE', path: LIST },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
			requestOptions: FAST_RETRY,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				removed: true,
				recovery: expect.objectContaining({ found: 'the object is already removed' }),
			}),
		);
		expect(await count('DELETE', LIST)).toBe(1);
	});

	it('a 500 with a Veeam error body is an answer: reported, not repeated', async () => {
		await bed.sim.control.injectFault({
			type: 'status',
			status: 500,
			match: { method: 'POST', path: RESCAN },
		});
		const result = await bed.engine.execute(rescan());
		expect(result.error.httpCode).toBe('500');
		expect(await count('POST', RESCAN)).toBe(1);
		// Only the snapshot taken before sending: an answer needs no recovery.
		expect((await bed.apiRequests()).filter((r) => r.path === '/api/v1/sessions')).toHaveLength(1);
	});

	it('a session wait interrupted by transient errors goes on; the change is started once', async () => {
		await bed.sim.control.injectFault({
			type: 'status',
			status: 503,
			count: 2,
			match: { method: 'GET', path: '/api/v1/sessions/' },
		});
		await bed.sim.control.injectFault({
			type: 'reset',
			count: 1,
			match: { method: 'GET', path: '/api/v1/sessions/' },
		});
		const result = await bed.engine.execute(rescan());
		expect(result.error).toBeUndefined();
		expect(result.json[0].session.result).toBe('Success');
		expect(await count('POST', RESCAN)).toBe(1);
	});
});

describe('odd answers', () => {
	it('a truncated body on a change is reported as such, and the change is not repeated', async () => {
		const RESCAN = `${LIST}/rescan`;
		await bed.sim.control.injectFault({
			type: 'malformed',
			match: { method: 'POST', path: RESCAN },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			options: FAST_WAIT,
			requestOptions: { ...FAST_RETRY, retries: 0 },
		});
		// The malformed fault answers before the change is made: no trace, so it is sent once more.
		expect(result.error).toBeUndefined();
		expect(result.json[0].recovery.reason).toMatch(/not valid JSON/);
		expect(await count('POST', RESCAN)).toBe(2);
	});

	it('a truncated body on a read, with retries off, is a clear error instead of an empty list', async () => {
		await bed.sim.control.injectFault({ type: 'malformed', match: { method: 'GET', path: LIST } });
		const result = await bed.engine.execute(getAll({ requestOptions: { retries: 0 } }));
		expect(result.error.message).toBe(
			`VBR answered GET ${LIST} with a body that is not valid JSON (it may be truncated)`,
		);
	});

	it('an HTML error page from a proxy is named as such', async () => {
		await bed.sim.control.injectFault({
			type: 'html',
			status: 502,
			match: { method: 'GET', path: LIST },
		});
		const result = await bed.engine.execute(getAll({ requestOptions: { retries: 0 } }));
		expect(result.error.message).toBe(
			`VBR answered HTTP 502 with an HTML page instead of JSON for GET ${LIST}`,
		);
	});

	it('unexpected nulls and unknown enum values pass through without wrong numbers', async () => {
		const id = bed.repositoryId('Linux Repo 01');
		await bed.sim.control.setRepositoryState(id, { capacityGB: null, freeGB: null });
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getStates',
			returnAll: true,
			filters: { name: 'Linux Repo 01' },
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({ usedPercent: null, freePercent: null }),
		);
	});

	it('a session that ends with a result the node does not know is not taken for a success', async () => {
		await bed.sim.control.configure({
			nextSessionResults: [{ result: 'Canceled', message: 'stopped' }],
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			options: FAST_WAIT,
		});
		expect(result.error.message).toMatch(
			/ended with result "Canceled", which this node does not know/,
		);
	});
});
