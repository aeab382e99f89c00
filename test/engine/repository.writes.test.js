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
