'use strict';
// A cancelled read stops: it is not retried, its answer is not waited for, and nothing of it is
// sent later. (A list cancels the pages it read ahead once its walk is over: test/unit/paginate.)
// Run in n8n-core's real PollContext against the simulator over HTTP.
const { useTestbed } = require('../support/simulator');
const { DIST } = require('../support/engine');

const { createVeeamClient } = require(`${DIST}/nodes/shared/transport/client.js`);
const { RequestCancelledError } = require(`${DIST}/nodes/shared/transport/exchange.js`);

const REPOSITORIES = '/api/v1/backupInfrastructure/repositories';
// Far longer than jest's timeout: without cancellation, these tests could only end by failing.
const LONGER_THAN_THE_TEST_MS = 10 * 60 * 1000;

const bed = useTestbed();

async function client(transport) {
	const context = bed.engine.createPoller({}).context();
	return await createVeeamClient(context, transport);
}

/** Resolves once the simulator has logged `count` requests to `path` (no fixed sleep). */
async function arrived(path, count) {
	for (;;) {
		const seen = (await bed.apiRequests()).filter((r) => r.path === path).length;
		if (seen >= count) return seen;
		await new Promise((resolve) => setImmediate(resolve));
	}
}

const read = (veeam, signal) =>
	veeam.request({ method: 'GET', path: REPOSITORIES, signal }).catch((error) => error);

/** Under `fault`, a read that is cancelled once VBR has its first request; resolves to its outcome. */
async function cancelledAfterArrival(veeam, fault) {
	await bed.sim.control.injectFault({ ...fault, match: { path: REPOSITORIES } });
	await bed.clear();
	const cancel = new AbortController();
	const outcome = read(veeam, cancel.signal);
	await arrived(REPOSITORIES, 1);
	cancel.abort();
	return await outcome;
}

afterEach(async () => await bed.sim.control.clearFaults());

it('a read cancelled while it waits to be retried ends at once and is not sent again', async () => {
	const veeam = await client({ retries: 5, retryDelayMs: LONGER_THAN_THE_TEST_MS });
	const error = await cancelledAfterArrival(veeam, { type: 'status', status: 503, count: -1 });
	expect(error).toBeInstanceOf(RequestCancelledError);
	await bed.sim.control.clearFaults();
	// A later read on the same client goes out: only the cancelled one's retries are gone.
	expect((await veeam.request({ method: 'GET', path: REPOSITORIES })).data.length).toBeGreaterThan(
		0,
	);
	expect((await bed.apiRequests()).map((r) => r.path)).toEqual([REPOSITORIES, REPOSITORIES]);
});

it('a read cancelled while its answer is on the way is not waited for', async () => {
	const veeam = await client({ retries: 5, retryDelayMs: 5 });
	const outcome = await cancelledAfterArrival(veeam, {
		type: 'latency',
		ms: LONGER_THAN_THE_TEST_MS,
	});
	expect(outcome).toBeInstanceOf(RequestCancelledError);
	expect(await arrived(REPOSITORIES, 1)).toBe(1);
});

it('a read whose signal is already aborted sends nothing', async () => {
	const veeam = await client({});
	await bed.clear();
	expect(await read(veeam, AbortSignal.abort())).toBeInstanceOf(RequestCancelledError);
	expect(await bed.requests()).toEqual([]);
});
