/**
 * "When will this repository be full?" from free space sampled over recent polls: a least-squares
 * line through (time, free GB), extrapolated from the current free space. Pure arithmetic.
 */
export const MINUTES_PER_DAY = 1440;

export interface ForecastPoint {
	/** Minutes since the epoch. */
	minute: number;
	freeGB: number;
}

export interface Forecast {
	/** Free GB per day; negative while the repository fills. */
	trendGBPerDay: number;
	/** null when free space is not falling. */
	daysUntilFull: number | null;
	samples: number;
	spanHours: number;
}

/**
 * Needs at least three points spread over at least a quarter of the window; fewer say nothing
 * about a trend (undefined).
 */
export function forecastFromPoints(
	points: ForecastPoint[],
	currentFreeGB: number,
	windowHours: number,
): Forecast | undefined {
	if (points.length < 3) return undefined;
	const first = points[0].minute;
	const span = points[points.length - 1].minute - first;
	if (span <= 0 || span < (windowHours * 60) / 4) return undefined;
	let sx = 0;
	let sy = 0;
	for (const p of points) {
		sx += p.minute - first;
		sy += p.freeGB;
	}
	const mx = sx / points.length;
	const my = sy / points.length;
	let sxy = 0;
	let sxx = 0;
	for (const p of points) {
		const dx = p.minute - first - mx;
		sxy += dx * (p.freeGB - my);
		sxx += dx * dx;
	}
	if (sxx === 0) return undefined;
	const trendGBPerDay = (sxy / sxx) * MINUTES_PER_DAY;
	const daysUntilFull = trendGBPerDay < 0 ? Math.max(0, currentFreeGB) / -trendGBPerDay : null;
	return {
		trendGBPerDay,
		daysUntilFull,
		samples: points.length,
		spanHours: span / 60,
	};
}
