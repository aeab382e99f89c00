import type { ApiVersion } from './types';

type PerRevision = Readonly<Record<ApiVersion, readonly string[]>>;

const SAME_IN_EVERY_REVISION = (values: readonly string[]): PerRevision => ({
	'1.2-rev1': values,
	'1.3-rev0': values,
	'1.3-rev1': values,
	'1.3-rev2': values,
});

/**
 * The enums this node sends, spelled as each revision's official spec spells them (an empty list:
 * the revision has no such enum). Data, not a casing rule: 1.3-rev0 is camelCase for some enums
 * only. test/contract/wireEnums.contract.test.js compares every list with Veeam's four specs.
 */
export const WIRE_ENUMS = {
	EMountServerSettingsType: {
		'1.2-rev1': [],
		'1.3-rev0': ['windows', 'linux', 'both'],
		'1.3-rev1': ['Windows', 'Linux', 'Both'],
		'1.3-rev2': ['Windows', 'Linux', 'Both'],
	},
	ERepositoryConnectionType: SAME_IN_EVERY_REVISION(['Direct', 'SelectedGateway']),
	ERepositoryImmutabilityMode: {
		'1.2-rev1': [],
		'1.3-rev0': ['RepositorySettings', 'RetentionSettings'],
		'1.3-rev1': ['RepositorySettings', 'RetentionSettings'],
		'1.3-rev2': ['RepositorySettings', 'RetentionSettings'],
	},
} satisfies Record<string, PerRevision>;

export type WireEnum = keyof typeof WIRE_ENUMS;

/**
 * `value` as the spec of `version` spells it in `name`. A value the revision does not have is
 * returned as given: callers only send what the revision supports (they ask the version first).
 */
export function wireEnum(name: WireEnum, value: string, version: ApiVersion): string {
	const wanted = value.toLowerCase();
	return WIRE_ENUMS[name][version].find((spelled) => spelled.toLowerCase() === wanted) ?? value;
}
