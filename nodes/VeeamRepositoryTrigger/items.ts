/**
 * Output items: one per event, with a sentence a chat step can post as it is. Built only from the
 * repository state VBR returned, the settings and the server's base URL: nothing of the credential
 * (password, token) can reach an item.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { DetectedEvent } from './detect';

function round(value: number, decimals: number): number {
	const f = 10 ** decimals;
	return Math.round(value * f) / f;
}

/** 512 GB, 1.83 TB. */
export function formatSize(gb: number): string {
	if (Math.abs(gb) >= 1024) return `${round(gb / 1024, 2)} TB`;
	return `${round(gb, 2)} GB`;
}

function num(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function statusText(value: unknown): string {
	return Array.isArray(value) && value.length > 0 ? value.join(' + ') : 'unknown';
}

/** The server's host name for messages: `https://vbr01.lab.local:9419` → `vbr01.lab.local`. */
export function hostOf(serverUrl: string): string {
	return serverUrl.replace(/^[a-z]+:\/\//i, '').replace(/:\d+$/, '');
}

/** "6.25 % free (512 GB of 8 TB)", or "" when the capacity is unknown. */
function freeText(repository: IDataObject): string {
	const percent = num(repository.freePercent);
	const free = num(repository.freeGB);
	const capacity = num(repository.capacityGB);
	if (percent === null || free === null || capacity === null) return '';
	return `${percent} % free (${formatSize(free)} of ${formatSize(capacity)})`;
}

function thresholdText(threshold: IDataObject | null, repository: IDataObject): string {
	const percent = num(threshold?.freePercent);
	const gb = num(threshold?.freeGB);
	const freePercent = num(repository.freePercent);
	const free = num(repository.freeGB);
	const parts: string[] = [];
	if (percent !== null && (freePercent === null || freePercent < percent))
		parts.push(`${percent} %`);
	if (gb !== null && (free === null || free < gb)) parts.push(formatSize(gb));
	if (parts.length === 0 && percent !== null) parts.push(`${percent} %`);
	if (parts.length === 0 && gb !== null) parts.push(formatSize(gb));
	return parts.length > 1 ? `${parts.join(' and ')} thresholds` : `${parts[0]} threshold`;
}

function recoveryText(threshold: IDataObject | null): string {
	const parts: string[] = [];
	const percent = num(threshold?.freePercent);
	const gb = num(threshold?.freeGB);
	if (percent !== null) parts.push(`${percent} %`);
	if (gb !== null) parts.push(formatSize(gb));
	return parts.join(' and ');
}

function days(value: number): string {
	if (value < 1) return 'less than a day';
	const rounded = round(value, 1);
	return `${rounded} day${rounded === 1 ? '' : 's'}`;
}

/** "immutable for 30 days (bucket.immutability)", "not immutable". */
function immutabilityText(value: unknown): string {
	const summary = (value ?? {}) as IDataObject;
	if (summary.enabled !== true) return 'not immutable';
	const period = num(summary.days) === null ? '' : ` for ${String(summary.days)} days`;
	const governance = summary.governance === true ? ' in governance mode' : '';
	const mode = typeof summary.mode === 'string' ? `, ${summary.mode}` : '';
	return `immutable${period}${governance}${mode}`;
}

/** "repository.maxTaskCount: 4 → 8; description: "a" → "b"" (the first three, then a count). */
function changesText(changes: IDataObject[] | undefined): string {
	const list = changes ?? [];
	const shown = list
		.slice(0, 3)
		.map(
			(c) =>
				`${String(c.path)}: ${JSON.stringify(c.previous ?? null)} → ${JSON.stringify(c.current ?? null)}`,
		);
	const more = list.length > 3 ? `; and ${list.length - 3} more` : '';
	return `${shown.join('; ')}${more}`;
}

function immutabilityMessage(event: DetectedEvent, name: string, host: string): string {
	const before = immutabilityText(event.previous?.immutability);
	const now = immutabilityText(event.immutability);
	switch (event.event) {
		case 'immutabilityDisabled':
			return `Immutability was disabled on repository ${name} on ${host}: it was ${before}, now its backups are not protected from deletion.`;
		case 'immutabilityReduced':
			return `The immutable period of repository ${name} on ${host} was shortened: it was ${before}, now ${now}.`;
		default:
			return `Immutability of repository ${name} on ${host} changed: it was ${before}, now ${now}.`;
	}
}

/**
 * What a capacity event is about: `Repository "A"`, `The volume shared by "A", "B" and "C"`
 * (Group Repositories on the Same Volume) or `Scale-out repository "S" (2 of 3 extents taking
 * new backups)` (Scale-Out Repositories as a Whole).
 */
function capacitySubject(event: DetectedEvent): string {
	const quoted = (value: unknown) => `"${String(value ?? '')}"`;
	const members = event.volume?.repositories;
	if (Array.isArray(members)) {
		const names = members.map((m) => quoted((m as IDataObject).name));
		return `The volume shared by ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
	}
	if (event.extents !== undefined) {
		const counted = event.extents.filter((e) => e.counted === true).length;
		return `Scale-out repository ${quoted(event.repository.name)} (${counted} of ${event.extents.length} extents taking new backups)`;
	}
	return `Repository ${quoted(event.repository.name)}`;
}

export function eventMessage(event: DetectedEvent, serverUrl: string): string {
	const repository = event.repository;
	const host = hostOf(serverUrl);
	const name = `"${String(repository.name ?? '')}"`;
	const subject = capacitySubject(event);
	const free = freeText(repository);
	switch (event.event) {
		case 'lowFreeSpace':
			return `${subject} on ${host} is low on free space: ${free || 'free space unknown'}, below the ${thresholdText(event.threshold, repository)}.`;
		case 'freeSpaceRecovered':
			return `${subject} on ${host} has enough free space again: ${free || 'free space unknown'}, back above ${recoveryText(event.threshold)}.`;
		case 'wentOffline':
			return `Repository ${name} on ${host} went offline.`;
		case 'cameOnline':
			return `Repository ${name} on ${host} is back online.`;
		case 'becameOutOfDate':
			return `Repository ${name} on ${host} is out of date: its Veeam components need an upgrade.`;
		case 'repositoryAdded':
			return `Repository ${name} (${String(repository.type ?? '')}) was added on ${host}${free ? `: ${free}` : ''}.`;
		case 'repositoryRemoved':
			return `Repository ${name} (${String(repository.type ?? '')}) was removed from ${host}.`;
		case 'extentStatusChanged': {
			const sobr = event.extent?.scaleOutRepositoryName;
			const of =
				typeof sobr === 'string' && sobr !== '' ? ` of scale-out repository "${sobr}"` : '';
			const now = statusText(event.extent?.status);
			return event.previous === null
				? `Extent ${name}${of} on ${host} is in status ${now}.`
				: `Extent ${name}${of} on ${host} changed from ${statusText(event.previous.status)} to ${now}.`;
		}
		case 'immutabilityDisabled':
		case 'immutabilityReduced':
		case 'immutabilityChanged':
			return immutabilityMessage(event, name, host);
		case 'repositorySettingsChanged': {
			const count = event.changes?.length ?? 0;
			return `Repository ${name} on ${host}: ${count} setting${count === 1 ? '' : 's'} changed (${changesText(event.changes)}).`;
		}
		case 'forecastFull': {
			const daysLeft = num(event.forecast?.daysUntilFull);
			const trend = num(event.forecast?.trendGBPerDay);
			const freeGB = num(repository.freeGB);
			if (daysLeft === null || trend === null) {
				return `${subject} on ${host} is forecast to be full within ${String(event.threshold?.forecastDays)} days.`;
			}
			const when = String(event.forecast?.fullAt ?? '').slice(0, 10);
			return `${subject} on ${host} is forecast to be full in ${days(daysLeft)}${when ? ` (around ${when})` : ''}: free space falls by ${formatSize(-trend)} a day, ${freeGB === null ? 'unknown' : formatSize(freeGB)} free now.`;
		}
	}
	return `Repository ${name} on ${host}: ${String(event.event)}.`;
}

export interface ItemContext {
	serverUrl: string;
	detectedAt: string;
	/** Fetch Test Event had no real occurrence and built this one from a repository. */
	sample?: boolean;
}

export function buildItem(event: DetectedEvent, context: ItemContext): INodeExecutionData {
	const message = eventMessage(event, context.serverUrl);
	const json: IDataObject = {
		event: event.event,
		message: context.sample
			? `Test event (nothing currently matches; built from a real repository): ${message}`
			: message,
		repository: event.repository,
		previous: event.previous,
		threshold: event.threshold,
	};
	if (event.extent !== undefined) json.extent = event.extent;
	if (event.forecast !== undefined) json.forecast = event.forecast;
	if (event.immutability !== undefined) json.immutability = event.immutability;
	if (event.changes !== undefined) json.changes = event.changes;
	if (event.volume !== undefined) json.volume = event.volume;
	if (event.extents !== undefined) json.extents = event.extents;
	json.detectedAt = context.detectedAt;
	json.serverUrl = context.serverUrl;
	if (context.sample) json.sample = true;
	return { json };
}
