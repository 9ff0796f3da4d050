import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { exactQuantile, insertWindows, sketchOf } from '../queries/testing/arrange.js';
import { readSeries, windowValues } from './windows.js';

let fx: AnalyticsDbFixture;
const d = (iso: string) => new Date(iso);
const values = (points: Array<{ value: number }>) => points.map((p) => p.value);
const LATENCIES = Array.from({ length: 100 }, (_, i) => i + 1);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: d('2026-03-01T12:00:00Z') });
  await insertWindows(fx.deps.db, [
    { metric: 'clicks', interval: 'MINUTE', at: '2026-03-01T10:00Z', count: 3 },
    { metric: 'clicks', interval: 'MINUTE', at: '2026-03-01T10:02Z', count: 5 },
    { metric: 'clicks', interval: 'MINUTE', at: '2026-03-01T10:04Z', count: 9 },
    { metric: 'clicks', interval: 'HOUR', at: '2026-03-01T10:00Z', count: 17 },
    {
      metric: 'latency_ms',
      interval: 'HOUR',
      at: '2026-03-01T10:00Z',
      count: 100,
      sketch: sketchOf(LATENCIES),
    },
  ]);
});
afterAll(() => fx?.stop());

describe('readSeries', () => {
  it('zero-fills the windows without a row, one point per window overlapping [from, to)', async () => {
    const points = await readSeries(
      fx.deps,
      'clicks',
      'MINUTE',
      d('2026-03-01T10:00:30Z'),
      d('2026-03-01T10:04Z'),
    );
    expect(points.map((p) => p.at.toISOString())).toEqual([
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:01:00.000Z',
      '2026-03-01T10:02:00.000Z',
      '2026-03-01T10:03:00.000Z',
    ]);
    // The row at 10:04 is at `to`, outside [from, to).
    expect(values(points)).toEqual([3, 0, 5, 0]);
  });

  it('reads the interval asked for', async () => {
    const points = await readSeries(
      fx.deps,
      'clicks',
      'HOUR',
      d('2026-03-01T09:00Z'),
      d('2026-03-01T12:00Z'),
    );
    expect(values(points)).toEqual([0, 17, 0]);
  });

  it('reads a quantile of the window sketch for latency metrics', async () => {
    const [p95] = await readSeries(
      fx.deps,
      'latency_p95_ms',
      'HOUR',
      d('2026-03-01T10:00Z'),
      d('2026-03-01T11:00Z'),
    );
    const [p50] = await readSeries(
      fx.deps,
      'latency_p50_ms',
      'HOUR',
      d('2026-03-01T10:00Z'),
      d('2026-03-01T11:00Z'),
    );
    // Exact percentiles of 1…100 (rank ⌊q·99⌋): 95 and 50; DDSketch is within 1%.
    expect(Math.abs(p95!.value - exactQuantile(LATENCIES, 0.95))).toBeLessThanOrEqual(0.95);
    expect(Math.abs(p50!.value - exactQuantile(LATENCIES, 0.5))).toBeLessThanOrEqual(0.5);
  });
});

describe('windowValues', () => {
  it("reads each metric's window, 0 where none (gauges: gauges.int.test.ts)", async () => {
    const at = d('2026-03-01T10:02:40Z');
    const result = await windowValues(fx.deps, ['clicks', 'nothing'], 'MINUTE', at);
    expect(Object.fromEntries(result)).toEqual({ clicks: 5, nothing: 0 });
    const hour = await windowValues(fx.deps, ['latency_p95_ms', 'latency_p99_ms', 'clicks'], 'HOUR', at);
    expect(hour.get('clicks')).toBe(17);
    expect(Math.abs(hour.get('latency_p95_ms')! - 95)).toBeLessThanOrEqual(0.95);
    expect(Math.abs(hour.get('latency_p99_ms')! - 99)).toBeLessThanOrEqual(0.99);
    expect((await windowValues(fx.deps, [], 'MINUTE', at)).size).toBe(0);
  });
});
