import type { WindowInterval } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { INTERVAL_MS, windowStart } from '../metrics/intervals.js';
import { readSeries } from '../metrics/windows.js';
import { forecastSeries } from '../stats/forecast.js';
import { parseIntIn, parseMetric } from './input.js';
import type { PointModel } from './time-series.js';

export const MAX_HORIZON = 168;

/** Points of history a forecast learns from: 14 days of hours, 90 days, ~16 h of minutes (≤ 1,000). */
export const HISTORY_POINTS: Readonly<Record<WindowInterval, number>> = Object.freeze({
  MINUTE: 1000,
  HOUR: 14 * 24,
  DAY: 90,
});

/** The season Holt-Winters looks for: a day of hours, a week of days; none in minutes. */
const SEASON: Readonly<Record<WindowInterval, number | undefined>> = Object.freeze({
  MINUTE: undefined,
  HOUR: 24,
  DAY: 7,
});

export type ForecastMethod = 'HOLT' | 'HOLT_WINTERS';

interface Projection {
  method: ForecastMethod;
  points: PointModel[];
}

/**
 * The history ends with the last *complete* window: the current one is still filling, and as a
 * last point it would read as a sudden drop. The projection therefore starts at the current
 * window, whose estimate is not returned; the answer is the `horizon` windows after it.
 */
async function project(
  deps: Pick<AnalyticsDeps, 'db' | 'now'>,
  metric: string,
  interval: WindowInterval,
  horizon: number,
): Promise<Projection> {
  const ms = INTERVAL_MS[interval];
  const current = windowStart(deps.now(), interval);
  const historyFrom = new Date(current.getTime() - HISTORY_POINTS[interval] * ms);
  const history = await readSeries(deps, metric, interval, historyFrom, current);
  const seasonLength = SEASON[interval];
  const result = forecastSeries(
    history.map((point) => point.value),
    horizon + 1,
    seasonLength === undefined ? {} : { seasonLength },
  );
  const points = result.values.slice(1, horizon + 1).map((value, i) => ({
    at: new Date(current.getTime() + (i + 1) * ms),
    // Every metric (counts, durations, gauges of subscriptions) is non-negative.
    value: Math.max(0, value),
  }));
  return { method: result.method, points };
}

/** The next `horizon` (1–168) windows after the current one. */
export async function forecast(
  deps: Pick<AnalyticsDeps, 'db' | 'now'>,
  input: { metric: string; interval: WindowInterval; horizon: number },
): Promise<PointModel[]> {
  const metric = parseMetric(input.metric);
  const horizon = parseIntIn(input.horizon, 1, MAX_HORIZON, 'horizon');
  return (await project(deps, metric, input.interval, horizon)).points;
}

/** The method `forecast` would use now for this metric and interval. */
export async function forecastMethod(
  deps: Pick<AnalyticsDeps, 'db' | 'now'>,
  input: { metric: string; interval: WindowInterval },
): Promise<ForecastMethod> {
  const metric = parseMetric(input.metric);
  return (await project(deps, metric, input.interval, 1)).method;
}
