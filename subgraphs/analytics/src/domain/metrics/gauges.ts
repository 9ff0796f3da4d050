import type { Database } from '@ukp/kit';
import { and, eq, gte, inArray, lt } from 'drizzle-orm';
import { gaugeWindows, type WindowInterval } from '../../db/schema.js';
import { INTERVAL_MS } from './intervals.js';

/**
 * An instance whose latest reading is older than this has gone: a gateway reports its count of
 * subscriptions every 15 s at the least, so three missed reports are not a slow bus but a gateway
 * that stopped (a new start is a new instance).
 */
export const GAUGE_SILENCE_MS = 45_000;

interface Reading {
  instance: string;
  value: number;
  valueAt: number;
}

/**
 * A gauge several instances report, per window: for each window of the interval starting in
 * [start, end), the sum over instances of each one's latest reading as of the window's end (or
 * `now`, for the window still open), leaving out an instance silent for more than
 * `GAUGE_SILENCE_MS` by then. The silence is shorter than any window, so an instance's latest
 * reading is in the window or the one before: those rows are all that is read, one key range of
 * `gauge_windows` per call, (windows + 1) × instances rows. Keyed by metric, then window start
 * (epoch ms); every window is present, 0 where no instance counts.
 */
export async function gaugeTotals(
  db: Database,
  metrics: readonly string[],
  interval: WindowInterval,
  range: { start: number; end: number; now: number },
): Promise<Map<string, Map<number, number>>> {
  const width = INTERVAL_MS[interval];
  const totals = new Map<string, Map<number, number>>();
  if (metrics.length === 0 || range.end <= range.start) return totals;
  const rows = await db
    .select({
      metric: gaugeWindows.metric,
      at: gaugeWindows.at,
      instance: gaugeWindows.instance,
      value: gaugeWindows.value,
      valueAt: gaugeWindows.valueAt,
    })
    .from(gaugeWindows)
    .where(
      and(
        inArray(gaugeWindows.metric, [...metrics]),
        eq(gaugeWindows.interval, interval),
        gte(gaugeWindows.at, new Date(range.start - width)),
        lt(gaugeWindows.at, new Date(range.end)),
      ),
    );

  const byWindow = new Map<string, Map<number, Reading[]>>();
  for (const row of rows) {
    let windows = byWindow.get(row.metric);
    if (!windows) {
      windows = new Map();
      byWindow.set(row.metric, windows);
    }
    const at = row.at.getTime();
    const readings = windows.get(at) ?? [];
    readings.push({ instance: row.instance, value: row.value, valueAt: row.valueAt.getTime() });
    windows.set(at, readings);
  }

  for (const metric of metrics) {
    const windows = byWindow.get(metric);
    const perWindow = new Map<number, number>();
    for (let at = range.start; at < range.end; at += width) {
      // A window that has not begun has no reading yet, as it has no events.
      if (at > range.now) {
        perWindow.set(at, 0);
        continue;
      }
      const asOf = Math.min(at + width, range.now);
      const latest = new Map<string, Reading>();
      // The window's own readings are the newer ones: they are taken second and win.
      for (const reading of [...(windows?.get(at - width) ?? []), ...(windows?.get(at) ?? [])]) {
        latest.set(reading.instance, reading);
      }
      let total = 0;
      for (const reading of latest.values())
        if (reading.valueAt >= asOf - GAUGE_SILENCE_MS) total += reading.value;
      perWindow.set(at, total);
    }
    totals.set(metric, perWindow);
  }
  return totals;
}
