'use strict';
// A change is applied exactly once, or the item says it does not know. Through the real engine
// against the simulator: a lost answer is settled only by a session that is new since the snapshot
// taken before sending, for the right object; anything VBR's state cannot settle fails the item,
// naming what to check, and is never sent again. Each case counts the POST/PUT that reached VBR
// and reads VBR's state afterwards.
const { startTestbed, FAST_WAIT } = require('../support/simulator');

const LIST = '/api/v1/backupInfrastructure/repositories';
const SOBRS = '/api/v1/backupInfrastructure/scaleOutRepositories';
const SOBR = 'SOBR Primary';
const FAST_RETRY = { retryDelayMs: 5 };
const rl = (value, mode = 'id') => ({ __rl: true, mode, value });

/** Resolves once `check()` is true, polling the in-process simulator (no fixed sleep). */
async function until(check) {
	for (;;) {
		if (await check()) return;
		await new Promise((resolve) => setImmediate(resolve));
	}
}

function helpers(bed) {
	const count = async (method, pathPrefix) =>
		(await bed.apiRequests()).filter((r) => r.method === method && r.path.startsWith(pathPrefix))
			.length;
	const server = (name) =>
		[...bed.sim.store.managedServers.values()].find((s) => s.name === name).id;
	const sobr = () => [...bed.sim.store.scaleOutRepositories.values()].find((s) => s.name === SOBR);
	const extentStatus = (name) =>
		sobr().performanceTier.performanceExtents.find((e) => e.id === bed.repositoryId(name)).status;
	const repositoriesNamed = (name) =>
		[...bed.sim.store.repositories.values()].filter((r) => r.model.name === name);
	const add = (extra = {}) => ({
		resource: 'repository',
		operation: 'create',
		defineBy: 'fields',
		name: '={{ $json.name }}',
		repositoryType: 'Nfs',
		sharePath: '={{ "nas9:/" + $json.name.replace(/ /g, "-") }}',
		mountServerId: server('vbr01.lab.local'),
		options: FAST_WAIT,
		requestOptions: FAST_RETRY,
		...extra,
	});
	const seal = (extra = {}) => ({
		resource: 'scaleOutRepository',
		operation: 'enableSealedMode',
		scaleOutRepositoryId: rl(SOBR, 'name'),
		extentIds: '={{ $json.extent }}',
		options: FAST_WAIT,
		requestOptions: FAST_RETRY,
		...extra,
	});
	const edit = (extra = {}) => ({
		resource: 'repository',
		operation: 'update',
		repositoryId: rl('Linux Repo 01', 'name'),
		defineBy: 'fields',
		updateFields: { description: '={{ $json.description }}' },
		options: FAST_WAIT,
		requestOptions: FAST_RETRY,
		...extra,
	});
	const rescan = (extra = {}) => ({
		resource: 'repository',
		operation: 'rescan',
		repositoryIds: ['Linux Repo 01'],
		options: FAST_WAIT,
		requestOptions: { ...FAST_RETRY, timeoutSeconds: 1 },
		...extra,
	});
	return { count, server, sobr, extentStatus, repositoriesNamed, add, seal, edit, rescan };
}

const NO_TRACE = { found: 'no trace of the change on VBR', action: 'sent the request once more' };

