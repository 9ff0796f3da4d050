import type { Database } from '@ukp/kit';
import { and, eq, gte, inArray, lt, min } from 'drizzle-orm';
import { metricWindows, type WindowInterval } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { type MetricRead, metricRead } from './catalog.js';
import { gaugeTotals } from './gauges.js';
import { INTERVAL_MS, windowStart } from './intervals.js';
import { Sketch } from './sketch.js';

/** What reading windows takes: the database, and the clock (a gauge's open window is read as of now). */
export type WindowReader = Pick<AnalyticsDeps, 'db' | 'now'>;

type StoredRead = Exclude<MetricRead, { kind: 'gauge' }>;

/**
 * A metric's series over [from, to) at the interval: one point per window overlapping the range
 * (the first starts at `windowStart(from)`), zero where no window row exists. A gauge's point is
 * the total of its reporting instances as of the window's end (`gauges.ts`), whether or not it
 * changed in that window. The caller bounds the number of points.
 */
export async function readSeries(
  deps: WindowReader,
  metric: string,
  interval: WindowInterval,
  from: Date,
  to: Date,
): Promise<Array<{ at: Date; value: number }>> {
  const read = metricRead(metric);
  const start = windowStart(from, interval).getTime();
  const end = to.getTime();
  const now = deps.now().getTime();
  const byTime =
    read.kind === 'gauge'
      ? (await gaugeTotals(deps.db, [read.stored], interval, { start, end, now })).get(read.stored)
      : await storedValues(deps.db, read, interval, new Date(start), to);
  const points: Array<{ at: Date; value: number }> = [];
  for (let t = start; t < end; t += INTERVAL_MS[interval])
    points.push({ at: new Date(t), value: byTime?.get(t) ?? 0 });
  return points;
}

/** The stored windows of [start, to) by start time, read as `read` says: only the column it needs. */
async function storedValues(
  db: Database,
  read: StoredRead,
  interval: WindowInterval,
  start: Date,
  to: Date,
): Promise<Map<number, number>> {
  const where = and(
    eq(metricWindows.metric, read.stored),
    eq(metricWindows.interval, interval),
    gte(metricWindows.at, start),
    lt(metricWindows.at, to),
  );
  if (read.kind === 'quantile') {
    const rows = await db
      .select({ at: metricWindows.at, sketch: metricWindows.sketch })
      .from(metricWindows)
      .where(where);
    return new Map(rows.map((row) => [row.at.getTime(), Sketch.decode(row.sketch).quantile(read.q)]));
  }
  const rows = await db
    .select({ at: metricWindows.at, count: metricWindows.count })
    .from(metricWindows)
    .where(where);
  return new Map(rows.map((row) => [row.at.getTime(), row.count]));
}

/**
 * Each metric's value in the window starting at `windowStart(at)`: 0 where the window has no
 * row, a gauge its instances' total as of the window's end (or now). The result is keyed by the
 * names asked for (two names may share a stored metric: latency quantiles).
 */
export async function windowValues(
  deps: WindowReader,
  metrics: readonly string[],
  interval: WindowInterval,
  at: Date,
): Promise<Map<string, number>> {
  const values = new Map<string, number>();
  if (metrics.length === 0) return values;
  const start = windowStart(at, interval).getTime();
  const reads = new Map(metrics.map((name) => [name, metricRead(name)]));
  const storedOf = (gauge: boolean) => [
    ...new Set([...reads.values()].filter((r) => (r.kind === 'gauge') === gauge).map((r) => r.stored)),
  ];
  const stored = storedOf(false);
  const [rows, gauges] = await Promise.all([
    stored.length === 0
      ? Promise.resolve([])
      : deps.db
          .select({ metric: metricWindows.metric, count: metricWindows.count, sketch: metricWindows.sketch })
          .from(metricWindows)
          .where(
            and(
              inArray(metricWindows.metric, stored),
              eq(metricWindows.interval, interval),
              eq(metricWindows.at, new Date(start)),
            ),
          ),
    gaugeTotals(deps.db, storedOf(true), interval, {
      start,
      end: start + INTERVAL_MS[interval],
      now: deps.now().getTime(),
    }),
  ]);

  const byMetric = new Map(rows.map((row) => [row.metric, row]));
  for (const [name, read] of reads) {
    if (read.kind === 'gauge') {
      values.set(name, gauges.get(read.stored)?.get(start) ?? 0);
      continue;
    }
    const row = byMetric.get(read.stored);
    if (!row) values.set(name, 0);
    else values.set(name, read.kind === 'count' ? row.count : Sketch.decode(row.sketch).quantile(read.q));
  }
  return values;
}

/**
 * When the metric's first window of `interval` was stored; null if it never was. Anomaly
 * detection counts history from here: the windows before a metric existed are not zeros it was
 * seen at, so a new metric is not "anomalous" for appearing.
 */
export async function firstWindowAt(
  deps: Pick<AnalyticsDeps, 'db'>,
  metric: string,
  interval: WindowInterval,
): Promise<Date | null> {
  const [row] = await deps.db
    .select({ first: min(metricWindows.at) })
    .from(metricWindows)
    .where(and(eq(metricWindows.metric, metricRead(metric).stored), eq(metricWindows.interval, interval)));
  return row?.first ?? null;
}
