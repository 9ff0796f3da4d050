import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userActivity } from '../../db/schema.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { badInput, refusedWith } from '../../testing/refusal.js';
import { mulberry32 } from '../stats/testing/prng.js';
import { anomalies, anomalyInterval } from './anomalies.js';
import { forecast, forecastMethod } from './forecast.js';
import { kpis } from './kpis.js';
import {
  exactQuantile,
  insertWindows,
  type Observation,
  rollUp,
  expectWithinSketchAccuracy as within,
} from './testing/arrange.js';
import { timeSeries } from './time-series.js';

let fx: AnalyticsDbFixture;
const d = (iso: string) => new Date(iso);
const HOUR = 3_600_000;
const MINUTE = 60_000;

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: d('2026-03-10T12:30:00Z') });
});
afterAll(() => fx?.stop());

describe('timeSeries', () => {
  beforeAll(async () => {
    await insertWindows(fx.deps.db, [
      { metric: 'report.opened', interval: 'HOUR', at: '2026-03-05T01:00Z', count: 4 },
      { metric: 'report.opened', interval: 'HOUR', at: '2026-03-05T03:00Z', count: 2 },
    ]);
  });

  it('fills the gaps with zero', async () => {
    const points = await timeSeries(fx.deps, {
      metric: 'report.opened',
      interval: 'HOUR',
      from: '2026-03-05T00:00:00Z',
      to: '2026-03-05T05:00:00Z',
    });
    expect(points.map((p) => [p.at.toISOString().slice(11, 16), p.value])).toEqual([
      ['00:00', 0],
      ['01:00', 4],
      ['02:00', 0],
      ['03:00', 2],
      ['04:00', 0],
    ]);
  });

  it('answers 1,000 points and refuses 1,001', async () => {
    const from = d('2026-03-01T00:00:00Z');
    const points = await timeSeries(fx.deps, {
      metric: 'report.opened',
      interval: 'MINUTE',
      from,
      to: new Date(from.getTime() + 1000 * MINUTE),
    });
    expect(points).toHaveLength(1000);
    expect(
      await refusedWith(
        timeSeries(fx.deps, {
          metric: 'report.opened',
          interval: 'MINUTE',
          from,
          to: new Date(from.getTime() + 1000 * MINUTE + 1),
        }),
      ),
    ).toEqual(badInput('interval'));
  });

  it('refuses a bad metric name and an empty range', async () => {
    const range = { from: '2026-03-05T00:00:00Z', to: '2026-03-05T05:00:00Z' };
    expect(
      await refusedWith(timeSeries(fx.deps, { metric: 'Bad Name', interval: 'HOUR', ...range })),
    ).toEqual(badInput('metric'));
    expect(
      await refusedWith(timeSeries(fx.deps, { metric: 'x', interval: 'HOUR', from: range.to, to: range.to })),
    ).toEqual(badInput('to'));
  });
});

