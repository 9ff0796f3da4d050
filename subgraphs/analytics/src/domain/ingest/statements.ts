import { type Database, rowsOf } from '@ukp/kit';
import { type SQL, sql } from 'drizzle-orm';
import { Sketch } from '../metrics/sketch.js';
import type { BatchPlan } from './plan.js';
import type { ReportedAnomaly } from './types.js';

/**
 * The batch's statements. Rows travel as ONE JSON parameter per table, read back with
 * `json_to_recordset`: a fixed number of statements whatever the batch size, and the same SQL on
 * postgres-js and PGlite (no driver-specific array binding). Upserts take their rows `ORDER BY`
 * their key, so two transactions lock shared rows in the same order and never deadlock.
 */
type Executor = Pick<Database, 'execute'>;

const iso = (ms: number) => new Date(ms).toISOString();
const json = (rows: unknown[]): SQL => sql`${JSON.stringify(rows)}::json`;
const SEP = '\u0001';

/** Stores the keys; returns those not seen before (the events to count). */
export async function insertKeys(tx: Executor, keys: readonly string[], now: Date): Promise<Set<string>> {
  const rows = rowsOf<{ key: string }>(
    await tx.execute(sql`
      insert into analytics.event_keys (key, seen_at)
      select k, ${now.toISOString()}::timestamptz from json_array_elements_text(${json([...keys])}) as k
      order by k
      on conflict (key) do nothing
      returning key`),
  );
  return new Set(rows.map((row) => row.key));
}

/**
 * One statement for what is not a window: the raw events, users' hourly activity, document
 * views, model exposures, experiment conversions and reported anomalies. An event is a
 * conversion of each running experiment whose metric it is, for a user exposed before it; the
 * earliest such event is kept (a late event may move a conversion earlier). A CTE's insert is
 * invisible to its sibling CTEs, so the conversions read the exposures this batch inserted from
 * their `returning` as well as the table: an exposure and its acceptance may share a batch.
 * Returns the anomalies this call stored (a replay, or another instance, may have stored one first).
 */
