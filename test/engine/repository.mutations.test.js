'use strict';
const { startTestbed, useTestbed, FAST_WAIT } = require('../support/simulator');

const bed = useTestbed();

const serverId = (name) =>
	[...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;
const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

function hardenedForm(extra = {}) {
	return {
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		name: 'Hardened Repo 02',
		repositoryType: 'LinuxHardened',
		hostId: serverId('lnx-hardened01.lab.local'),
		path: '/mnt/veeam/hardened02',
		immutabilityDays: 21,
		mountServerId: serverId('vbr01.lab.local'),
		description: 'added by n8n',
		options: FAST_WAIT,
		...extra,
	};
}

describe('Repository > Add', () => {
	it('adds a hardened repository from the form, waits for the session and returns the new repository', async () => {
		const result = await bed.engine.execute(hardenedForm());
		expect(result.error).toBeUndefined();
		const [created] = result.json;
		expect(created).toEqual(
			expect.objectContaining({
				id: expect.any(String),
				name: 'Hardened Repo 02',
				type: 'LinuxHardened',
				repository: expect.objectContaining({
					path: '/mnt/veeam/hardened02',
					makeRecentBackupsImmutableDays: 21,
				}),
				session: expect.objectContaining({
					state: 'Stopped',
					result: 'Success',
					type: 'Infrastructure',
					initiatedBy: expect.any(String),
				}),
			}),
		);
		expect(bed.sim.store.repositories.get(created.id).model.name).toBe('Hardened Repo 02');
		const posts = (await bed.apiRequests()).filter((r) => r.method === 'POST');
		expect(posts).toHaveLength(1);
		expect(posts[0].body.mountServer).toEqual(
			expect.objectContaining({
				mountServerSettingsType: 'Windows',
				windows: expect.objectContaining({ mountServerId: serverId('vbr01.lab.local') }),
			}),
		);
	});

	it('sends the 1.2-rev1 mount server shape on API 1.2-rev1', async () => {
		const old = await startTestbed({ credential: { apiVersion: '1.2-rev1' } });
		try {
			const result = await old.engine.execute(
				hardenedForm({
					hostId: [...old.sim.store.managedServers.values()].find(
						(s) => s.name === 'lnx-hardened01.lab.local',
					).id,
					mountServerId: [...old.sim.store.managedServers.values()].find(
						(s) => s.name === 'vbr01.lab.local',
					).id,
				}),
			);
			expect(result.error).toBeUndefined();
			const [post] = (await old.apiRequests()).filter((r) => r.method === 'POST');
			expect(post.headers['x-api-version']).toBe('1.2-rev1');
			expect(post.body.mountServer).toEqual(
				expect.objectContaining({ mountServerId: expect.any(String), vPowerNFSEnabled: true }),
			);
			expect(post.body.mountServer.mountServerSettingsType).toBeUndefined();
		} finally {
			await old.close();
		}
	});

	it('adds any type from a JSON RepositorySpec', async () => {
		const spec = {
			name: 'NFS From JSON',
			description: '',
			type: 'Nfs',
			share: { sharePath: 'nas03:/export/json', gatewayServer: { autoSelectEnabled: true } },
			repository: { taskLimitEnabled: false, readWriteLimitEnabled: false },
			mountServer: {
				mountServerSettingsType: 'Windows',
				windows: {
					mountServerId: serverId('vbr01.lab.local'),
					writeCacheFolder: 'C:\\Cache\\',
					vPowerNFSEnabled: true,
				},
			},
		};
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'create',
			defineBy: 'json',
			body: JSON.stringify(spec),
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				name: 'NFS From JSON',
				type: 'Nfs',
				session: expect.objectContaining({ result: 'Success' }),
			}),
		);
	});

	it('returns the running session when not waiting', async () => {
		const result = await bed.engine.execute(hardenedForm({ waitForCompletion: false }));
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				id: expect.any(String),
				sessionType: 'Infrastructure',
				state: 'Working',
			}),
		);
		expect(
			(await bed.apiRequests()).filter((r) => r.path.startsWith('/api/v1/sessions/')),
		).toHaveLength(0);
		// The one session read is the snapshot taken before sending.
		expect((await bed.apiRequests()).filter((r) => r.path === '/api/v1/sessions')).toHaveLength(1);
	});

	it('succeeds on a Warning session and says so', async () => {
		await bed.sim.control.configure({
			nextSessionResults: [{ result: 'Warning', message: 'Mount server is slow to answer' }],
		});
		const result = await bed.engine.execute(hardenedForm());
		expect(result.error).toBeUndefined();
		expect(result.json[0].session.result).toBe('Warning');
		expect(result.json[0].warning).toMatch(/Mount server is slow to answer/);
	});

	it("fails with the session's message when the session fails, and VBR is unchanged", async () => {
		await bed.sim.control.configure({
			nextSessionResults: [
				{ result: 'Failed', message: 'Path /mnt/veeam/hardened02 is not writable' },
			],
		});
		const result = await bed.engine.execute(hardenedForm());
		expect(result.error.message).toMatch(/failed: Path \/mnt\/veeam\/hardened02 is not writable/);
		expect(result.error.name).toBe('NodeApiError');
		expect(
			[...bed.sim.store.repositories.values()].some((r) => r.model.name === 'Hardened Repo 02'),
		).toBe(false);
	});

	it('fails after the timeout with a message naming the session, which keeps running', async () => {
		await bed.sim.control.configure({ sessionDurationMs: 60000 });
		const result = await bed.engine.execute(
			hardenedForm({ options: { pollIntervalSeconds: 0.05, waitTimeoutSeconds: 1 } }),
		);
		const running = bed.sim.sessions
			.list()
			.filter((session) => session.sessionType === 'Infrastructure' && session.final === null);
		expect(running).toHaveLength(1);
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe(
			`Timed out after 1 s waiting for VBR session ${running[0].id}`,
		);
		const polls = (await bed.apiRequests()).filter(
			(r) => r.path === `/api/v1/sessions/${running[0].id}`,
		);
		expect(polls.length).toBeGreaterThan(3);
	});

	it("reports VBR's refusal of an invalid spec (400) with its errorCode", async () => {
		const result = await bed.engine.execute(hardenedForm({ name: 'Linux Repo 01' }));
		expect(result.error.name).toBe('NodeApiError');
		expect(result.error.httpCode).toBe('400');
		expect(result.error.description).toMatch(/VBR error \w+ \(HTTP 400\)/);
	});
});