describe('kpis over mixed minute, hour and day rows', () => {
  // [from, to) = 2026-02-01 22:30 → 2026-02-04 01:10: minutes 22:30–23:00, the hour 23:00, the
  // days 02-02 and 02-03, the hour 02-04 00:00, minutes 01:00–01:10 (see coverRange).
  const from = '2026-02-01T22:30:00Z';
  const to = '2026-02-04T01:10:00Z';
  const inRangeLatencies = [
    ...Array.from({ length: 100 }, (_, i) => i + 1),
    ...Array.from({ length: 100 }, (_, i) => i + 101),
  ];

  beforeAll(async () => {
    const observations: Observation[] = [
      // searches: 2 + 1 + 3 + 4 + 1 + 2 + 1 = 14 inside; 1 + 5 + 1 outside.
      { metric: 'searches', at: '2026-02-01T22:29:59Z', count: 1 },
      { metric: 'searches', at: '2026-02-01T22:30:00Z', count: 2 },
      { metric: 'searches', at: '2026-02-01T22:45:10Z', count: 1 },
      { metric: 'searches', at: '2026-02-01T23:10:00Z', count: 3 },
      { metric: 'searches', at: '2026-02-02T12:00:00Z', count: 4 },
      { metric: 'searches', at: '2026-02-03T23:59:59Z', count: 1 },
      { metric: 'searches', at: '2026-02-04T00:30:00Z', count: 2 },
      { metric: 'searches', at: '2026-02-04T01:09:59Z', count: 1 },
      { metric: 'searches', at: '2026-02-04T01:10:00Z', count: 5 },
      { metric: 'searches', at: '2026-02-04T01:30:00Z', count: 1 },
      // questions: 1 inside, 1 outside.
      { metric: 'questions', at: '2026-02-02T05:00:00Z' },
      { metric: 'questions', at: '2026-02-01T22:00:00Z' },
      // requests 200 inside (15 errors); 50 outside, all failing.
      { metric: 'requests', at: '2026-02-02T10:00:00Z', count: 100 },
      { metric: 'errors', at: '2026-02-02T10:00:00Z', count: 10 },
      { metric: 'requests', at: '2026-02-04T01:05:00Z', count: 100 },
      { metric: 'errors', at: '2026-02-04T01:05:00Z', count: 5 },
      { metric: 'requests', at: '2026-02-01T10:00:00Z', count: 50 },
      { metric: 'errors', at: '2026-02-01T10:00:00Z', count: 50 },
      // latency: 1…100 on 02-02, 101…200 in the last minutes, 100 × 10 s outside.
      ...inRangeLatencies.map((value, i) => ({
        metric: 'latency_ms',
        at: i < 100 ? '2026-02-02T10:00:00Z' : '2026-02-04T01:05:00Z',
        value,
      })),
      ...Array.from({ length: 100 }, () => ({
        metric: 'latency_ms',
        at: '2026-02-01T10:00:00Z',
        value: 10_000,
      })),
    ];
    await insertWindows(fx.deps.db, rollUp(observations));
    const activity = (userId: string, hour: string) => ({
      userId,
      hour: d(hour),
      events: 1,
      lastAt: d(hour),
    });
    await fx.deps.db.insert(userActivity).values([
      activity('u1', '2026-02-01T22:00Z'), // overlaps (from is 22:30)
      activity('u2', '2026-02-01T21:00Z'), // before
      activity('u3', '2026-02-02T10:00Z'),
      activity('u3', '2026-02-03T10:00Z'), // the same user twice: counted once
      activity('u4', '2026-02-04T01:00Z'), // overlaps (to is 01:10)
      activity('u5', '2026-02-04T02:00Z'), // after
    ]);
  });

  it('sums the counts, merges the latency sketches and counts distinct users', async () => {
    const result = await kpis(fx.deps, { from, to });
    expect(result).toMatchObject({ activeUsers: 3, searches: 14, questions: 1, documentsCreated: 0 });
    expect(result.errorRate).toBeCloseTo(15 / 200, 12);
    // Exact p95 of 1…200 is 190 (rank ⌊0.95·199⌋); the sketch answers within 1%.
    expect(exactQuantile(inRangeLatencies, 0.95)).toBe(190);
    within(result.p95LatencyMs, 190);
  });

  it('merges the minute sketches for a short range', async () => {
    const result = await kpis(fx.deps, { from: '2026-02-04T01:00:00Z', to: '2026-02-04T01:10:00Z' });
    expect(result).toMatchObject({ searches: 1, errorRate: 5 / 100 });
    // Only 101…200 are in these minutes: exact p95 is 195 (rank ⌊0.95·99⌋ = 94).
    within(result.p95LatencyMs, exactQuantile(inRangeLatencies.slice(100), 0.95));
  });

  it('reads the hour and day roll-ups, not the minutes inside them', async () => {
    // A minute row inside a whole day of the range that no roll-up carries: a reader of the
    // roll-ups does not see it (the pipeline writes every level in one transaction).
    await insertWindows(fx.deps.db, [
      { metric: 'questions', interval: 'MINUTE', at: '2026-02-02T06:00Z', count: 50 },
    ]);
    expect((await kpis(fx.deps, { from, to })).questions).toBe(1);
  });

  it('answers zeros over an empty range and refuses bad ranges', async () => {
    expect(await kpis(fx.deps, { from: '2025-01-01T00:00:00Z', to: '2025-01-02T00:00:00Z' })).toEqual({
      activeUsers: 0,
      searches: 0,
      questions: 0,
      documentsCreated: 0,
      p95LatencyMs: 0,
      errorRate: 0,
    });
    expect(await refusedWith(kpis(fx.deps, { from: to, to: from }))).toEqual(badInput('to'));
    // 2025-01-01 → 2026-02-05 is 365 + 35 = 400 days: allowed; a millisecond more is not.
    await kpis(fx.deps, { from: '2025-01-01T00:00:00Z', to: '2026-02-05T00:00:00Z' });
    expect(
      await refusedWith(kpis(fx.deps, { from: '2025-01-01T00:00:00Z', to: '2026-02-05T00:00:00.001Z' })),
    ).toEqual(badInput('from'));
  });
});

