import {
	isAtLeast,
	newestCommon,
	parseSupportedVersions,
	readApiVersionSetting,
} from '../../nodes/shared/apiVersion';
import {
	choiceReason,
	nextVersion,
	versionRefusalOf,
} from '../../nodes/shared/transport/negotiation';

describe('API revisions', () => {
	test('reads both wordings of VBR\'s "unsupported API version" answer', () => {
		expect(
			parseSupportedVersions(
				'The specified API version is not supported. Supported versions: 1.3-rev1, 1.3-rev0, 1.2-rev1, 1.2-rev0.',
			),
		).toEqual(['1.3-rev1', '1.3-rev0', '1.2-rev1', '1.2-rev0']);
		expect(
			parseSupportedVersions(
				'Unsupported RESTAPI version. The following versions are supported: v1.0-rev1, v1.1-rev0.',
			),
		).toEqual(['1.0-rev1', '1.1-rev0']);
		expect(parseSupportedVersions('The specified API version is not supported.')).toEqual([]);
	});

	test('chooses the newest revision both sides know, else walks down once per revision', () => {
		expect(newestCommon(['1.4-rev0', '1.3-rev1', '1.2-rev1'])).toBe('1.3-rev1');
		expect(newestCommon(['1.2-rev0', '1.1-rev2'])).toBeUndefined();
		const listed = { message: '', supported: ['1.3-rev0', '1.2-rev1'] };
		expect(nextVersion(listed, ['1.3-rev2'])).toBe('1.3-rev0');
		expect(nextVersion(listed, ['1.3-rev2', '1.3-rev0'])).toBeUndefined();
		const unnamed = { message: '', supported: [] };
		expect(nextVersion(unnamed, ['1.3-rev2'])).toBe('1.3-rev1');
		expect(nextVersion(unnamed, ['1.3-rev2', '1.3-rev1', '1.3-rev0', '1.2-rev1'])).toBeUndefined();
	});

	test('only a 400 about the API version is a refusal of the revision', () => {
		expect(versionRefusalOf(400, { errorCode: 'NotImplemented', message: 'x' })).toEqual({
			message: 'x',
			supported: [],
		});
		expect(versionRefusalOf(401, { message: 'API version' })).toBeUndefined();
		expect(versionRefusalOf(400, { message: 'Invalid username or password.' })).toBeUndefined();
	});

	test('the setting: Automatic when empty, a known revision, or undefined', () => {
		expect(readApiVersionSetting(undefined)).toBe('auto');
		expect(readApiVersionSetting(' 1.3-rev2 ')).toBe('1.3-rev2');
		expect(readApiVersionSetting('1.9-rev9')).toBeUndefined();
		expect(isAtLeast('1.3-rev2', '1.3-rev1')).toBe(true);
		expect(isAtLeast('1.3-rev0', '1.3-rev1')).toBe(false);
	});

	test('says why a revision was chosen', () => {
		expect(choiceReason('auto', '1.3-rev2', undefined, undefined)).toBe(
			'API 1.3-rev2 (VBR 13.1), the newest this node speaks, which VBR accepts',
		);
		expect(
			choiceReason(
				'auto',
				'1.3-rev1',
				{ message: '', supported: ['1.3-rev1', '1.3-rev0'] },
				undefined,
			),
		).toBe('API 1.3-rev1 (VBR 13.0.1), the newest both support (VBR supports 1.3-rev1, 1.3-rev0)');
		expect(choiceReason('1.2-rev1', '1.2-rev1', undefined, undefined)).toBe(
			'API 1.2-rev1 (VBR 12.3.1), set in the credential',
		);
	});
});
