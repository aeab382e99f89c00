/**
 * Step: Repository Settings Changed, configuration drift of a repository's model since the last
 * poll, field by field. Every field is tracked (Include/Exclude Fields apply only when an event is
 * reported, so changing them never invents a change); identity fields that cannot drift are not.
 */
import type { IDataObject } from 'n8n-workflow';

import type { SettingFields } from './snapshot';
import type { Step } from './step';
import { advanceValue, breakStreak } from './step';

/** Identity, not settings: VBR never changes them for one repository. */
const NOT_SETTINGS = new Set(['id', 'uniqueId', 'type']);

/** Leaves of the model as [path, JSON value], sorted by path; arrays are one value each. */
export function settingFields(model: IDataObject): SettingFields {
	const fields: SettingFields = [];
	const walk = (value: unknown, path: string) => {
		if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
			for (const [key, child] of Object.entries(value)) {
				walk(child, path === '' ? key : `${path}.${key}`);
			}
		} else if (value !== undefined) fields.push([path, JSON.stringify(value)]);
	};
	for (const [key, value] of Object.entries(model)) {
		if (!NOT_SETTINGS.has(key)) walk(value, key);
	}
	return fields.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** Compares two field lists; identical lists are the common case and cost one pass. */
export function sameFields(a: SettingFields, b: SettingFields): boolean {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) {
		if (a[i][0] !== b[i][0] || a[i][1] !== b[i][1]) return false;
	}
	return true;
}

/** FNV-1a of the fields: the pending change's key (a change must hold to count). */
export function fieldsKey(fields: SettingFields): string {
	let hash = 0x811c9dc5;
	for (const [path, value] of fields) {
		for (const text of [path, value]) {
			for (let i = 0; i < text.length; i++) {
				hash ^= text.charCodeAt(i);
				hash = Math.imul(hash, 0x01000193) >>> 0;
			}
			// A separator, so that ["ab", "c"] and ["a", "bc"] differ.
			hash = Math.imul(hash ^ 0xff, 0x01000193) >>> 0;
		}
	}
	return hash.toString(36);
}

const parse = (value: string | undefined): unknown =>
	value === undefined ? null : (JSON.parse(value) as unknown);

/** `[{ path, previous, current }]` for every field that differs, in path order. */
export function diffFields(
	before: SettingFields,
	now: SettingFields,
	include: (path: string) => boolean,
): IDataObject[] {
	const old = new Map(before);
	const current = new Map(now);
	const paths = [...new Set([...old.keys(), ...current.keys()])].sort();
	const changes: IDataObject[] = [];
	for (const path of paths) {
		if (old.get(path) === current.get(path) || !include(path)) continue;
		changes.push({
			path,
			previous: parse(old.get(path)) as IDataObject[string],
			current: parse(current.get(path)) as IDataObject[string],
		});
	}
	return changes;
}

export const settingsDrift: Step = (r, { observation, settings }) => {
	const { rec } = r;
	if (!settings.events.has('repositorySettingsChanged') || observation.repositories === undefined) {
		// Only this event needs the fields: not kept otherwise, taken as they are when selected.
		rec.settings = undefined;
		return;
	}
	const model = observation.repositories.get(r.id);
	if (model === undefined) {
		breakStreak(rec.settings);
		return;
	}
	const fields = settingFields(model);
	const track = rec.settings;
	if (track === undefined) {
		rec.settings = { reported: fields, streak: 0 };
		return;
	}
	const unchanged = sameFields(track.reported, fields);
	if (!advanceValue(track, unchanged, unchanged ? '' : fieldsKey(fields), r.polls)) return;
	const changes = diffFields(track.reported, fields, settings.isDriftField);
	track.reported = fields;
	if (changes.length > 0) r.emit('repositorySettingsChanged', { previous: null, threshold: null, changes });
};
