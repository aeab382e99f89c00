// @ts-check
'use strict';

/**
 * Contract: every endpoint the simulator implements, called for each of the four revisions with an official spec
 * (1.2-rev1, 1.3-rev0, 1.3-rev1, 1.3-rev2) against a simulator started as VBR 13.1 with the appliance
 * repositories seeded, success and error cases. Each request the test sends is checked against that revision's
 * spec (so the test itself speaks the API correctly), and each answer is checked against the declared response:
 * status, schema, and no properties the revision does not have. The counts per revision are printed at the end.
 */
const { validateRequest, validateResponse, loadSpec } = require('../support/openapi');
const {
	startHttp,
	client,
	repositorySpec,
	IDS,
	SEED,
	REPOS,
	SOBRS,
} = require('../simulator/helpers');

const MISSING = '0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11';
const REVISIONS = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];

/** Per revision: answers and test requests validated against its spec, and violations found. */
const COUNTS = Object.fromEntries(REVISIONS.map((v) => [v, { answers: 0, requests: 0, violations: 0 }]));

afterAll(() => {
	const lines = REVISIONS.map((v) => {
		const c = COUNTS[v];
		return `  ${v}: ${c.answers} answers and ${c.requests} test requests validated against vbr_rest_${v}.json, ${c.violations} violations`;
	});
	console.log(`Simulator contract (VBR 13.1 simulator, appliance repositories seeded):\n${lines.join('\n')}`);
});

/**
 * An enum value as a revision's spec spells it (1.3-rev0 writes some enums in camelCase), read from the spec.
 * @param {string} version @param {string} enumName @param {string} value
 */
function specEnum(version, enumName, value) {
	const values = loadSpec(version).spec.components.schemas[enumName].enum;
	const hit = values.find((/** @type {string} */ v) => v.toLowerCase() === value.toLowerCase());
	if (!hit) throw new Error(`${value} is not a value of ${enumName} in ${version}`);
	return hit;
}

/** Appliance repositories (simulator/seed.js) each revision can show. */
const APPLIANCES = SEED.applianceRepositories;
/** In GET /repositories: only 1.3-rev2 has a RepositoryModel for two of them (DellDataDomain, ExaGrid). */
const listedAppliances = (/** @type {string} */ v) => (v === '1.3-rev2' ? ['Data Domain Repo', 'ExaGrid Repo'] : []);
/** In the states: every appliance whose type the revision's ERepositoryType has. */
const statedAppliances = (/** @type {string} */ v) =>
	v === '1.2-rev1'
		? ['Data Domain Repo', 'ExaGrid Repo']
		: v === '1.3-rev2'
			? Object.keys(APPLIANCES)
			: ['Data Domain Repo', 'ExaGrid Repo', 'Tape Library 01', 'External S3 Repo'];

/**
 * The RepositorySpec of a type for a revision, as its spec demands: 1.3-rev0 requires `isDisabled` (without
 * declaring it; see test/support/openapi.js on errata).
 * @param {string} type @param {string} version @param {string} name @param {Record<string, any>} [over]
 */
function specFor(type, version, name, over) {
	const spec = repositorySpec(type, version, name, over);
	return version === '1.3-rev0' ? { ...spec, isDisabled: false } : spec;
}

