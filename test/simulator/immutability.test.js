// @ts-check
'use strict';

/**
 * `immutableRepositories: true` seeds one repository of every type that can be immutable; on every revision the
 * answers are the revision's spec shapes, GET /repositories and GET /repositories/{id} agree, and the states hold
 * no immutability at all.
 */
const { startHttp, client, REPOS } = require('./helpers');
const { validateResponse } = require('../support/openapi');

const REVISIONS = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];
const IMMUTABLE_NAMES = [
	'Governance Linux Repo',
	'Mutable Amazon S3',
	'Immutable IBM Cloud',
	'Mutable Wasabi',
	'Immutable Google Cloud',
	'Immutable Azure Blob',
	'Immutable Glacier',
	'Mutable Glacier',
	'Immutable Azure Archive',
];
/** Types whose RepositoryModel exists from 1.3-rev2 (before it, only the states list them). */
const REV2_NAMES = ['Immutable Data Domain', 'Immutable StoreOnce', 'Immutable S3 Integrated', 'Immutable VDC Vault Archive'];
/** Veeam Data Cloud Vault: a type from 1.3-rev0. */
const V13_NAMES = ['Immutable VDC Vault'];
const namesOf = (/** @type {string} */ version) =>
	IMMUTABLE_NAMES.concat(version === '1.2-rev1' ? [] : V13_NAMES, version === '1.3-rev2' ? REV2_NAMES : []);

describe.each(REVISIONS)('immutability seed on API %s', (version) => {
	/** @type {any} */ let sim;
	/** @type {ReturnType<typeof client>} */ let api;
	beforeAll(async () => {
		sim = await startHttp({
			vbrVersion: '13.1',
			immutableRepositories: true,
			applianceRepositories: true,
		});
		api = client(sim, version);
		await api.login();
	});
	afterAll(() => sim.close());

	/** @param {string} path @param {any} res */
	const valid = (path, res) => {
		const check = validateResponse(version, {
			method: 'GET',
			path,
			status: res.status,
			body: res.data,
		});
		expect({ path, errors: check.errors }).toEqual({ path, errors: [] });
	};

	test('every seeded repository is listed (all its types exist in every revision) and matches the spec', async () => {
		const list = await api.get(REPOS, { limit: 1000 });
		valid(REPOS, list);
		const names = list.data.data.map((/** @type {any} */ r) => r.name);
		expect(names).toEqual(expect.arrayContaining(namesOf(version)));
		for (const name of REV2_NAMES) if (version !== '1.3-rev2') expect(names).not.toContain(name);
		if (version === '1.2-rev1') expect(names).not.toContain(V13_NAMES[0]);
		for (const model of list.data.data.filter((/** @type {any} */ r) =>
			namesOf(version).includes(r.name),
		)) {
			const one = await api.get(`${REPOS}/${model.id}`);
			valid(`${REPOS}/${model.id}`, one);
			expect(one.data).toEqual(model);
		}
	});

	test('immutability as the revision has it: governance from 1.3-rev2, Azure immutability from 1.3-rev0', async () => {
		const list = await api.get(REPOS, { limit: 1000 });
		const byName = Object.fromEntries(list.data.data.map((/** @type {any} */ r) => [r.name, r]));
		const rev2 = version === '1.3-rev2';
		const v13 = version !== '1.2-rev1';
		expect(byName['Governance Linux Repo'].repository.enableGovernanceMode).toBe(
			rev2 ? true : undefined,
		);
		expect(byName['Immutable IBM Cloud'].bucket.immutability.isEnabled).toBe(true);
		expect(byName['Mutable Wasabi'].bucket.immutability.isEnabled).toBe(false);
		expect(byName['Immutable Glacier'].bucket.immutabilityEnabled).toBe(true);
		expect(byName['Mutable Glacier'].bucket.immutabilityEnabled).toBe(false);
		expect(byName['Immutable Google Cloud'].bucket.immutability?.isEnabled).toBe(
			v13 ? true : undefined,
		);
		expect(byName['Immutable Azure Blob'].container.immutability?.daysCount).toBe(
			v13 ? 21 : undefined,
		);
		expect(byName['Immutable Azure Archive'].container.immutabilityEnabled).toBe(
			v13 ? true : undefined,
		);
	});

	test('the states list them with no immutability field', async () => {
		const states = await api.get(`${REPOS}/states`, { limit: 1000 });
		valid(`${REPOS}/states`, states);
		const seeded = states.data.data.filter((/** @type {any} */ s) =>
			IMMUTABLE_NAMES.includes(s.name),
		);
		expect(seeded).toHaveLength(IMMUTABLE_NAMES.length);
		for (const state of seeded) {
			expect(
				Object.keys(state).filter((key) =>
					/immutab|governance|repository|bucket|container/i.test(key),
				),
			).toEqual([]);
		}
	});
});

test('off by default: the usual seed is unchanged', async () => {
	const sim = await startHttp({});
	try {
		const api = client(sim, '1.3-rev1');
		await api.login();
		const names = (await api.get(REPOS, { limit: 1000 })).data.data.map(
			(/** @type {any} */ r) => r.name,
		);
		expect(names).not.toContain('Immutable Glacier');
	} finally {
		await sim.close();
	}
});
