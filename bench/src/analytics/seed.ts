// Raw events in bulk for the read bench: generated in SQL (generate_series) straight into the daily
// partitions of `analytics.events`, a UTC day a statement, and their roll-ups made from the very
// rows inserted: the statement's RETURNING rows are aggregated per minute (and into `user_activity`
// per user and hour), and the per-minute totals go through the real ingest pipeline as one
// aggregate event a minute (weights = counts), which writes the minute, hour and day windows and
// their sketches exactly as live ingestion does. Not seeded (the measured queries do not read them):
// operation windows, document views.
import type { AnalyticsServer } from '@ukp/analytics';
import type postgres from 'postgres';

type IngestEvent = Parameters<AnalyticsServer['pipeline']['ingest']>[0][number];
type Contribution = IngestEvent['contributions'][number];

const DAY_MS = 86_400_000;
/** Days inserted at once: one on each of two connections keeps both cores of a small machine busy. */
const CONCURRENCY = 2;

/** Metrics derived from a platform event besides its own name (as ingest/platform-events.ts maps them). */
const DERIVED: Readonly<Record<string, string>> = {
  'gateway.request': 'requests',
  'search.performed': 'searches',
  'user.logged_in': 'logins',
};

/**
 * One UTC day's events ($1 start, $2 length in ms, $3 how many, $4 users), in arrival (time)
 * order: 80% gateway samples (durations log-normal around 12 ms, on a grid of 40 values a
 * quarter-octave apart, so that a minute aggregates to a few dozen rows; 2% errors, 0.5%
 * rejected), 8% searches, 8% document views, 4% logins; users from a fixed population, 30% of
 * requests anonymous. The properties are built once per distinct value and joined in (building
 * JSON per row doubles the cost). Returns the inserted rows aggregated per minute, name,
 * duration and outcome; their users' hours go into `user_activity` in the same statement.
 */
const INSERT_DAY = `
with users as materialized (
  select u, md5(u::text)::uuid::text as id from generate_series(0, $4::int - 1) u
), requests as materialized (
  select op, k, outcome, jsonb_build_object('operationName', 'Operation' || op, 'operationType', 'query',
           'durationMs', power(2, k / 4.0), 'outcome', outcome, 'errorCodes', '[]'::jsonb, 'sampleRate', 1) as p
  from generate_series(0, 11) op, generate_series(0, 39) k, unnest(array['ok', 'error', 'rejected']) outcome
), searches as materialized (
  select n, k, jsonb_build_object('query', 'backup', 'resultCount', n, 'latencyMs', power(2, k / 4.0)) as p
  from generate_series(0, 10) n, generate_series(0, 39) k
), views as materialized (
  select d, jsonb_build_object('documentId', md5(d::text)::uuid::text, 'status', 'PUBLISHED',
           'visibility', 'PUBLIC', 'version', 3) as p
  from generate_series(0, 499) d
), g as materialized (
  select $1::timestamptz + (i - 1 + random()) * ($2::float8 / $3::int) * interval '1 millisecond' as at,
         case when r < 0.8 then 'gateway.request' when r < 0.88 then 'search.performed'
              when r < 0.96 then 'document.viewed' else 'user.logged_in' end as name,
         case when o < 0.98 then 'ok' when o < 0.995 then 'error' else 'rejected' end as outcome,
         u, k
  from (select i, random() as r, random() as o, floor(random() * $4::int)::int as u,
               least(39, greatest(0, round(4 * (ln(12) + 0.9 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) / ln(2))))::int as k
        from generate_series(1, $3::int) i) s
), ins as (
  insert into analytics.events (name, user_id, at, properties, source)
  select g.name, case when g.name = 'gateway.request' and g.u % 10 >= 7 then null else users.id end, g.at,
         coalesce(requests.p, searches.p, views.p), 'platform'
  from g
  join users on users.u = g.u
  left join requests on g.name = 'gateway.request' and requests.op = g.u % 12 and requests.k = g.k and requests.outcome = g.outcome
  left join searches on g.name = 'search.performed' and searches.n = g.u % 11 and searches.k = g.k
  left join views on g.name = 'document.viewed' and views.d = g.u % 500
  returning name, user_id, at, (properties->>'durationMs')::float8 as duration, properties->>'outcome' as outcome
), activity as (
  insert into analytics.user_activity as t (user_id, hour, events, last_at)
  select user_id, date_bin('1 hour', at, timestamptz 'epoch'), count(*), max(at)
  from ins where user_id is not null
  group by 1, 2 order by 1, 2
  on conflict (user_id, hour) do update
    set events = t.events + excluded.events, last_at = greatest(t.last_at, excluded.last_at)
)
select (extract(epoch from date_bin('1 minute', at, timestamptz 'epoch')) * 1000)::float8 as minute,
       name, case when name = 'gateway.request' then duration end as duration, outcome, count(*)::float8 as n
from ins group by 1, 2, 3, 4`;

