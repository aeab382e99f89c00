import { immutabilityOf } from '../../nodes/shared/immutability';
import {
	immutabilityEvent,
	immutabilityFromKey,
	immutabilityKey,
} from '../../nodes/VeeamRepositoryTrigger/immutabilityChange';
import type { Snapshot } from '../../nodes/VeeamRepositoryTrigger/snapshot';
import {
	encodeSnapshot,
	newReported,
	noStreaks,
	readSnapshot,
} from '../../nodes/VeeamRepositoryTrigger/snapshot';
import { diffFields, settingFields } from '../../nodes/VeeamRepositoryTrigger/settingsDrift';

const period = { isEnabled: true, daysCount: 30, immutabilityMode: 'RetentionSettings' };
const off = { isEnabled: false, daysCount: 0, immutabilityMode: 'RepositorySettings' };

describe('immutability summary', () => {
	it.each([
		[
			'LinuxHardened',
			{ repository: { makeRecentBackupsImmutableDays: 14 } },
			'1.2-rev1',
			{
				enabled: true,
				days: 14,
				mode: null,
				governance: false,
				source: 'repository.makeRecentBackupsImmutableDays',
			},
		],
		[
			'S3Compatible',
			{ bucket: { immutability: period } },
			'1.3-rev1',
			{
				enabled: true,
				days: 30,
				mode: 'RetentionSettings',
				governance: null,
				source: 'bucket.immutability',
			},
		],
		[
			'AmazonS3',
			{ bucket: { immutability: off } },
			'1.2-rev1',
			{
				enabled: false,
				days: null,
				mode: 'RepositorySettings',
				governance: null,
				source: 'bucket.immutability',
			},
		],
		[
			'AmazonS3',
			{ bucket: {} },
			'1.3-rev0',
			{ enabled: false, days: null, mode: null, governance: null, source: 'bucket.immutability' },
		],
		[
			'WasabiCloud',
			{ bucket: { immutability: { isEnabled: true, daysCount: 7 } } },
			'1.2-rev1',
			{ enabled: true, days: 7, mode: null, governance: null, source: 'bucket.immutability' },
		],
		[
			'AzureBlob',
			{ container: { immutability: period } },
			'1.3-rev0',
			{
				enabled: true,
				days: 30,
				mode: 'RetentionSettings',
				governance: null,
				source: 'container.immutability',
			},
		],
		[
			'VeeamDataCloudVault',
			{ container: { immutability: period } },
			'1.3-rev1',
			{
				enabled: true,
				days: 30,
				mode: 'RetentionSettings',
				governance: null,
				source: 'container.immutability',
			},
		],
		[
			'AzureArchive',
			{ container: { immutabilityEnabled: true } },
			'1.3-rev1',
			{
				enabled: true,
				days: null,
				mode: null,
				governance: null,
				source: 'container.immutabilityEnabled',
			},
		],
		[
			'AmazonS3Glacier',
			{ bucket: { immutabilityEnabled: false } },
			'1.2-rev1',
			{
				enabled: false,
				days: null,
				mode: null,
				governance: null,
				source: 'bucket.immutabilityEnabled',
			},
		],
		[
			'LinuxLocal',
			{ repository: { enableGovernanceMode: true, governanceModeRetentionDays: 10 } },
			'1.3-rev2',
			{
				enabled: true,
				days: 10,
				mode: null,
				governance: true,
				source: 'repository.enableGovernanceMode',
			},
		],
		[
			'LinuxLocal',
			{ repository: { path: '/x' } },
			'1.3-rev2',
			{
				enabled: false,
				days: null,
				mode: null,
				governance: null,
				source: 'repository.enableGovernanceMode',
			},
		],
		[
			'DellDataDomain',
			{ repository: { immutability: { isEnabled: true, daysCount: 5 } } },
			'1.3-rev2',
			{ enabled: true, days: 5, mode: null, governance: null, source: 'repository.immutability' },
		],
		[
			'HPEStoreOnce',
			{ repository: { immutability: { isEnabled: false } } },
			'1.3-rev2',
			{
				enabled: false,
				days: null,
				mode: null,
				governance: null,
				source: 'repository.immutability',
			},
		],
		[
			'S3Integrated',
			{ bucket: { immutability: period } },
			'1.3-rev2',
			{
				enabled: true,
				days: 30,
				mode: 'RetentionSettings',
				governance: null,
				source: 'bucket.immutability',
			},
		],
	])('%s %j on %s', (type, model, version, expected) => {
		expect(immutabilityOf({ type, ...model }, version)).toEqual(expected);
	});

	it.each([
		['WinLocal', '1.3-rev2'],
		['Smb', '1.3-rev1'],
		['ExaGrid', '1.3-rev2'],
		['Tape', '1.3-rev1'],
		// Types older revisions have no field for: unknown, not "disabled".
		['LinuxLocal', '1.3-rev1'],
		['AzureBlob', '1.2-rev1'],
		['GoogleCloud', '1.2-rev1'],
		['DDBoost', '1.3-rev1'],
	])('%s on %s cannot say: null', (type, version) => {
		expect(immutabilityOf({ type }, version)).toBeNull();
	});

	it('a newer revision than the package knows reads the newest fields', () => {
		expect(immutabilityOf({ type: 'LinuxLocal', repository: {} }, '1.4-rev0')?.enabled).toBe(false);
	});
});