export async function writeFacts(tx: Executor, plan: BatchPlan, now: Date): Promise<ReportedAnomaly[]> {
  if (
    plan.raw.length === 0 &&
    plan.activity.length === 0 &&
    plan.views.length === 0 &&
    plan.exposures.length === 0 &&
    plan.anomalies.length === 0
  )
    return [];
  const raw = plan.raw.map((e) => ({
    n: e.name,
    u: e.userId,
    a: e.at.toISOString(),
    p: e.properties,
    s: e.source,
  }));
  const activity = plan.activity.map((d) => ({ u: d.userId, h: iso(d.hour), e: d.events, l: iso(d.lastAt) }));
  const views = plan.views.map((d) => ({ d: d.documentId, v: d.views }));
  const exposures = plan.exposures.map((d) => ({
    k: d.experimentKey,
    u: d.userId,
    v: d.variant,
    a: iso(d.at),
  }));
  const anomalies = plan.anomalies.map((d) => ({
    m: d.metric,
    a: d.at.toISOString(),
    v: d.value,
    e: d.expected,
    s: d.score,
  }));
  const stamp = now.toISOString();
  const stored = rowsOf<{ metric: string; at: number; value: number; expected: number; score: number }>(
    await tx.execute(sql`
    with x as materialized (
      select * from json_to_recordset(${json(raw)}) as x(n text, u text, a timestamptz, p jsonb, s text)
    ), raw as (
      insert into analytics.events (name, user_id, at, properties, source) select n, u, a, p, s from x
    ), activity as (
      insert into analytics.user_activity as t (user_id, hour, events, last_at)
      select y.u, y.h, y.e, y.l
      from json_to_recordset(${json(activity)}) as y(u text, h timestamptz, e integer, l timestamptz)
      order by y.u, y.h
      on conflict (user_id, hour) do update
        set events = t.events + excluded.events, last_at = greatest(t.last_at, excluded.last_at)
    ), views as (
      insert into analytics.document_views as t (document_id, views, updated_at)
      select v.d, v.v, ${stamp}::timestamptz from json_to_recordset(${json(views)}) as v(d text, v bigint)
      order by v.d
      on conflict (document_id) do update
        set views = t.views + excluded.views, updated_at = excluded.updated_at
    ), exposed as (
      -- Only under the split the version was served for: a running experiment that has the
      -- variant and had started by then (a late event from the split before is not this one's).
      insert into analytics.exposures (experiment_key, user_id, variant, exposed_at)
      select e.k, e.u, e.v, e.a
      from json_to_recordset(${json(exposures)}) as e(k text, u text, v text, a timestamptz)
      join analytics.experiments ex on ex.key = e.k and ex.status = 'RUNNING' and ex.created_at <= e.a
        and ex.variants @> jsonb_build_array(jsonb_build_object('name', e.v))
      order by e.k, e.u
      on conflict (experiment_key, user_id) do nothing
      returning experiment_key, user_id, exposed_at
    ), conversions as (
      insert into analytics.conversions as t (experiment_key, user_id, converted_at)
      select ep.experiment_key, ep.user_id, min(x.a)
      from x
      join analytics.experiments ex on ex.metric = x.n and ex.status = 'RUNNING'
      join (
        select experiment_key, user_id, exposed_at from analytics.exposures
        union all
        select experiment_key, user_id, exposed_at from exposed
      ) ep on ep.experiment_key = ex.key and ep.user_id = x.u and ep.exposed_at <= x.a
      group by ep.experiment_key, ep.user_id
      order by ep.experiment_key, ep.user_id
      on conflict (experiment_key, user_id) do update set converted_at = excluded.converted_at
        where excluded.converted_at < t.converted_at
    ), flagged as (
      insert into analytics.anomalies (metric, at, value, expected, score, detected_at)
      select f.m, f.a, f.v, f.e, f.s, ${stamp}::timestamptz
      from json_to_recordset(${json(anomalies)}) as f(m text, a timestamptz, v float8, e float8, s float8)
      order by f.m, f.a
      on conflict (metric, at) do nothing
      returning metric, at, value, expected, score
    )
    select metric, (extract(epoch from at) * 1000)::float8 as at, value, expected, score from flagged`),
  );
  return stored.map((r) => ({
    metric: r.metric,
    at: new Date(Number(r.at)),
    value: Number(r.value),
    expected: Number(r.expected),
    score: Number(r.score),
  }));
}

/** A window row's sketch after this batch: the stored one (read under the row lock) merged with the batch's. */
export interface SketchWrite {
  key: Record<string, string>;
  encoded: string;
}

