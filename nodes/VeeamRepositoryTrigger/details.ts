/** What events carry besides the repository: previous values, thresholds, extent, forecast. */
import type { IDataObject } from 'n8n-workflow';

import { computeUsage } from '../shared/capacity';
import type { ExtentState } from '../shared/extentStatus';
import type { Forecast } from './forecast';
import { MINUTES_PER_DAY } from './forecast';
import type { TriggerSettings } from './settings';
import type { RepoRecord } from './snapshot';
import { round2 } from './snapshot';

/** The status of an extent with nothing set. */
export const NORMAL_EXTENT = 'Normal';

export function finiteOrNull(value: unknown): number | null {
	return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function recoveryPercent(settings: TriggerSettings): number {
	return Math.min(100, settings.freeSpaceThresholdPercent + settings.recoveryMarginPercent);
}

export function recoveryGB(capacityGB: number, settings: TriggerSettings): number {
	return settings.freeSpaceThresholdGB + (capacityGB * settings.recoveryMarginPercent) / 100;
}

export function lowThreshold(settings: TriggerSettings): IDataObject {
	return {
		freePercent: settings.freeSpaceThresholdPercent || null,
		freeGB: settings.freeSpaceThresholdGB || null,
	};
}

export function recoveryThreshold(
	settings: TriggerSettings,
	capacityGB: number | null,
): IDataObject {
	return {
		freePercent: settings.freeSpaceThresholdPercent ? recoveryPercent(settings) : null,
		freeGB:
			settings.freeSpaceThresholdGB && capacityGB !== null
				? round2(recoveryGB(capacityGB, settings))
				: null,
	};
}

/** Free space as the stored record knew it. */
export function freeOf(rec: RepoRecord | undefined): IDataObject | null {
	if (!rec) return null;
	return {
		freeGB: rec.freeGB,
		freePercent: computeUsage({ capacityGB: rec.capacityGB, freeGB: rec.freeGB }).freePercent,
	};
}

/** What a removed repository looked like when it was last listed. */
export function lastSeen(id: string, rec: RepoRecord): IDataObject {
	return {
		id,
		name: rec.name,
		type: rec.type,
		capacityGB: rec.capacityGB,
		freeGB: rec.freeGB,
		isOnline: rec.reported.online,
		...computeUsage({ capacityGB: rec.capacityGB, freeGB: rec.freeGB }),
	};
}

export function extentOf(ext: ExtentState): IDataObject {
	return {
		scaleOutRepositoryId: ext.scaleOutRepositoryId,
		scaleOutRepositoryName: ext.scaleOutRepositoryName,
		status: ext.status,
	};
}

export function forecastOf(
	forecast: Forecast,
	now: number,
	settings: TriggerSettings,
): IDataObject {
	const days = forecast.daysUntilFull;
	return {
		daysUntilFull: days === null ? null : round2(days),
		fullAt: days === null ? null : new Date(now + days * MINUTES_PER_DAY * 60000).toISOString(),
		trendGBPerDay: round2(forecast.trendGBPerDay),
		samples: forecast.samples,
		spanHours: round2(forecast.spanHours),
		forecastWindowHours: settings.forecastWindowHours,
	};
}
