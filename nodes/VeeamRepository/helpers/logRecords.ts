import type { IDataObject } from 'n8n-workflow';

export interface LogInfoEntry extends IDataObject {
	field: string;
	data: string;
}

/**
 * A session log record with `additionalInfo` in one shape whatever the revision: a list of
 * `{ field, data }` (1.3-rev2's CommonMetaInfo; the string of 1.3-rev0/rev1 becomes one entry with
 * field "text") and `additionalInfoText`, the same as one line of text (1.3-rev2: "field: data; …").
 * 1.2-rev1 records have neither. A shape this node does not know is kept as VBR sent it.
 */
export function normalizeLogRecord(record: IDataObject): IDataObject {
	const info = record.additionalInfo;
	if (info === undefined || info === null) return record;
	if (typeof info === 'string') {
		return {
			...record,
			additionalInfo: info === '' ? [] : [{ field: 'text', data: info }],
			additionalInfoText: info,
		};
	}
	if (Array.isArray(info) && info.every(isEntry)) {
		return {
			...record,
			additionalInfo: info,
			additionalInfoText: info.map((entry) => `${entry.field}: ${entry.data}`).join('; '),
		};
	}
	return record;
}

function isEntry(value: unknown): value is LogInfoEntry {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof (value as IDataObject).field === 'string' &&
		typeof (value as IDataObject).data === 'string'
	);
}