describe('immutability key and classification', () => {
	it('round-trips every summary shape', () => {
		for (const summary of [
			{ enabled: true, days: 14, mode: null, governance: false },
			{ enabled: false, days: null, mode: 'RepositorySettings', governance: null },
			{ enabled: true, days: 10, mode: null, governance: true },
		]) {
			expect(immutabilityFromKey(immutabilityKey(summary))).toEqual(summary);
		}
	});

	it('off is Disabled, shorter is Reduced, everything else Changed', () => {
		const on = (days: number | null, mode: string | null = null) => ({
			enabled: true,
			days,
			mode,
			governance: null,
		});
		const disabled = { enabled: false, days: null, mode: null, governance: null };
		expect(immutabilityEvent(on(30), disabled)).toBe('immutabilityDisabled');
		expect(immutabilityEvent(on(30), on(7))).toBe('immutabilityReduced');
		expect(immutabilityEvent(on(7), on(30))).toBe('immutabilityChanged');
		expect(immutabilityEvent(disabled, on(7))).toBe('immutabilityChanged');
		expect(immutabilityEvent(on(7, 'RepositorySettings'), on(7, 'RetentionSettings'))).toBe(
			'immutabilityChanged',
		);
		expect(immutabilityEvent(on(null), on(7))).toBe('immutabilityChanged');
	});
});

describe('settings fields', () => {
	it('flattens leaves except identity; arrays are one value; diff names added and removed fields', () => {
		const before = settingFields({
			id: 'x',
			uniqueId: 'X',
			type: 'WinLocal',
			name: 'A',
			repository: { path: 'C:\\', advancedSettings: { perVmBackup: true } },
			tags: ['a', 'b'],
		});
		expect(before).toEqual([
			['name', '"A"'],
			['repository.advancedSettings.perVmBackup', 'true'],
			['repository.path', '"C:\\\\"'],
			['tags', '["a","b"]'],
		]);
		const after = settingFields({ name: 'A', repository: { path: 'D:\\', maxTaskCount: 4 } });
		expect(diffFields(before, after, () => true)).toEqual([
			{ path: 'repository.advancedSettings.perVmBackup', previous: true, current: null },
			{ path: 'repository.maxTaskCount', previous: null, current: 4 },
			{ path: 'repository.path', previous: 'C:\\', current: 'D:\\' },
			{ path: 'tags', previous: ['a', 'b'], current: null },
		]);
	});
});