function merged(stored: string | undefined, delta: Sketch): string {
  const sketch = stored === undefined ? delta : Sketch.decode(Buffer.from(stored, 'base64')).merge(delta);
  const bytes = sketch.encode();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * The window tables in one statement: counts, sums and errors are added in SQL, and a gauge
 * instance's reading replaces the stored one only if newer. The upsert locks every affected row
 * (inserting the missing ones) and returns the stored sketches of those rows, read under that
 * lock, so that the batch's sketches are merged into the latest ones and no concurrent batch's
 * values are lost.
 */
export async function upsertWindows(
  tx: Executor,
  plan: BatchPlan,
  now: Date,
): Promise<{ windows: SketchWrite[]; operations: SketchWrite[] }> {
  if (plan.windows.length === 0 && plan.gauges.length === 0 && plan.operations.length === 0)
    return { windows: [], operations: [] };
  const windows = plan.windows.map((d) => ({
    m: d.metric,
    i: d.interval,
    a: iso(d.at),
    c: d.count,
    s: d.sum,
  }));
  const gauges = plan.gauges.map((d) => ({
    m: d.metric,
    i: d.interval,
    a: iso(d.at),
    n: d.instance,
    v: d.value,
    va: iso(d.valueAt),
  }));
  const operations = plan.operations.map((d) => ({
    n: d.operationName,
    o: d.operationType,
    i: d.interval,
    a: iso(d.at),
    c: d.count,
    e: d.errors,
  }));
  const stamp = now.toISOString();
  const stored = rowsOf<{ t: 'w' | 'o'; m: string; o: string; i: string; a: number; k: string }>(
    await tx.execute(sql`
      with w as (
        insert into analytics.metric_windows as t (metric, interval, at, count, sum, updated_at)
        select x.m, x.i, x.a, x.c, x.s, ${stamp}::timestamptz
        from json_to_recordset(${json(windows)}) as x(m text, i text, a timestamptz, c float8, s float8)
        order by x.m, x.i, x.a
        on conflict (metric, interval, at) do update
          set count = t.count + excluded.count,
              sum = t.sum + excluded.sum,
              updated_at = excluded.updated_at
        returning metric, interval, at, sketch
      ), g as (
        insert into analytics.gauge_windows as t (metric, interval, at, instance, value, value_at)
        select x.m, x.i, x.a, x.n, x.v, x.va
        from json_to_recordset(${json(gauges)})
          as x(m text, i text, a timestamptz, n text, v float8, va timestamptz)
        order by x.m, x.i, x.a, x.n
        on conflict (metric, interval, at, instance) do update
          set value = excluded.value, value_at = excluded.value_at
          where excluded.value_at >= t.value_at
      ), o as (
        insert into analytics.operation_windows as t
          (operation_name, operation_type, interval, at, count, errors, updated_at)
        select x.n, x.o, x.i, x.a, x.c, x.e, ${stamp}::timestamptz
        from json_to_recordset(${json(operations)}) as x(n text, o text, i text, a timestamptz, c float8, e float8)
        order by x.n, x.o, x.i, x.a
        on conflict (operation_name, operation_type, interval, at) do update
          set count = t.count + excluded.count, errors = t.errors + excluded.errors,
              updated_at = excluded.updated_at
        returning operation_name, operation_type, interval, at, sketch
      )
      select 'w' as t, metric as m, '' as o, interval as i, (extract(epoch from at) * 1000)::float8 as a,
             encode(sketch, 'base64') as k
      from w where sketch is not null
      union all
      select 'o', operation_name, operation_type, interval, (extract(epoch from at) * 1000)::float8,
             encode(sketch, 'base64')
      from o where sketch is not null`),
  );
  const byKey = new Map<string, string>();
  for (const r of stored) byKey.set(r.t + SEP + r.m + SEP + r.o + SEP + r.i + SEP + Number(r.a), r.k);
  const windowSketches: SketchWrite[] = [];
  for (const d of plan.windows) {
    if (!d.sketch) continue;
    windowSketches.push({
      key: { m: d.metric, i: d.interval, a: iso(d.at) },
      encoded: merged(byKey.get(`w${SEP}${d.metric}${SEP}${SEP}${d.interval}${SEP}${d.at}`), d.sketch),
    });
  }
  const operationSketches = plan.operations.map((d) => ({
    key: { n: d.operationName, o: d.operationType, i: d.interval, a: iso(d.at) },
    encoded: merged(
      byKey.get(`o${SEP}${d.operationName}${SEP}${d.operationType}${SEP}${d.interval}${SEP}${d.at}`),
      d.sketch,
    ),
  }));
  return { windows: windowSketches, operations: operationSketches };
}

/** Stores the merged sketches of both window tables in one statement. */
export async function writeSketches(
  tx: Executor,
  sketches: { windows: readonly SketchWrite[]; operations: readonly SketchWrite[] },
): Promise<void> {
  if (sketches.windows.length === 0 && sketches.operations.length === 0) return;
  const w = sketches.windows.map((s) => ({ ...s.key, k: s.encoded }));
  const o = sketches.operations.map((s) => ({ ...s.key, k: s.encoded }));
  await tx.execute(sql`
    with w as (
      update analytics.metric_windows as t set sketch = decode(x.k, 'base64')
      from json_to_recordset(${json(w)}) as x(m text, i text, a timestamptz, k text)
      where t.metric = x.m and t.interval = x.i and t.at = x.a
    ), o as (
      update analytics.operation_windows as t set sketch = decode(x.k, 'base64')
      from json_to_recordset(${json(o)}) as x(n text, o text, i text, a timestamptz, k text)
      where t.operation_name = x.n and t.operation_type = x.o and t.interval = x.i and t.at = x.a
    )
    select 1`);
}
