import { createDatabase, type DatabaseHandle } from '@ukp/kit';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricWindows } from '../../db/schema.js';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { LATENCY_METRIC } from '../metrics/catalog.js';
import { SKETCH_RELATIVE_ACCURACY, Sketch } from '../metrics/sketch.js';
import { exactQuantile } from '../queries/testing/arrange.js';
import { gaussian, mulberry32 } from '../stats/testing/prng.js';
import { createPartitionManager } from './partitions.js';
import { createIngestPipeline } from './pipeline.js';
import { platformEvent } from './platform-events.js';
import { gatewaySample, readWindow } from './testing/fixtures.js';
import type { IngestEvent } from './types.js';

const NOW = new Date('2026-03-10T12:30:00.000Z');
const HOUR = new Date('2026-03-10T10:00:00.000Z');
const N = 50_000;

let fixture: AnalyticsDbFixture;
let second: DatabaseHandle;

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: NOW });
  second = await createDatabase({ url: fixture.database.url, poolMax: 2 });
});
afterAll(async () => {
  await second?.close();
  await fixture?.stop();
});

describe('latency windows', () => {
  it('gives the p50/p95/p99 of an hour from its merged minute sketches within the sketch’s 1% relative error', {
    timeout: 180_000,
  }, async () => {
    // Lognormal durations (median 80 ms, σ = 0.9 in log space), at random instants of one hour,
    // arriving in time order as a stream would.
    const random = mulberry32(20260310);
    const normal = gaussian(random);
    const instants = Array.from({ length: N }, () => HOUR.getTime() + Math.floor(random() * 3_600_000)).sort(
      (a, b) => a - b,
    );
    const durations: number[] = [];
    const events: IngestEvent[] = [];
    for (const [i, at] of instants.entries()) {
      const duration = Math.round(Math.exp(Math.log(80) + 0.9 * normal()) * 1000) / 1000;
      durations.push(duration);
      events.push(platformEvent(gatewaySample(new Date(at), duration, { operationName: `Op${i % 5}` }))!);
    }

    // Two instances, in batches of 500, at the same time: each sketch merge happens under the row lock.
    const one = createIngestPipeline(fixture.deps, createPartitionManager(fixture.deps));
    const deps2 = { ...fixture.deps, db: second.db };
    const two = createIngestPipeline(deps2, createPartitionManager(deps2));
    const batches: IngestEvent[][] = [];
    for (let i = 0; i < N; i += 500) batches.push(events.slice(i, i + 500));
    await Promise.all([
      (async () => {
        for (const batch of batches.filter((_, i) => i % 2 === 0)) await one.ingest(batch);
      })(),
      (async () => {
        for (const batch of batches.filter((_, i) => i % 2 === 1)) await two.ingest(batch);
      })(),
    ]);

    const minutes = await fixture.deps.db
      .select()
      .from(metricWindows)
      .where(
        and(
          eq(metricWindows.metric, LATENCY_METRIC),
          eq(metricWindows.interval, 'MINUTE'),
          gte(metricWindows.at, HOUR),
          lt(metricWindows.at, new Date(HOUR.getTime() + 3_600_000)),
        ),
      )
      .orderBy(asc(metricWindows.at));
    expect(minutes).toHaveLength(60);
    const merged = Sketch.empty();
    for (const row of minutes) merged.merge(Sketch.decode(row.sketch));
    expect(merged.count).toBe(N);

    const hour = await readWindow(fixture.deps.db, LATENCY_METRIC, 'HOUR', HOUR);
    expect(hour?.count).toBe(N);
    expect(hour?.sketch?.count).toBe(N);

    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(durations, q);
      for (const sketch of [merged, hour!.sketch!]) {
        const relative = Math.abs(sketch.quantile(q) - exact) / exact;
        expect(relative, `q=${q}`).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY);
      }
    }
  });
});