// The first bullet was seen with sessions that name the credential's user; a real VBR names
// its REST service. Both must hold.
describe.each([
	['the credential user', 'user', '.\\administrator'],
	["VBR's REST service", 'service', '.\\veeam-rest-service'],
])(
	'sessions initiated by %s: recovery never adopts a session from before the request',
	(_label, sessionsInitiatedBy, initiatedBy) => {
		let bed;
		let h;
		beforeAll(async () => {
			bed = await startTestbed({ sessionsInitiatedBy });
			h = helpers(bed);
		});
		afterAll(async () => bed.close());
		beforeEach(async () => {
			await bed.sim.control.reset();
			await bed.clear();
		});

		it('two Adds, the second reset before VBR sees it: the second repository is added, not the first reported', async () => {
			await bed.sim.control.injectFault({
				type: 'reset',
				after: 1,
				match: { method: 'POST', path: LIST },
			});
			const result = await bed.engine.execute(h.add(), {
				items: [{ name: 'Exactly Once A' }, { name: 'Exactly Once B' }],
			});
			expect(result.error).toBeUndefined();
			expect(result.json.map((item) => item.name)).toEqual(['Exactly Once A', 'Exactly Once B']);
			expect(result.json[1].id).not.toBe(result.json[0].id);
			expect(result.json[1].recovery).toEqual(expect.objectContaining(NO_TRACE));
			expect(result.json[1].audit).toEqual(
				expect.objectContaining({ credentialUser: 'administrator', initiatedBy }),
			);
			expect(h.repositoriesNamed('Exactly Once A')).toHaveLength(1);
			expect(h.repositoriesNamed('Exactly Once B')).toHaveLength(1);
			// 1 for A, the reset one for B, and B sent once more.
			expect(await h.count('POST', LIST)).toBe(3);
		});

		it('sealing Extent 02 after Extent 01, the second reset before VBR sees it: Extent 02 ends sealed', async () => {
			await bed.sim.control.injectFault({
				type: 'reset',
				after: 1,
				match: { method: 'POST', path: `${SOBRS}/` },
			});
			const result = await bed.engine.execute(h.seal(), {
				items: [{ extent: 'SOBR Extent 01' }, { extent: 'SOBR Extent 02' }],
			});
			expect(result.error).toBeUndefined();
			expect(result.json[1].recovery).toEqual(expect.objectContaining(NO_TRACE));
			expect(h.extentStatus('SOBR Extent 01')).toContain('Sealed');
			expect(h.extentStatus('SOBR Extent 02')).toContain('Sealed');
			expect(result.json[1].extents.find((e) => e.name === 'SOBR Extent 02').isSealed).toBe(true);
			expect(await h.count('POST', `${SOBRS}/`)).toBe(3);
		});

		it('a second Edit of one repository, reset before VBR sees it: the second edit is applied', async () => {
			await bed.sim.control.injectFault({
				type: 'reset',
				after: 1,
				match: { method: 'PUT', path: LIST },
			});
			const result = await bed.engine.execute(h.edit(), {
				items: [{ description: 'first edit' }, { description: 'second edit' }],
			});
			expect(result.error).toBeUndefined();
			expect(result.json[1].recovery).toEqual(expect.objectContaining(NO_TRACE));
			expect(result.json[1].description).toBe('second edit');
			expect(bed.sim.store.getRepository(bed.repositoryId('Linux Repo 01')).model.description).toBe(
				'second edit',
			);
			expect(await h.count('PUT', LIST)).toBe(3);
		});

		it('an answer lost after VBR applied the change is recognised, not sent again', async () => {
			await bed.sim.control.injectFault({
				type: 'dropResponse',
				match: { method: 'POST', path: `${LIST}/rescan` },
			});
			const result = await bed.engine.execute(h.rescan());
			expect(result.error).toBeUndefined();
			expect(result.json[0].recovery.action).toBe('continued with it');
			expect(result.json[0].audit).toEqual(
				expect.objectContaining({
					credentialUser: 'administrator',
					initiatedBy,
					sessionResult: 'Success',
				}),
			);
			expect(await h.count('POST', `${LIST}/rescan`)).toBe(1);
		});
	},
);

describe('a real VBR names .\\veeam-rest-service: a lost answer is not sent again', () => {
	let bed;
	let h;
	beforeAll(async () => {
		bed = await startTestbed();
		h = helpers(bed);
	});
	afterAll(async () => bed.close());
	beforeEach(async () => {
		await bed.sim.control.reset();
		await bed.clear();
	});

	it('Rescan: one POST, the session adopted, 2 session list reads (snapshot + look)', async () => {
		await bed.sim.control.injectFault({
			type: 'dropResponse',
			match: { method: 'POST', path: `${LIST}/rescan` },
		});
		const result = await bed.engine.execute(h.rescan());
		expect(result.error).toBeUndefined();
		expect(await h.count('POST', `${LIST}/rescan`)).toBe(1);
		const rescans = bed.sim.sessions
			.list()
			.filter(
				(s) =>
					s.sessionType === 'ConfigurationResynchronize' &&
					s.resourceId === bed.repositoryId('Linux Repo 01'),
			);
		expect(rescans).toHaveLength(1);
		expect(result.json[0].session.id).toBe(rescans[0].id);
		expect(result.json[0].audit.initiatedBy).toBe('.\\veeam-rest-service');
		expect((await bed.apiRequests()).filter((r) => r.path === '/api/v1/sessions')).toHaveLength(2);
	});

	it('Add: one POST, one repository', async () => {
		await bed.sim.control.injectFault({
			type: 'dropResponse',
			match: { method: 'POST', path: LIST },
		});
		const result = await bed.engine.execute(h.add(), { items: [{ name: 'Rest Service Repo' }] });
		expect(result.error).toBeUndefined();
		expect(result.json[0].name).toBe('Rest Service Repo');
		expect(h.repositoriesNamed('Rest Service Repo')).toHaveLength(1);
		expect(await h.count('POST', LIST)).toBe(1);
	});

	it('Enable Sealed Mode: one POST, the extent sealed', async () => {
		await bed.sim.control.injectFault({
			type: 'dropResponse',
			match: { method: 'POST', path: `${SOBRS}/` },
		});
		const result = await bed.engine.execute(h.seal(), { items: [{ extent: 'SOBR Extent 02' }] });
		expect(result.error).toBeUndefined();
		expect(h.extentStatus('SOBR Extent 02')).toContain('Sealed');
		expect(await h.count('POST', `${SOBRS}/`)).toBe(1);
	});
});

