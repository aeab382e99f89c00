'use strict';
// Starts a simulator for one test file and gives the tests what they need from it.
const { startSimulator } = require('../../simulator');
const { createEngine, simulatorCredential } = require('./engine');

/** Fast sessions and fast polling keep the tests quick without changing what they prove. */
const FAST_WAIT = { pollIntervalSeconds: 0.02, waitTimeoutSeconds: 20 };

async function startTestbed(options = {}) {
	const { credential: credentialOverrides, ...simOptions } = options;
	const sim = await startSimulator({ protocol: 'http', sessionDurationMs: 40, ...simOptions });
	const engine = createEngine(simulatorCredential(sim, credentialOverrides));
	return {
		sim,
		engine,
		/** Requests that reached the simulator's API since the last clear, token requests included. */
		async requests() {
			return (await sim.control.requests()).filter((entry) => entry.path.startsWith('/api/'));
		},
		async apiRequests() {
			return (await this.requests()).filter((entry) => entry.path !== '/api/oauth2/token');
		},
		async tokenRequests() {
			return (await this.requests()).filter((entry) => entry.path === '/api/oauth2/token');
		},
		async clear() {
			await sim.control.clearRequests();
		},
		repositoryId(name) {
			const found = [...sim.store.repositories.values()].find(
				(entry) => (entry.model ?? entry).name === name,
			);
			if (!found) throw new Error(`No seeded repository ${name}`);
			return (found.model ?? found).id;
		},
		async close() {
			await sim.close();
		},
	};
}

/**
 * One testbed for a test file: started before its tests, closed after them, and reset (simulator state and
 * request log) before each test. Returns a stand-in that forwards to the testbed once it is started.
 */
function useTestbed(options = {}) {
	let current;
	beforeAll(async () => {
		current = await startTestbed(options);
	});
	afterAll(async () => current?.close());
	beforeEach(async () => {
		await current.sim.control.reset();
		await current.clear();
	});
	return new Proxy({}, { get: (_, key) => current[key] });
}

/** A trigger whose first (activation) poll has recorded the baseline, with the request log cleared. */
async function activatedPoller(bed, parameters, options) {
	const poller = bed.engine.createPoller(parameters, options);
	expect(await poller.poll()).toBeNull();
	await bed.clear();
	return poller;
}

/** The event items of one poll (none when it returned null), and their `event:repository` names. */
const pollItems = (result) => (result === null ? [] : result[0].map((item) => item.json));
const pollNames = (result) => pollItems(result).map((j) => `${j.event}:${j.repository.name}`);

module.exports = { startTestbed, useTestbed, activatedPoller, pollItems, pollNames, FAST_WAIT };
