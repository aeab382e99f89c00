'use strict';
// Repository writes across revisions: Edit with a whole model read before, immutability of the
// archive types, governance mode, mount server and ownership on Add. Real engine, real HTTP.
const { validateRequest } = require('../support/openapi');
const { addArchiveRepositories } = require('../support/archiveRepositories');
const { startTestbed, useTestbed, FAST_WAIT } = require('../support/simulator');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

const bed = useTestbed();

const get = (name) => ({
	resource: 'repository',
	operation: 'get',
	repositoryId: rl(name, 'name'),
});
const editJson = (repositoryId, patch) => ({
	resource: 'repository',
	operation: 'update',
	repositoryId,
	defineBy: 'json',
	body: JSON.stringify(patch),
	options: FAST_WAIT,
});
const puts = async (target = bed) => (await target.apiRequests()).filter((r) => r.method === 'PUT');

describe('Edit with the object just read (JSON mode)', () => {
	it('accepts the whole Get output with one field changed', async () => {
		const [model] = (await bed.engine.execute(get('Linux Repo 01'))).json;
		const result = await bed.engine.execute(
			editJson(rl('Linux Repo 01', 'name'), { ...model, description: 'changed from Get' }),
		);
		expect(result.error).toBeUndefined();
		expect(result.json[0].description).toBe('changed from Get');
		expect(bed.sim.store.repositories.get(model.id).model.description).toBe('changed from Get');
	});

	it('accepts the output of an Edit (session, audit) as the next patch and leaves those out', async () => {
		const first = await bed.engine.execute(
			editJson(rl('Linux Repo 01', 'name'), { description: 'first' }),
		);
		expect(first.error).toBeUndefined();
		expect(first.json[0]).toEqual(expect.objectContaining({ session: expect.any(Object) }));
		await bed.clear();
		const id = bed.repositoryId('Linux Repo 01');
		const second = await bed.engine.execute(
			editJson(rl(id), { ...first.json[0], id: id.toUpperCase(), description: 'second' }),
		);
		expect(second.error).toBeUndefined();
		const [put] = await puts();
		for (const added of ['session', 'audit', 'recovery', 'warning'])
			expect(put.body).not.toHaveProperty(added);
		expect(put.body.id).toBe(id);
		expect(put.body.description).toBe('second');
	});

	it('refuses a real change of the type after reading the repository, and sends no change', async () => {
		const [model] = (await bed.engine.execute(get('Linux Repo 01'))).json;
		await bed.clear();
		const result = await bed.engine.execute(
			editJson(rl('Linux Repo 01', 'name'), { ...model, type: 'WinLocal' }),
		);
		expect(result.error.message).toMatch(/cannot change "type" \("LinuxLocal" → "WinLocal"\)/);
		expect(await puts()).toEqual([]);
	});

	it('refuses another ID when the repository is given by name, and sends no change', async () => {
		const result = await bed.engine.execute(
			editJson(rl('Linux Repo 01', 'name'), { id: bed.repositoryId('NFS Share Repo') }),
		);
		expect(result.error.message).toMatch(/cannot change "id"/);
		expect(await puts()).toEqual([]);
	});

	it('refuses a patch of only unchanged ID, type and output fields as changing nothing', async () => {
		const [model] = (await bed.engine.execute(get('Linux Repo 01'))).json;
		const result = await bed.engine.execute(
			editJson(rl('Linux Repo 01', 'name'), { id: model.id, type: model.type, audit: {} }),
		);
		expect(result.error.message).toMatch(/changes nothing/);
		expect(await puts()).toEqual([]);
	});

	it.each(['1.2-rev1', '1.3-rev0'])(
		'scale-out on %s: the whole Get output goes back with the extent statuses VBR sent',
		async (apiVersion) => {
			const old = await startTestbed({ credential: { apiVersion } });
			try {
				const [model] = (
					await old.engine.execute({
						resource: 'scaleOutRepository',
						operation: 'get',
						scaleOutRepositoryId: rl('SOBR Primary', 'name'),
					})
				).json;
				expect(model.extents).toEqual(expect.any(Array));
				await old.clear();
				const result = await old.engine.execute({
					resource: 'scaleOutRepository',
					operation: 'update',
					scaleOutRepositoryId: rl('SOBR Primary', 'name'),
					defineBy: 'json',
					body: JSON.stringify({ ...model, description: 'from Get' }),
					options: FAST_WAIT,
				});
				expect(result.error).toBeUndefined();
				const [put] = await puts(old);
				expect(put.body).not.toHaveProperty('extents');
				expect(put.body.description).toBe('from Get');
				// The statuses go back as VBR sent them (1.2-rev1: one string), so the PUT fits the spec.
				const verdict = validateRequest(apiVersion, {
					method: put.method,
					path: put.path,
					query: put.query,
					headers: put.headers,
					body: put.body,
					contentType: put.headers['content-type'],
				});
				expect(verdict.errors).toEqual([]);
				if (apiVersion === '1.2-rev1') {
					for (const extent of put.body.performanceTier.performanceExtents)
						expect(typeof extent.status).toBe('string');
				}
			} finally {
				await old.close();
			}
		},
	);
});

