/** Step: Forecast Full, and the free-space samples it is computed from. */
import { forecastOf, freeOf } from './details';
import type { Forecast, ForecastPoint } from './forecast';
import { forecastFromPoints } from './forecast';
import type { TriggerSettings } from './settings';
import type { Snapshot } from './snapshot';
import { MAX_SAMPLES, round2 } from './snapshot';
import type { Step } from './step';
import { advance } from './step';

/** This poll's sample times, shared by all repositories. */
export interface ForecastSampling {
	/** Forecast Full is selected. */
	on: boolean;
	/** This poll adds a sample. */
	sampling: boolean;
	/** Sample times (minutes since the epoch) after this poll, oldest first. */
	times: number[];
}

/**
 * One sample every window/(MAX_SAMPLES-1) minutes (10 % early is fine: polls jitter), only those
 * inside the window, at most MAX_SAMPLES.
 */
export function planSampling(
	previous: Snapshot | undefined,
	settings: TriggerSettings,
	now: number,
): ForecastSampling {
	const on = settings.events.has('forecastFull');
	const nowMinute = Math.floor(now / 60000);
	const windowMinutes = settings.forecastWindowHours * 60;
	const oldTimes = on && previous ? previous.sampleTimes : [];
	const lastTime = oldTimes[oldTimes.length - 1];
	const sampling =
		on &&
		(lastTime === undefined || nowMinute - lastTime >= (0.9 * windowMinutes) / (MAX_SAMPLES - 1));
	let times = sampling ? [...oldTimes, nowMinute] : oldTimes.slice();
	let firstKept = 0;
	while (firstKept < times.length && times[firstKept] < nowMinute - windowMinutes) firstKept++;
	times = times.slice(Math.max(firstKept, times.length - MAX_SAMPLES));
	return { on, sampling, times };
}

/** A repository's free-GB history after this poll, aligned to the end of the sample times. */
export function nextHistory(
	plan: ForecastSampling,
	old: Array<number | null> | undefined,
	value: number | null,
): Array<number | null> | undefined {
	let history = old ? old.slice() : [];
	if (plan.sampling) history.push(value);
	if (history.length > plan.times.length)
		history = history.slice(history.length - plan.times.length);
	return history.length > 0 ? history : undefined;
}

function forecastNow(
	plan: ForecastSampling,
	history: Array<number | null> | undefined,
	free: number | null,
	now: number,
	settings: TriggerSettings,
): Forecast | undefined {
	if (!history || free === null) return undefined;
	const points: ForecastPoint[] = [];
	const offset = plan.times.length - history.length;
	history.forEach((value, j) => {
		if (value !== null) points.push({ minute: plan.times[offset + j], freeGB: value });
	});
	if (!plan.sampling) points.push({ minute: now / 60000, freeGB: free });
	return forecastFromPoints(points, free, settings.forecastWindowHours);
}

/**
 * Only for watched repositories while the event is selected. Fires within Forecast Days; re-arms
 * once the trend says more than twice that.
 */
export const forecastFull: Step = (r, { forecast: plan, settings, now }) => {
	const { rec } = r;
	if (!plan.on || !r.watched) {
		rec.history = undefined;
		rec.reported.forecast = false;
		rec.streaks.forecast = 0;
		return;
	}
	const free = r.freeGB === null || r.freeGB < 0 ? null : round2(r.freeGB);
	rec.history = nextHistory(plan, r.old?.history, free);
	const forecast = forecastNow(plan, rec.history, free, now, settings);
	const limit = rec.reported.forecast ? 2 * settings.forecastDays : settings.forecastDays;
	const full =
		forecast === undefined
			? undefined
			: forecast.daysUntilFull !== null && forecast.daysUntilFull <= limit;
	if (advance(rec, 'forecast', full, r.polls) && full && forecast) {
		r.emit('forecastFull', {
			previous: freeOf(r.old),
			threshold: { forecastDays: settings.forecastDays },
			forecast: forecastOf(forecast, now, settings),
		});
	}
};
