'use strict';
// Every output item is paired with its input item; with "Continue On Fail" a failed item becomes an
// error item in its place and the others still run.
const { startTestbed } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed();
});
afterAll(async () => bed.close());

const getByExpression = {
	resource: 'repository',
	operation: 'get',
	repositoryId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
};

it('pairs each result with its input item', async () => {
	const ids = ['Linux Repo 01', 'NFS Share Repo', 'Hardened Repo 01'].map((name) =>
		bed.repositoryId(name),
	);
	const result = await bed.engine.execute(getByExpression, { items: ids.map((id) => ({ id })) });
	expect(result.json.map((r) => r.id)).toEqual(ids);
	expect(result.items.map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
	]);
});

it('pairs every item of a list operation with the input that asked for it', async () => {
	const result = await bed.engine.execute(
		{ resource: 'repository', operation: 'getAll', limit: 2 },
		{ items: [{}, {}] },
	);
	expect(result.items.map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 0 },
		{ item: 1 },
		{ item: 1 },
	]);
});

it('keeps going with Continue On Fail and puts an error item in place of each failed one', async () => {
	const good = bed.repositoryId('Linux Repo 01');
	const result = await bed.engine.execute(getByExpression, {
		continueOnFail: true,
		items: [
			{ id: good },
			{ id: 'bad-id' },
			{ id: '00000000-0000-4000-8000-0000000000aa' },
			{ id: good },
		],
	});
	expect(result.error).toBeUndefined();
	expect(result.items.map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
		{ item: 3 },
	]);
	expect(result.json[0].id).toBe(good);
	expect(result.json[1]).toEqual({
		error: '"bad-id" is not a valid repository ID',
		description: expect.stringMatching(/UUID/),
	});
	expect(result.json[2]).toEqual(
		expect.objectContaining({ error: expect.any(String), httpCode: '404', errorCode: 'NotFound' }),
	);
	expect(result.json[3].id).toBe(good);
});

it('stops at the first failed item without Continue On Fail, naming the item', async () => {
	const result = await bed.engine.execute(getByExpression, {
		items: [{ id: bed.repositoryId('Linux Repo 01') }, { id: 'bad-id' }],
	});
	expect(result.error.message).toBe('"bad-id" is not a valid repository ID');
	expect(result.error.context.itemIndex).toBe(1);
});

describe('Concurrency: a sliding window, not batches', () => {
	const LIST = '/api/v1/backupInfrastructure/repositories';
	const seeded = () => [...bed.sim.store.repositories.keys()].slice(0, 6);
	const getAt = (concurrency) => ({ ...getByExpression, requestOptions: { concurrency } });
	afterEach(async () => {
		await bed.sim.control.clearFaults();
	});

	it('keeps starting items while a slow one is in flight', async () => {
		const ids = seeded();
		// Item 1 is answered only after three more requests arrived (items 3 to 5 at least; item 2 may
		// arrive before or after it): in batches of 2, items 3 and 4 would wait for it instead.
		await bed.sim.control.injectFault({
			type: 'hold',
			until: 3,
			match: { path: `${LIST}/${ids[1]}` },
		});
		await bed.clear();
		const result = await bed.engine.execute(getAt(2), { items: ids.map((id) => ({ id })) });
		expect(result.error).toBeUndefined();
		expect(result.json.map((r) => r.id)).toEqual(ids);
		expect(result.items.map((item) => item.pairedItem.item)).toEqual([0, 1, 2, 3, 4, 5]);
		const gets = (await bed.apiRequests()).filter((r) => r.path.startsWith(`${LIST}/`));
		const of = (item) => gets.filter((r) => r.path === `${LIST}/${ids[item]}`);
		expect(ids.map((_, item) => of(item).length)).toEqual([1, 1, 1, 1, 1, 1]);
		expect(of(1)[0].held).toBe(true);
		// Items 3 and 4 arrived while item 1 was still in flight; never more than two at once.
		expect([of(3)[0].inFlight, of(4)[0].inFlight]).toEqual([2, 2]);
		expect(Math.max(...gets.map((r) => r.inFlight))).toBe(2);
	});

	it('raises the first failure in item order after the started items settle, and starts no new item', async () => {
		const ids = seeded();
		// Item 2 fails at once; item 1 fails later (held, nothing else arrives, its hold bound ends it).
		await bed.sim.control.injectFault([
			{ type: 'hold', until: 10, ms: 300, match: { path: `${LIST}/${ids[1]}` } },
			{ type: 'status', status: 404, match: { path: `${LIST}/${ids[1]}` } },
			{ type: 'status', status: 404, match: { path: `${LIST}/${ids[2]}` } },
		]);
		await bed.clear();
		const result = await bed.engine.execute(getAt(2), { items: ids.map((id) => ({ id })) });
		expect(result.error.context.itemIndex).toBe(1);
		const gets = (await bed.apiRequests()).filter((r) => r.path.startsWith(`${LIST}/`));
		expect(gets.map((r) => r.path).sort()).toEqual(
			ids
				.slice(0, 3)
				.map((id) => `${LIST}/${id}`)
				.sort(),
		);
	});
});