interface MinuteRow {
  minute: number;
  name: string;
  duration: number | null;
  outcome: string | null;
  n: number;
}

/** A day's per-minute totals as one aggregate event a minute, contributing what each event would. */
function minuteEvents(rows: readonly MinuteRow[]): IngestEvent[] {
  const byMinute = new Map<number, Contribution[]>();
  for (const row of rows) {
    const contributions = byMinute.get(row.minute) ?? [];
    byMinute.set(row.minute, contributions);
    contributions.push({ metric: row.name, kind: 'count', weight: row.n });
    const derived = DERIVED[row.name];
    if (derived) contributions.push({ metric: derived, kind: 'count', weight: row.n });
    if (row.name === 'gateway.request' && row.duration !== null) {
      contributions.push({ metric: 'latency_ms', kind: 'value', value: row.duration, weight: row.n });
      if (row.outcome !== 'ok') contributions.push({ metric: 'errors', kind: 'count', weight: row.n });
    }
  }
  return [...byMinute].map(([minute, contributions]) => ({
    key: null,
    name: null,
    userId: null,
    at: new Date(minute),
    properties: null,
    source: 'platform' as const,
    contributions,
  }));
}

const partitionName = (dayMs: number) =>
  `events_p${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;

export interface SeedOptions {
  sql: postgres.Sql;
  pipeline: AnalyticsServer['pipeline'];
  /** [start, end) in epoch ms: the events are spread evenly over it. */
  start: number;
  end: number;
  users: number;
  log(line: string): void;
}

/** Adds `count` raw events over [start, end), and their roll-ups. */
export async function seedEvents(options: SeedOptions, count: number): Promise<void> {
  const { sql, start, end } = options;
  const days: Array<{ from: number; to: number; n: number }> = [];
  for (let day = Math.floor(start / DAY_MS) * DAY_MS; day < end; day += DAY_MS) {
    const from = Math.max(day, start);
    const to = Math.min(day + DAY_MS, end);
    // Cumulative rounding: the days add up to `count` exactly.
    const n =
      Math.round((count * (to - start)) / (end - start)) -
      Math.round((count * (from - start)) / (end - start));
    days.push({ from, to, n });
    // Named as the service names its partitions, so its partition manager sees them as its own.
    await sql.unsafe(
      `create table if not exists analytics.${partitionName(day)} partition of analytics.events ` +
        `for values from ('${new Date(day).toISOString()}') to ('${new Date(day + DAY_MS).toISOString()}')`,
    );
  }
  const started = performance.now();
  let inserted = 0;
  let next = 0;
  let logged = started;
  const worker = async () => {
    for (let i = next++; i < days.length; i = next++) {
      const day = days[i]!;
      const rows = await sql.unsafe<MinuteRow[]>(INSERT_DAY, [
        new Date(day.from).toISOString(),
        day.to - day.from,
        day.n,
        options.users,
      ]);
      await options.pipeline.ingest(minuteEvents(rows));
      inserted += day.n;
      if (performance.now() - logged < 10_000 && inserted < count) continue;
      logged = performance.now();
      const s = (logged - started) / 1000;
      options.log(
        `  seeded ${inserted.toLocaleString('en')} / ${count.toLocaleString('en')} events (${s.toFixed(0)} s, ${Math.round(inserted / s).toLocaleString('en')}/s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}
