'use strict';
// The immutability summary of every repository type that can be immutable, on every revision with an
// official spec, through n8n-core's engine against a simulator seeded with `immutableRepositories`: the
// enabled case, the not-enabled case (changed through the simulator's control API) and `null` before the
// revision whose model has the field. One Get Many per case; a type a revision's RepositoryModel cannot
// express (Data Domain, StoreOnce before 1.3-rev2) is not in Get Many at all.
const { FAST_WAIT, useTestbed } = require('../support/simulator');

const REVISIONS = ['1.2-rev1', '1.3-rev0', '1.3-rev1', '1.3-rev2'];
const ORDER = REVISIONS;
const atLeast = (version, since) => ORDER.indexOf(version) >= ORDER.indexOf(since);

const summary = (enabled, days, mode, governance, source) => ({
	enabled,
	days,
	mode,
	governance,
	source,
});
/** Object storage: `immutabilityMode` exists from 1.3-rev0. */
const period = (source, modeName) => (version, enabled, days) =>
	summary(
		enabled,
		enabled ? days : null,
		atLeast(version, '1.3-rev0') ? modeName : null,
		null,
		source,
	);

/**
 * name: the seeded repository; since: first revision with the field; seeded: its summary as seeded;
 * flip: a change through the control API and the summary after it (the not-enabled case where the type has
 * one; the enabled case for a repository seeded without immutability).
 */
const ROWS = [
	{
		name: 'Hardened Repo 01',
		type: 'LinuxHardened',
		since: '1.2-rev1',
		seeded: () => summary(true, 14, null, false, 'repository.makeRecentBackupsImmutableDays'),
		flip: {
			patch: { repository: { makeRecentBackupsImmutableDays: 7 } },
			after: () => summary(true, 7, null, false, 'repository.makeRecentBackupsImmutableDays'),
		},
	},
	{
		name: 'Governance Linux Repo',
		type: 'LinuxLocal',
		since: '1.3-rev2',
		seeded: () => summary(true, 10, null, true, 'repository.enableGovernanceMode'),
		flip: {
			patch: { repository: { enableGovernanceMode: false } },
			after: () => summary(false, null, null, null, 'repository.enableGovernanceMode'),
		},
	},
	...[
		['Amazon S3 Repo', 'AmazonS3', 'RetentionSettings', true],
		['S3 Compatible Repo', 'S3Compatible', 'RepositorySettings', true],
		['Immutable IBM Cloud', 'IBMCloud', 'RepositorySettings', true],
		['Mutable Wasabi', 'WasabiCloud', 'RepositorySettings', false],
	].map(([name, type, modeName, on]) => {
		const read = period('bucket.immutability', modeName);
		return {
			name,
			type,
			since: '1.2-rev1',
			seeded: (version) => read(version, on, 30),
			flip: {
				patch: { bucket: { immutability: { isEnabled: !on, daysCount: on ? 0 : 45 } } },
				after: (version) => read(version, !on, 45),
			},
		};
	}),
	{
		name: 'Immutable Google Cloud',
		type: 'GoogleCloud',
		since: '1.3-rev0',
		seeded: (version) => period('bucket.immutability', 'RepositorySettings')(version, true, 30),
		flip: {
			patch: { bucket: { immutability: { isEnabled: false, daysCount: 0 } } },
			after: (version) => period('bucket.immutability', 'RepositorySettings')(version, false),
		},
	},
	{
		name: 'Immutable Azure Blob',
		type: 'AzureBlob',
		since: '1.3-rev0',
		seeded: (version) => period('container.immutability', 'RepositorySettings')(version, true, 21),
		flip: {
			patch: { container: { immutability: { isEnabled: false, daysCount: 0 } } },
			after: (version) => period('container.immutability', 'RepositorySettings')(version, false),
		},
	},
	...[
		['Immutable Glacier', true],
		['Mutable Glacier', false],
	].map(([name, on]) => ({
		name,
		type: 'AmazonS3Glacier',
		since: '1.2-rev1',
		seeded: () => summary(on, null, null, null, 'bucket.immutabilityEnabled'),
		flip: {
			patch: { bucket: { immutabilityEnabled: !on } },
			after: () => summary(!on, null, null, null, 'bucket.immutabilityEnabled'),
		},
	})),
	{
		name: 'Immutable Azure Archive',
		type: 'AzureArchive',
		since: '1.3-rev0',
		seeded: () => summary(true, null, null, null, 'container.immutabilityEnabled'),
		flip: {
			patch: { container: { immutabilityEnabled: false } },
			after: () => summary(false, null, null, null, 'container.immutabilityEnabled'),
		},
	},
	...[
		['Immutable VDC Vault', 'VeeamDataCloudVault', 'container.immutability', '1.3-rev0', 30],
		['Immutable S3 Integrated', 'S3Integrated', 'bucket.immutability', '1.3-rev2', 30],
		['Immutable VDC Vault Archive', 'VeeamDataCloudVaultArchive', 'container.immutability', '1.3-rev2', 90],
	].map(([name, type, source, since, days]) => {
		const place = source.split('.')[0];
		const read = period(source, 'RepositorySettings');
		return {
			name,
			type,
			since,
			// No such type before `since`: not listed at all.
			listedFrom: since,
			seeded: (version) => read(version, true, days),
			flip: {
				patch: { [place]: { immutability: { isEnabled: true, daysCount: 7 } } },
				after: (version) => read(version, true, 7),
			},
		};
	}),
	...[
		['Immutable Data Domain', 'DellDataDomain', 14],
		['Immutable StoreOnce', 'HPEStoreOnce', 7],
	].map(([name, type, days]) => ({
		name,
		type,
		since: '1.3-rev2',
		listedFrom: '1.3-rev2',
		seeded: () => summary(true, days, null, null, 'repository.immutability'),
		flip: {
			patch: { repository: { immutability: { isEnabled: false } } },
			after: () => summary(false, null, null, null, 'repository.immutability'),
		},
	})),
];

