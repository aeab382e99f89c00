import type { ApiVersion } from './types';
import { API_VERSIONS } from './types';

/** The credential's "Automatic" API Version: the newest revision both the node and VBR speak. */
export const AUTOMATIC = 'auto';

/** What the credential's API Version field holds. */
export type ApiVersionSetting = ApiVersion | typeof AUTOMATIC;

/** The VBR release that introduced each revision (Veeam's revision table; 1.3-rev2: VBR 13.1). */
export const VBR_RELEASE_OF: Readonly<Record<ApiVersion, string>> = {
	'1.2-rev1': 'VBR 12.3.1',
	'1.3-rev0': 'VBR 13.0.0',
	'1.3-rev1': 'VBR 13.0.1',
	'1.3-rev2': 'VBR 13.1',
};

/** 1.3-rev0 added states filters, typeFilter arrays, excludeExtents and the split mountServer model. */
export function isAtLeast13(version: ApiVersion): boolean {
	return version !== '1.2-rev1';
}

/** Whether `version` is `minimum` or a later revision. */
export function isAtLeast(version: ApiVersion, minimum: ApiVersion): boolean {
	return API_VERSIONS.indexOf(version) >= API_VERSIONS.indexOf(minimum);
}

export function asApiVersion(value: unknown): ApiVersion | undefined {
	return API_VERSIONS.find((version) => version === value);
}

/** The credential's setting; undefined for a value this package does not speak. */
export function readApiVersionSetting(value: unknown): ApiVersionSetting | undefined {
	if (value === AUTOMATIC || value === undefined || value === null || value === '') {
		return AUTOMATIC;
	}
	return asApiVersion(typeof value === 'string' ? value.trim() : value);
}

/** Every revision this node speaks, for messages: "1.3-rev2, 1.3-rev1, …". */
export function describeNodeVersions(): string {
	return [...API_VERSIONS].reverse().join(', ');
}

/**
 * The revisions an "unsupported API version" answer lists, in its order. VBR's wording differs
 * between releases ("Supported versions: 1.3-rev2, …" and "…supported: v1.0-rev1."), so this
 * reads any `<major>.<minor>-rev<n>`, with or without a `v`.
 */
export function parseSupportedVersions(message: string): string[] {
	const found = message.match(/\bv?\d+\.\d+-rev\d+\b/gi) ?? [];
	return [...new Set(found.map((version) => version.replace(/^v/i, '').toLowerCase()))];
}

/** The newest revision both this node and a server that speaks `supported` know. */
export function newestCommon(supported: readonly string[]): ApiVersion | undefined {
	return [...API_VERSIONS].reverse().find((version) => supported.includes(version));
}

/** The next older revision this node speaks, to try when a server's answer names none. */
export function olderThan(version: ApiVersion): ApiVersion | undefined {
	const at = API_VERSIONS.indexOf(version);
	return at > 0 ? API_VERSIONS[at - 1] : undefined;
}

export const NEWEST_API_VERSION: ApiVersion = API_VERSIONS[API_VERSIONS.length - 1];

export function sameEnum(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
