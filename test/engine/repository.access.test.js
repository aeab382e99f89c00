'use strict';
// Get / Set Access Permissions (API 1.3-rev2) through the real engine against the simulator as VBR 13.1.
const { startTestbed } = require('../support/simulator');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });
const ACCESS_PATH = /\/accessPermissions$/;

let bed;
beforeAll(async () => {
	bed = await startTestbed({ vbrVersion: '13.1', credential: { apiVersion: '1.3-rev2' } });
});
afterAll(async () => bed.close());
beforeEach(async () => {
	await bed.sim.control.reset();
	await bed.clear();
});

const set = (extra = {}) => ({
	resource: 'repository',
	operation: 'setAccessPermissions',
	repositoryId: rl('Linux Repo 01', 'name'),
	accessPolicy: 'AllowExplicit',
	accountsMode: 'replace',
	accounts: { account: [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }] },
	...extra,
});
const stored = () => bed.sim.store.accessPermissions.get(bed.repositoryId('Linux Repo 01'));
const encrypted = {
	isEnabled: true,
	encryptionType: 'ByUserPassword',
	encryptionPasswordId: '0b6f4f5e-3c1d-4a7b-9e2f-1a2b3c4d5e6f',
};

describe('Repository > Get Access Permissions', () => {
	it('returns the policy, accounts and encryption with the repository named', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getAccessPermissions',
			repositoryId: rl('Linux Repo 01', 'name'),
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual({
			repositoryId: bed.repositoryId('Linux Repo 01'),
			repositoryName: 'Linux Repo 01',
			accessPolicy: 'AllowAll',
			accounts: [],
			encryptionSettings: { isEnabled: false },
		});
	});

	it('is refused on API 1.3-rev1 before any request', async () => {
		const old = await startTestbed();
		try {
			const result = await old.engine.execute({
				resource: 'repository',
				operation: 'getAccessPermissions',
				repositoryId: rl('Linux Repo 01', 'name'),
			});
			expect(result.error.message).toMatch(/need API 1\.3-rev2 \(VBR 13\.1\).*1\.3-rev1/);
			expect(await old.apiRequests()).toEqual([]);
		} finally {
			await old.close();
		}
	});
});

