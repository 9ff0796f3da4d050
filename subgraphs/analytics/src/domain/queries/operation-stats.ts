import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { operationWindows, type WindowInterval } from '../../db/schema.js';
import type { AnalyticsDeps } from '../deps.js';
import { windowStart } from '../metrics/intervals.js';
import { Sketch } from '../metrics/sketch.js';
import { type DateInput, parseIntIn, parseRange } from './input.js';

/** Up to a month of hours: ~750 sketches per operation to merge. */
export const OPERATION_STATS_MAX_DAYS = 31;
export const OPERATION_STATS_MAX_FIRST = 100;
/** Up to this span the minute windows answer (sharper edges); beyond it the hour windows. */
const MINUTE_SPAN_MS = 3 * 3_600_000;

export type OperationOrder = 'SLOWEST' | 'MOST_FAILING';

export interface OperationStatModel {
  operationName: string;
  operationType: string;
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  errorRate: number;
}

interface Accumulator {
  operationName: string;
  operationType: string;
  count: number;
  errors: number;
  sketch: Sketch;
}

const ORDER: Record<OperationOrder, (a: OperationStatModel, b: OperationStatModel) => number> = {
  SLOWEST: (a, b) => b.p95Ms - a.p95Ms || b.count - a.count,
  MOST_FAILING: (a, b) => b.errorRate - a.errorRate || b.count - a.count,
};

const byName = (a: OperationStatModel, b: OperationStatModel) =>
  a.operationName.localeCompare(b.operationName) || a.operationType.localeCompare(b.operationType);

/**
 * Per-operation performance over the windows overlapping [from, to): the gateway's operation
 * windows merged per operation (counts summed, sketches merged — percentiles never averaged),
 * then the slowest (by p95) or most failing (by error rate, then count) first.
 */
export async function operationStats(
  deps: Pick<AnalyticsDeps, 'db'>,
  input: { from: DateInput; to: DateInput; first: number; orderBy: OperationOrder },
): Promise<OperationStatModel[]> {
  const first = parseIntIn(input.first, 1, OPERATION_STATS_MAX_FIRST, 'first');
  const { from, to } = parseRange(input.from, input.to, OPERATION_STATS_MAX_DAYS);
  const interval: WindowInterval = to.getTime() - from.getTime() > MINUTE_SPAN_MS ? 'HOUR' : 'MINUTE';
  const rows = await deps.db
    .select({
      operationName: operationWindows.operationName,
      operationType: operationWindows.operationType,
      count: operationWindows.count,
      errors: operationWindows.errors,
      sketch: operationWindows.sketch,
    })
    .from(operationWindows)
    .where(
      and(
        eq(operationWindows.interval, interval),
        gte(operationWindows.at, windowStart(from, interval)),
        lt(operationWindows.at, to),
      ),
    )
    .orderBy(asc(operationWindows.at));

  const merged = new Map<string, Accumulator>();
  for (const row of rows) {
    const key = `${row.operationType}\u0000${row.operationName}`;
    let acc = merged.get(key);
    if (!acc) {
      acc = { ...row, count: 0, errors: 0, sketch: Sketch.empty() };
      merged.set(key, acc);
    }
    acc.count += row.count;
    acc.errors += row.errors;
    acc.sketch.mergeEncoded(row.sketch);
  }

  const stats = [...merged.values()]
    .filter((acc) => acc.count > 0)
    .map(
      (acc): OperationStatModel => ({
        operationName: acc.operationName,
        operationType: acc.operationType,
        count: Math.round(acc.count),
        p50Ms: acc.sketch.quantile(0.5),
        p95Ms: acc.sketch.quantile(0.95),
        p99Ms: acc.sketch.quantile(0.99),
        errorRate: Math.min(1, acc.errors / acc.count),
      }),
    );
  const order = ORDER[input.orderBy];
  return stats.sort((a, b) => order(a, b) || byName(a, b)).slice(0, first);
}
