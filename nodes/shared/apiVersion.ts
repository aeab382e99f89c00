import type { ApiVersion } from './types';
import { API_VERSIONS } from './types';

/** 1.3-rev0 added states filters, typeFilter arrays, excludeExtents and the split mountServer model. */
export function isAtLeast13(version: ApiVersion): boolean {
	return version !== '1.2-rev1';
}

export function toApiVersion(value: unknown): ApiVersion {
	return API_VERSIONS.includes(value as ApiVersion) ? (value as ApiVersion) : '1.3-rev1';
}

/**
 * 1.3-rev0 publishes several enums in camelCase that 1.3-rev1 publishes in PascalCase
 * (`windows` vs `Windows`). Send the casing of the declared revision; read any casing.
 */
export function enumForVersion(value: string, version: ApiVersion): string {
	if (version === '1.3-rev0') return value.charAt(0).toLowerCase() + value.slice(1);
	return value;
}

export function sameEnum(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
