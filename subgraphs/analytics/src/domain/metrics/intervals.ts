import type { WindowInterval } from '../../db/schema.js';

/*
 * Window arithmetic, the one definition for ingestion (epoch ms in its hot loop) and the reads
 * (Dates): every window starts at a multiple of its width since the epoch, in UTC.
 */

/** Width of a window in milliseconds. UTC days are whole multiples of the epoch (no leap seconds). */
export const INTERVAL_MS: Readonly<Record<WindowInterval, number>> = Object.freeze({
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
});

export const DAY_MS = INTERVAL_MS.DAY;

/** Start (epoch ms) of the window holding the instant `ms` (UTC floor): ingestion's hot-loop form. */
export function windowStartMs(ms: number, interval: WindowInterval): number {
  const width = INTERVAL_MS[interval];
  return Math.floor(ms / width) * width;
}

/** Start of the window holding `at` (UTC floor). */
export function windowStart(at: Date, interval: WindowInterval): Date {
  return new Date(windowStartMs(at.getTime(), interval));
}

/** Start of the first window that begins at or after `at` (UTC ceiling). */
export function windowCeil(at: Date, interval: WindowInterval): Date {
  const ms = INTERVAL_MS[interval];
  return new Date(Math.ceil(at.getTime() / ms) * ms);
}

/** How many windows of the interval overlap [from, to): the points of a series over that range. */
export function pointCount(from: Date, to: Date, interval: WindowInterval): number {
  if (to <= from) return 0;
  const start = windowStart(from, interval).getTime();
  return Math.ceil((to.getTime() - start) / INTERVAL_MS[interval]);
}

/** A run of whole windows of one interval: rows with `from ≤ at < to`. */
export interface WindowSegment {
  interval: WindowInterval;
  from: Date;
  to: Date;
}

/**
 * The fewest window rows that cover every minute overlapping [from, to): minutes up to the first
 * whole hour, hours up to the first whole day, whole days, then hours and minutes again at the
 * far edge. A range of N days reads about N + 48 + 120 rows per metric, however many events it
 * holds, which is what keeps `kpis` flat in the raw event count.
 */
export function coverRange(from: Date, to: Date): WindowSegment[] {
  const a = windowStart(from, 'MINUTE');
  const b = windowCeil(to, 'MINUTE');
  if (b <= a) return [];
  const hA = windowCeil(a, 'HOUR');
  const hB = windowStart(b, 'HOUR');
  if (hA >= hB) return [{ interval: 'MINUTE', from: a, to: b }];
  const segments: WindowSegment[] = [];
  const push = (interval: WindowInterval, s: Date, e: Date) => {
    if (s < e) segments.push({ interval, from: s, to: e });
  };
  push('MINUTE', a, hA);
  const dA = windowCeil(hA, 'DAY');
  const dB = windowStart(hB, 'DAY');
  if (dA >= dB) {
    push('HOUR', hA, hB);
  } else {
    push('HOUR', hA, dA);
    push('DAY', dA, dB);
    push('HOUR', dB, hB);
  }
  push('MINUTE', hB, b);
  return segments;
}
