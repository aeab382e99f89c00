'use strict';
// The simulator's repository access permissions (routes/repositoryAccess.js) against Veeam's specs:
// on 1.3-rev2 every answer (and each request this test sends) matches vbr_rest_1.3-rev2.json; the
// older revisions, whose specs have no such path, answer 404.
const { validateRequest, validateResponse } = require('../support/openapi');
const { startHttp, client, SEED } = require('../simulator/helpers');

const MISSING = '0b7c6a1e-3f53-4c1f-9a55-0d9c2b7d9e11';
const KMS = '5d3c1b2a-4e6f-4a8b-9c0d-1e2f3a4b5c6d';
const LINUX = SEED.repositories['Linux Repo 01'];
const pathOf = (id) => `/api/v1/backupInfrastructure/repositories/${id}/accessPermissions`;

let sim;
beforeAll(async () => {
	sim = await startHttp({ vbrVersion: '13.1' });
});
afterAll(() => sim.close());

describe('API 1.3-rev2', () => {
	let api;
	const counts = { answers: 0, requests: 0, violations: 0 };
	beforeAll(async () => {
		api = client(sim, '1.3-rev2');
		await api.login();
	});
	afterAll(() => {
		console.log(
			`Access permissions contract (1.3-rev2): ${counts.answers} answers and ${counts.requests} requests validated, ${counts.violations} violations`,
		);
	});

	async function call(method, path, body) {
		if (body !== undefined) {
			const request = validateRequest('1.3-rev2', {
				method,
				path,
				headers: { 'x-api-version': '1.3-rev2' },
				body,
				contentType: 'application/json',
			});
			counts.requests++;
			counts.violations += request.errors.length;
			expect(request.errors).toEqual([]);
		}
		const res = method === 'GET' ? await api.get(path) : await api.put(path, body);
		const check = validateResponse('1.3-rev2', {
			method,
			path,
			status: res.status,
			body: res.data,
		});
		counts.answers++;
		counts.violations += check.errors.length;
		expect({ method, path, status: res.status, errors: check.errors }).toEqual({
			method,
			path,
			status: res.status,
			errors: [],
		});
		return res;
	}

	it('GET answers the default, PUT stores and answers the model, GET reads it back', async () => {
		const path = pathOf(LINUX);
		const first = await call('GET', path);
		expect(first.status).toBe(200);
		const model = {
			accessPolicy: 'AllowExplicit',
			accounts: [{ name: 'LAB\\Backup Operators', type: 'ExternalGroup' }],
			encryptionSettings: { isEnabled: true, encryptionType: 'ByKms', kmsServerId: KMS },
		};
		const put = await call('PUT', path, model);
		expect(put.status).toBe(200);
		expect(put.data).toEqual(model);
		expect((await call('GET', path)).data).toEqual(model);
	});

	it('refuses Allow Explicit without accounts and encryption without its key (400), and a missing repository (404)', async () => {
		const path = pathOf(LINUX);
		const noAccounts = await call('PUT', path, {
			accessPolicy: 'AllowExplicit',
			accounts: [],
			encryptionSettings: { isEnabled: false },
		});
		expect(noAccounts.status).toBe(400);
		const noKey = await call('PUT', path, {
			accessPolicy: 'AllowAll',
			accounts: [],
			encryptionSettings: { isEnabled: true, encryptionType: 'ByKms' },
		});
		expect(noKey.status).toBe(400);
		expect((await call('GET', pathOf(MISSING))).status).toBe(404);
	});
});

describe.each(['1.2-rev1', '1.3-rev0', '1.3-rev1'])('API %s', (version) => {
	it('has no access permissions path (404)', async () => {
		const api = client(sim, version);
		await api.login();
		const res = await api.get(pathOf(LINUX));
		expect(res.status).toBe(404);
	});
});
