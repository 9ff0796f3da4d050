import { errors, rowsOf } from '@ukp/kit';
import { type SQL, sql } from 'drizzle-orm';
import type { AnalyticsDeps } from '../deps.js';
import { type DateInput, parseIntIn, parseMetric, parseRange } from './input.js';

export const FUNNEL_MAX_DAYS = 90;
export const FUNNEL_MIN_STEPS = 2;
export const FUNNEL_MAX_STEPS = 10;
export const FUNNEL_MAX_WINDOW_HOURS = 720;

export interface FunnelStepModel {
  step: string;
  users: number;
  conversion: number;
}

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * Step k ≥ 2 as a lateral lookup: the user's earliest `name` event at or after step k − 1 (strictly
 * after when it is the same event name, so one event is not two steps), before the window of the
 * first step closes. Taking the earliest match at every step is what maximises how far a user
 * gets in order. A user who missed step k − 1 has a null time there, and `>= null` matches nothing.
 */
function laterStep(
  k: number,
  name: string,
  sameAsPrevious: boolean,
  windowHours: number,
  bounds: { from: Date; end: Date },
): SQL {
  const self = sql.raw(`s${k}`);
  const prev = sql.raw(`s${k - 1}`);
  const after = sameAsPrevious ? sql`e.at > ${prev}.at` : sql`e.at >= ${prev}.at`;
  return sql`left join lateral (
    select e.at from analytics.events e
    where e.user_id = s1.user_id and e.name = ${name} and ${after}
      and e.at < s1.at + make_interval(hours => ${windowHours}::int)
      and e.at >= ${ts(bounds.from)} and e.at < ${ts(bounds.end)}
    order by e.at limit 1
  ) ${self} on true`;
}

/**
 * An ordered funnel over raw events in one statement: each user enters at their first step-1
 * event in [from, to) and has `windowHours` from then (the window may run past `to`) to do the
 * next steps in order. Every lookup is an index probe per user (events' (user_id, at) index),
 * and the range is bounded (≤ 90 days), so the cost is bounded by the users who started.
 */
export async function funnel(
  deps: Pick<AnalyticsDeps, 'db'>,
  input: { steps: readonly string[]; from: DateInput; to: DateInput; windowHours: number },
): Promise<FunnelStepModel[]> {
  const { steps } = input;
  if (steps.length < FUNNEL_MIN_STEPS || steps.length > FUNNEL_MAX_STEPS) {
    throw errors.badInput(`A funnel has ${FUNNEL_MIN_STEPS}–${FUNNEL_MAX_STEPS} steps.`, 'steps');
  }
  for (const step of steps) parseMetric(step, 'steps');
  const windowHours = parseIntIn(input.windowHours, 1, FUNNEL_MAX_WINDOW_HOURS, 'windowHours');
  const { from, to } = parseRange(input.from, input.to, FUNNEL_MAX_DAYS);
  const [first, ...rest] = steps as [string, ...string[]];
  // Constant bounds as well, redundant with the per-user ones, so the planner prunes partitions.
  const bounds = { from, end: new Date(to.getTime() + windowHours * 3_600_000) };

  const counts = sql.join(
    steps.map((_, i) => sql.raw(`count(s${i + 1}.at)::int as u${i + 1}`)),
    sql`, `,
  );
  const joins = sql.join(
    rest.map((name, i) => laterStep(i + 2, name, name === steps[i], windowHours, bounds)),
    sql` `,
  );
  const statement = sql`
    select ${counts}
    from (
      select user_id, min(at) as at from analytics.events
      where name = ${first} and at >= ${ts(from)} and at < ${ts(to)} and user_id is not null
      group by user_id
    ) s1
    ${joins}`;
  const [row] = rowsOf<Record<string, number>>(await deps.db.execute(statement));

  const users = steps.map((_, i) => Number(row?.[`u${i + 1}`] ?? 0));
  const started = users[0] ?? 0;
  return steps.map((step, i) => ({
    step,
    users: users[i] ?? 0,
    conversion: started > 0 ? (users[i] ?? 0) / started : 0,
  }));
}
