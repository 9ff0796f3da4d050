import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { badInput, refusedWith } from '../../testing/refusal.js';
import { operationStats } from './operation-stats.js';
import {
  exactQuantile,
  insertOperationWindows,
  expectWithinSketchAccuracy as within,
} from './testing/arrange.js';

let fx: AnalyticsDbFixture;
const range = (from: string, to: string) => ({ from, to, first: 20, orderBy: 'SLOWEST' as const });
const oneTo = (n: number, offset = 0) => Array.from({ length: n }, (_, i) => offset + i + 1);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: new Date('2026-03-02T00:00:00Z') });
  const repeat = (value: number, n: number) => new Array<number>(n).fill(value);
  await insertOperationWindows(fx.deps.db, [
    // Hours 10:00 and 11:00 of 03-01 (the range 10:00–16:00 reads HOUR rows).
    {
      operationName: 'Search',
      operationType: 'query',
      interval: 'HOUR',
      at: '2026-03-01T10:00Z',
      durations: oneTo(100),
      errors: 2,
    },
    {
      operationName: 'Search',
      operationType: 'query',
      interval: 'HOUR',
      at: '2026-03-01T11:00Z',
      durations: oneTo(100, 100),
      errors: 0,
    },
    {
      operationName: 'Ask',
      operationType: 'query',
      interval: 'HOUR',
      at: '2026-03-01T12:00Z',
      durations: repeat(1000, 10),
      errors: 5,
    },
    {
      operationName: 'CreateDocument',
      operationType: 'mutation',
      interval: 'HOUR',
      at: '2026-03-01T13:00Z',
      durations: repeat(300, 50),
      errors: 0,
    },
    // Outside the range: would make Search the slowest and CreateDocument the most failing.
    {
      operationName: 'Search',
      operationType: 'query',
      interval: 'HOUR',
      at: '2026-03-01T09:00Z',
      durations: repeat(50_000, 100),
      errors: 0,
    },
    {
      operationName: 'CreateDocument',
      operationType: 'mutation',
      interval: 'HOUR',
      at: '2026-03-01T16:00Z',
      durations: repeat(1, 50),
      errors: 50,
    },
    // Minute rows inside 10:00–10:30 (a short range reads these).
    {
      operationName: 'Search',
      operationType: 'query',
      interval: 'MINUTE',
      at: '2026-03-01T10:05Z',
      durations: repeat(40, 7),
      errors: 1,
    },
    {
      operationName: 'Search',
      operationType: 'query',
      interval: 'MINUTE',
      at: '2026-03-01T10:06Z',
      durations: repeat(60, 3),
      errors: 0,
    },
  ]);
});
afterAll(() => fx?.stop());

describe('operationStats', () => {
  it('merges the hour sketches per operation and orders by p95, slowest first', async () => {
    const stats = await operationStats(fx.deps, range('2026-03-01T10:00:00Z', '2026-03-01T16:00:00Z'));
    expect(stats.map((s) => s.operationName)).toEqual(['Ask', 'CreateDocument', 'Search']);
    const search = stats.find((s) => s.operationName === 'Search')!;
    expect(search).toMatchObject({ operationType: 'query', count: 200, errorRate: 0.01 });
    // Exact percentiles of 1…200 (rank ⌊q·199⌋): 100, 190, 198; DDSketch within 1%.
    const all = oneTo(200);
    within(search.p50Ms, exactQuantile(all, 0.5));
    within(search.p95Ms, exactQuantile(all, 0.95));
    within(search.p99Ms, exactQuantile(all, 0.99));
    const ask = stats[0]!;
    expect(ask).toMatchObject({ count: 10, errorRate: 0.5 });
    within(ask.p95Ms, 1000);
  });

  it('orders by error rate, then count, most failing first, and keeps `first`', async () => {
    const stats = await operationStats(fx.deps, {
      ...range('2026-03-01T10:00:00Z', '2026-03-01T16:00:00Z'),
      orderBy: 'MOST_FAILING',
      first: 2,
    });
    expect(stats.map((s) => [s.operationName, s.errorRate])).toEqual([
      ['Ask', 0.5],
      ['Search', 0.01],
    ]);
  });

  it('reads the minute windows for a range of 3 h or less', async () => {
    const stats = await operationStats(fx.deps, range('2026-03-01T10:00:00Z', '2026-03-01T10:30:00Z'));
    expect(stats).toHaveLength(1);
    expect(stats[0]).toMatchObject({ operationName: 'Search', count: 10, errorRate: 0.1 });
    within(stats[0]!.p50Ms, 40);
    within(stats[0]!.p99Ms, 60);
  });

  it('refuses bad input', async () => {
    const refused = (input: Parameters<typeof operationStats>[1]) =>
      refusedWith(operationStats(fx.deps, input));
    const ok = range('2026-03-01T10:00:00Z', '2026-03-01T16:00:00Z');
    expect(await refused({ ...ok, first: 0 })).toEqual(badInput('first'));
    expect(await refused({ ...ok, first: 101 })).toEqual(badInput('first'));
    expect(await refused({ ...ok, from: ok.to, to: ok.from })).toEqual(badInput('to'));
    expect(await refused({ ...ok, from: '2026-01-01T00:00:00Z' })).toEqual(badInput('from'));
  });
});
