import type { IDataObject, IPollFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { repositoryTypeKey } from '../shared/repositoryTypes';
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
	'immutabilityDisabled',
	'immutabilityReduced',
	'immutabilityChanged',
	'repositorySettingsChanged',
] as const;

export type TriggerEvent = (typeof EVENT_NAMES)[number];

/** The events that need the repository models (one more paginated read per poll). */
export const REPOSITORY_MODEL_EVENTS: readonly TriggerEvent[] = [
	'immutabilityDisabled',
	'immutabilityReduced',
	'immutabilityChanged',
	'repositorySettingsChanged',
];

/**
 * What a trigger watches when the user changed nothing: not the forecast (it needs a few polls of
 * history before it can say anything) and not the events that cost another read per poll, so a
 * trigger saved before they existed keeps its request count.
 */
export const DEFAULT_EVENTS: TriggerEvent[] = EVENT_NAMES.filter(
	(e) => e !== 'forecastFull' && !REPOSITORY_MODEL_EVENTS.includes(e),
);

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
	/** Group Repositories on the Same Volume: one capacity event per shared volume. */
	groupByVolume: boolean;
	/** Scale-Out Repositories as a Whole: capacity events for each scale-out repository too. */
	scaleOutAsWhole: boolean;
	/** The name filters alone (a whole scale-out repository has no repository type). */
	isNameWatched(name: string): boolean;
	/** Whether a selected event needs the repository models (GET repositories). */
	readsRepositories: boolean;
	/** Whether Repository Settings Changed reports a change of this field (Include/Exclude Fields). */
	isDriftField(path: string): boolean;
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

type Outcome<T> = { value: T; problem?: undefined } | { value?: undefined; problem: string };

function readEvents(value: unknown): Outcome<Set<TriggerEvent>> {
	const rawEvents = value === undefined ? DEFAULT_EVENTS : toList(value);
	const unknown = rawEvents.filter((e) => !(EVENT_NAMES as readonly string[]).includes(e));
	if (unknown.length > 0) return { problem: `Unknown event(s): ${unknown.join(', ')}` };
	const events = new Set(rawEvents as TriggerEvent[]);
	if (events.size === 0) return { problem: 'Select at least one event to watch' };
	return { value: events };
}

type NumericSetting = keyof typeof DEFAULTS;

/**
 * Each number the trigger reads, where it comes from (a top-level parameter or Options) and what a valid
 * value is. A table, so a new number is one line, and every message names the field as the UI shows it.
 */
const NUMERIC_RULES: Array<{
	key: NumericSetting;
	topLevel?: true;
	valid: (n: number) => boolean;
	problem: string;
}> = [
	{
		key: 'freeSpaceThresholdPercent',
		topLevel: true,
		valid: (n) => n >= 0 && n <= 100,
		problem: 'Free Space Threshold (%) must be a number from 0 to 100',
	},
	{
		key: 'freeSpaceThresholdGB',
		valid: (n) => n >= 0 && Number.isFinite(n),
		problem: 'Free Space Threshold (GB) must be a number of at least 0',
	},
	{
		key: 'recoveryMarginPercent',
		valid: (n) => n >= 0 && n <= 100,
		problem: 'Recovery Margin (%) must be a number from 0 to 100',
	},
	{
		key: 'sustainedForPolls',
		valid: (n) => Number.isInteger(n) && n >= 1 && n <= 1000,
		problem: 'Sustained For (Polls) must be a whole number from 1 to 1000',
	},
	{
		key: 'forecastDays',
		topLevel: true,
		valid: (n) => n > 0 && Number.isFinite(n),
		problem: 'Forecast Days must be a number greater than 0',
	},
	{
		key: 'forecastWindowHours',
		valid: (n) => n >= 0.1 && n <= 24 * 90,
		problem: 'Forecast Window (Hours) must be a number from 0.1 to 2160',
	},
	{
		key: 'pageSize',
		valid: (n) => Number.isInteger(n) && n >= 1,
		problem: 'Page Size must be a whole number of at least 1',
	},
];

function readNumbers(input: SettingsInput): Outcome<typeof DEFAULTS> {
	const options = input.options ?? {};
	const topLevel: IDataObject = {
		freeSpaceThresholdPercent: input.freeSpaceThresholdPercent as IDataObject[string],
		forecastDays: input.forecastDays as IDataObject[string],
	};
	const numbers = { ...DEFAULTS };
	for (const rule of NUMERIC_RULES) {
		const value = numberOr((rule.topLevel ? topLevel : options)[rule.key], DEFAULTS[rule.key]);
		if (!rule.valid(value)) return { problem: rule.problem };
		numbers[rule.key] = value;
	}
	return { value: numbers };
}

/** An Include/Exclude pair of comma-separated `*` patterns as one predicate (all when both empty). */
function includeExclude(include: unknown, exclude: unknown): (value: string) => boolean {
	const included = compileNamePatterns(include);
	const excluded = compileNamePatterns(exclude);
	if (included.length + excluded.length === 0) return () => true;
	return (value) =>
		(included.length === 0 || matchesAny(included, value)) && !matchesAny(excluded, value);
}

/** The name and type filters as one predicate; no filter at all is the cheapest predicate. */
function watchFilter(
	options: IDataObject,
	isNameWatched: (name: string) => boolean,
): TriggerSettings['isWatched'] {
	const includeTypes = new Set(toList(options.includeTypes).map(repositoryTypeKey));
	const excludeTypes = new Set(toList(options.excludeTypes).map(repositoryTypeKey));
	if (includeTypes.size + excludeTypes.size === 0) return isNameWatched;
	return (name, type) => {
		const t = repositoryTypeKey(type);
		if (includeTypes.size > 0 && !includeTypes.has(t)) return false;
		return !excludeTypes.has(t) && isNameWatched(name);
	};
}

/** Checks and normalises the parameters; returns a message naming the field when one is wrong. */
export function createSettings(
	input: SettingsInput,
): { settings: TriggerSettings; problem?: undefined } | { settings?: undefined; problem: string } {
	const options = input.options ?? {};
	const events = readEvents(input.events);
	if (events.value === undefined) return { problem: events.problem };
	const numbers = readNumbers(input);
	if (numbers.value === undefined) return { problem: numbers.problem };

	const isNameWatched = includeExclude(options.includeNames, options.excludeNames);
	const capacityEvents = events.value.has('lowFreeSpace') || events.value.has('freeSpaceRecovered');
	const { freeSpaceThresholdPercent, freeSpaceThresholdGB } = numbers.value;
	if (capacityEvents && freeSpaceThresholdPercent === 0 && freeSpaceThresholdGB === 0) {
		return {
			problem:
				'Low Free Space and Free Space Recovered need a threshold: set Free Space Threshold (%) or Free Space Threshold (GB) above 0',
		};
	}
	return {
		settings: {
			events: events.value,
			...numbers.value,
			emitCurrentProblems: options.emitCurrentProblems === true,
			groupByVolume: options.groupByVolume === true,
			scaleOutAsWhole: options.scaleOutAsWhole === true,
			isNameWatched,
			isWatched: watchFilter(options, isNameWatched),
			readsRepositories: REPOSITORY_MODEL_EVENTS.some((e) => events.value.has(e)),
			isDriftField: includeExclude(options.includeFields, options.excludeFields),
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
