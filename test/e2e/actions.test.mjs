// Every operation of every resource of the Veeam Repository node, run by the real n8n CLI
// (`n8n execute`) with the package installed as a community package, against the VBR simulator
// over HTTPS. Operations are batched into a few workflows (each `n8n execute` costs 2-3 s);
// failing operations each get their own workflow, since the first error ends an execution.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { nodeJson } from '../../scripts/n8n/instance.mjs';
import { FAST_WAIT, assertExited, describeRun, managedServerId, repositoryId, startBed } from './support/harness.mjs';
import { manualTrigger, noOp, rl, veeam, workflow } from './support/workflow.mjs';

const CRED = { id: 'e2eSim', name: 'VBR simulator' };
const BAD_PASSWORD = { id: 'e2eBadPassword', name: 'VBR simulator, wrong password' };
const STRICT_TLS = { id: 'e2eStrictTls', name: 'VBR simulator, certificate checked' };
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000beef';
const SOBR = 'SOBR Primary';

let bed;
let results;
const runs = {};

async function run(id) {
	const result = await bed.n8n.execute(id);
	runs[id] = result;
	return result;
}

function ok(result, node) {
	assertExited(result, 0);
	assert.equal(result.error, undefined, describeRun(result));
	const items = nodeJson(result.run, node);
	assert.ok(items, `node "${node}" did not run\n${describeRun(result)}`);
	return items;
}

