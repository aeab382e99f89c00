'use strict';
// Dry run: every change is checked, names are resolved and the exact request is returned, and the
// simulator's log shows that nothing but reads reached VBR. Audit: every change says who did what.
const { useTestbed, FAST_WAIT } = require('../support/simulator');

const bed = useTestbed();

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const server = (name) => [...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;
const DRY = { ...FAST_WAIT, dryRun: true };

async function expectOnlyReads() {
	const changes = (await bed.apiRequests()).filter((r) => r.method !== 'GET');
	expect(changes).toEqual([]);
}

describe('Dry Run on the repository operations', () => {
	it('Add returns the exact RepositorySpec it would POST, with the mount server resolved', async () => {
		const inventory = JSON.stringify([...bed.sim.store.repositories.keys()]);
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			name: 'Dry Hardened',
			repositoryType: 'LinuxHardened',
			hostId: server('lnx-hardened01.lab.local'),
			path: '/mnt/dry',
			immutabilityDays: 10,
			mountServerId: server('lnx-repo01.lab.local'),
			options: DRY,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual({
			dryRun: true,
			request: {
				method: 'POST',
				path: '/api/v1/backupInfrastructure/repositories',
				url: `${bed.sim.url}/api/v1/backupInfrastructure/repositories`,
				body: expect.objectContaining({
					name: 'Dry Hardened',
					type: 'LinuxHardened',
					repository: expect.objectContaining({
						path: '/mnt/dry',
						makeRecentBackupsImmutableDays: 10,
					}),
					mountServer: expect.objectContaining({
						mountServerSettingsType: 'Linux',
						linux: expect.any(Object),
					}),
				}),
			},
			targets: [{ id: null, name: 'Dry Hardened' }],
			audit: expect.objectContaining({
				operation: 'repository.create',
				dryRun: true,
				sessionId: null,
			}),
		});
		await expectOnlyReads();
		expect(JSON.stringify([...bed.sim.store.repositories.keys()])).toBe(inventory);
	});

	it('Edit returns the full model it would PUT', async () => {
		const id = bed.repositoryId('Linux Repo 01');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl('Linux Repo 01', 'name'),
			defineBy: 'fields',
			updateFields: { description: 'dry' },
			options: DRY,
		});
		expect(result.json[0].request).toEqual(
			expect.objectContaining({
				method: 'PUT',
				path: `/api/v1/backupInfrastructure/repositories/${id}`,
				body: expect.objectContaining({ id, description: 'dry', hostId: expect.any(String) }),
			}),
		);
		expect(result.json[0].targets).toEqual([{ id, name: 'Linux Repo 01' }]);
		await expectOnlyReads();
		expect(bed.sim.store.repositories.get(id).model.description).not.toBe('dry');
	});

	it('Remove with backups returns the DELETE it would send, still only with the confirmation', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		const refused = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
			deleteBackups: true,
			options: { dryRun: true },
		});
		expect(refused.error.message).toBe('Deleting backups needs an explicit confirmation');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
			deleteBackups: true,
			confirmDeleteBackups: true,
			options: { dryRun: true },
		});
		expect(result.json[0].request).toEqual({
			method: 'DELETE',
			path: `/api/v1/backupInfrastructure/repositories/${id}`,
			url: `${bed.sim.url}/api/v1/backupInfrastructure/repositories/${id}`,
			qs: { deleteBackups: true },
		});
		await expectOnlyReads();
		expect(bed.sim.store.repositories.has(id)).toBe(true);
	});

	it('Rescan resolves names to IDs and returns the POST it would send', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['Linux Repo 01'],
			options: DRY,
		});
		expect(result.json[0].request.body).toEqual({
			repositoryIds: [bed.repositoryId('Linux Repo 01')],
		});
		await expectOnlyReads();
	});
});

describe('audit record', () => {
	it("names the operation, targets, session, result, times, the credential's user and whom VBR recorded", async () => {
		const started = Date.now();
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl('Hardened Repo 01', 'name'),
			defineBy: 'fields',
			updateFields: { description: 'audited' },
			options: FAST_WAIT,
		});
		const { audit, session } = result.json[0];
		expect(audit).toEqual({
			operation: 'repository.update',
			dryRun: false,
			targets: [{ id: bed.repositoryId('Hardened Repo 01'), name: 'Hardened Repo 01' }],
			request: {
				method: 'PUT',
				path: `/api/v1/backupInfrastructure/repositories/${bed.repositoryId('Hardened Repo 01')}`,
			},
			sessionId: session.id,
			sessionResult: 'Success',
			startedAt: expect.any(String),
			finishedAt: expect.any(String),
			credentialUser: 'administrator',
			initiatedBy: '.\\veeam-rest-service',
			apiVersion: '1.3-rev1',
		});
		expect(Date.parse(audit.startedAt)).toBeGreaterThanOrEqual(started - 1000);
		expect(Date.parse(audit.finishedAt)).toBeGreaterThanOrEqual(Date.parse(audit.startedAt));
	});

	it('fills in the ID of what an Add created', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'create',
			defineBy: 'fields',
			name: 'Audited NFS',
			repositoryType: 'Nfs',
			sharePath: 'nas7:/x',
			mountServerId: server('vbr01.lab.local'),
			options: FAST_WAIT,
		});
		expect(result.json[0].audit.targets).toEqual([{ id: result.json[0].id, name: 'Audited NFS' }]);
	});

	it('stays on the error item of a failed session (Continue On Fail)', async () => {
		await bed.sim.control.configure({
			nextSessionResults: [{ result: 'Failed', message: 'Share is read-only' }],
		});
		const result = await bed.engine.execute(
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: ['NFS Share Repo'],
				options: FAST_WAIT,
			},
			{ continueOnFail: true },
		);
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				error: expect.stringMatching(/failed: Share is read-only/),
				audit: expect.objectContaining({
					operation: 'repository.rescan',
					sessionResult: 'Failed',
					sessionId: expect.any(String),
				}),
			}),
		);
	});

	it('marks a session still running at the timeout as not finished', async () => {
		await bed.sim.control.configure({ sessionDurationMs: 60000 });
		const result = await bed.engine.execute(
			{
				resource: 'repository',
				operation: 'rescan',
				repositoryIds: ['NFS Share Repo'],
				options: { pollIntervalSeconds: 0.05, waitTimeoutSeconds: 0.3 },
			},
			{ continueOnFail: true },
		);
		expect(result.json[0].error).toMatch(/^Timed out after 0.3 s waiting for VBR session/);
		expect(result.json[0].audit).toEqual(
			expect.objectContaining({ sessionResult: null, sessionId: expect.any(String) }),
		);
	});

	it('is on the running session when not waiting', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: ['NFS Share Repo'],
			waitForCompletion: false,
			options: FAST_WAIT,
		});
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				state: 'Working',
				audit: expect.objectContaining({
					sessionId: result.json[0].id,
					sessionResult: 'None',
					finishedAt: null,
				}),
			}),
		);
	});
});
