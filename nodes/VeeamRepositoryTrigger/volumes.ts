/**
 * Group Repositories on the Same Volume: repositories of one host that report the same capacity
 * and free space in the same poll sit on one volume (VBR reports the volume's numbers for each),
 * so one full disk would fire one Low Free Space per repository. Their capacity events of a poll
 * become one event for the volume that lists all its repositories. Object storage (capacity
 * unknown) is never grouped. Runs after detection: what is tracked per repository is unchanged.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RepositoryStateModel } from '../shared/types';
import type { DetectedEvent } from './detect';
import type { TriggerEvent } from './settings';

const CAPACITY_EVENTS: ReadonlySet<TriggerEvent> = new Set([
	'lowFreeSpace',
	'freeSpaceRecovered',
	'forecastFull',
]);

function volumeKey(state: IDataObject): string | undefined {
	const host = typeof state.hostId === 'string' ? state.hostId.toLowerCase() : '';
	const { capacityGB, freeGB } = state;
	if (host === '' || typeof capacityGB !== 'number' || typeof freeGB !== 'number') return undefined;
	if (!(capacityGB > 0) || !Number.isFinite(freeGB)) return undefined;
	return `${host}|${capacityGB}|${freeGB}`;
}

/** Volume key → its repositories, for the volumes that hold more than one. */
function sharedVolumes(states: RepositoryStateModel[]): Map<string, RepositoryStateModel[]> {
	const byKey = new Map<string, RepositoryStateModel[]>();
	for (const state of states) {
		const key = volumeKey(state);
		if (key === undefined) continue;
		const members = byKey.get(key);
		if (members === undefined) byKey.set(key, [state]);
		else members.push(state);
	}
	for (const [key, members] of byKey) if (members.length < 2) byKey.delete(key);
	return byKey;
}

function volumeOf(members: RepositoryStateModel[]): IDataObject {
	const first = members[0];
	return {
		hostId: first.hostId ?? null,
		hostName: first.hostName ?? null,
		capacityGB: first.capacityGB,
		freeGB: first.freeGB,
		repositories: members.map((m) => ({ id: m.id, name: m.name, type: m.type })),
	};
}

/** The poll's events with each volume's capacity events of one kind merged into the first. */
export function groupByVolume(
	events: DetectedEvent[],
	states: RepositoryStateModel[],
): DetectedEvent[] {
	const volumes = sharedVolumes(states);
	if (volumes.size === 0) return events;
	const merged = new Map<string, DetectedEvent>();
	const out: DetectedEvent[] = [];
	for (const event of events) {
		const key = CAPACITY_EVENTS.has(event.event) ? volumeKey(event.repository) : undefined;
		const members = key === undefined ? undefined : volumes.get(key);
		if (key === undefined || members === undefined) {
			out.push(event);
			continue;
		}
		if (merged.has(`${event.event}|${key}`)) continue;
		const grouped = { ...event, volume: volumeOf(members) };
		merged.set(`${event.event}|${key}`, grouped);
		out.push(grouped);
	}
	return out;
}
