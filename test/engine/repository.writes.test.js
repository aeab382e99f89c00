'use strict';
// Repository writes across revisions: Edit with a whole model read before, immutability of the
// archive types, governance mode, mount server and ownership on Add. Real engine, real HTTP.
const { validateRequest } = require('../support/openapi');
const { startTestbed, FAST_WAIT } = require('../support/simulator');

const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

let bed;
beforeAll(async () => {
	bed = await startTestbed();
});
afterAll(async () => bed.close());
beforeEach(async () => {
	await bed.sim.control.reset();
	await bed.clear();
});

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
	const cloud = (target, type) =>
		[...target.sim.store.cloudCredentials.values()].find((c) => c.type === type).id;
	const addArchives = async (target) => {
		await target.sim.control.addRepository({
			name: 'Glacier Repo',
			type: 'AmazonS3Glacier',
			account: {
				credentialsId: cloud(target, 'Amazon'),
				regionType: 'Global',
				connectionSettings: { connectionType: 'Direct' },
			},
			bucket: {
				regionId: 'eu-west-1',
				bucketName: 'cold',
				folderName: 'vbr01',
				immutabilityEnabled: false,
			},
		});
		await target.sim.control.addRepository({
			name: 'Azure Archive Repo',
			type: 'AzureArchive',
			account: {
				credentialsId: cloud(target, 'AzureStorage'),
				regionType: 'Global',
				connectionSettings: { connectionType: 'Direct' },
			},
			container: { containerName: 'archive', folderName: 'vbr01', immutabilityEnabled: false },
			proxyAppliance: { subscriptionId: '0b6f4f5e-3c1d-4a7b-9e2f-1a2b3c4d5e6f' },
		});
	};
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
		['Glacier Repo', 'bucket'],
		['Azure Archive Repo', 'container'],
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
			const glacier = await old.engine.execute(edit('Glacier Repo', 7));
			expect(glacier.error).toBeUndefined();
			expect(stored(old, 'Glacier Repo').bucket.immutabilityEnabled).toBe(true);
			await old.clear();
			const result = await old.engine.execute(edit('Azure Archive Repo', 7));
			expect(result.error.message).toMatch(/cannot change the immutability of a AzureArchive/);
			expect(await puts(old)).toEqual([]);
		} finally {
			await old.close();
		}
	});
});