describe('Edit immutability of the archive types', () => {
	const addArchives = async (target) => await addArchiveRepositories(target, 'Repo ');
	const edit = (name, immutabilityDays) => ({
		resource: 'repository',
		operation: 'update',
		repositoryId: rl(name, 'name'),
		defineBy: 'fields',
		updateFields: { immutabilityDays },
		options: FAST_WAIT,
	});
	const stored = (target, name) =>
		[...target.sim.store.repositories.values()].find((r) => r.model.name === name).model;

	it.each([
		['Repo Glacier', 'bucket'],
		['Repo Azure Archive', 'container'],
	])('%s: turns immutabilityEnabled on and off', async (name, holder) => {
		await addArchives(bed);
		const on = await bed.engine.execute(edit(name, 30));
		expect(on.error).toBeUndefined();
		expect(stored(bed, name)[holder].immutabilityEnabled).toBe(true);
		expect(stored(bed, name)[holder].immutability).toBeUndefined();
		const off = await bed.engine.execute(edit(name, 0));
		expect(off.error).toBeUndefined();
		expect(stored(bed, name)[holder].immutabilityEnabled).toBe(false);
	});

	it('refuses Azure Archive immutability on API 1.2-rev1 (no such field there), sending no change', async () => {
		const old = await startTestbed({ credential: { apiVersion: '1.2-rev1' } });
		try {
			await addArchives(old);
			const glacier = await old.engine.execute(edit('Repo Glacier', 7));
			expect(glacier.error).toBeUndefined();
			expect(stored(old, 'Repo Glacier').bucket.immutabilityEnabled).toBe(true);
			await old.clear();
			const result = await old.engine.execute(edit('Repo Azure Archive', 7));
			expect(result.error.message).toMatch(/cannot change the immutability of a AzureArchive/);
			expect(await puts(old)).toEqual([]);
		} finally {
			await old.close();
		}
	});
});

describe('Add and Edit on API 1.3-rev2 (VBR 13.1)', () => {
	let rev2;
	beforeAll(async () => {
		rev2 = await startTestbed({ vbrVersion: '13.1', credential: { apiVersion: '1.3-rev2' } });
	});
	afterAll(async () => rev2.close());
	beforeEach(async () => {
		await rev2.sim.control.reset();
		await rev2.clear();
	});
	const server = (target, name) =>
		[...target.sim.store.managedServers.values()].find((s) => s.name === name).id;
	const linuxForm = (target, extra = {}) => ({
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		name: 'Governed Repo',
		repositoryType: 'LinuxLocal',
		hostId: server(target, 'lnx-repo01.lab.local'),
		path: '/mnt/governed',
		mountServerId: server(target, 'vbr01.lab.local'),
		options: FAST_WAIT,
		...extra,
	});
	const posts = async (target) => (await target.apiRequests()).filter((r) => r.method === 'POST');

	it('adds a Linux repository with governance mode from the form', async () => {
		const result = await rev2.engine.execute(
			linuxForm(rev2, { additionalFields: { governanceModeDays: 30 } }),
		);
		expect(result.error).toBeUndefined();
		const [post] = await posts(rev2);
		expect(post.body.repository).toEqual(
			expect.objectContaining({ enableGovernanceMode: true, governanceModeRetentionDays: 30 }),
		);
		expect(result.json[0].repository).toEqual(
			expect.objectContaining({ enableGovernanceMode: true, governanceModeRetentionDays: 30 }),
		);
	});

	it('changes governance mode with Edit, and refuses it for another type before any change', async () => {
		const edit = (name, governanceModeDays) => ({
			resource: 'repository',
			operation: 'update',
			repositoryId: rl(name, 'name'),
			defineBy: 'fields',
			updateFields: { governanceModeDays },
			options: FAST_WAIT,
		});
		const on = await rev2.engine.execute(edit('Linux Repo 01', 14));
		expect(on.error).toBeUndefined();
		expect(on.json[0].repository).toEqual(
			expect.objectContaining({ enableGovernanceMode: true, governanceModeRetentionDays: 14 }),
		);
		const off = await rev2.engine.execute(edit('Linux Repo 01', 0));
		expect(off.json[0].repository.enableGovernanceMode).toBe(false);
		await rev2.clear();
		const wrong = await rev2.engine.execute(edit('Windows Repo 01', 14));
		expect(wrong.error.message).toMatch(/applies to Linux Server repositories, not to WinLocal/);
		expect(await puts(rev2)).toEqual([]);
	});

	it('leaves the mount server to VBR when none is given (no managed server read, none sent)', async () => {
		const result = await rev2.engine.execute(linuxForm(rev2, { mountServerId: '' }));
		expect(result.error).toBeUndefined();
		const requests = await rev2.apiRequests();
		expect(requests.filter((r) => r.path.includes('/managedServers/'))).toEqual([]);
		const [post] = requests.filter((r) => r.method === 'POST');
		expect(post.body).not.toHaveProperty('mountServer');
		expect(result.json[0].mountServer).toEqual(expect.any(Object));
	});

	it('still requires the mount server on API 1.3-rev1, before any request', async () => {
		const result = await bed.engine.execute(linuxForm(bed, { mountServerId: '' }));
		expect(result.error.message).toMatch(/"Mount Server" is required/);
		expect(await bed.apiRequests()).toEqual([]);
	});

	it.each([
		['the form', (target) => linuxForm(target, { additionalFields: { governanceModeDays: 30 } })],
		[
			'JSON',
			(target) => ({
				resource: 'repository',
				operation: 'create',
				defineBy: 'json',
				body: JSON.stringify({
					name: 'Governed Repo',
					type: 'LinuxLocal',
					hostId: server(target, 'lnx-repo01.lab.local'),
					repository: { path: '/mnt/g', enableGovernanceMode: true },
				}),
			}),
		],
		[
			'an Edit patch',
			() => ({
				resource: 'repository',
				operation: 'update',
				repositoryId: rl('Linux Repo 01', 'name'),
				defineBy: 'json',
				body: JSON.stringify({ repository: { governanceModeRetentionDays: 9 } }),
			}),
		],
		[
			'Edit fields',
			() => ({
				resource: 'repository',
				operation: 'update',
				repositoryId: rl('Linux Repo 01', 'name'),
				defineBy: 'fields',
				updateFields: { governanceModeDays: 9 },
			}),
		],
	])('refuses governance mode from %s on API 1.3-rev1 before any request', async (_t, make) => {
		const result = await bed.engine.execute(make(bed));
		expect(result.error.message).toMatch(/needs API 1\.3-rev2 \(VBR 13\.1\)/);
		expect(await bed.apiRequests()).toEqual([]);
	});
});