describe('anomalies', () => {
  // 200 minutes of 'checkout' from 2026-03-08 00:00: uniform noise of ±30 around 1,000 (seeded),
  // a spike of 1,500 at minute 100 (the first point of the range asked for) and a drop to 0 at
  // minute 150. Bounded noise cannot be flagged: the MAD of uniform ±a is a/2, so no noise point
  // scores above 0.6745·a/(a/2) ≈ 1.35, far under 3.5; the spike scores about 0.6745·500/15 ≈ 22.
  const start = d('2026-03-08T00:00:00Z').getTime();
  const at = (minute: number) => new Date(start + minute * MINUTE);
  const uniform = mulberry32(7);
  const series = Array.from({ length: 200 }, () => Math.round(1000 + 60 * (uniform() - 0.5)));
  series[100] = 1500;
  series[150] = 0;

  beforeAll(async () => {
    await insertWindows(
      fx.deps.db,
      series.map((count, minute) => ({ metric: 'checkout', interval: 'MINUTE', at: at(minute), count })),
    );
  });

  it('flags the spike and the drop, with the history before `from`, and not the noise', async () => {
    const found = await anomalies(fx.deps, { metric: 'checkout', from: at(100), to: at(200) });
    expect(found.map((a) => [a.at.toISOString(), a.value])).toEqual([
      [at(100).toISOString(), 1500],
      [at(150).toISOString(), 0],
    ]);
    const [spike] = found;
    expect(spike!.metric).toBe('checkout');
    expect(spike!.expected).toBeGreaterThan(985);
    expect(spike!.expected).toBeLessThan(1015);
    expect(spike!.score).toBeGreaterThan(3.5);
    expect(found[1]!.score).toBeLessThan(-3.5);
  });

  it('flags nothing in noise alone', async () => {
    expect(await anomalies(fx.deps, { metric: 'checkout', from: at(60), to: at(100) })).toEqual([]);
    expect(await anomalies(fx.deps, { metric: 'checkout', from: at(101), to: at(150) })).toEqual([]);
  });

  it('picks the finest interval that stays within 1,000 points', () => {
    const from = d('2026-03-01T00:00:00Z');
    const plus = (ms: number) => new Date(from.getTime() + ms);
    expect(anomalyInterval(from, plus(1000 * MINUTE))).toBe('MINUTE');
    expect(anomalyInterval(from, plus(1001 * MINUTE))).toBe('HOUR');
    expect(anomalyInterval(from, plus(1001 * HOUR))).toBe('DAY');
    expect(anomalyInterval(from, plus(1001 * 24 * HOUR))).toBeNull();
  });
});

describe('forecast', () => {
  // 14 days of hours before the current hour (2026-03-10 12:00; the clock is at 12:30): a clean
  // line 200 + 3k, k = 0 … 335, and the same line plus a daily sine of amplitude 80.
  const current = d('2026-03-10T12:00:00Z').getTime();
  const first = current - 336 * HOUR;
  const line = (k: number) => 200 + 3 * k;
  const daily = (k: number) => line(k) + 80 * Math.sin((2 * Math.PI * k) / 24);

  beforeAll(async () => {
    const rows = Array.from({ length: 336 }, (_, k) => [
      { metric: 'trend', interval: 'HOUR' as const, at: new Date(first + k * HOUR), count: line(k) },
      { metric: 'seasonal', interval: 'HOUR' as const, at: new Date(first + k * HOUR), count: daily(k) },
    ]).flat();
    // The current hour is still filling: it must not read as a drop.
    rows.push({ metric: 'trend', interval: 'HOUR', at: new Date(current), count: 5 });
    await insertWindows(fx.deps.db, rows);
  });

  it('extends a clean hourly trend within 5%, from the window after the current one', async () => {
    const points = await forecast(fx.deps, { metric: 'trend', interval: 'HOUR', horizon: 24 });
    expect(points).toHaveLength(24);
    for (const [i, point] of points.entries()) {
      const k = 336 + i + 1;
      expect(point.at.getTime()).toBe(first + k * HOUR);
      expect(Math.abs(point.value - line(k)) / line(k)).toBeLessThan(0.05);
    }
    expect(await forecastMethod(fx.deps, { metric: 'trend', interval: 'HOUR' })).toBe('HOLT');
  });

  it('names Holt-Winters where a daily season is there', async () => {
    expect(await forecastMethod(fx.deps, { metric: 'seasonal', interval: 'HOUR' })).toBe('HOLT_WINTERS');
    const points = await forecast(fx.deps, { metric: 'seasonal', interval: 'HOUR', horizon: 24 });
    for (const [i, point] of points.entries()) {
      const k = 336 + i + 1;
      expect(Math.abs(point.value - daily(k)) / daily(k)).toBeLessThan(0.05);
    }
  });

  it('refuses a horizon outside 1–168', async () => {
    for (const horizon of [0, 169, 1.5]) {
      expect(await refusedWith(forecast(fx.deps, { metric: 'trend', interval: 'HOUR', horizon }))).toEqual(
        badInput('horizon'),
      );
    }
    expect(await forecast(fx.deps, { metric: 'trend', interval: 'DAY', horizon: 168 })).toHaveLength(168);
  });
});