describe.each(REVISIONS)('simulator contract, API %s', (version) => {
	const is13 = version.startsWith('1.3');
	const rev2 = version === '1.3-rev2';
	const counts = COUNTS[version];
	/** @type {any} */
	let sim;
	/** @type {ReturnType<typeof client>} */
	let api;
	/** Statuses seen per operation, to show coverage in failures. */
	const seen = new Set();
	const seededRepositories = Object.keys(SEED.repositories).length;

	beforeAll(async () => {
		sim = await startHttp({ sessionDurationMs: 60, vbrVersion: '13.1', applianceRepositories: true });
		api = client(sim, version);
		await api.login();
	});
	afterAll(() => sim.close());

	/**
	 * Check an answer the test got some other way than call(), and count it.
	 * @param {Parameters<typeof validateResponse>[1]} res
	 */
	function checkAnswer(res) {
		const check = validateResponse(version, res);
		counts.answers++;
		counts.violations += check.errors.length;
		return check;
	}

	/**
	 * Send a request, check it and the answer against the spec, return the answer.
	 * @param {string} method @param {string} path
	 * @param {{ params?: Record<string, any>, body?: any, form?: Record<string, string>, headers?: Record<string, string>,
	 *   invalidRequest?: boolean, allowUndeclaredStatus?: boolean, auth?: boolean, via?: ReturnType<typeof client> }} [o]
	 */
	async function call(method, path, o = {}) {
		const headers = { ...(o.headers || {}) };
		let data = o.body;
		if (o.form) {
			data = new URLSearchParams(o.form).toString();
			headers['Content-Type'] = 'application/x-www-form-urlencoded';
		}
		if (o.auth === false) headers.Authorization = '';
		const res = await (o.via || api).http.request({
			method,
			url: path,
			params: o.params,
			data,
			headers,
		});
		const sentHeaders = { 'x-api-version': version, ...headers };
		if (!o.invalidRequest) {
			const req = validateRequest(version, {
				method,
				path,
				query: o.params,
				headers: sentHeaders,
				body: o.form || o.body,
				contentType: o.form
					? 'application/x-www-form-urlencoded'
					: o.body !== undefined
						? 'application/json'
						: undefined,
			});
			counts.requests++;
			if (!req.valid)
				throw new Error(`test request is not valid for ${version}:\n${req.errors.join('\n')}`);
		}
		const body = res.status === 204 || res.data === '' ? undefined : res.data;
		const check = checkAnswer({
			method,
			path,
			status: res.status,
			body,
			allowUndeclaredStatus: o.allowUndeclaredStatus,
		});
		if (!check.valid) {
			throw new Error(
				`${method} ${path} → ${res.status} does not match the ${version} spec:\n  ${check.errors.join('\n  ')}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
			);
		}
		seen.add(`${method} ${check.template} ${res.status}`);
		return res;
	}

	const grant = (/** @type {string} */ g) => specEnum(version, 'ELoginGrantType', g);

	describe('authentication', () => {
		test('password grant, refresh grant, wrong password', async () => {
			const ok = await call('POST', '/api/oauth2/token', {
				form: {
					grant_type: grant('password'),
					username: 'administrator',
					password: 'Veeam-Sim-Passw0rd!',
				},
				auth: false,
			});
			expect(ok.status).toBe(200);
			const refreshed = await call('POST', '/api/oauth2/token', {
				form: { grant_type: grant('refresh_token'), refresh_token: ok.data.refresh_token },
				auth: false,
			});
			expect(refreshed.status).toBe(200);
			const reused = await call('POST', '/api/oauth2/token', {
				form: { grant_type: grant('refresh_token'), refresh_token: ok.data.refresh_token },
				auth: false,
			});
			expect(reused.status).toBe(401);
			const wrong = await call('POST', '/api/oauth2/token', {
				form: { grant_type: grant('password'), username: 'administrator', password: 'nope' },
				auth: false,
			});
			expect(wrong.status).toBe(401);
			expect(wrong.data.errorCode).toBe('AccessDenied');
			const noGrant = await call('POST', '/api/oauth2/token', {
				form: { username: 'administrator' },
				auth: false,
				invalidRequest: true,
			});
			expect(noGrant.status).toBe(400);
		});

		test('missing and unsupported x-api-version are 400 NotImplemented listing the supported ones', async () => {
			for (const v of [undefined, '9.9-rev9']) {
				const res = await api.http.get('/api/v1/serverInfo', { headers: { 'x-api-version': v } });
				expect(res.status).toBe(400);
				expect(res.data.message).toBe(
					'The specified API version is not supported. Supported versions: 1.3-rev2, 1.3-rev1, 1.3-rev0, 1.2-rev1, 1.2-rev0.',
				);
				const check = checkAnswer({
					method: 'GET',
					path: '/api/v1/serverInfo',
					status: 400,
					body: res.data,
					allowUndeclaredStatus: true,
				});
				expect(check.errors).toEqual([]);
				expect(res.data.errorCode).toBe('NotImplemented');
			}
		});

		test('no token and an expired token are 401', async () => {
			const none = await call('GET', '/api/v1/serverInfo', { auth: false });
			expect(none.status).toBe(401);
			expect(none.data.errorCode).toBe('AccessDenied');
			const other = client(sim, version);
			await other.login();
			await sim.control.expireTokens();
			const expired = await other.get('/api/v1/serverInfo');
			expect(expired.status).toBe(401);
			expect(
				validateResponse(version, {
					method: 'GET',
					path: '/api/v1/serverInfo',
					status: 401,
					body: expired.data,
				}).errors,
			).toEqual([]);
			expect(expired.data.errorCode).toBe('ExpiredToken');
			counts.answers++;
			await api.login();
		});

		test('logout', async () => {
			const other = client(sim, version);
			await other.login();
			const out = await call('POST', '/api/oauth2/logout', { via: other });
			expect(out.status).toBe(200);
			expect((await other.get('/api/v1/serverInfo')).status).toBe(401);
		});
	});

	test('serverInfo and serverTime', async () => {
		const info = await call('GET', '/api/v1/serverInfo');
		expect(info.status).toBe(200);
		expect(info.data.name).toBe('vbr01.lab.local');
		expect(info.data.buildVersion).toBe('13.1.0.411');
		const time = await call('GET', '/api/v1/serverTime', { auth: false });
		expect(time.status).toBe(200);
	});

	test('managed servers: list, filters, get, errors', async () => {
		const all = await call('GET', '/api/v1/backupInfrastructure/managedServers');
		expect(all.data.pagination.total).toBe(Object.keys(SEED.managedServers).length);
		const windows = await call('GET', '/api/v1/backupInfrastructure/managedServers', {
			params: {
				typeFilter: 'WindowsHost',
				orderColumn: 'Name',
				orderAsc: false,
				limit: 2,
				skip: 1,
			},
		});
		expect(windows.data.data.every((/** @type {any} */ s) => s.type === 'WindowsHost')).toBe(true);
		expect(windows.data.pagination).toEqual({ total: 4, count: 2, skip: 1, limit: 2 });
		await call('GET', '/api/v1/backupInfrastructure/managedServers', {
			params: { nameFilter: 'lnx*' },
		});
		for (const id of Object.values(SEED.managedServers)) {
			expect((await call('GET', `/api/v1/backupInfrastructure/managedServers/${id}`)).status).toBe(
				200,
			);
		}
		expect(
			(await call('GET', `/api/v1/backupInfrastructure/managedServers/${MISSING}`)).status,
		).toBe(404);
		const bad = await call('GET', '/api/v1/backupInfrastructure/managedServers/not-a-uuid', {
			allowUndeclaredStatus: true,
			invalidRequest: true,
		});
		expect(bad.status).toBe(400);
		expect(bad.data.errorCode).toBe('InvalidURI');
	});

	const test13 = is13 ? test : () => undefined;
	test13('mount servers (1.3 only)', async () => {
		const list = await call('GET', '/api/v1/backupInfrastructure/mountServers', {
			params: { typeFilter: specEnum(version, 'EMountServerType', 'Windows'), orderColumn: 'WriteCacheFolder' },
		});
		expect(list.data.data.length).toBeGreaterThan(0);
		const defaults = await call('GET', '/api/v1/backupInfrastructure/mountServers/default');
		expect(defaults.data.data.map((/** @type {any} */ m) => m.type).sort()).toEqual([
			specEnum(version, 'EMountServerType', 'Linux'),
			specEnum(version, 'EMountServerType', 'Windows'),
		]);
		expect(
			(await call('GET', `/api/v1/backupInfrastructure/mountServers/${IDS.vbr01}`)).status,
		).toBe(200);
		expect((await call('GET', `/api/v1/backupInfrastructure/mountServers/${MISSING}`)).status).toBe(
			404,
		);
	});

	const test12 = is13 ? () => undefined : test;
	test12('mount servers do not exist in 1.2', async () => {
		const res = await api.get('/api/v1/backupInfrastructure/mountServers');
		expect(res.status).toBe(404);
	});

	test('credentials and cloud credentials', async () => {
		const creds = await call('GET', '/api/v1/credentials', {
			params: { typeFilter: 'Standard', orderColumn: 'Username' },
		});
		expect(creds.data.data.length).toBe(3);
		if (rev2) {
			// 1.3-rev2: typeFilter is an array.
			const both = await call('GET', '/api/v1/credentials', { params: { typeFilter: ['Standard', 'Linux'] } });
			expect(both.data.data.length).toBe(4);
			await call('GET', '/api/v1/backupInfrastructure/managedServers', { params: { skipDedupAppliances: true } });
		}
		for (const id of Object.values(SEED.credentials))
			expect((await call('GET', `/api/v1/credentials/${id}`)).status).toBe(200);
		expect((await call('GET', `/api/v1/credentials/${MISSING}`)).status).toBe(404);
		const cloud = await call('GET', '/api/v1/cloudCredentials', {
			params: { typeFilter: 'Amazon' },
		});
		expect(cloud.data.data.length).toBe(2);
		for (const id of Object.values(SEED.cloudCredentials))
			expect((await call('GET', `/api/v1/cloudCredentials/${id}`)).status).toBe(200);
		expect((await call('GET', `/api/v1/cloudCredentials/${MISSING}`)).status).toBe(404);
	});

	test('repositories: list with every filter, get every seeded repository, errors', async () => {
		const all = await call('GET', REPOS);
		expect(all.data.pagination.total).toBe(seededRepositories + listedAppliances(version).length);
		await call('GET', REPOS, {
			params: { skip: 2, limit: 3, orderColumn: 'Path', orderAsc: true },
		});
		await call('GET', REPOS, {
			params: { typeFilter: is13 ? ['WinLocal', 'LinuxLocal'] : 'WinLocal', nameFilter: '*Repo*' },
		});
		await call('GET', REPOS, { params: { hostIdFilter: IDS.winRepo01, pathFilter: 'D:*' } });
		if (is13) {
			const noExtents = await call('GET', REPOS, { params: { excludeExtents: true } });
			expect(noExtents.data.pagination.total).toBe(all.data.pagination.total - 4);
		}
		for (const id of Object.values(SEED.repositories)) {
			expect((await call('GET', `${REPOS}/${id}`)).status).toBe(200);
		}
		// Appliance repositories: a model where the revision has one, else 404 (their states still list them).
		for (const [name, id] of Object.entries(APPLIANCES)) {
			const res = await call('GET', `${REPOS}/${id}`);
			expect([name, res.status]).toEqual([name, listedAppliances(version).includes(name) ? 200 : 404]);
		}
		expect((await call('GET', `${REPOS}/${MISSING}`)).data.resourceId).toBe(MISSING);
		expect(
			(await call('GET', `${REPOS}/xyz`, { allowUndeclaredStatus: true, invalidRequest: true }))
				.data.errorCode,
		).toBe('InvalidURI');
		expect(
			(
				await call('GET', REPOS, {
					params: { orderColumn: 'Size' },
					allowUndeclaredStatus: true,
					invalidRequest: true,
				})
			).status,
		).toBe(400);
	});

	test('repository states with every filter of the revision', async () => {
		const all = await call('GET', `${REPOS}/states`);
		expect(all.data.pagination.total).toBe(seededRepositories + statedAppliances(version).length);
		expect(all.data.data.map((/** @type {any} */ r) => r.name)).toEqual(expect.arrayContaining(statedAppliances(version)));
		const dataDomain = all.data.data.find((/** @type {any} */ r) => r.name === 'Data Domain Repo');
		expect(dataDomain.type).toBe(rev2 ? 'DellDataDomain' : 'DDBoost');
		await call('GET', `${REPOS}/states`, {
			params: { orderColumn: 'FreeGB', orderAsc: false, limit: 5 },
		});
		await call('GET', `${REPOS}/states`, { params: { idFilter: IDS.extent1 } });
		await call('GET', `${REPOS}/states`, {
			params: {
				nameFilter: 'SOBR*',
				typeFilter: 'WinLocal',
				capacityFilter: 100,
				freeSpaceFilter: 1,
				usedSpaceFilter: 0,
				isOnlineFilter: true,
			},
		});
		if (is13) {
			await call('GET', `${REPOS}/states`, {
				params: { orderColumn: 'Membership', isOutOfDateFilter: false },
			});
			const members = await call('GET', `${REPOS}/states`, {
				params: {
					sobrIdFilter: IDS.sobr,
					sobrExtentTypeFilter: ['Performance', 'Capacity'],
					sobrMembershipFilter: 'SOBR*',
				},
			});
			expect(members.data.pagination.total).toBe(4);
			await call('GET', `${REPOS}/states`, { params: { excludeExtents: true } });
		}
		if (rev2) {
			// 1.3-rev2: typeFilter is an array, the renamed types filter, and Status is an order column.
			const renamed = await call('GET', `${REPOS}/states`, {
				params: { typeFilter: ['DellDataDomain', 'ExaGrid', 'VeeamDataCloudVaultAwsExternal'], orderColumn: 'Status' },
			});
			expect(renamed.data.data.map((/** @type {any} */ r) => r.type).sort()).toEqual([
				'DellDataDomain',
				'ExaGrid',
				'VeeamDataCloudVaultAwsExternal',
			]);
			const byStatus = await call('GET', `${REPOS}/states`, { params: { orderColumn: 'Status', orderAsc: false, limit: 3 } });
			expect(byStatus.data.data[0].isOnline).toBe(false);
		}
	});

	test('add repositories of every seeded type, then read them back', async () => {
		const types = [
			'WinLocal',
			'LinuxLocal',
			'LinuxHardened',
			'Smb',
			'Nfs',
			'S3Compatible',
			'AmazonS3',
			'AzureBlob',
		];
		const sessions = [];
		for (const type of types) {
			const res = await call('POST', REPOS, {
				body: specFor(type, version, `Contract ${type}`),
				params: { overwriteOwner: false },
			});
			expect(res.status).toBe(201);
			expect(res.data.sessionType).toBe('Infrastructure');
			sessions.push(res.data);
		}
		for (const s of sessions) {
			const done = await api.waitForSession(s.id);
			expect(done.result.result).toBe('Success');
			const repo = await call('GET', `${REPOS}/${s.resourceId}`);
			expect(repo.status).toBe(200);
		}
		await call('GET', `${REPOS}/states`, { params: { nameFilter: 'Contract*' } });
	});

	test('add: invalid specs are 400 UnexpectedContent', async () => {
		const bad = [
			rev2
				? { ...specFor('WinLocal', version, 'Bad 1'), repository: { maxTaskCount: 2 } } // path is required in 1.3-rev2
				: { ...specFor('WinLocal', version, 'Bad 1'), mountServer: undefined },
			{ ...specFor('WinLocal', version, 'Bad 2'), hostId: MISSING },
			specFor('WinLocal', version, 'Default Backup Repository'),
		];
		for (const body of bad) {
			const res = await call('POST', REPOS, { body, invalidRequest: true });
			expect(res.status).toBe(400);
			expect(res.data.errorCode).toBe('UnexpectedContent');
		}
		// The other revision's mountServer shape.
		const other = specFor('WinLocal', is13 ? '1.2-rev1' : '1.3-rev1', 'Bad 3');
		const res = await call('POST', REPOS, { body: other, invalidRequest: true });
		expect(res.status).toBe(400);
		expect(res.data.message).toMatch(/mountServer/);
	});

	test('edit, rescan and delete', async () => {
		const id = SEED.repositories['NFS Share Repo'];
		const current = await call('GET', `${REPOS}/${id}`);
		const edited = { ...current.data, description: `Edited for ${version}` };
		const put = await call('PUT', `${REPOS}/${id}`, { body: edited });
		expect(put.status).toBe(201);
		expect((await api.waitForSession(put.data.id)).result.result).toBe('Success');
		expect((await call('GET', `${REPOS}/${id}`)).data.description).toBe(`Edited for ${version}`);
		expect(
			(await call('PUT', `${REPOS}/${MISSING}`, { body: { ...edited, id: MISSING } })).status,
		).toBe(404);
		const mismatch = await call('PUT', `${REPOS}/${id}`, {
			body: { ...edited, id: SEED.defaultRepositoryId },
		});
		expect(mismatch.status).toBe(400);

		const rescan = await call('POST', `${REPOS}/rescan`, {
			body: { repositoryIds: [id, SEED.defaultRepositoryId] },
		});
		expect(rescan.status).toBe(201);
		expect(rescan.data.sessionType).toBe('ConfigurationResynchronize');
		expect(
			(await call('POST', `${REPOS}/rescan`, { body: { repositoryIds: [MISSING] } })).status,
		).toBe(404);
		expect((await call('POST', `${REPOS}/rescan`, { body: {}, invalidRequest: true })).status).toBe(
			400,
		);

		const add = await call('POST', REPOS, {
			body: specFor('WinLocal', version, 'To delete'),
		});
		const done = await api.waitForSession(add.data.id);
		expect(
			(await call('DELETE', `${REPOS}/${done.resourceId}`, { params: { deleteBackups: true } }))
				.status,
		).toBe(204);
		expect((await call('DELETE', `${REPOS}/${done.resourceId}`)).status).toBe(404);
		const extent = await call('DELETE', `${REPOS}/${IDS.extent1}`, { allowUndeclaredStatus: true });
		expect(extent.status).toBe(400);
	});

	test('scale-out repositories: list, get, add, edit, modes, delete', async () => {
		const list = await call('GET', SOBRS, { params: { nameFilter: 'SOBR*', orderColumn: 'Name' } });
		expect(list.data.data).toHaveLength(1);
		const sobr = await call('GET', `${SOBRS}/${IDS.sobr}`);
		const status = sobr.data.performanceTier.performanceExtents[0].status;
		expect(is13 ? status : [status]).toEqual(['Normal']);
		expect((await call('GET', `${SOBRS}/${MISSING}`)).status).toBe(404);

		// Two fresh repositories become the extents of a new SOBR.
		const extentIds = [];
		for (const n of ['A', 'B']) {
			const s = await call('POST', REPOS, {
				body: specFor('WinLocal', version, `SOBR contract extent ${n}`),
			});
			extentIds.push((await api.waitForSession(s.data.id)).resourceId);
		}
		const spec = {
			name: 'Contract SOBR',
			description: 'made by the contract test',
			performanceTier: {
				performanceExtents: extentIds.map((id) => ({ id })),
				advancedSettings: { perVmBackup: true },
			},
			placementPolicy: {
				type: 'Performance',
				settings: [
					{ extentId: extentIds[0], allowedBackups: 'FullsOnly' },
					{ extentId: extentIds[1], allowedBackups: 'IncrementsOnly' },
				],
			},
			capacityTier: { isEnabled: false },
		};
		const add = await call('POST', SOBRS, { body: spec });
		expect(add.status).toBe(201);
		const added = await api.waitForSession(add.data.id);
		expect(added.result.result).toBe('Success');
		const created = await call('GET', `${SOBRS}/${added.resourceId}`);
		const put = await call('PUT', `${SOBRS}/${added.resourceId}`, {
			body: { ...created.data, description: 'edited' },
		});
		expect(put.status).toBe(201);
		await api.waitForSession(put.data.id);

		for (const op of [
			'enableSealedMode',
			'disableSealedMode',
			'enableMaintenanceMode',
			'disableMaintenanceMode',
		]) {
			const res = await call('POST', `${SOBRS}/${IDS.sobr}/${op}`, {
				body: { repositoryIds: [IDS.extent2] },
			});
			expect(res.status).toBe(201);
			expect(res.data.sessionType).toBe('RepositoryMaintenance');
			await api.waitForSession(res.data.id);
			await call('GET', `${SOBRS}/${IDS.sobr}`);
		}
		const notExtent = await call('POST', `${SOBRS}/${IDS.sobr}/enableSealedMode`, {
			body: { repositoryIds: [SEED.defaultRepositoryId] },
		});
		expect(notExtent.status).toBe(400);
		const unknown = await call('POST', `${SOBRS}/${MISSING}/enableSealedMode`, {
			body: { repositoryIds: [IDS.extent1] },
			allowUndeclaredStatus: true,
		});
		expect(unknown.status).toBe(404);

		const badSpec = await call('POST', SOBRS, {
			body: {
				...spec,
				name: 'Contract SOBR 2',
				performanceTier: { performanceExtents: [{ id: IDS.extent1 }] },
			},
		});
		expect(badSpec.status).toBe(400);
		expect((await call('DELETE', `${SOBRS}/${added.resourceId}`)).status).toBe(204);
	});

	test('sessions: list with filters, get, logs, stop, errors', async () => {
		const list = await call('GET', '/api/v1/sessions');
		expect(list.data.data.length).toBeGreaterThan(2);
		const filtered = await call('GET', '/api/v1/sessions', {
			params: {
				typeFilter: is13 ? ['Infrastructure', 'RepositoryMaintenance'] : 'Infrastructure',
				stateFilter: 'Stopped',
				resultFilter: is13 ? ['Success', 'Warning'] : 'Success',
				orderColumn: 'CreationTime',
				orderAsc: true,
				limit: 3,
			},
		});
		expect(filtered.data.data.length).toBe(3);
		await call('GET', '/api/v1/sessions', {
			params: {
				nameFilter: 'Infrastructure*',
				createdAfterFilter: '2020-01-01T00:00:00Z',
				endedBeforeFilter: '2100-01-01T00:00:00Z',
			},
		});
		const first = list.data.data[0];
		expect((await call('GET', `/api/v1/sessions/${first.id}`)).status).toBe(200);
		const logs = await call('GET', `/api/v1/sessions/${first.id}/logs`, {
			params: is13 ? { statusFilter: 'Succeeded' } : undefined,
		});
		expect(logs.data.totalRecords).toBeGreaterThan(0);

		await sim.control.configure({ sessionDurationMs: 60000 });
		const running = await call('POST', `${REPOS}/rescan`, {
			body: { repositoryIds: [SEED.defaultRepositoryId] },
		});
		await sim.control.configure({ sessionDurationMs: 60 });
		expect((await call('GET', `/api/v1/sessions/${running.data.id}/logs`)).status).toBe(200);
		expect((await call('POST', `/api/v1/sessions/${running.data.id}/stop`)).status).toBe(200);
		const stopped = await call('GET', `/api/v1/sessions/${running.data.id}`);
		expect(stopped.data.state).toBe('Stopped');
		expect(stopped.data.result.isCanceled).toBe(true);
		expect((await call('GET', `/api/v1/sessions/${MISSING}`)).status).toBe(404);
		expect((await call('GET', `/api/v1/sessions/${MISSING}/logs`)).status).toBe(404);
		expect((await call('POST', `/api/v1/sessions/${MISSING}/stop`)).status).toBe(404);
	});

	test('an injected 500 is a spec Error', async () => {
		await sim.control.injectFault({
			type: 'status',
			status: 500,
			match: { path: '/api/v1/backupInfrastructure/repositories' },
		});
		const res = await call('GET', REPOS);
		expect(res.status).toBe(500);
		expect(res.data.errorCode).toBe('ServiceUnavailable');
	});

	const test2 = rev2 ? test : () => undefined;
	test2('1.3-rev2: no mountServer needed (the default is taken), LinuxLocal governance mode', async () => {
		const { mountServer: _none, ...spec } = specFor('LinuxLocal', version, 'Contract governance');
		spec.repository = { ...spec.repository, enableGovernanceMode: true, governanceModeRetentionDays: 21 };
		const add = await call('POST', REPOS, { body: spec });
		expect(add.status).toBe(201);
		const done = await api.waitForSession(add.data.id);
		expect(done.result.result).toBe('Success');
		const repo = await call('GET', `${REPOS}/${done.resourceId}`);
		expect(repo.data.repository).toEqual(expect.objectContaining({ enableGovernanceMode: true, governanceModeRetentionDays: 21 }));
		expect(repo.data.mountServer.mountServerSettingsType).toBe('Linux');
		const appliances = await call('GET', REPOS, { params: { typeFilter: ['ExaGrid', 'DellDataDomain'] } });
		expect(appliances.data.data.map((/** @type {any} */ r) => [r.name, r.type])).toEqual([
			['Data Domain Repo', 'DellDataDomain'],
			['ExaGrid Repo', 'ExaGrid'],
		]);
		const noDd = await call('POST', REPOS, {
			body: { name: 'DD', description: '', type: 'DellDataDomain', dellDataDomain: { credentialsId: IDS.smbCreds }, repository: { path: '/x' } },
			invalidRequest: true,
		});
		expect(noDd.status).toBe(400);
	});

	test2('1.3-rev2: repository access permissions, stateful', async () => {
		const path = `${REPOS}/${SEED.repositories['Linux Repo 01']}/accessPermissions`;
		const initial = await call('GET', path);
		expect(initial.data).toEqual({ accessPolicy: 'AllowAll', accounts: [], encryptionSettings: { isEnabled: false } });
		const wanted = {
			accessPolicy: 'AllowExplicit',
			accounts: [
				{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' },
				{ name: 'LAB\\svc-veeam', type: 'ExternalUser' },
			],
			encryptionSettings: { isEnabled: false },
		};
		const put = await call('PUT', path, { body: wanted });
		expect(put.status).toBe(200);
		expect(put.data).toEqual(wanted);
		expect((await call('GET', path)).data).toEqual(wanted);
		const empty = await call('PUT', path, { body: { ...wanted, accounts: [] } });
		expect(empty.status).toBe(400);
		expect((await call('GET', `${REPOS}/${MISSING}/accessPermissions`)).status).toBe(404);
		expect((await call('PUT', `${REPOS}/${MISSING}/accessPermissions`, { body: wanted })).status).toBe(404);
		const older = client(sim, '1.3-rev1');
		await older.login();
		expect((await older.get(path)).status).toBe(404);
	});

	test('a session waiting for an action: ActionRequired in 1.3-rev2, Working before', async () => {
		await sim.control.configure({ sessionDurationMs: 60000 });
		const running = await call('POST', `${REPOS}/rescan`, { body: { repositoryIds: [SEED.defaultRepositoryId] } });
		await sim.control.configure({ sessionDurationMs: 60 });
		await sim.control.requireSessionAction(running.data.id, 'Insert tape 000123 into the library');
		const session = await call('GET', `/api/v1/sessions/${running.data.id}`);
		expect(session.data.state).toBe(rev2 ? 'ActionRequired' : 'Working');
		expect(session.data.result).toEqual({ result: 'None', message: 'Insert tape 000123 into the library', isCanceled: false });
		const logs = await call('GET', `/api/v1/sessions/${running.data.id}/logs`);
		expect(logs.data.records[0].title).toBe('Insert tape 000123 into the library');
		if (is13) {
			const info = logs.data.records[0].additionalInfo;
			if (rev2) expect(info).toEqual([{ field: 'State', data: 'ActionRequired' }, { field: 'Message', data: 'Insert tape 000123 into the library' }]);
			else expect(info).toBe('State: ActionRequired; Message: Insert tape 000123 into the library');
		}
		if (rev2) {
			const waiting = await call('GET', '/api/v1/sessions', { params: { stateFilter: 'ActionRequired' } });
			expect(waiting.data.data.map((/** @type {any} */ s) => s.id)).toEqual([running.data.id]);
		}
		await sim.control.resumeSession(running.data.id);
		await sim.control.advanceClock(60000);
		const done = await call('GET', `/api/v1/sessions/${running.data.id}`);
		expect(done.data.state).toBe('Stopped');
		expect(done.data.result.result).toBe('Success');
		const finalLogs = await call('GET', `/api/v1/sessions/${running.data.id}/logs`);
		if (is13) expect(finalLogs.data.records[0].additionalInfo).toEqual(rev2 ? [{ field: 'Result', data: 'Success' }] : 'Result: Success');
		else expect(finalLogs.data.records[0]).not.toHaveProperty('additionalInfo');
	});

	test('coverage: every implemented operation answered at least once', () => {
		const ops = [...seen].map((s) => s.split(' ').slice(0, 2).join(' '));
		const expected = [
			'POST /api/oauth2/token',
			'POST /api/oauth2/logout',
			'GET /api/v1/serverInfo',
			'GET /api/v1/serverTime',
			'GET /api/v1/backupInfrastructure/managedServers',
			'GET /api/v1/backupInfrastructure/managedServers/{id}',
			'GET /api/v1/credentials',
			'GET /api/v1/credentials/{id}',
			'GET /api/v1/cloudCredentials',
			'GET /api/v1/cloudCredentials/{id}',
			`GET ${REPOS}`,
			`POST ${REPOS}`,
			`GET ${REPOS}/{id}`,
			`PUT ${REPOS}/{id}`,
			`DELETE ${REPOS}/{id}`,
			`POST ${REPOS}/rescan`,
			`GET ${REPOS}/states`,
			`GET ${SOBRS}`,
			`POST ${SOBRS}`,
			`GET ${SOBRS}/{id}`,
			`PUT ${SOBRS}/{id}`,
			`DELETE ${SOBRS}/{id}`,
			`POST ${SOBRS}/{id}/enableSealedMode`,
			`POST ${SOBRS}/{id}/disableSealedMode`,
			`POST ${SOBRS}/{id}/enableMaintenanceMode`,
			`POST ${SOBRS}/{id}/disableMaintenanceMode`,
			'GET /api/v1/sessions',
			'GET /api/v1/sessions/{id}',
			'GET /api/v1/sessions/{id}/logs',
			'POST /api/v1/sessions/{id}/stop',
			...(is13
				? [
						'GET /api/v1/backupInfrastructure/mountServers',
						'GET /api/v1/backupInfrastructure/mountServers/{id}',
						'GET /api/v1/backupInfrastructure/mountServers/default',
					]
				: []),
			...(rev2 ? [`GET ${REPOS}/{id}/accessPermissions`, `PUT ${REPOS}/{id}/accessPermissions`] : []),
		];
		const missing = expected.filter((op) => !ops.includes(op));
		expect(missing).toEqual([]);
		expect(counts.violations).toBe(0);
	});
});