describe('what VBR cannot settle fails the item, names what to check, and is never sent again', () => {
	let bed;
	let h;
	beforeAll(async () => {
		bed = await startTestbed();
		h = helpers(bed);
	});
	afterAll(async () => bed.close());
	beforeEach(async () => {
		await bed.sim.control.reset();
		await bed.clear();
	});

	const linuxRescans = () =>
		bed.sim.sessions
			.list()
			.filter(
				(s) =>
					s.sessionType === 'ConfigurationResynchronize' &&
					s.resourceId === bed.repositoryId('Linux Repo 01'),
			);
	/** A rescan of Linux Repo 01 started by someone else while this item waits for its answer. */
	const otherRescan = (initiatedBy) =>
		bed.sim.sessions.start(
			{
				name: 'Configuration Database Resynchronize',
				sessionType: 'ConfigurationResynchronize',
				resourceId: bed.repositoryId('Linux Repo 01'),
				initiatedBy,
				steps: ['Rescanning repository'],
				doneTitle: 'done',
			},
			Date.now(),
		);

	it('two candidate sessions: the item fails naming both, and nothing is resent', async () => {
		await bed.sim.control.injectFault({
			type: 'hangResponse',
			match: { method: 'POST', path: `${LIST}/rescan` },
		});
		const running = bed.engine.execute(
			h.rescan({ requestOptions: { ...FAST_RETRY, timeoutSeconds: 0.5 } }),
			{ continueOnFail: true },
		);
		await until(() => linuxRescans().length === 1);
		const ours = linuxRescans()[0].id;
		const other = otherRescan('.\\veeam-rest-service').id;
		const result = await running;
		expect(result.error).toBeUndefined();
		const item = result.json[0];
		expect(item.error).toMatch(/did not answer POST/);
		expect(item.error).toContain(ours);
		expect(item.error).toContain(other);
		expect(item.error).toMatch(/not sent again/);
		expect(item.description).toMatch(/History > System/);
		expect(item.audit).toEqual(
			expect.objectContaining({
				operation: 'repository.rescan',
				sessionResult: null,
				credentialUser: 'administrator',
				initiatedBy: null,
				recovery: expect.objectContaining({
					sessionIds: expect.arrayContaining([ours, other]),
					action: 'stopped without sending again',
				}),
			}),
		);
		expect(await h.count('POST', `${LIST}/rescan`)).toBe(1);
		expect(linuxRescans()).toHaveLength(2);
	});

	it('one new session, but started by another account: the item fails naming it, nothing is resent', async () => {
		await bed.sim.control.injectFault({
			type: 'hang',
			match: { method: 'POST', path: `${LIST}/rescan` },
		});
		const running = bed.engine.execute(
			h.rescan({ requestOptions: { ...FAST_RETRY, timeoutSeconds: 0.5 } }),
			{ continueOnFail: true },
		);
		await until(async () => (await h.count('POST', `${LIST}/rescan`)) === 1);
		const other = otherRescan('LAB\\bob').id;
		const result = await running;
		expect(result.json[0].error).toContain(other);
		expect(result.json[0].error).toMatch(/initiated by LAB\\bob|may be this change/);
		expect(await h.count('POST', `${LIST}/rescan`)).toBe(1);
	});

	it('no session, but the repository no longer reads as before: the Edit fails saying what changed', async () => {
		await bed.sim.control.injectFault({ type: 'hang', match: { method: 'PUT', path: LIST } });
		const running = bed.engine.execute(
			h.edit({ requestOptions: { ...FAST_RETRY, timeoutSeconds: 0.5 } }),
			{ items: [{ description: 'by n8n' }], continueOnFail: true },
		);
		await until(async () => (await h.count('PUT', LIST)) === 1);
		const id = bed.repositoryId('Linux Repo 01');
		const record = bed.sim.store.getRepository(id);
		bed.sim.store.replaceRepositoryModel(id, { ...record.model, description: 'by the console' });
		const result = await running;
		const item = result.json[0];
		expect(item.error).toMatch(
			/VBR shows no session for it, but repository "Linux Repo 01" no longer reads as before the change \(description differ\), so it was not sent again/,
		);
		expect(item.description).toMatch(
			/whether repository "Linux Repo 01" .* has the new description/,
		);
		expect(await h.count('PUT', LIST)).toBe(1);
		expect(bed.sim.store.getRepository(id).model.description).toBe('by the console');
	});

	it('no session, but a repository of that name now exists: the Add fails, not added twice', async () => {
		await bed.sim.control.injectFault({ type: 'hang', match: { method: 'POST', path: LIST } });
		const running = bed.engine.execute(
			h.add({ requestOptions: { ...FAST_RETRY, timeoutSeconds: 0.5 } }),
			{ items: [{ name: 'Linux Repo 01' }], continueOnFail: true },
		);
		const result = await running;
		expect(result.json[0].error).toMatch(/a repository named "Linux Repo 01" exists/);
		expect(await h.count('POST', LIST)).toBe(1);
	});
});

