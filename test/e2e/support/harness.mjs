// Shared setup of the end-to-end tests: the pinned n8n (provisioned once into the cache), this
// package packed and installed into a fresh n8n user folder like the Community Nodes screen does,
// the VBR simulator over HTTPS with its self-signed certificate, and credentials pointing at it.
//
// test/e2e/run.mjs provisions and packs once and passes the tarball in VEEAM_E2E_PACKAGE; a test
// file run on its own (node --test test/e2e/x.test.mjs) does both itself.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { CREDENTIAL_TYPE, PACKAGE_NAME, ROOT } from '../../../scripts/n8n/config.mjs';
import { N8nInstance, freePort, nodeJson, tempUserFolder } from '../../../scripts/n8n/instance.mjs';
import { buildAndPack, installPackage } from '../../../scripts/n8n/package.mjs';
import { provisionN8n } from '../../../scripts/n8n/provision.mjs';

const require = createRequire(import.meta.url);
const { startSimulator } = require(path.join(ROOT, 'simulator'));

export const SIM_USER = 'administrator';
export const SIM_PASSWORD = 'Veeam-Sim-Passw0rd!';
/** The credential the examples reference (`npm start` imports the same id). */
export const EXAMPLE_CREDENTIAL = { id: 'veeamVbr', name: 'Veeam Backup & Replication' };
export const FAST_WAIT = { pollIntervalSeconds: 0.1, waitTimeoutSeconds: 60 };

let packed;
export function packageTarball() {
	if (process.env.VEEAM_E2E_PACKAGE) {
		const tarball = process.env.VEEAM_E2E_PACKAGE;
		const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
		return { tarball, version: manifest.version, name: PACKAGE_NAME };
	}
	if (!packed) {
		packed = buildAndPack({ build: true, quiet: true });
		const dir = path.dirname(packed.tarball);
		process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
	}
	return packed;
}

/** The next patch version (published to a test's own registry only). */
export const nextVersion = (version) => version.replace(/^(\d+)\.(\d+)\.(\d+).*$/, (_, a, b, c) => `${a}.${b}.${Number(c) + 1}`);

/** The packed package with another version, as a folder `npm publish` takes. */
export function repackedAs(version) {
	const dir = fs.mkdtempSync(path.join(path.dirname(packageTarball().tarball), 'next-'));
	const r = spawnSync('tar', ['-xzf', packageTarball().tarball, '-C', dir, '--strip-components=1']);
	assert.equal(r.status, 0, 'unpacking the tarball');
	const manifestFile = path.join(dir, 'package.json');
	const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
	fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, version }, null, 2));
	return { dir, version };
}

export function credential(id, name, data) {
	return { id, name, type: CREDENTIAL_TYPE, data: { apiVersion: '1.3-rev1', accessToken: '', ...data } };
}

/**
 * Starts the simulator and an n8n user folder with the package installed (`install: false`: without
 * it, for a test that installs it through n8n itself).
 * Returns { sim, n8n, simCredential(id, name, overrides), close() }.
 */
export async function startBed({ sessionDurationMs = 500, simulator = {}, install = true } = {}) {
	const runtime = await provisionN8n({ log: (m) => process.stderr.write(`[n8n] ${m}\n`) });
	const sim = await startSimulator({ protocol: 'https', sessionDurationMs, ...simulator });
	const userFolder = tempUserFolder('veeam-n8n-e2e-');
	const n8n = new N8nInstance({ runtime, userFolder, brokerPort: await freePort() });
	if (install) installPackage(userFolder, packageTarball());
	const simCredential = (id, name, overrides = {}) =>
		credential(id, name, { url: sim.url, username: SIM_USER, password: SIM_PASSWORD, ignoreSslIssues: true, ...overrides });
	return {
		sim,
		n8n,
		simCredential,
		async close() {
			await sim.close();
			if (!process.env.VEEAM_E2E_KEEP) fs.rmSync(userFolder, { recursive: true, force: true });
			else process.stderr.write(`[e2e] kept the n8n user folder ${userFolder}\n`);
		},
	};
}

/** Repository ID by name, from the simulator's store. */
export function repositoryId(sim, name) {
	const found = [...sim.store.repositories.values()].find((r) => r.model.name === name);
	if (!found) throw new Error(`No repository named ${name} in the simulator`);
	return found.id;
}

export function managedServerId(sim, name) {
	const found = [...sim.store.managedServers.values()].find((s) => s.name === name);
	if (!found) throw new Error(`No managed server named ${name} in the simulator`);
	return found.id;
}

/** A short text of an `n8n execute` result for assertion messages. */
export function describeRun(result) {
	const error = result.error ? `${result.error.name}: ${result.error.message} / ${result.error.description ?? ''}` : 'no error';
	// A CLI ended by a signal has no exit code of its own (instance.mjs reports 128): name the signal.
	const ended = result.signal ? `ended by ${result.signal} (exit code reported as ${result.code})` : `exit code ${result.code}`;
	return `${ended}, last node ${result.lastNode ?? '-'}, ${error}\n--- stdout (tail)\n${result.stdout.slice(-3000)}\n--- stderr (tail)\n${result.stderr.slice(-2000)}`;
}

/**
 * Asserts that `n8n execute` ended as an execution with this exit code (0: succeeded, 1: failed).
 *
 * n8n 2.41.1's `execute` ends through BaseCommand.finally(): it prints the run data, closes the
 * database and calls process.exit() without disposing of its expression engine (the default `vm`
 * engine, an isolated-vm isolate with threads of its own; only exitSuccessFully() disposes of it,
 * and `execute` does not use that). Now and then on a loaded machine the process then dies by
 * SIGSEGV after everything was printed (under CPU load: 5 of 65 failing runs, 1 of 25 successful
 * ones; none of 20 with N8N_EXPRESSION_ENGINE=legacy, none of 18 unloaded), most likely in that
 * teardown. A SIGSEGV is therefore still the documented outcome when
 * the complete run data was printed (parsed into `result.run`): the execution itself had ended,
 * and the run data (error or items) is what the caller then checks. Any other signal, or a
 * SIGSEGV without complete run data, fails.
 */
export function assertExited(result, code) {
	if (result.signal === 'SIGSEGV' && result.run?.data?.resultData) {
		const failed = result.run.data.resultData.error !== undefined;
		assert.equal(failed ? 1 : 0, code, `n8n crashed at exit after a run that ${failed ? 'failed' : 'succeeded'}\n${describeRun(result)}`);
		return;
	}
	assert.equal(result.code, code, describeRun(result));
}

/** The items a node of a successful `n8n execute` output; fails the test with the run's tail otherwise. */
export function nodeItems(result, node) {
	assertExited(result, 0);
	assert.equal(result.error, undefined, describeRun(result));
	const items = nodeJson(result.run, node);
	assert.ok(items, `node "${node}" did not run\n${describeRun(result)}`);
	return items;
}
