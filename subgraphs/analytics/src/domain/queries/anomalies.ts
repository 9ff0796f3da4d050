import { errors } from '@ukp/kit';
import type { WindowInterval } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { INTERVAL_MS, pointCount, windowStart } from '../metrics/intervals.js';
import { firstWindowAt, readSeries } from '../metrics/windows.js';
import { robustZScores } from '../stats/anomaly.js';
import { type DateInput, parseMetric, parseRange } from './input.js';
import { MAX_POINTS } from './time-series.js';

export interface AnomalyModel {
  metric: string;
  at: Date;
  value: number;
  expected: number;
  score: number;
}

const FINEST_FIRST: readonly WindowInterval[] = ['MINUTE', 'HOUR', 'DAY'];

/** The finest interval at which [from, to) holds at most `MAX_POINTS` points; null if none does. */
export function anomalyInterval(from: Date, to: Date): WindowInterval | null {
  return FINEST_FIRST.find((interval) => pointCount(from, to, interval) <= MAX_POINTS) ?? null;
}

/**
 * Points of [from, to) that the robust z-score flags, at the finest interval that keeps the range
 * within `MAX_POINTS`. The detector also sees `window` points of history before `from`, so the
 * first points of the range are judged against their real past, as the live detector judged them.
 */
export async function anomalies(
  deps: Pick<AnalyticsDeps, 'db' | 'config' | 'now'>,
  input: { metric: string; from: DateInput; to: DateInput },
): Promise<AnomalyModel[]> {
  const metric = parseMetric(input.metric);
  const { from, to } = parseRange(input.from, input.to);
  const interval = anomalyInterval(from, to);
  if (!interval) throw errors.badInput(`The range holds more than ${MAX_POINTS} days.`, 'from');

  const options = deps.config.anomaly;
  const start = windowStart(from, interval);
  const first = await firstWindowAt(deps, metric, interval);
  if (first === null || first >= to) return [];
  // The same history as the live detector's: from the metric's first window at the latest.
  const historyFrom = new Date(
    Math.max(start.getTime() - options.window * INTERVAL_MS[interval], first.getTime()),
  );
  const series = await readSeries(deps, metric, interval, historyFrom, to);
  const flagged = robustZScores(
    series.map((point) => point.value),
    options,
  );
  const out: AnomalyModel[] = [];
  for (const hit of flagged) {
    const point = series[hit.index];
    if (!point || point.at < start) continue;
    out.push({ metric, at: point.at, value: hit.value, expected: hit.expected, score: hit.score });
  }
  return out;
}
