import { errors, rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import type { WindowInterval } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { INTERVAL_MS, pointCount, windowStart } from '../metrics/intervals.js';
import { type DateInput, parseIntIn, parseMetric, parseRange } from './input.js';

export const RETENTION_MAX_PERIODS = 30;
export const RETENTION_MAX_DAYS = 90;
/** Rows of one table: 100 days, or 100 hours. */
export const RETENTION_MAX_COHORTS = 100;

export interface RetentionCohortModel {
  period: Date;
  users: number;
  returned: number[];
  rates: number[];
}

export interface RetentionModel {
  cohort: string;
  returning: string;
  interval: WindowInterval;
  cohorts: RetentionCohortModel[];
}

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const STEP_SQL = { HOUR: sql.raw(`interval '1 hour'`), DAY: sql.raw(`interval '1 day'`) } as const;

export interface RetentionInput {
  cohort: string;
  returning: string;
  interval: WindowInterval;
  periods: number;
  /** Default: `periods` periods back from the one holding `to`. */
  from?: DateInput | null | undefined;
  /** Default: now. */
  to?: DateInput | null | undefined;
}

/**
 * A cohort table in one statement. A user joins the cohort of the period (UTC hour or day) of
 * their first `cohort` event in [from, to); `returned[k]` counts the cohort's users with a
 * `returning` event in the k-th period after it, at or after their own first cohort event — so
 * k = 0 is the cohort period itself, and with cohort = returning it is every user. Periods that
 * have not happened yet count 0. Every cohort period of the range has a row, empty ones too.
 */
export async function retention(
  deps: Pick<AnalyticsDeps, 'db' | 'now'>,
  input: RetentionInput,
): Promise<RetentionModel> {
  const cohort = parseMetric(input.cohort, 'cohort');
  const returning = parseMetric(input.returning, 'returning');
  const interval = input.interval;
  if (interval === 'MINUTE') throw errors.badInput('Retention periods are HOUR or DAY.', 'interval');
  const periods = parseIntIn(input.periods, 1, RETENTION_MAX_PERIODS, 'periods');
  const ms = INTERVAL_MS[interval];
  const to = input.to ?? deps.now();
  const from =
    input.from ??
    new Date(windowStart(new Date(new Date(to).getTime() - 1), interval).getTime() - (periods - 1) * ms);
  const range = parseRange(from, to, RETENTION_MAX_DAYS);
  const cohortCount = pointCount(range.from, range.to, interval);
  if (cohortCount > RETENTION_MAX_COHORTS) {
    throw errors.badInput(
      `The range holds ${cohortCount} cohorts; at most ${RETENTION_MAX_COHORTS}.`,
      'from',
    );
  }

  const first = windowStart(range.from, interval);
  const last = windowStart(new Date(range.to.getTime() - 1), interval);
  // Constant bounds on the returning events too, so the planner prunes partitions.
  const returnEnd = new Date(last.getTime() + periods * ms);
  const step = STEP_SQL[interval];
  const statement = sql`
    with firsts as (
      select user_id, min(at) as first_at from analytics.events
      where name = ${cohort} and at >= ${ts(range.from)} and at < ${ts(range.to)} and user_id is not null
      group by user_id
    ), members as (
      select user_id, first_at, date_bin(${step}, first_at, timestamptz 'epoch') as period from firsts
    ), hits as (
      select distinct m.period, m.user_id,
        floor((extract(epoch from e.at) - extract(epoch from m.period)) / ${ms / 1000}::int)::int as k
      from members m
      join analytics.events e on e.user_id = m.user_id and e.name = ${returning}
        and e.at >= m.first_at and e.at < m.period + ${periods}::int * ${step}
        and e.at >= ${ts(first)} and e.at < ${ts(returnEnd)}
    )
    select period, -1 as k, count(*)::int as users from members group by period
    union all
    select period, k, count(*)::int as users from hits group by period, k`;
  const rows = rowsOf<{ period: Date | string; k: number; users: number }>(await deps.db.execute(statement));

  const byPeriod = new Map<number, { users: number; returned: number[] }>();
  for (let t = first.getTime(); t <= last.getTime(); t += ms) {
    byPeriod.set(t, { users: 0, returned: new Array<number>(periods).fill(0) });
  }
  for (const row of rows) {
    const entry = byPeriod.get(new Date(row.period).getTime());
    const k = Number(row.k);
    if (!entry) continue;
    if (k < 0) entry.users = Number(row.users);
    else if (k < periods) entry.returned[k] = Number(row.users);
  }
  return {
    cohort,
    returning,
    interval,
    cohorts: [...byPeriod].map(([t, { users, returned }]) => ({
      period: new Date(t),
      users,
      returned,
      rates: returned.map((n) => (users > 0 ? n / users : 0)),
    })),
  };
}
