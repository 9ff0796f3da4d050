import type { Database } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { events } from '../../../db/events-table.js';
import { metricWindows, operationWindows, type WindowInterval } from '../../../db/schema.js';
import { windowStartMs } from '../../metrics/intervals.js';
import { SKETCH_RELATIVE_ACCURACY, Sketch } from '../../metrics/sketch.js';

/**
 * Test arrangements written straight into the tables, as the ingestion pipeline would leave them,
 * so the read side is tested on its own.
 */

/** One partition that takes every day: the service creates daily ones, tests need not. */
export async function ensureEventsPartition(db: Database): Promise<void> {
  await db.execute(
    sql.raw('create table if not exists analytics.events_test_default partition of analytics.events default'),
  );
}

export interface RawEvent {
  name: string;
  userId: string | null;
  at: string | Date;
}

/** Rows a thousand at a time: a statement's bind parameters are limited. */
function* chunked<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let i = 0; i < rows.length; i += 1000) yield rows.slice(i, i + 1000);
}

export async function insertEvents(db: Database, rows: readonly RawEvent[]): Promise<void> {
  for (const chunk of chunked(rows)) {
    await db
      .insert(events)
      .values(chunk.map((row) => ({ ...row, at: new Date(row.at), source: 'client' as const })));
  }
}

export function sketchOf(values: readonly number[]): Uint8Array {
  const sketch = Sketch.empty();
  for (const value of values) sketch.add(value);
  return sketch.encode();
}

export interface WindowRow {
  metric: string;
  interval: WindowInterval;
  at: string | Date;
  count?: number;
  sketch?: Uint8Array;
}

export async function insertWindows(db: Database, rows: readonly WindowRow[]): Promise<void> {
  for (const chunk of chunked(rows)) {
    await db.insert(metricWindows).values(
      chunk.map((row) => ({
        ...row,
        at: new Date(row.at),
        count: row.count ?? 0,
        sketch: row.sketch ?? null,
      })),
    );
  }
}

/** What a synthetic event adds: a count, or a duration into the latency sketch (count 1 as well). */
export interface Observation {
  metric: string;
  at: string;
  count?: number;
  value?: number;
}

/**
 * Rolls observations up into MINUTE, HOUR and DAY rows the way the pipeline does (counts summed,
 * values into one sketch per window), so a test states events and gets consistent roll-ups.
 */
export function rollUp(observations: readonly Observation[]): WindowRow[] {
  const windows = new Map<string, { row: WindowRow; values: number[] }>();
  for (const obs of observations) {
    const ms = new Date(obs.at).getTime();
    for (const interval of ['MINUTE', 'HOUR', 'DAY'] as const) {
      const at = new Date(windowStartMs(ms, interval));
      const key = `${obs.metric}|${interval}|${at.toISOString()}`;
      let entry = windows.get(key);
      if (!entry) {
        entry = { row: { metric: obs.metric, interval, at, count: 0 }, values: [] };
        windows.set(key, entry);
      }
      entry.row.count = (entry.row.count ?? 0) + (obs.count ?? 1);
      if (obs.value !== undefined) entry.values.push(obs.value);
    }
  }
  return [...windows.values()].map(({ row, values }) =>
    values.length > 0 ? { ...row, sketch: sketchOf(values) } : row,
  );
}

export interface OperationRow {
  operationName: string;
  operationType: string;
  interval: WindowInterval;
  at: string;
  durations: readonly number[];
  errors: number;
}

export async function insertOperationWindows(db: Database, rows: readonly OperationRow[]): Promise<void> {
  await db.insert(operationWindows).values(
    rows.map((row) => ({
      operationName: row.operationName,
      operationType: row.operationType,
      interval: row.interval,
      at: new Date(row.at),
      count: row.durations.length,
      errors: row.errors,
      sketch: sketchOf(row.durations),
    })),
  );
}

/** DDSketch's guarantee: within its relative accuracy (1%) of the exact value. */
export function expectWithinSketchAccuracy(actual: number, exact: number): void {
  expect(Math.abs(actual - exact)).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY * exact);
}

/** The exact q-quantile as DDSketch ranks it (the value at rank ⌊q·(n − 1)⌋ of the sorted values). */
export function exactQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))] ?? Number.NaN;
}
