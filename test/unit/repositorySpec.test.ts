import { buildRepositorySpec } from '../../nodes/VeeamRepository/helpers/repositorySpec';

const base = {
	name: 'Repo',
	description: '',
	mountServerId: '11111111-1111-1111-1111-111111111111',
	mountServerOs: 'Windows' as const,
};

describe('buildRepositorySpec', () => {
	it('uses the split mount server model on 1.3 and the single one on 1.2-rev1', () => {
		const form = { ...base, type: 'WinLocal' as const, hostId: 'h', path: 'D:\\Backups' };
		expect(buildRepositorySpec(form, '1.3-rev1').mountServer).toEqual({
			mountServerSettingsType: 'Windows',
			windows: expect.objectContaining({
				mountServerId: base.mountServerId,
				vPowerNFSEnabled: true,
			}),
		});
		expect(buildRepositorySpec(form, '1.3-rev0').mountServer).toMatchObject({
			mountServerSettingsType: 'windows',
		});
		expect(buildRepositorySpec(form, '1.2-rev1').mountServer).toEqual(
			expect.objectContaining({
				mountServerId: base.mountServerId,
				writeCacheFolder: expect.any(String),
			}),
		);
	});

	it('puts hardened immutability into the repository settings', () => {
		const spec = buildRepositorySpec(
			{
				...base,
				type: 'LinuxHardened',
				hostId: 'h',
				path: '/b',
				immutabilityDays: 14,
				mountServerOs: 'Linux',
			},
			'1.3-rev1',
		);
		expect(spec.repository).toMatchObject({
			path: '/b',
			makeRecentBackupsImmutableDays: 14,
			taskLimitEnabled: false,
		});
		expect(spec.mountServer).toMatchObject({
			mountServerSettingsType: 'Linux',
			linux: expect.any(Object),
		});
	});

	it('adds the immutability mode on 1.3 only and never Azure container immutability on 1.2', () => {
		const s3 = {
			...base,
			type: 'S3Compatible' as const,
			cloudCredentialsId: 'c',
			servicePoint: 'https://s3',
			regionId: 'us-east-1',
			bucketName: 'b',
			folderName: 'f',
			immutabilityDays: 30,
		};
		expect(buildRepositorySpec(s3, '1.3-rev1').bucket).toMatchObject({
			immutability: { isEnabled: true, daysCount: 30, immutabilityMode: 'RepositorySettings' },
		});
		expect(buildRepositorySpec(s3, '1.2-rev1').bucket).toMatchObject({
			immutability: { isEnabled: true, daysCount: 30 },
		});
		const azure = {
			...base,
			type: 'AzureBlob' as const,
			cloudCredentialsId: 'c',
			regionType: 'Global',
			containerName: 'c',
			folderName: 'f',
			immutabilityDays: 30,
		};
		expect(buildRepositorySpec(azure, '1.2-rev1').container).toEqual({
			containerName: 'c',
			folderName: 'f',
		});
	});
});
