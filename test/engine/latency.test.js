'use strict';
// Round trips that need not wait for each other do not: shown by what the simulator sees in flight
// at once (a `hold` fault keeps a request open until the next one arrives), never by timing.
const { useTestbed } = require('../support/simulator');

const LIST = '/api/v1/backupInfrastructure/repositories';
const bed = useTestbed();

describe('Rescan', () => {
	it('reads the name of a repository given by ID while it reads the session snapshot, both before the POST', async () => {
		const id = bed.repositoryId('Linux Repo 01');
		// Whichever of the two reads arrives first is held until another request arrives: read one
		// after the other, the second would come only once the hold gave up.
		await bed.sim.control.injectFault({
			type: 'hold',
			until: 1,
			ms: 5000,
			match: { method: 'GET', path: `^(/api/v1/sessions|${LIST}/${id})$` },
		});
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: [id],
			waitForCompletion: false,
		});
		expect(result.error).toBeUndefined();
		expect(result.json[0].audit.targets).toEqual([{ id, name: 'Linux Repo 01' }]);
		const log = await bed.apiRequests();
		expect(log.map((r) => `${r.method} ${r.path}`)).toEqual(
			expect.arrayContaining([`GET ${LIST}/${id}`, 'GET /api/v1/sessions']),
		);
		expect(log).toHaveLength(3);
		const [first, second, post] = log;
		expect(first.held).toBe(true);
		expect(second.inFlight).toBe(2);
		expect(`${post.method} ${post.path}`).toBe(`POST ${LIST}/rescan`);
		expect(post.inFlight).toBe(1);
	});

	it('sends nothing when a repository given by ID is not found, and its error has no audit', async () => {
		const id = '00000000-0000-4000-8000-00000000abcd';
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'rescan',
			repositoryIds: [id],
			waitForCompletion: false,
		});
		expect(result.error).toBeDefined();
		expect(result.error.context?.audit).toBeUndefined();
		expect((await bed.apiRequests()).filter((r) => r.method === 'POST')).toEqual([]);
	});
});
