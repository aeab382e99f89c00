// Repository writes of API 1.3-rev2 in a real n8n (`n8n execute`, the package installed as a
// community package) against the simulator as VBR 13.1 over HTTPS: access permissions, governance
// mode, an Add without a mount server and with Take Ownership, and an Edit with the whole item the
// Add returned (session and audit included).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { nodeJson } from '../../scripts/n8n/instance.mjs';
import { FAST_WAIT, assertExited, describeRun, managedServerId, repositoryId, startBed } from './support/harness.mjs';
import { manualTrigger, rl, veeam, workflow } from './support/workflow.mjs';

const REV2 = { id: 'e2eRev2', name: 'VBR 13.1 simulator' };
const REV1 = { id: 'e2eRev1', name: 'VBR 13.1 simulator, API 1.3-rev1' };

let bed;
let writes;

function ok(result, node) {
	assertExited(result, 0);
	assert.equal(result.error, undefined, describeRun(result));
	const items = nodeJson(result.run, node);
	assert.ok(items, `node "${node}" did not run\n${describeRun(result)}`);
	return items;
}

before(async () => {
	bed = await startBed({ sessionDurationMs: 300, simulator: { vbrVersion: '13.1' } });
	const { sim, n8n } = bed;
	await n8n.importCredentials([
		bed.simCredential(REV2.id, REV2.name, { apiVersion: '1.3-rev2' }),
		bed.simCredential(REV1.id, REV1.name, { apiVersion: '1.3-rev1' }),
	]);
	await sim.control.markForeignOwned({ path: '/mnt/e2e-reattached', owner: 'vbr-old.lab.local' });
	const v = (name, parameters, settings) => veeam(name, parameters, REV2, settings);
	const linux = rl('Linux Repo 01', 'name');
	await n8n.importWorkflows([
		workflow('e2eWrites', 'E2E 1.3-rev2 writes', manualTrigger(), [
			[
				v('Get Access', { resource: 'repository', operation: 'getAccessPermissions', repositoryId: linux }),
				v('Set Access', {
					resource: 'repository',
					operation: 'setAccessPermissions',
					repositoryId: rl('={{ $json.repositoryId }}'),
					accessPolicy: 'AllowExplicit',
					accountsMode: 'add',
					accounts: { account: [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }] },
				}),
			],
			[
				v('Add', {
					resource: 'repository',
					operation: 'create',
					defineBy: 'fields',
					name: 'E2E Reattached',
					repositoryType: 'LinuxLocal',
					hostId: managedServerId(sim, 'lnx-repo01.lab.local'),
					path: '/mnt/e2e-reattached',
					mountServerId: '',
					additionalFields: { governanceModeDays: 21 },
					overwriteOwner: true,
					options: FAST_WAIT,
				}),
				v('Edit Whole Item', {
					resource: 'repository',
					operation: 'update',
					repositoryId: rl('={{ $json.id }}'),
					defineBy: 'json',
					body: '={{ JSON.stringify({ ...$json, description: "edited from the whole item" }) }}',
					options: FAST_WAIT,
				}),
				v('Remove', { resource: 'repository', operation: 'delete', repositoryId: rl("={{ $('Add').item.json.id }}") }),
			],
		]),
		workflow('e2eAccessOnRev1', 'E2E access permissions on 1.3-rev1', manualTrigger(), [
			[veeam('Get Access', { resource: 'repository', operation: 'getAccessPermissions', repositoryId: linux }, REV1)],
		]),
	]);
	await sim.control.clearRequests();
	writes = await n8n.execute('e2eWrites');
});

after(async () => {
	await bed?.close();
});

describe('API 1.3-rev2 repository writes in n8n', () => {
	it('Get and Set Access Permissions: the account is added, the encryption kept', () => {
		const [got] = ok(writes, 'Get Access');
		assert.equal(got.repositoryName, 'Linux Repo 01');
		assert.equal(got.accessPolicy, 'AllowAll');
		const [set] = ok(writes, 'Set Access');
		assert.equal(set.accessPolicy, 'AllowExplicit');
		assert.deepEqual(set.accounts, [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }]);
		assert.deepEqual(set.encryptionSettings, got.encryptionSettings);
		assert.deepEqual(set.changes, [
			'access policy AllowAll → AllowExplicit',
			'accounts added: LAB\\Backup Operators (ExternalGroup)',
		]);
		const stored = bed.sim.store.accessPermissions.get(repositoryId(bed.sim, 'Linux Repo 01'));
		assert.equal(stored.accessPolicy, 'AllowExplicit');
	});

	it('Add takes ownership, with governance mode and the mount server left to VBR', () => {
		const [added] = ok(writes, 'Add');
		assert.equal(added.repository.enableGovernanceMode, true);
		assert.equal(added.repository.governanceModeRetentionDays, 21);
		assert.ok(added.mountServer, 'VBR chose a mount server');
	});

	it('Edit accepts the whole item the Add returned, and Remove removes it', async () => {
		const [edited] = ok(writes, 'Edit Whole Item');
		assert.equal(edited.description, 'edited from the whole item');
		const [removed] = ok(writes, 'Remove');
		assert.equal(removed.removed, true);
		const put = (await bed.sim.control.requests()).find((r) => r.method === 'PUT' && /repositories\/[^/]+$/.test(r.path));
		assert.ok(put, 'the Edit was sent');
		assert.equal(put.body.session, undefined);
		assert.equal(put.body.audit, undefined);
	});

	it('Access permissions on API 1.3-rev1 fail before any request, with the reason', async () => {
		await bed.sim.control.clearRequests();
		const result = await bed.n8n.execute('e2eAccessOnRev1');
		assertExited(result, 1);
		assert.equal(result.error.name, 'NodeOperationError');
		assert.match(result.error.message, /need API 1\.3-rev2 \(VBR 13\.1\); the credential uses 1\.3-rev1/);
		const requests = (await bed.sim.control.requests()).filter((r) => r.path.startsWith('/api/'));
		assert.deepEqual(requests, []);
	});
});