describe('Repository > Set Access Permissions', () => {
	it('sets Allow Explicit with the accounts, keeps the encryption and says what changed', async () => {
		bed.sim.store.accessPermissions.set(bed.repositoryId('Linux Repo 01'), {
			accessPolicy: 'AllowAll',
			accounts: [],
			encryptionSettings: encrypted,
		});
		const result = await bed.engine.execute(set());
		expect(result.error).toBeUndefined();
		const [out] = result.json;
		expect(out).toEqual(
			expect.objectContaining({
				repositoryName: 'Linux Repo 01',
				changed: true,
				changes: [
					'access policy AllowAll → AllowExplicit',
					'accounts added: LAB\\Backup Operators (ExternalGroup)',
				],
				accessPolicy: 'AllowExplicit',
				accounts: [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }],
				encryptionSettings: encrypted,
				audit: expect.objectContaining({ operation: 'repository.setAccessPermissions' }),
			}),
		);
		expect(stored()).toEqual({
			accessPolicy: 'AllowExplicit',
			accounts: [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }],
			encryptionSettings: encrypted,
		});
		const puts = (await bed.apiRequests()).filter((r) => r.method === 'PUT');
		expect(puts).toHaveLength(1);
		expect(puts[0].body.encryptionSettings).toEqual(encrypted);
	});

	it('adds to and removes from the current list', async () => {
		await bed.engine.execute(set());
		const added = await bed.engine.execute(
			set({
				accountsMode: 'add',
				accounts: { account: [{ name: 'LAB\\jane', type: 'ExternalUser' }] },
			}),
		);
		expect(added.error).toBeUndefined();
		expect(stored().accounts).toEqual([
			{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' },
			{ name: 'LAB\\jane', type: 'ExternalUser' },
		]);
		const removed = await bed.engine.execute(
			set({
				accountsMode: 'remove',
				accounts: {
					account: [
						{ name: 'lab\\backup operators', type: 'ExternalGroup' },
						{ name: 'LAB\\nobody', type: 'ExternalUser' },
					],
				},
			}),
		);
		expect(removed.error).toBeUndefined();
		expect(removed.json[0].changes).toEqual([
			'accounts removed: LAB\\Backup Operators (ExternalGroup)',
		]);
		expect(removed.json[0].accountsNotFound).toEqual([
			{ name: 'LAB\\nobody', type: 'ExternalUser' },
		]);
		expect(stored().accounts).toEqual([{ name: 'LAB\\jane', type: 'ExternalUser' }]);
	});

	it('changes the encryption only when told to', async () => {
		const result = await bed.engine.execute(
			set({
				accessPolicy: 'DenyAll',
				encryption: 'password',
				encryptionKeyId: encrypted.encryptionPasswordId,
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.json[0].changes).toEqual([
			'access policy AllowAll → DenyAll',
			'encryption off → on (ByUserPassword)',
		]);
		expect(stored()).toEqual({
			accessPolicy: 'DenyAll',
			accounts: [],
			encryptionSettings: encrypted,
		});
	});

	it('sends nothing when nothing would change', async () => {
		const result = await bed.engine.execute(set({ accessPolicy: 'AllowAll' }));
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(expect.objectContaining({ changed: false, changes: [] }));
		expect((await bed.apiRequests()).filter((r) => r.method === 'PUT')).toEqual([]);
	});

	it('returns the exact request in a dry run and changes nothing', async () => {
		const result = await bed.engine.execute(set({ options: { dryRun: true } }));
		expect(result.error).toBeUndefined();
		expect(result.json[0]).toEqual(
			expect.objectContaining({
				dryRun: true,
				changed: true,
				request: expect.objectContaining({ method: 'PUT', body: expect.any(Object) }),
			}),
		);
		expect(stored()).toBeUndefined();
		expect((await bed.apiRequests()).filter((r) => r.method === 'PUT')).toEqual([]);
	});

	it.each([
		['Allow Explicit with no account', set({ accounts: {} }), /at least one account/],
		[
			'an account without a name',
			set({ accounts: { account: [{ name: ' ', type: 'ExternalUser' }] } }),
			/needs a name/,
		],
		[
			'a password encryption without a password ID',
			set({ encryption: 'password', encryptionKeyId: 'not-a-uuid' }),
			/must be the UUID/,
		],
	])('refuses %s before any request', async (_title, parameters, message) => {
		const result = await bed.engine.execute(parameters);
		expect(result.error.message).toMatch(message);
		expect(await bed.apiRequests()).toEqual([]);
	});

	it('refuses a removal that would leave Allow Explicit with nobody, before the PUT', async () => {
		await bed.engine.execute(set());
		await bed.clear();
		const result = await bed.engine.execute(set({ accountsMode: 'remove' }));
		expect(result.error.message).toMatch(/Allow Explicit with no account/);
		const requests = await bed.apiRequests();
		expect(requests.filter((r) => r.method !== 'GET')).toEqual([]);
		expect(stored().accounts).toHaveLength(1);
	});

	it.each([
		[
			'Allow All',
			{ accessPolicy: "={{ $fromAI('policy', 'Access policy', 'string', 'AllowAll') }}" },
		],
		[
			'Encryption Off',
			{
				accessPolicy: 'DenyAll',
				encryption: "={{ $fromAI('encryption', 'Encryption', 'string', 'off') }}",
			},
		],
	])('refuses %s chosen by an AI agent ($fromAI), before any request', async (label, extra) => {
		const result = await bed.engine.execute(set(extra));
		expect(result.error.message).toBe(`${label} cannot be chosen by an AI agent`);
		expect(await bed.apiRequests()).toEqual([]);
	});

	it('lets an agent narrow access (Allow Explicit with its accounts)', async () => {
		const result = await bed.engine.execute(
			set({ accessPolicy: "={{ $fromAI('policy', 'Access policy', 'string', 'AllowExplicit') }}" }),
		);
		expect(result.error).toBeUndefined();
		expect(stored().accessPolicy).toBe('AllowExplicit');
	});

	it('is refused on API 1.3-rev1 before any request to the permissions endpoint', async () => {
		const old = await startTestbed();
		try {
			const result = await old.engine.execute(set());
			expect(result.error.message).toMatch(/need API 1\.3-rev2/);
			expect((await old.apiRequests()).filter((r) => ACCESS_PATH.test(r.path))).toEqual([]);
			expect(await old.apiRequests()).toEqual([]);
		} finally {
			await old.close();
		}
	});
});
