import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { createPartitionManager } from '../ingest/partitions.js';
import { createIngestPipeline } from '../ingest/pipeline.js';
import { platformEvent } from '../ingest/platform-events.js';
import { subscriptionReading } from '../ingest/testing/fixtures.js';
import { readSeries, windowValues } from './windows.js';

/*
 * `active_subscriptions` with several gateways: each reports its own count (heartbeat ≤ 15 s),
 * the platform's is the sum of each one's latest, a gateway silent for over 45 s left out.
 */
let fx: AnalyticsDbFixture;
const t = (hms: string) => new Date(`2026-03-01T${hms}Z`);
const METRIC = 'active_subscriptions';
const values = (points: Array<{ value: number }>) => points.map((p) => p.value);

beforeAll(async () => {
  fx = await startAnalyticsDb({ now: t('10:30:00') });
  const pipeline = createIngestPipeline(fx.deps, createPartitionManager(fx.deps));
  const readings: Array<[instance: string, active: number, at: string]> = [
    // gw-1 reports until 10:01:50, then stops.
    ['gw-1', 10, '10:00:05'],
    ['gw-1', 12, '10:00:20'],
    ['gw-1', 12, '10:00:35'],
    ['gw-1', 12, '10:00:50'],
    ['gw-1', 12, '10:01:05'],
    ['gw-1', 11, '10:01:20'],
    ['gw-1', 11, '10:01:35'],
    ['gw-1', 11, '10:01:50'],
    // gw-2 reports twice and dies.
    ['gw-2', 5, '10:00:10'],
    ['gw-2', 6, '10:00:25'],
    // gw-3 starts at 10:02:10.
    ['gw-3', 3, '10:02:10'],
    ['gw-3', 4, '10:02:25'],
  ];
  // Out of order and in two batches, as two consumers could deliver them.
  const events = readings.map(
    ([instance, active, at]) => platformEvent(subscriptionReading(instance, active, t(at)))!,
  );
  await pipeline.ingest(events.filter((_, i) => i % 2 === 1).reverse());
  await pipeline.ingest(events.filter((_, i) => i % 2 === 0));
});
afterAll(() => fx?.stop());

describe('a gauge reported by several instances', () => {
  it("sums each instance's latest reading as of each closed window's end, without the silent ones", async () => {
    fx.clock.now = t('10:30:00');
    const points = await readSeries(fx.deps, METRIC, 'MINUTE', t('09:59:00'), t('10:04:00'));
    expect(points.map((p) => p.at.toISOString())).toEqual([
      '2026-03-01T09:59:00.000Z',
      '2026-03-01T10:00:00.000Z',
      '2026-03-01T10:01:00.000Z',
      '2026-03-01T10:02:00.000Z',
      '2026-03-01T10:03:00.000Z',
    ]);
    // 10:00 as of 10:01:00: gw-1's 12 (10:00:50) + gw-2's 6 (10:00:25, 35 s old).
    // 10:01 as of 10:02:00: gw-1's 11 (10:01:50); gw-2's last is 95 s old.
    // 10:02 as of 10:03:00: gw-3's 4 (10:02:25); gw-1's last is 70 s old.
    // 10:03 as of 10:04:00: gw-3's last is 95 s old: nobody reports.
    expect(values(points)).toEqual([0, 18, 11, 4, 0]);
    // The hour as of 11:00: every gateway had gone by then.
    expect(values(await readSeries(fx.deps, METRIC, 'HOUR', t('10:00:00'), t('11:00:00')))).toEqual([0]);
  });

  it('reads the open window as of now: a reading from the window before counts while it is fresh', async () => {
    fx.clock.now = t('10:02:30');
    // gw-1's 11 at 10:01:50 is 40 s old, gw-3's 4 is fresh.
    expect(Object.fromEntries(await windowValues(fx.deps, [METRIC], 'MINUTE', t('10:02:30')))).toEqual({
      [METRIC]: 15,
    });
    expect(values(await readSeries(fx.deps, METRIC, 'MINUTE', t('10:02:00'), t('10:04:00')))).toEqual([
      15, 0,
    ]);
    expect(values(await readSeries(fx.deps, METRIC, 'HOUR', t('10:00:00'), t('11:00:00')))).toEqual([15]);

    fx.clock.now = t('10:02:40'); // gw-1 silent for 50 s: gone
    expect((await windowValues(fx.deps, [METRIC], 'MINUTE', t('10:02:40'))).get(METRIC)).toBe(4);
    expect((await windowValues(fx.deps, [METRIC], 'HOUR', t('10:02:40'))).get(METRIC)).toBe(4);
    // A closed window is as of its end, whatever the time now.
    expect((await windowValues(fx.deps, [METRIC], 'MINUTE', t('10:00:59'))).get(METRIC)).toBe(18);
  });
});