before(async () => {
	bed = await startBed({ sessionDurationMs: 500 });
	const { sim, n8n } = bed;
	await n8n.importCredentials([
		bed.simCredential(CRED.id, CRED.name),
		bed.simCredential(BAD_PASSWORD.id, BAD_PASSWORD.name, { password: 'not-the-password' }),
		bed.simCredential(STRICT_TLS.id, STRICT_TLS.name, { ignoreSslIssues: false }),
	]);
	const v = (name, parameters, settings) => veeam(name, parameters, CRED, settings);
	const workflows = [
		workflow('e2eRepository', 'E2E repository operations', manualTrigger(), [
			[v('Get Many', { resource: 'repository', operation: 'getAll', returnAll: true })],
			[v('Get Many Filtered', { resource: 'repository', operation: 'getAll', limit: 2, filters: { name: 'SOBR*' } })],
			[v('Get by Name', { resource: 'repository', operation: 'get', repositoryId: rl('Linux Repo 01', 'name') })],
			[v('Get by ID', { resource: 'repository', operation: 'get', repositoryId: rl(repositoryId(sim, 'Hardened Repo 01')) })],
			[v('Get States', { resource: 'repository', operation: 'getStates', returnAll: true })],
			[
				v('Add', {
					resource: 'repository',
					operation: 'create',
					defineBy: 'fields',
					name: 'E2E Hardened Repo',
					repositoryType: 'LinuxHardened',
					hostId: managedServerId(sim, 'lnx-hardened01.lab.local'),
					path: '/mnt/veeam/e2e',
					immutabilityDays: 21,
					mountServerId: managedServerId(sim, 'vbr01.lab.local'),
					description: 'added by the n8n e2e test',
					options: FAST_WAIT,
				}),
				v('Edit', {
					resource: 'repository',
					operation: 'update',
					repositoryId: rl('={{ $json.id }}'),
					defineBy: 'fields',
					updateFields: { description: 'edited by the n8n e2e test', immutabilityDays: 30 },
					options: FAST_WAIT,
				}),
				v('Rescan', { resource: 'repository', operation: 'rescan', repositoryIds: '={{ [$json.id] }}', options: FAST_WAIT }),
				v('Remove', { resource: 'repository', operation: 'delete', repositoryId: rl("={{ $('Add').item.json.id }}") }),
			],
		]),
		workflow('e2eScaleOut', 'E2E scale-out repository operations', manualTrigger(), [
			[v('SOBR Get Many', { resource: 'scaleOutRepository', operation: 'getAll', returnAll: true })],
			[v('SOBR Get', { resource: 'scaleOutRepository', operation: 'get', scaleOutRepositoryId: rl(SOBR, 'name') })],
			[
				v('Seal', { resource: 'scaleOutRepository', operation: 'enableSealedMode', scaleOutRepositoryId: rl(SOBR, 'name'), extentIds: ['SOBR Extent 02'], options: FAST_WAIT }),
				v('Unseal', { resource: 'scaleOutRepository', operation: 'disableSealedMode', scaleOutRepositoryId: rl('={{ $json.id }}'), extentIds: [repositoryId(sim, 'SOBR Extent 02')], options: FAST_WAIT }),
				v('Maintenance On', { resource: 'scaleOutRepository', operation: 'enableMaintenanceMode', scaleOutRepositoryId: rl(SOBR, 'name'), extentIds: '={{ "SOBR Extent 01, SOBR Extent 03" }}', options: FAST_WAIT }),
				v('Maintenance Off', { resource: 'scaleOutRepository', operation: 'disableMaintenanceMode', scaleOutRepositoryId: rl(SOBR, 'name'), extentIds: ['SOBR Extent 01', 'SOBR Extent 03'], options: FAST_WAIT }),
			],
			[
				v('SOBR Add', {
					resource: 'scaleOutRepository',
					operation: 'create',
					defineBy: 'fields',
					name: 'E2E SOBR',
					performanceExtentIds: ['Linux Repo 01', repositoryId(sim, 'NFS Share Repo')],
					placementPolicy: 'Performance',
					capacityTierEnabled: true,
					capacityExtentId: repositoryId(sim, 'S3 Compatible Repo'),
					copyPolicyEnabled: true,
					movePolicyEnabled: true,
					operationalRestorePeriodDays: 21,
					description: 'added by the n8n e2e test',
					options: FAST_WAIT,
				}),
				v('SOBR Edit', {
					resource: 'scaleOutRepository',
					operation: 'update',
					scaleOutRepositoryId: rl('={{ $json.id }}'),
					defineBy: 'fields',
					updateFields: { description: 'edited by the n8n e2e test', operationalRestorePeriodDays: 30 },
					options: FAST_WAIT,
				}),
				v('SOBR Remove', { resource: 'scaleOutRepository', operation: 'delete', scaleOutRepositoryId: rl('={{ $json.id }}') }),
			],
		]),
		workflow('e2eSession', 'E2E session operations', manualTrigger(), [
			[
				v('Start Rescan', { resource: 'repository', operation: 'rescan', repositoryIds: ['Linux Repo 01'], waitForCompletion: false }),
				v('Session Get', { resource: 'session', operation: 'get', sessionId: '={{ $json.id }}' }),
				v('Session Wait', { resource: 'session', operation: 'wait', sessionId: "={{ $('Start Rescan').item.json.id }}", options: FAST_WAIT }),
				v('Session Logs', { resource: 'session', operation: 'getLogs', sessionId: '={{ $json.id }}' }),
				v('Session Logs Failed Only', { resource: 'session', operation: 'getLogs', sessionId: "={{ $('Start Rescan').item.json.id }}", statusFilter: 'Failed' }, { executeOnce: true, alwaysOutputData: true }),
			],
		]),
		workflow('e2eNotFound', 'E2E 404', manualTrigger(), [[v('Get Unknown', { resource: 'repository', operation: 'get', repositoryId: rl(UNKNOWN_ID) })]]),
		workflow('e2eNotFoundContinue', 'E2E 404, continue on fail', manualTrigger(), [
			[v('Get Unknown', { resource: 'repository', operation: 'get', repositoryId: rl(UNKNOWN_ID) }, { onError: 'continueRegularOutput' }), noOp('After')],
		]),
		workflow('e2eNotAnExtent', 'E2E validation error', manualTrigger(), [
			[v('Seal Not An Extent', { resource: 'scaleOutRepository', operation: 'enableSealedMode', scaleOutRepositoryId: rl(SOBR, 'name'), extentIds: ['Linux Repo 01'], options: FAST_WAIT })],
		]),
		workflow('e2eBadPassword', 'E2E wrong password', manualTrigger(), [
			[veeam('Get Many', { resource: 'repository', operation: 'getAll', limit: 1 }, BAD_PASSWORD)],
		]),
		workflow('e2eStrictTls', 'E2E self-signed certificate', manualTrigger(), [
			[veeam('Get Many', { resource: 'repository', operation: 'getAll', limit: 1 }, STRICT_TLS)],
		]),
	];
	await n8n.importWorkflows(workflows);
	await sim.control.clearRequests();
	results = {
		repository: await run('e2eRepository'),
		scaleOut: await run('e2eScaleOut'),
		session: await run('e2eSession'),
	};
});

after(async () => {
	const timings = Object.entries(runs).map(([id, r]) => `${id} ${(r.ms / 1000).toFixed(1)} s`);
	if (timings.length) process.stderr.write(`[e2e] n8n execute: ${timings.join(', ')}\n`);
	await bed?.close();
});

