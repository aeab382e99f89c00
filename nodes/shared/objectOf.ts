import type { IDataObject } from 'n8n-workflow';

/** A JSON object field as an object; anything else (missing, null, a list, a value) as `{}`. */
export const objectOf = (value: unknown): IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: {};
