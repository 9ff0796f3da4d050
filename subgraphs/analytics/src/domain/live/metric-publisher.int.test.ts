import { within } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { setMinuteCount } from '../alerts/test-support.js';
import type { AnalyticsDeps } from '../deps.js';
import { createPartitionManager } from '../ingest/partitions.js';
import { createIngestPipeline } from '../ingest/pipeline.js';
import { platformEvent } from '../ingest/platform-events.js';
import { subscriptionReading } from '../ingest/testing/fixtures.js';
import type { IngestResult } from '../ingest/types.js';
import { Sketch } from '../metrics/sketch.js';
import { createLiveFeeds } from './feeds.js';
import { createLivePublisher, namesOfStored } from './metric-publisher.js';
import type { MetricSamplePayload } from './topics.js';

/** The pipeline as the publisher sees it: commits are announced by hand. */
function fakePipeline() {
  const listeners = new Set<(result: IngestResult) => void>();
  return {
    onCommitted(listener: (result: IngestResult) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    commit(touched: IngestResult['touched']) {
      for (const listener of listeners) listener({ accepted: touched.length, duplicates: 0, touched });
    },
    listeners: () => listeners.size,
  };
}

/** Each flush's output in order, and a way to await the next one. */
function flushLog() {
  const flushes: MetricSamplePayload[][] = [];
  let waiting: Array<(published: MetricSamplePayload[]) => void> = [];
  return {
    flushes,
    onFlush(published: MetricSamplePayload[]) {
      flushes.push(published);
      const resolvers = waiting;
      waiting = [];
      for (const resolve of resolvers) resolve(published);
    },
    next: () => within(new Promise<MetricSamplePayload[]>((resolve) => waiting.push(resolve)), 'a flush'),
  };
}

const NOW = new Date('2026-03-02T10:07:30.000Z');
const MINUTE = new Date('2026-03-02T10:07:00.000Z');

let fixture: AnalyticsDbFixture;
let deps: AnalyticsDeps;

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: NOW });
  deps = fixture.deps;
});

afterAll(async () => {
  await fixture?.stop();
});