describe('snapshot with immutability and settings tracks', () => {
	const record = (extra: object) => ({
		name: 'R',
		type: 'S3Compatible',
		capacityGB: null,
		freeGB: null,
		reported: newReported(),
		streaks: noStreaks(),
		...extra,
	});
	const snapshotOf = (repos: Array<[string, object]>): Snapshot => ({
		polledAt: 1,
		sampleTimes: [],
		repos: new Map(repos.map(([id, extra]) => [id, record(extra)])) as Snapshot['repos'],
	});

	it('round-trips, sharing setting paths and values between repositories', () => {
		const shared: Array<[string, string]> = [
			['description', '""'],
			['repository.maxTaskCount', '4'],
		];
		const snapshot = snapshotOf([
			[
				'a',
				{
					immutability: { reported: '1|30|RepositorySettings|', streak: 0 },
					settings: { reported: shared, streak: 0 },
				},
			],
			[
				'b',
				{
					immutability: { reported: '0|||', pending: '1|7||', streak: 1 },
					settings: { reported: shared, pending: 'k1', streak: 2 },
				},
			],
		]);
		const text = encodeSnapshot(snapshot);
		const raw = JSON.parse(text);
		expect(raw.f).toEqual(['description', 'repository.maxTaskCount']);
		expect(raw.d).toEqual(['""', '4']);
		const { snapshot: read, problem } = readSnapshot(text);
		expect(problem).toBeUndefined();
		expect(read!.repos.get('a')).toEqual(
			expect.objectContaining({
				immutability: { reported: '1|30|RepositorySettings|', streak: 0 },
				settings: { reported: shared, streak: 0 },
			}),
		);
		expect(read!.repos.get('b')).toEqual(
			expect.objectContaining({
				immutability: { reported: '0|||', pending: '1|7||', streak: 1 },
				settings: { reported: shared, pending: 'k1', streak: 2 },
			}),
		);
	});

	it('a tampered track or dictionary index loses that record only', () => {
		const snapshot = snapshotOf([
			['a', { settings: { reported: [['name', '"A"']], streak: 0 } }],
			['b', { immutability: { reported: '1|14||0', streak: 0 } }],
		]);
		const raw = JSON.parse(encodeSnapshot(snapshot));
		raw.r[0][11] = [0, 99];
		raw.r[1][10] = [5];
		const { snapshot: read, problem } = readSnapshot(JSON.stringify(raw));
		expect(problem).toBe('2 of 2 records in the stored snapshot could not be read');
		expect(read!.unreadable!.ids).toEqual(new Set(['a', 'b']));
	});

	it('keeps the records of whole scale-out repositories apart from the repositories', () => {
		const snapshot = snapshotOf([['a', {}]]);
		snapshot.wholes = new Map([
			['s', record({ name: 'SOBR', type: 'ScaleOutRepository' })],
		]) as Snapshot['repos'];
		const raw = JSON.parse(encodeSnapshot(snapshot));
		expect(raw.w.map((r: unknown[]) => r[0])).toEqual(['s']);
		const read = readSnapshot(JSON.stringify(raw)).snapshot!;
		expect([...read.repos.keys()]).toEqual(['a']);
		expect(read.wholes!.get('s')!.name).toBe('SOBR');
		raw.w[0][3] = 999;
		expect(readSnapshot(JSON.stringify(raw)).problem).toBe(
			'1 of 2 records in the stored snapshot could not be read',
		);
	});

	it('an older snapshot without tracks stays readable (the events start from what VBR says)', () => {
		const raw = JSON.parse(encodeSnapshot(snapshotOf([['a', {}]])));
		expect(raw.r[0]).toHaveLength(6);
		expect(raw).not.toHaveProperty('f');
		expect(
			readSnapshot(JSON.stringify(raw)).snapshot!.repos.get('a')!.immutability,
		).toBeUndefined();
	});

	it('an immutability key adds a few dozen bytes to a record (35 with the longest mode)', () => {
		const plain = encodeSnapshot(snapshotOf([['a', {}]])).length;
		const tracked = encodeSnapshot(
			snapshotOf([['a', { immutability: { reported: '1|30|RepositorySettings|', streak: 0 } }]]),
		).length;
		expect(tracked - plain).toBeLessThan(40);
	});
});