describe('Repository > Edit', () => {
	it('reads the model, changes only the fields set, sends the full model and returns the result', async () => {
		const id = bed.repositoryId('Hardened Repo 01');
		const before = JSON.parse(JSON.stringify(bed.sim.store.repositories.get(id).model));
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl('Hardened Repo 01', 'name'),
			defineBy: 'fields',
			updateFields: { description: 'changed', immutabilityDays: 30, maxTaskCount: 6 },
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				id,
				description: 'changed',
				session: expect.objectContaining({ result: 'Success' }),
			}),
		);
		const [put] = (await bed.apiRequests()).filter((r) => r.method === 'PUT');
		expect(put.body).toEqual({
			...before,
			description: 'changed',
			repository: {
				...before.repository,
				makeRecentBackupsImmutableDays: 30,
				taskLimitEnabled: true,
				maxTaskCount: 6,
			},
		});
		expect(bed.sim.store.repositories.get(id).model.repository.makeRecentBackupsImmutableDays).toBe(
			30,
		);
	});

	it('applies a JSON merge patch', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl(id),
			defineBy: 'json',
			body: '{"description":"patched","repository":{"maxTaskCount":2,"taskLimitEnabled":true}}',
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(bed.sim.store.repositories.get(id).model).toEqual(
			expect.objectContaining({
				description: 'patched',
				repository: expect.objectContaining({ maxTaskCount: 2, taskLimitEnabled: true }),
			}),
		);
	});

	it('refuses a field that does not apply to the type before sending any change', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl(bed.repositoryId('S3 Compatible Repo')),
			defineBy: 'fields',
			updateFields: { path: '/x' },
			options: FAST_WAIT,
		});
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toMatch(/"Path" does not apply to a S3Compatible repository/);
		expect((await bed.apiRequests()).filter((r) => r.method !== 'GET')).toHaveLength(0);
	});
});

describe('Repository > Remove', () => {
	it('removes the repository and keeps the backups by default', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
		});
		expect(result.json).toEqual([
			{
				id,
				name: 'NFS Share Repo',
				type: 'Nfs',
				removed: true,
				backupsDeleted: false,
				audit: expect.objectContaining({
					operation: 'repository.delete',
					targets: [{ id, name: 'NFS Share Repo' }],
					request: { method: 'DELETE', path: `/api/v1/backupInfrastructure/repositories/${id}` },
					sessionId: null,
					sessionResult: 'Success',
					credentialUser: 'administrator',
					// A removal answers 204 without a session: VBR names nobody.
					initiatedBy: null,
				}),
			},
		]);
		const [del] = (await bed.apiRequests()).filter((r) => r.method === 'DELETE');
		expect(del.query.deleteBackups).toBe('false');
		expect(bed.sim.store.repositories.has(id)).toBe(false);
	});

	it('sends nothing when backups would be deleted without the confirmation', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
			deleteBackups: true,
		});
		expect(result.error.name).toBe('NodeOperationError');
		expect(result.error.message).toBe('Deleting backups needs an explicit confirmation');
		expect(await bed.requests()).toHaveLength(0);
		expect(bed.sim.store.repositories.has(id)).toBe(true);
	});

	it('deletes backups with both switches on', async () => {
		const id = bed.repositoryId('NFS Share Repo');
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'delete',
			repositoryId: rl(id),
			deleteBackups: true,
			confirmDeleteBackups: true,
		});
		expect(result.json[0].backupsDeleted).toBe(true);
		const [del] = (await bed.apiRequests()).filter((r) => r.method === 'DELETE');
		expect(del.query.deleteBackups).toBe('true');
	});
});

describe('Repository > Rescan', () => {
	it('rescans several repositories given by ID and by name in one session', async () => {
		const ids = [bed.repositoryId('Linux Repo 01'), bed.repositoryId('Hardened Repo 01')];
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: [ids[0], 'Hardened Repo 01'],
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual({
			repositories: [
				{ id: ids[0], name: 'Linux Repo 01' },
				{ id: ids[1], name: 'Hardened Repo 01' },
			],
			session: expect.objectContaining({ type: 'ConfigurationResynchronize', result: 'Success' }),
			audit: expect.objectContaining({
				operation: 'repository.rescan',
				targets: [
					{ id: ids[0], name: 'Linux Repo 01' },
					{ id: ids[1], name: 'Hardened Repo 01' },
				],
				sessionId: result.json[0].session.id,
				sessionResult: 'Success',
				credentialUser: 'administrator',
				initiatedBy: '.\\veeam-rest-service',
			}),
		});
		const [post] = (await bed.apiRequests()).filter((r) => r.method === 'POST');
		expect(post.body).toEqual({ repositoryIds: ids });
	});

	it('accepts a comma-separated list from an expression', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: '={{ "Linux Repo 01, NFS Share Repo" }}',
			options: FAST_WAIT,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0].repositories.map((r) => r.name)).toEqual([
			'Linux Repo 01',
			'NFS Share Repo',
		]);
	});
});
