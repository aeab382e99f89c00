import type { ApiVersion } from './types';
import { API_VERSIONS } from './types';

/** 1.3-rev0 added states filters, typeFilter arrays, excludeExtents and the split mountServer model. */
export function isAtLeast13(version: ApiVersion): boolean {
	return version !== '1.2-rev1';
}

export function toApiVersion(value: unknown): ApiVersion {
	return API_VERSIONS.includes(value as ApiVersion) ? (value as ApiVersion) : '1.3-rev1';
}

export function sameEnum(a: unknown, b: string): boolean {
	return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}