describe('live metric publisher', () => {
  it('many commits within the second publish once, with the latest value; an unchanged value is not published', async () => {
    const pipeline = fakePipeline();
    const log = flushLog();
    const publisher = createLivePublisher(deps, pipeline, { onFlush: log.onFlush });
    const feed = await createLiveFeeds(deps).metricUpdated(['searches']);
    try {
      const touched = [{ metric: 'searches', at: MINUTE }];
      const firstFlush = log.next();
      await setMinuteCount(deps, 'searches', MINUTE, 5);
      pipeline.commit(touched);
      await setMinuteCount(deps, 'searches', MINUTE, 10);
      for (let i = 0; i < 9; i += 1) pipeline.commit(touched);

      expect(await firstFlush).toEqual([{ metric: 'searches', value: 10, at: MINUTE.toISOString() }]);
      expect((await within(feed.next(), 'the first sample')).value).toEqual({
        metric: 'searches',
        value: 10,
        at: MINUTE.toISOString(),
      });

      const unchanged = log.next();
      pipeline.commit(touched);
      expect(await unchanged).toEqual([]);

      const changed = log.next();
      await setMinuteCount(deps, 'searches', MINUTE, 11);
      pipeline.commit(touched);
      expect((await changed).map((s) => s.value)).toEqual([11]);
      // Had anything else been published in between, the feed would yield it first.
      expect((await within(feed.next(), 'the second sample')).value?.value).toBe(11);
      expect(log.flushes).toHaveLength(3);
    } finally {
      await feed.return?.();
      await publisher.stop();
    }
  });

  it('a change to the stored latency sketch publishes the three latency quantiles', async () => {
    expect(namesOfStored('latency_ms').sort()).toEqual([
      'latency_ms',
      'latency_p50_ms',
      'latency_p95_ms',
      'latency_p99_ms',
    ]);
    expect(namesOfStored('searches')).toEqual(['searches']);
    expect(namesOfStored('checkout.done')).toEqual(['checkout.done']);

    const pipeline = fakePipeline();
    const log = flushLog();
    const publisher = createLivePublisher(deps, pipeline, { intervalMs: 50, onFlush: log.onFlush });
    try {
      const sketch = Sketch.empty();
      for (let ms = 1; ms <= 100; ms += 1) sketch.add(ms);
      await deps.db.execute(sql`
        insert into analytics.metric_windows (metric, interval, at, count, sketch)
        values ('latency_ms', 'MINUTE', ${MINUTE.toISOString()}::timestamptz, 100, ${Buffer.from(sketch.encode())})`);
      const flushed = log.next();
      pipeline.commit([{ metric: 'latency_ms', at: MINUTE }]);
      const byName = new Map((await flushed).map((s) => [s.metric, s.value]));
      // Exact percentiles of 1…100 ms are 50, 95, 99; DDSketch keeps each within 1% (its relative accuracy).
      expect(byName.get('latency_p50_ms')).toBeGreaterThanOrEqual(50 * 0.99);
      expect(byName.get('latency_p50_ms')).toBeLessThanOrEqual(50 * 1.01);
      expect(byName.get('latency_p95_ms')).toBeGreaterThanOrEqual(95 * 0.99);
      expect(byName.get('latency_p95_ms')).toBeLessThanOrEqual(95 * 1.01);
      expect(byName.get('latency_p99_ms')).toBeGreaterThanOrEqual(99 * 0.99);
      expect(byName.get('latency_p99_ms')).toBeLessThanOrEqual(99 * 1.01);
    } finally {
      await publisher.stop();
    }
  });

  it('only the current minute (and the one just closed) is live: a late window is not published', async () => {
    const pipeline = fakePipeline();
    const log = flushLog();
    const publisher = createLivePublisher(deps, pipeline, { intervalMs: 50, onFlush: log.onFlush });
    try {
      const previous = new Date(MINUTE.getTime() - 60_000);
      const old = new Date(MINUTE.getTime() - 5 * 60_000);
      await setMinuteCount(deps, 'logins', MINUTE, 3);
      await setMinuteCount(deps, 'signups', previous, 2);
      await setMinuteCount(deps, 'questions', old, 7);
      const flushed = log.next();
      pipeline.commit([
        { metric: 'questions', at: old },
        { metric: 'signups', at: previous },
        { metric: 'logins', at: MINUTE },
      ]);
      expect((await flushed).map((s) => [s.metric, s.value, s.at]).sort()).toEqual([
        ['logins', 3, MINUTE.toISOString()],
        ['signups', 2, previous.toISOString()],
      ]);
    } finally {
      await publisher.stop();
    }
  });

  it("publishes active_subscriptions as the sum of the gateways' latest counts", async () => {
    const pipeline = createIngestPipeline(deps, createPartitionManager(deps));
    const log = flushLog();
    const publisher = createLivePublisher(deps, pipeline, { intervalMs: 50, onFlush: log.onFlush });
    try {
      const second = (s: number) => new Date(MINUTE.getTime() + s * 1000);
      const flushed = log.next();
      await pipeline.ingest(
        [
          subscriptionReading('gw-1', 4, second(10)),
          subscriptionReading('gw-2', 6, second(20)),
          subscriptionReading('gw-1', 5, second(25)),
        ].map((event) => platformEvent(event)!),
      );
      expect(await flushed).toEqual([
        { metric: 'active_subscriptions', value: 5 + 6, at: MINUTE.toISOString() },
      ]);
    } finally {
      await publisher.stop();
    }
  });

  it('stop() leaves the pipeline', async () => {
    const pipeline = fakePipeline();
    const publisher = createLivePublisher(deps, pipeline);
    expect(pipeline.listeners()).toBe(1);
    pipeline.commit([{ metric: 'searches', at: MINUTE }]);
    await publisher.stop();
    expect(pipeline.listeners()).toBe(0);
  });
});