describe('repository operations in n8n', () => {
	it('Get Many returns every repository, one item each', () => {
		const items = ok(results.repository, 'Get Many');
		assert.equal(items.length, 13);
		assert.ok(items.some((r) => r.name === 'Default Backup Repository' && r.type === 'WinLocal'));
	});

	it('Get Many with a limit and a name filter', () => {
		const items = ok(results.repository, 'Get Many Filtered');
		assert.equal(items.length, 2);
		assert.ok(items.every((r) => r.name.startsWith('SOBR')), JSON.stringify(items.map((r) => r.name)));
	});

	it('Get by name and by ID', () => {
		const [byName] = ok(results.repository, 'Get by Name');
		assert.equal(byName.name, 'Linux Repo 01');
		assert.equal(byName.type, 'LinuxLocal');
		const [byId] = ok(results.repository, 'Get by ID');
		assert.equal(byId.name, 'Hardened Repo 01');
		assert.equal(byId.id, repositoryId(bed.sim, 'Hardened Repo 01'));
	});

	it('Get States adds used and free percentages', () => {
		const items = ok(results.repository, 'Get States');
		assert.equal(items.length, 13);
		const linux = items.find((s) => s.name === 'Linux Repo 01');
		assert.equal(linux.freePercent, 6.25);
		assert.equal(linux.usedPercent, 93.75);
		const s3 = items.find((s) => s.name === 'S3 Compatible Repo');
		assert.equal(s3.usedPercent, null);
	});

	it('Add waits for the session and returns the new repository with an audit record', () => {
		const [added] = ok(results.repository, 'Add');
		assert.equal(added.name, 'E2E Hardened Repo');
		assert.equal(added.type, 'LinuxHardened');
		assert.equal(added.repository.makeRecentBackupsImmutableDays, 21);
		assert.equal(added.session.result, 'Success');
		assert.equal(added.audit.operation, 'repository.create');
		assert.equal(added.audit.sessionResult, 'Success');
	});

	it('Edit changes only the fields set', () => {
		const [edited] = ok(results.repository, 'Edit');
		assert.equal(edited.description, 'edited by the n8n e2e test');
		assert.equal(edited.repository.makeRecentBackupsImmutableDays, 30);
		assert.equal(edited.repository.path, '/mnt/veeam/e2e');
		assert.equal(edited.audit.operation, 'repository.update');
	});

	it('Rescan runs one session for the repository', () => {
		const [rescan] = ok(results.repository, 'Rescan');
		const [added] = nodeJson(results.repository.run, 'Add');
		assert.deepEqual(rescan.repositories, [{ id: added.id, name: 'E2E Hardened Repo' }]);
		assert.equal(rescan.session.type, 'ConfigurationResynchronize');
		assert.equal(rescan.session.result, 'Success');
	});

	it('Remove removes it from VBR and keeps its backups', () => {
		const [removed] = ok(results.repository, 'Remove');
		const [added] = nodeJson(results.repository.run, 'Add');
		assert.equal(removed.id, added.id);
		assert.equal(removed.removed, true);
		assert.equal(removed.backupsDeleted, false);
		assert.equal(bed.sim.store.repositories.has(added.id), false);
	});
});

describe('scale-out repository operations in n8n', () => {
	it('Get Many and Get, with every extent status as a list', () => {
		const list = ok(results.scaleOut, 'SOBR Get Many');
		assert.ok(list.some((s) => s.name === SOBR));
		const [got] = ok(results.scaleOut, 'SOBR Get');
		assert.equal(got.name, SOBR);
		assert.deepEqual(
			got.extents.map((e) => [e.name, e.status]),
			[['SOBR Extent 01', ['Normal']], ['SOBR Extent 02', ['Normal']], ['SOBR Extent 03', ['Normal']]],
		);
	});

	it('Enable and Disable Sealed Mode', () => {
		const [sealed] = ok(results.scaleOut, 'Seal');
		assert.deepEqual(sealed.extents.filter((e) => e.isSealed).map((e) => e.name), ['SOBR Extent 02']);
		assert.equal(sealed.session.type, 'RepositoryMaintenance');
		assert.equal(sealed.audit.operation, 'scaleOutRepository.enableSealedMode');
		const [unsealed] = ok(results.scaleOut, 'Unseal');
		assert.equal(unsealed.extents.some((e) => e.isSealed), false);
	});

	it('Enable and Disable Maintenance Mode', () => {
		const [entered] = ok(results.scaleOut, 'Maintenance On');
		assert.deepEqual(entered.extents.filter((e) => e.isInMaintenance).map((e) => e.name), ['SOBR Extent 01', 'SOBR Extent 03']);
		const [left] = ok(results.scaleOut, 'Maintenance Off');
		assert.equal(left.extents.some((e) => e.isInMaintenance), false);
		assert.equal(left.audit.operation, 'scaleOutRepository.disableMaintenanceMode');
	});

	it('Add, Edit and Remove a scale-out repository', () => {
		const [added] = ok(results.scaleOut, 'SOBR Add');
		assert.equal(added.name, 'E2E SOBR');
		assert.deepEqual(added.extents.map((e) => e.name).sort(), ['Linux Repo 01', 'NFS Share Repo']);
		assert.equal(added.capacityTier.isEnabled, true);
		assert.equal(added.session.result, 'Success');
		const [edited] = ok(results.scaleOut, 'SOBR Edit');
		assert.equal(edited.description, 'edited by the n8n e2e test');
		assert.equal(edited.capacityTier.operationalRestorePeriodDays, 30);
		const [removed] = ok(results.scaleOut, 'SOBR Remove');
		assert.equal(removed.id, added.id);
		assert.equal(removed.removed, true);
		assert.equal(bed.sim.store.scaleOutRepositories.has(added.id), false);
	});
});

