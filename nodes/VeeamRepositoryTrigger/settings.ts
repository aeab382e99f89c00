import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { compileNamePatterns, matchesAny } from './patterns';

export const EVENT_NAMES = [
	'lowFreeSpace',
	'freeSpaceRecovered',
	'wentOffline',
	'cameOnline',
	'becameOutOfDate',
	'repositoryAdded',
	'repositoryRemoved',
	'extentStatusChanged',
	'forecastFull',
] as const;

export type TriggerEvent = (typeof EVENT_NAMES)[number];

/** Everything except the forecast, which needs a few polls of history before it can say anything. */
export const DEFAULT_EVENTS: TriggerEvent[] = EVENT_NAMES.filter((e) => e !== 'forecastFull');

export const DEFAULTS = {
	freeSpaceThresholdPercent: 10,
	freeSpaceThresholdGB: 0,
	recoveryMarginPercent: 5,
	sustainedForPolls: 1,
	forecastDays: 7,
	forecastWindowHours: 24,
	/**
	 * Larger than VBR's default page of 200: the trigger always reads every repository, so each
	 * page saved is a round trip saved on every poll (10,000 repositories: 10 requests instead of
	 * 50), and a list that fits in one page is read atomically. Servers that cap pages lower are
	 * handled by fetchPages (short pages are followed, not treated as the end).
	 */
	pageSize: 1000,
};

export interface TriggerSettings {
	events: ReadonlySet<TriggerEvent>;
	/** 0 turns the percentage threshold off. */
	freeSpaceThresholdPercent: number;
	/** 0 turns the GB threshold off. */
	freeSpaceThresholdGB: number;
	/** Percentage points of capacity above the thresholds that free space must reach to recover. */
	recoveryMarginPercent: number;
	sustainedForPolls: number;
	forecastDays: number;
	forecastWindowHours: number;
	emitCurrentProblems: boolean;
	pageSize: number;
	/** Whether events of this repository are reported (name and type filters). */
	isWatched(name: string, type: string): boolean;
}

/** Parameter values as the node holds them (numbers may arrive as strings from expressions). */
export interface SettingsInput {
	events?: unknown;
	freeSpaceThresholdPercent?: unknown;
	forecastDays?: unknown;
	options?: IDataObject;
}

function toList(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value.trim() !== '')
		return value.split(',').map((v) => v.trim());
	return [];
}

function numberOr(value: unknown, fallback: number): number {
	if (value === undefined || value === null || value === '') return fallback;
	return Number(value);
}

/** Checks and normalises the parameters; returns a message naming the field when one is wrong. */
export function createSettings(
	input: SettingsInput,
): { settings: TriggerSettings; problem?: undefined } | { settings?: undefined; problem: string } {
	const options = input.options ?? {};
	const rawEvents = input.events === undefined ? DEFAULT_EVENTS : toList(input.events);
	const unknown = rawEvents.filter((e) => !(EVENT_NAMES as readonly string[]).includes(e));
	if (unknown.length > 0) return { problem: `Unknown event(s): ${unknown.join(', ')}` };
	const events = new Set(rawEvents as TriggerEvent[]);
	if (events.size === 0) return { problem: 'Select at least one event to watch' };

	const freeSpaceThresholdPercent = numberOr(
		input.freeSpaceThresholdPercent,
		DEFAULTS.freeSpaceThresholdPercent,
	);
	const freeSpaceThresholdGB = numberOr(
		options.freeSpaceThresholdGB,
		DEFAULTS.freeSpaceThresholdGB,
	);
	const recoveryMarginPercent = numberOr(
		options.recoveryMarginPercent,
		DEFAULTS.recoveryMarginPercent,
	);
	const sustainedForPolls = numberOr(options.sustainedForPolls, DEFAULTS.sustainedForPolls);
	const forecastDays = numberOr(input.forecastDays, DEFAULTS.forecastDays);
	const forecastWindowHours = numberOr(options.forecastWindowHours, DEFAULTS.forecastWindowHours);
	const pageSize = numberOr(options.pageSize, DEFAULTS.pageSize);

	if (!(freeSpaceThresholdPercent >= 0 && freeSpaceThresholdPercent <= 100)) {
		return { problem: 'Free Space Threshold (%) must be a number from 0 to 100' };
	}
	if (!(freeSpaceThresholdGB >= 0) || !Number.isFinite(freeSpaceThresholdGB)) {
		return { problem: 'Free Space Threshold (GB) must be a number of at least 0' };
	}
	if (!(recoveryMarginPercent >= 0 && recoveryMarginPercent <= 100)) {
		return { problem: 'Recovery Margin (%) must be a number from 0 to 100' };
	}
	if (!Number.isInteger(sustainedForPolls) || sustainedForPolls < 1 || sustainedForPolls > 1000) {
		return { problem: 'Sustained For (Polls) must be a whole number from 1 to 1000' };
	}
	if (!(forecastDays > 0) || !Number.isFinite(forecastDays)) {
		return { problem: 'Forecast Days must be a number greater than 0' };
	}
	if (!(forecastWindowHours >= 0.1 && forecastWindowHours <= 24 * 90)) {
		return { problem: 'Forecast Window (Hours) must be a number from 0.1 to 2160' };
	}
	if (!Number.isInteger(pageSize) || pageSize < 1) {
		return { problem: 'Page Size must be a whole number of at least 1' };
	}
	const capacityEvents = events.has('lowFreeSpace') || events.has('freeSpaceRecovered');
	if (capacityEvents && freeSpaceThresholdPercent === 0 && freeSpaceThresholdGB === 0) {
		return {
			problem:
				'Low Free Space and Free Space Recovered need a threshold: set Free Space Threshold (%) or Free Space Threshold (GB) above 0',
		};
	}

	const includeNames = compileNamePatterns(options.includeNames);
	const excludeNames = compileNamePatterns(options.excludeNames);
	const includeTypes = new Set(toList(options.includeTypes).map((t) => t.toLowerCase()));
	const excludeTypes = new Set(toList(options.excludeTypes).map((t) => t.toLowerCase()));
	const filtered =
		includeNames.length + excludeNames.length + includeTypes.size + excludeTypes.size > 0;

	return {
		settings: {
			events,
			freeSpaceThresholdPercent,
			freeSpaceThresholdGB,
			recoveryMarginPercent,
			sustainedForPolls,
			forecastDays,
			forecastWindowHours,
			emitCurrentProblems: options.emitCurrentProblems === true,
			pageSize,
			isWatched: filtered
				? (name, type) => {
						const t = type.toLowerCase();
						if (includeTypes.size > 0 && !includeTypes.has(t)) return false;
						if (excludeTypes.has(t)) return false;
						if (includeNames.length > 0 && !matchesAny(includeNames, name)) return false;
						return !matchesAny(excludeNames, name);
					}
				: () => true,
		},
	};
}

export function readSettings(ctx: IPollFunctions): TriggerSettings {
	const result = createSettings({
		events: ctx.getNodeParameter('events', DEFAULT_EVENTS),
		freeSpaceThresholdPercent: ctx.getNodeParameter(
			'freeSpaceThresholdPercent',
			DEFAULTS.freeSpaceThresholdPercent,
		),
		forecastDays: ctx.getNodeParameter('forecastDays', DEFAULTS.forecastDays),
		options: ctx.getNodeParameter('options', {}) as IDataObject,
	});
	if (result.settings === undefined) {
		throw new NodeOperationError(ctx.getNode(), result.problem, {
			description: 'Fix the Veeam Repository Trigger parameters; nothing was read from VBR.',
		});
	}
	return result.settings;
}