describe('a 2xx that is not a session is an error, not a success', () => {
	let bed;
	let h;
	beforeAll(async () => {
		bed = await startTestbed();
		h = helpers(bed);
	});
	afterAll(async () => bed.close());
	beforeEach(async () => {
		await bed.sim.control.reset();
		await bed.clear();
	});

	const cases = () => [
		['Rescan', 'POST', `${LIST}/rescan`, h.rescan(), [{}]],
		['Add', 'POST', LIST, h.add(), [{ name: 'Empty Answer Repo' }]],
		['Edit', 'PUT', `${LIST}/`, h.edit(), [{ description: 'never' }]],
		['Enable Sealed Mode', 'POST', `${SOBRS}/`, h.seal(), [{ extent: 'SOBR Extent 02' }]],
	];

	it.each([0, 1, 2, 3])(
		'case %#: "200 {}" fails the item; nothing is sent again',
		async (index) => {
			const [label, method, path, parameters, items] = cases()[index];
			const sessionsBefore = bed.sim.sessions.list().length;
			await bed.sim.control.injectFault({ type: 'emptyAnswer', match: { method, path } });
			const result = await bed.engine.execute(parameters, { items, continueOnFail: true });
			const item = result.json[0];
			expect(item.error).toMatch(
				new RegExp(
					`^VBR answered ${method} ${path.replace(/\//g, '\\/')}\\S* without a session; the change may not have been applied$`,
				),
			);
			expect(item.description).toMatch(/an empty object/);
			expect(item.audit).toEqual(
				expect.objectContaining({
					sessionResult: null,
					credentialUser: 'administrator',
					initiatedBy: null,
				}),
			);
			expect(item).not.toHaveProperty('session');
			expect(await h.count(method, path)).toBe(1);
			// The fault answered instead of VBR: no session started, nothing changed.
			expect(bed.sim.sessions.list().length).toBe(sessionsBefore);
			expect(label).toBeTruthy();
		},
	);
});

describe('the simulator names the REST service like a real VBR', () => {
	it("REST-started sessions say .\\veeam-rest-service by default, the user with sessionsInitiatedBy: 'user'", async () => {
		for (const [option, expected] of [
			[undefined, '.\\veeam-rest-service'],
			['user', '.\\administrator'],
		]) {
			const bed = await startTestbed(option ? { sessionsInitiatedBy: option } : {});
			try {
				const result = await bed.engine.execute(helpers(bed).rescan({ waitForCompletion: false }));
				expect(result.json[0].initiatedBy).toBe(expected);
			} finally {
				await bed.close();
			}
		}
	});
});
