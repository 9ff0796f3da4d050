import { errors } from '@ukp/kit';
import type { WindowInterval } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { pointCount } from '../metrics/intervals.js';
import { readSeries } from '../metrics/windows.js';
import { type DateInput, parseMetric, parseRange } from './input.js';

/** The most points a series answer holds. */
export const MAX_POINTS = 1000;

export interface PointModel {
  at: Date;
  value: number;
}

/** A metric's series over [from, to): one point per window overlapping the range, gaps at zero. */
export async function timeSeries(
  deps: Pick<AnalyticsDeps, 'db' | 'now'>,
  input: { metric: string; interval: WindowInterval; from: DateInput; to: DateInput },
): Promise<PointModel[]> {
  const metric = parseMetric(input.metric);
  const { from, to } = parseRange(input.from, input.to);
  const points = pointCount(from, to, input.interval);
  if (points > MAX_POINTS) {
    throw errors.badInput(
      `The range holds ${points} points at ${input.interval}; at most ${MAX_POINTS}: use a coarser interval or a shorter range.`,
      'interval',
    );
  }
  return readSeries(deps, metric, input.interval, from, to);
}
