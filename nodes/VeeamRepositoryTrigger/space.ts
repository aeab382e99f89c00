/** Steps: Low Free Space and Free Space Recovered (thresholds with hysteresis). */
import { lowThreshold, freeOf, recoveryGB, recoveryPercent, recoveryThreshold } from './details';
import type { TriggerSettings } from './settings';
import type { Step } from './step';
import { advance } from './step';

/**
 * Low free space with hysteresis: a repository in space turns low below either threshold; a low
 * one recovers only at the threshold plus the margin (percentage points of its capacity) on every
 * threshold that is set. Unknown capacity (0, -1) or free space: undefined, never low.
 */
export function observeLow(
	reportedLow: boolean,
	capacityGB: number | null,
	freeGB: number | null,
	freePercent: number | null,
	settings: TriggerSettings,
): boolean | undefined {
	if (capacityGB === null || freeGB === null || freePercent === null) return undefined;
	const percent = settings.freeSpaceThresholdPercent;
	const gb = settings.freeSpaceThresholdGB;
	if (percent === 0 && gb === 0) return undefined;
	if (!reportedLow) return (percent > 0 && freePercent < percent) || (gb > 0 && freeGB < gb);
	const recovered =
		(percent === 0 || freePercent >= recoveryPercent(settings)) &&
		(gb === 0 || freeGB >= recoveryGB(capacityGB, settings));
	return !recovered;
}

export const freeSpace: Step = (r, { settings, baseline }) => {
	const low = observeLow(r.rec.reported.low, r.capacityGB, r.freeGB, r.freePercent, settings);
	if (!advance(r.rec, 'low', low, r.polls) || (r.fresh && !r.problem)) return;
	if (low) {
		r.emit('lowFreeSpace', {
			previous: baseline ? null : freeOf(r.old),
			threshold: lowThreshold(settings),
		});
	} else {
		r.emit('freeSpaceRecovered', {
			previous: freeOf(r.old),
			threshold: recoveryThreshold(settings, r.capacityGB),
		});
	}
};
