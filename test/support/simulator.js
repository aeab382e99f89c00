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

module.exports = { startTestbed, FAST_WAIT };