describe.each(REVISIONS)('immutability summary on API %s', (apiVersion) => {
	const bed = useTestbed({
		immutableRepositories: true,
		...(apiVersion === '1.3-rev2' ? { vbrVersion: '13.1' } : {}),
		credential: { apiVersion },
	});
	const listed = ROWS.filter((row) => atLeast(apiVersion, row.listedFrom ?? '1.2-rev1'));

	const getMany = async () => {
		const result = await bed.engine.execute({
			resource: 'repository',
			operation: 'getAll',
			returnAll: true,
		});
		expect(result.error).toBeUndefined();
		return Object.fromEntries(result.json.map((json) => [json.name, json]));
	};
	const expected = (row, which) =>
		atLeast(apiVersion, row.since)
			? which === 'seeded'
				? row.seeded(apiVersion)
				: row.flip.after(apiVersion)
			: null;

	it('as seeded, for every type the revision lists', async () => {
		const byName = await getMany();
		for (const row of ROWS) {
			const model = byName[row.name];
			if (!listed.includes(row)) {
				expect({ name: row.name, listed: model !== undefined }).toEqual({
					name: row.name,
					listed: false,
				});
				continue;
			}
			expect({ name: row.name, type: model.type, immutability: model.immutability }).toEqual({
				name: row.name,
				type: row.type,
				immutability: expected(row, 'seeded'),
			});
		}
	});

	it('after each repository changes (disabled, enabled, shortened), on its next read', async () => {
		for (const row of listed) {
			await bed.sim.control.updateRepository(bed.repositoryId(row.name), row.flip.patch);
		}
		const byName = await getMany();
		for (const row of listed) {
			expect({ name: row.name, immutability: byName[row.name].immutability }).toEqual({
				name: row.name,
				immutability: expected(row, 'flip'),
			});
		}
	});

	it('Get by ID gives the same summary as Get Many', async () => {
		const byName = await getMany();
		for (const row of listed) {
			const got = await bed.engine.execute({
				resource: 'repository',
				operation: 'get',
				repositoryId: { __rl: true, mode: 'id', value: bed.repositoryId(row.name) },
			});
			expect({ name: row.name, immutability: got.json[0].immutability }).toEqual({
				name: row.name,
				immutability: byName[row.name].immutability,
			});
		}
	});

	it("a scale-out repository's capacity and archive extents carry their repositories' immutability", async () => {
		const glacier = bed.repositoryId('Immutable Glacier');
		await bed.sim.control.updateRepository(glacier, { bucket: { immutabilityEnabled: true } });
		const created = await bed.engine.execute({
			resource: 'scaleOutRepository',
			operation: 'create',
			defineBy: 'fields',
			name: 'SOBR Archive',
			performanceExtentIds: [bed.repositoryId('NFS Share Repo')],
			placementPolicy: 'DataLocality',
			capacityTierEnabled: true,
			capacityExtentId: bed.repositoryId('Immutable IBM Cloud'),
			operationalRestorePeriodDays: 14,
			archiveTierEnabled: true,
			archiveExtentId: glacier,
			archivePeriodDays: 90,
			options: FAST_WAIT,
		});
		expect(created.error).toBeUndefined();
		const [sobr] = created.json;
		expect(sobr.archiveTier).toEqual(expect.objectContaining({ isEnabled: true, extentId: glacier }));
		expect(sobr.archiveExtent).toEqual({
			id: glacier,
			name: 'Immutable Glacier',
			immutability: summary(true, null, null, null, 'bucket.immutabilityEnabled'),
		});
		const ibm = (await getMany())['Immutable IBM Cloud'];
		expect(sobr.capacityExtents).toEqual([
			{ id: ibm.id, name: 'Immutable IBM Cloud', immutability: ibm.immutability },
		]);
		expect(sobr.capacityExtents[0].immutability).not.toBeNull();
	});
});