describe('Add: Take Ownership (overwriteOwner)', () => {
	const form = (extra = {}) => ({
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		name: 'Reattached Repo',
		repositoryType: 'LinuxLocal',
		hostId: [...bed.sim.store.managedServers.values()].find(
			(s) => s.name === 'lnx-repo01.lab.local',
		).id,
		path: '/mnt/previous-vbr',
		mountServerId: [...bed.sim.store.managedServers.values()].find(
			(s) => s.name === 'vbr01.lab.local',
		).id,
		options: FAST_WAIT,
		...extra,
	});

	it('fails with VBR message for a folder another backup server owns, and takes it over when asked', async () => {
		await bed.sim.control.markForeignOwned({
			path: '/mnt/previous-vbr',
			owner: 'vbr-old.lab.local',
		});
		const refused = await bed.engine.execute(form());
		expect(refused.error.message).toMatch(/owned by backup server vbr-old\.lab\.local/);
		const [first] = (await bed.apiRequests()).filter((r) => r.method === 'POST');
		expect(first.query.overwriteOwner).toBeUndefined();
		await bed.clear();
		const taken = await bed.engine.execute(form({ overwriteOwner: true }));
		expect(taken.error).toBeUndefined();
		expect(taken.json[0].name).toBe('Reattached Repo');
		const [post] = (await bed.apiRequests()).filter((r) => r.method === 'POST');
		expect(post.query.overwriteOwner).toBe('true');
	});

	it('sends overwriteOwner with a JSON spec too, and shows it in a dry run', async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'create',
			defineBy: 'json',
			body: JSON.stringify({ name: 'X', type: 'Nfs', share: { sharePath: 'nas:/x' } }),
			overwriteOwner: true,
			options: { dryRun: true },
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0].request).toEqual(
			expect.objectContaining({ method: 'POST', qs: { overwriteOwner: true } }),
		);
	});
});

describe('Add on API 1.3-rev0', () => {
	it('sends isDisabled: false, which the 1.3-rev0 RepositorySpec requires (form and JSON)', async () => {
		const rev0 = await startTestbed({ credential: { apiVersion: '1.3-rev0' } });
		try {
			const id = (name) =>
				[...rev0.sim.store.managedServers.values()].find((s) => s.name === name).id;
			const form = await rev0.engine.execute({
				resource: 'repository',
				operation: 'create',
				defineBy: 'fields',
				name: 'Rev0 Repo',
				repositoryType: 'LinuxLocal',
				hostId: id('lnx-repo01.lab.local'),
				path: '/mnt/rev0',
				mountServerId: id('vbr01.lab.local'),
				options: { dryRun: true },
			});
			expect(form.json[0].request.body.isDisabled).toBe(false);
			const jsonAdd = {
				resource: 'repository',
				operation: 'create',
				defineBy: 'json',
				body: JSON.stringify({ name: 'X', type: 'Nfs', share: { sharePath: 'nas:/x' } }),
				options: { dryRun: true },
			};
			const json = await rev0.engine.execute(jsonAdd);
			expect(json.json[0].request.body.isDisabled).toBe(false);
			const onRev1 = await bed.engine.execute(jsonAdd);
			expect(onRev1.json[0].request.body).not.toHaveProperty('isDisabled');
		} finally {
			await rev0.close();
		}
	});
});