describe('session operations in n8n', () => {
	it('Get, Wait and Get Logs on a rescan started without waiting', () => {
		const [started] = ok(results.session, 'Start Rescan');
		assert.equal(started.state, 'Working');
		const [got] = ok(results.session, 'Session Get');
		assert.equal(got.id, started.id);
		assert.ok(['Working', 'Stopped'].includes(got.state), got.state); // Working unless the machine stalls > 0.5 s
		const [waited] = ok(results.session, 'Session Wait');
		assert.equal(waited.id, started.id);
		assert.equal(waited.state, 'Stopped');
		assert.equal(waited.result, 'Success');
		const logs = ok(results.session, 'Session Logs');
		assert.ok(logs.length > 0);
		assert.ok(logs.every((record) => record.sessionId === started.id && typeof record.title === 'string'));
		const failedOnly = ok(results.session, 'Session Logs Failed Only');
		assert.deepEqual(failedOnly, [{}]);
	});
});

describe('n8n itself', () => {
	it('reuses the token n8n stored with the credential across executions', async () => {
		const tokenCalls = (await bed.sim.control.requests()).filter((r) => r.path === '/api/oauth2/token');
		assert.equal(tokenCalls.length, 1, `token requests: ${tokenCalls.length}`);
	});
});

describe('errors as the editor shows them', () => {
	it('a 404 fails the execution (exit code 1) with VBR message, errorCode and HTTP status', async () => {
		const result = await run('e2eNotFound');
		assertExited(result, 1);
		assert.equal(result.lastNode, 'Get Unknown');
		assert.equal(result.error.name, 'NodeApiError');
		assert.equal(result.error.message, `Repository ${UNKNOWN_ID} was not found.`);
		assert.match(result.error.description, /^VBR error NotFound \(HTTP 404\) for GET \/api\/v1\/backupInfrastructure\/repositories\//);
		assert.equal(result.error.httpCode, '404');
		assert.equal(result.error.node.name, 'Get Unknown');
		// The CLI prints the same message and description.
		assert.ok(`${result.stdout}${result.stderr}`.includes(`Repository ${UNKNOWN_ID} was not found.`));
		assert.doesNotMatch(JSON.stringify(result.run), /Veeam-Sim-Passw0rd|Bearer /);
	});

	it('with On Error = Continue, the item carries the error and the workflow goes on', async () => {
		const result = await run('e2eNotFoundContinue');
		const [item] = ok(result, 'After');
		assert.equal(item.error, `Repository ${UNKNOWN_ID} was not found.`);
		assert.equal(item.httpCode, '404');
		assert.equal(item.errorCode, 'NotFound');
	});

	// What matters here is that the check stopped the execution before any change was sent: the
	// error in the run data and an empty log of changes on the simulator, however n8n exits after
	// printing it (see assertExited: n8n 2.41.1's `execute` sometimes dies by SIGSEGV at exit).
	it('a check before sending fails with its own message and sends nothing that changes VBR', async () => {
		await bed.sim.control.clearRequests();
		const result = await run('e2eNotAnExtent');
		assertExited(result, 1);
		assert.equal(result.error.name, 'NodeOperationError');
		assert.equal(result.error.message, `"Linux Repo 01" is not a performance extent of "${SOBR}"`);
		assert.match(result.error.description, /SOBR Extent 01, SOBR Extent 02, SOBR Extent 03/);
		const changes = (await bed.sim.control.requests()).filter((r) => r.method !== 'GET' && r.path !== '/api/oauth2/token');
		assert.deepEqual(changes, []);
	});

	it('a wrong password says so', async () => {
		const result = await run('e2eBadPassword');
		assertExited(result, 1);
		assert.match(result.error.message, /VBR refused the login: wrong username or password/);
		assert.doesNotMatch(JSON.stringify(result.run), /not-the-password/);
	});

	it("the simulator's self-signed certificate is refused unless Ignore SSL Issues is on", async () => {
		const result = await run('e2eStrictTls');
		assertExited(result, 1);
		assert.match(result.error.message, /TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted/);
		assert.match(result.error.description, /Ignore SSL Issues/);
	});
});
