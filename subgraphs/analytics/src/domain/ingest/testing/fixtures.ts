import { randomUUID } from 'node:crypto';
import { type BusEvent, type Database, rowsOf } from '@ukp/kit';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { gaugeWindows, metricWindows, type WindowInterval } from '../../../db/schema.js';
import { Sketch } from '../../metrics/sketch.js';

/** A bus event as the platform publishes it. */
export function busEvent<T>(topic: string, data: T, at: Date, id: string = randomUUID()): BusEvent<T> {
  return { id, topic, at: at.toISOString(), data };
}

/** A gateway request sample, as `gateway/src/observability/request-sample.ts` publishes it. */
export function gatewaySample(
  at: Date,
  durationMs: number,
  extra: Partial<{
    operationName: string | null;
    operationType: string | null;
    outcome: string;
    userId: string | null;
    sampleRate: number;
    errorCodes: string[];
  }> = {},
): BusEvent {
  return busEvent(
    'gateway.request',
    {
      operationName: 'Dashboard',
      operationType: 'query',
      durationMs,
      outcome: 'ok',
      errorCodes: [],
      userId: null,
      at: at.toISOString(),
      ...extra,
    },
    at,
  );
}

/** A gateway's count of its subscriptions, as `gateway/src/observability/subscription-gauge.ts` publishes it. */
export function subscriptionReading(
  instance: string,
  active: number,
  at: Date,
  published: Date = at,
): BusEvent {
  return busEvent('gateway.subscriptions', { active, at: at.toISOString(), instance }, published);
}

export interface StoredWindow {
  count: number;
  sum: number;
  sketch: Sketch | null;
}

export async function readWindow(
  db: Database,
  metric: string,
  interval: WindowInterval,
  at: Date,
): Promise<StoredWindow | null> {
  const [row] = await db
    .select()
    .from(metricWindows)
    .where(
      and(eq(metricWindows.metric, metric), eq(metricWindows.interval, interval), eq(metricWindows.at, at)),
    );
  if (!row) return null;
  return {
    count: row.count,
    sum: row.sum,
    sketch: row.sketch ? Sketch.decode(row.sketch) : null,
  };
}

/** Each instance's stored reading of a gauge window, by instance. */
export async function readGauge(
  db: Database,
  metric: string,
  interval: WindowInterval,
  at: Date,
): Promise<Record<string, { value: number; at: string }>> {
  const rows = await db
    .select()
    .from(gaugeWindows)
    .where(
      and(eq(gaugeWindows.metric, metric), eq(gaugeWindows.interval, interval), eq(gaugeWindows.at, at)),
    );
  return Object.fromEntries(
    rows.map((row) => [row.instance, { value: row.value, at: row.valueAt.toISOString() }]),
  );
}

export async function countOf(
  db: Database,
  metric: string,
  interval: WindowInterval,
  at: Date,
): Promise<number> {
  return (await readWindow(db, metric, interval, at))?.count ?? 0;
}

/** Raw events stored that match `where`: in `analytics.events`, or in one day's partition of it. */
export function rawEventCount(db: Database, where: SQL = sql`true`, table = 'events'): Promise<number> {
  return scalar(db, sql`select count(*)::int as n from ${sql.raw(`analytics.${table}`)} where ${where}`);
}

export async function scalar(db: Database, query: Parameters<Database['execute']>[0]): Promise<number> {
  const [row] = rowsOf<{ n: unknown }>(await db.execute(query));
  return Number(row?.n ?? 0);
}
