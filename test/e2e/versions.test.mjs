// API Version "Automatic" in a real n8n (`n8n execute`, the package installed as a community
// package) against the simulator started as VBR 13.1: the login chooses 1.3-rev2, n8n stores that
// revision with the token, and the next execution needs neither a login nor a request to know it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { FAST_WAIT, assertExited, describeRun, nodeItems, startBed } from './support/harness.mjs';
import { manualTrigger, veeam, workflow } from './support/workflow.mjs';

const AUTO = { id: 'e2eAutomatic', name: 'VBR 13.1, API Version Automatic' };
const PINNED_OLD = { id: 'e2ePinnedRefused', name: 'VBR 12.3.1 pinned to 1.3-rev2' };

let bed;

const ok = nodeItems;

const apiRequests = async () =>
	(await bed.sim.control.requests()).filter((r) => r.path.startsWith('/api/'));

before(async () => {
	bed = await startBed({ simulator: { vbrVersion: '13.1' } });
	await bed.n8n.importCredentials([bed.simCredential(AUTO.id, AUTO.name, { apiVersion: 'auto' })]);
	const v = (name, parameters) => veeam(name, parameters, AUTO);
	await bed.n8n.importWorkflows([
		workflow('e2eAutomatic', 'E2E API Version Automatic', manualTrigger(), [
			[
				v('Get Many', { resource: 'repository', operation: 'getAll', returnAll: true }),
			],
			[
				v('Start Rescan', { resource: 'repository', operation: 'rescan', repositoryIds: ['Linux Repo 01'], waitForCompletion: false }),
				v('Session Wait', { resource: 'session', operation: 'wait', sessionId: "={{ $('Start Rescan').item.json.id }}", options: FAST_WAIT }),
			],
		]),
	]);
});

after(async () => bed?.close());

describe('API Version Automatic against VBR 13.1', () => {
	it('chooses 1.3-rev2 at login and shows it in the audit and the session output', async () => {
		await bed.sim.control.clearRequests();
		const result = await bed.n8n.execute('e2eAutomatic');
		const repositories = ok(result, 'Get Many');
		assert.ok(repositories.length > 10, describeRun(result));
		assert.equal(ok(result, 'Start Rescan')[0].audit.apiVersion, '1.3-rev2');
		assert.deepEqual(
			(({ result: r, apiVersion }) => ({ result: r, apiVersion }))(ok(result, 'Session Wait')[0]),
			{ result: 'Success', apiVersion: '1.3-rev2' },
		);
		const requests = await apiRequests();
		const tokens = requests.filter((r) => r.path === '/api/oauth2/token');
		assert.deepEqual(tokens.map((r) => `${r.headers['x-api-version']} ${r.status}`), ['1.3-rev2 200']);
		assert.deepEqual([...new Set(requests.map((r) => r.headers['x-api-version']))], ['1.3-rev2']);
	});

	it('the next execution reuses the stored token and its revision: no login, no extra request', async () => {
		await bed.sim.control.clearRequests();
		const result = await bed.n8n.execute('e2eAutomatic');
		ok(result, 'Session Wait');
		const requests = await apiRequests();
		assert.deepEqual(
			requests.filter((r) => r.path === '/api/oauth2/token' || r.path === '/api/v1/serverInfo'),
			[],
		);
		assert.deepEqual([...new Set(requests.map((r) => r.headers['x-api-version']))], ['1.3-rev2']);
	});
});

describe('a pinned revision the server refuses', () => {
	let old;
	before(async () => {
		old = await startBed({ simulator: { vbrVersion: '12.3.1' } });
		await old.n8n.importCredentials([old.simCredential(PINNED_OLD.id, PINNED_OLD.name, { apiVersion: '1.3-rev2' })]);
		await old.n8n.importWorkflows([
			workflow('e2ePinnedRefused', 'E2E pinned revision refused', manualTrigger(), [
				[veeam('Get Many', { resource: 'repository', operation: 'getAll', returnAll: true }, PINNED_OLD)],
			]),
		]);
	});
	after(async () => old?.close());

	it('fails with the revisions the server supports and the advice to choose Automatic', async () => {
		const result = await old.n8n.execute('e2ePinnedRefused');
		assertExited(result, 1);
		assert.match(result.error?.message ?? '', /does not support API version 1\.3-rev2: .*1\.2-rev1/, describeRun(result));
		assert.match(result.error?.description ?? '', /Choose Automatic in the credential, or pin 1\.2-rev1/, describeRun(result));
	});
});
