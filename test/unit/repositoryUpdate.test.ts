import { mergePatch, UpdateNotApplicable } from '../../nodes/VeeamRepository/helpers/edit';
import { applyRepositoryUpdate } from '../../nodes/VeeamRepository/helpers/repositoryUpdate';

const hardened = {
	id: 'a',
	name: 'Hardened',
	description: 'x',
	type: 'LinuxHardened',
	hostId: 'h',
	repository: { path: '/backups', makeRecentBackupsImmutableDays: 14, taskLimitEnabled: false },
	mountServer: { mountServerSettingsType: 'Linux' },
};

describe('applyRepositoryUpdate', () => {
	it('changes only the fields that were set and keeps the rest of the model', () => {
		const result = applyRepositoryUpdate(
			hardened,
			{
				description: 'new',
				maxTaskCount: 4,
				immutabilityDays: 30,
			},
			'1.3-rev1',
		);
		expect(result).toEqual({
			...hardened,
			description: 'new',
			repository: {
				path: '/backups',
				makeRecentBackupsImmutableDays: 30,
				taskLimitEnabled: true,
				maxTaskCount: 4,
			},
		});
		expect(hardened.repository.makeRecentBackupsImmutableDays).toBe(14);
	});

	it('turns a limit off with 0', () => {
		const limited = {
			...hardened,
			repository: { ...hardened.repository, taskLimitEnabled: true, maxTaskCount: 8 },
		};
		expect(
			(
				applyRepositoryUpdate(limited, { maxTaskCount: 0 }, '1.3-rev1').repository as {
					taskLimitEnabled: boolean;
				}
			).taskLimitEnabled,
		).toBe(false);
	});

	it('refuses fields that do not apply to the type', () => {
		const s3 = {
			id: 'b',
			name: 'S3',
			description: '',
			type: 'S3Compatible',
			bucket: { bucketName: 'b' },
		};
		expect(() => applyRepositoryUpdate(s3, { path: '/x' }, '1.3-rev1')).toThrow(
			UpdateNotApplicable,
		);
		expect(() => applyRepositoryUpdate(hardened, { immutabilityDays: 3 }, '1.3-rev1')).toThrow(
			/at least 7/,
		);
	});

	it('sets object storage immutability in the bucket', () => {
		const s3 = {
			id: 'b',
			name: 'S3',
			description: '',
			type: 'S3Compatible',
			bucket: { bucketName: 'b' },
		};
		expect(applyRepositoryUpdate(s3, { immutabilityDays: 10 }, '1.3-rev1').bucket).toEqual({
			bucketName: 'b',
			immutability: { isEnabled: true, daysCount: 10 },
		});
	});
});

describe('mergePatch (RFC 7386)', () => {
	it('merges objects, replaces arrays and scalars, removes on null', () => {
		expect(
			mergePatch({ a: 1, b: { c: 2, d: 3 }, e: [1, 2] }, { a: 5, b: { d: null, f: 4 }, e: [3] }),
		).toEqual({ a: 5, b: { c: 2, f: 4 }, e: [3] });
	});
});
