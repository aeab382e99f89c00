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
