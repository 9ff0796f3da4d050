import { and, eq, gte, inArray, isNotNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { metricWindows, userActivity } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { LATENCY_METRIC, metricRead } from '../metrics/catalog.js';
import { coverRange, type WindowSegment, windowCeil, windowStart } from '../metrics/intervals.js';
import { Sketch } from '../metrics/sketch.js';
import { type DateInput, parseRange } from './input.js';

export const KPI_MAX_DAYS = 400;
/** Up to this span the latency percentile merges minute sketches; beyond it, whole hours. */
const MINUTE_LATENCY_SPAN_MS = 3 * 3_600_000;

export interface KpisModel {
  activeUsers: number;
  searches: number;
  questions: number;
  documentsCreated: number;
  p95LatencyMs: number;
  errorRate: number;
}

const STORED = {
  searches: metricRead('searches').stored,
  questions: metricRead('questions').stored,
  documentsCreated: metricRead('documents_created').stored,
  requests: metricRead('requests').stored,
  errors: metricRead('errors').stored,
} as const;

/** Rows of `metric_windows` inside the segments (each on the primary key's (metric, interval, at)). */
function inSegments(segments: readonly WindowSegment[]): SQL {
  return (
    or(
      ...segments.map((s) =>
        and(
          eq(metricWindows.interval, s.interval),
          gte(metricWindows.at, s.from),
          lt(metricWindows.at, s.to),
        ),
      ),
    ) ?? sql`false`
  );
}

/**
 * Headline figures over the windows overlapping [from, to), read from the roll-ups only: a
 * bounded number of window rows whatever the raw event count. Counts are exact to the minute
 * (`coverRange`). The latency percentile merges the sketches of the same cover for a range of up
 * to 3 h, and beyond that of the whole hours overlapping the range: a sketch is kilobytes where a
 * count is 8 bytes, and a percentile over days does not move with a few minutes at its edges, so
 * 7 days cost ≤ 6 day and 48 hour sketches instead of ~120 more minute ones. Active users are the
 * distinct users of the `user_activity` hours overlapping the range (its grain is the hour).
 */
export async function kpis(
  deps: Pick<AnalyticsDeps, 'db'>,
  input: { from: DateInput; to: DateInput },
): Promise<KpisModel> {
  const { from, to } = parseRange(input.from, input.to, KPI_MAX_DAYS);
  const { db } = deps;
  const segments = inSegments(coverRange(from, to));
  const latencySegments =
    to.getTime() - from.getTime() <= MINUTE_LATENCY_SPAN_MS
      ? segments
      : inSegments(coverRange(windowStart(from, 'HOUR'), windowCeil(to, 'HOUR')));

  const [totals, sketches, users] = await Promise.all([
    db
      .select({
        metric: metricWindows.metric,
        total: sql<number>`coalesce(sum(${metricWindows.count}), 0)`.mapWith(Number),
      })
      .from(metricWindows)
      .where(and(inArray(metricWindows.metric, Object.values(STORED)), segments))
      .groupBy(metricWindows.metric),
    db
      .select({ sketch: metricWindows.sketch })
      .from(metricWindows)
      .where(and(eq(metricWindows.metric, LATENCY_METRIC), latencySegments, isNotNull(metricWindows.sketch))),
    // group by, not count(distinct): a hash aggregate instead of a sort of every user-hour.
    db.select({ n: sql<number>`count(*)::int` }).from(
      db
        .select({ userId: userActivity.userId })
        .from(userActivity)
        .where(and(gte(userActivity.hour, windowStart(from, 'HOUR')), lt(userActivity.hour, to)))
        .groupBy(userActivity.userId)
        .as('active'),
    ),
  ]);

  const total = (stored: string) => totals.find((row) => row.metric === stored)?.total ?? 0;
  const latency = Sketch.empty();
  for (const row of sketches) latency.mergeEncoded(row.sketch);
  const requests = total(STORED.requests);
  return {
    activeUsers: users[0]?.n ?? 0,
    // Sampled requests carry fractional weights; the figures are whole counts.
    searches: Math.round(total(STORED.searches)),
    questions: Math.round(total(STORED.questions)),
    documentsCreated: Math.round(total(STORED.documentsCreated)),
    p95LatencyMs: latency.quantile(0.95),
    errorRate: requests > 0 ? Math.min(1, total(STORED.errors) / requests) : 0,
  };
}
