'use strict';
// The editor's pickers: the repository locator's searchable list and the Add form's option lists.
const { startTestbed } = require('../support/simulator');

let bed;
beforeAll(async () => {
	bed = await startTestbed({ repositories: 250 });
});
afterAll(async () => bed.close());

describe('repository locator list', () => {
	it('searches by part of the name and pages with a token', async () => {
		const found = await bed.engine.loadOptions('listSearch', 'searchRepositories', {}, 'hard');
		expect(found.results).toEqual([
			{ name: 'Hardened Repo 01 (LinuxHardened)', value: bed.repositoryId('Hardened Repo 01') },
		]);
		expect(found.paginationToken).toBeUndefined();

		const first = await bed.engine.loadOptions('listSearch', 'searchRepositories', {});
		expect(first.results).toHaveLength(100);
		expect(first.paginationToken).toBe('100');
		const third = await bed.engine.loadOptions(
			'listSearch',
			'searchRepositories',
			{},
			undefined,
			'200',
		);
		expect(third.results).toHaveLength(50);
		expect(third.paginationToken).toBeUndefined();
		const names = first.results.map((r) => r.name);
		expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
	});
});

describe('Add form pickers', () => {
	it('offers Windows hosts for a Windows repository and Linux hosts for Linux ones', async () => {
		const windows = await bed.engine.loadOptions('loadOptions', 'getRepositoryHosts', {
			repositoryType: 'WinLocal',
		});
		const linux = await bed.engine.loadOptions('loadOptions', 'getRepositoryHosts', {
			repositoryType: 'LinuxHardened',
		});
		expect(windows.map((o) => o.name)).toEqual(
			expect.arrayContaining([
				'vbr01.lab.local (Windows)',
				'win-repo01.lab.local (Windows)',
				'win-old01.lab.local (Windows, Unavailable)',
			]),
		);
		expect(windows.every((o) => /Windows/.test(o.name))).toBe(true);
		expect(linux.map((o) => o.name).sort()).toEqual([
			'lnx-hardened01.lab.local (Linux)',
			'lnx-repo01.lab.local (Linux)',
		]);
	});

	it('offers Windows and Linux servers as mount servers, not the vCenter', async () => {
		const servers = await bed.engine.loadOptions('loadOptions', 'getMountServers', {});
		expect(servers.length).toBe(6);
		expect(servers.some((o) => o.name.startsWith('vcenter01'))).toBe(false);
	});

	it('offers standard credentials for SMB and cloud credentials of the right kind', async () => {
		const standard = await bed.engine.loadOptions('loadOptions', 'getStandardCredentials', {});
		expect(standard.map((o) => o.name)).toContain('LAB\\smb-backup');
		expect(standard.map((o) => o.name)).not.toContain('root');
		const azure = await bed.engine.loadOptions('loadOptions', 'getCloudCredentials', {
			repositoryType: 'AzureBlob',
		});
		expect(azure.map((o) => o.name)).toEqual([expect.stringMatching(/^labveeambackup/)]);
		const s3 = await bed.engine.loadOptions('loadOptions', 'getCloudCredentials', {
			repositoryType: 'S3Compatible',
		});
		expect(s3.map((o) => o.name.split(' ')[0]).sort()).toEqual([
			'AKIASIMULATOR0000001',
			'minio-veeam',
		]);
	});

	it('lists every repository for the rescan picker', async () => {
		const repositories = await bed.engine.loadOptions('loadOptions', 'getRepositories', {});
		expect(repositories).toHaveLength(250);
		expect(repositories[0]).toEqual({
			name: expect.any(String),
			value: expect.any(String),
			description: expect.any(String),
		});
	});
});

describe('scale-out pickers', () => {
	it('searches scale-out repositories', async () => {
		const found = await bed.engine.loadOptions(
			'listSearch',
			'searchScaleOutRepositories',
			{},
			'primary',
		);
		expect(found.results).toEqual([{ name: 'SOBR Primary', value: expect.any(String) }]);
	});

	it('lists the extents of the chosen scale-out repository with their status, chosen by ID or by name', async () => {
		const sobrId = [...bed.sim.store.scaleOutRepositories.values()][0].id;
		const byId = await bed.engine.loadOptions('loadOptions', 'getScaleOutExtents', {
			scaleOutRepositoryId: { __rl: true, mode: 'list', value: sobrId },
		});
		expect(byId.map((o) => o.name)).toEqual([
			'SOBR Extent 01 (Normal)',
			'SOBR Extent 02 (Normal)',
			'SOBR Extent 03 (Normal)',
		]);
		const byName = await bed.engine.loadOptions('loadOptions', 'getScaleOutExtents', {
			scaleOutRepositoryId: { __rl: true, mode: 'name', value: 'SOBR Primary' },
		});
		expect(byName).toEqual(byId);
		expect(
			await bed.engine.loadOptions('loadOptions', 'getScaleOutExtents', {
				scaleOutRepositoryId: { __rl: true, mode: 'list', value: '' },
			}),
		).toEqual([]);
	});

	it('offers only free, non-object-storage repositories as new performance extents, and free object storage for the tiers', async () => {
		const extents = (await bed.engine.loadOptions('loadOptions', 'getExtentCandidates', {})).map(
			(o) => o.name,
		);
		expect(extents).toEqual(
			expect.arrayContaining(['Linux Repo 01', 'NFS Share Repo', 'Default Backup Repository']),
		);
		expect(extents.filter((name) => name.startsWith('SOBR') || /S3|Azure/.test(name))).toEqual([]);
		const tiers = (await bed.engine.loadOptions('loadOptions', 'getObjectStorageRepositories', {}))
			.map((o) => o.name)
			.sort();
		expect(tiers).toEqual(['Amazon S3 Repo', 'Azure Blob Repo', 'S3 Compatible Repo']);
	});
});
