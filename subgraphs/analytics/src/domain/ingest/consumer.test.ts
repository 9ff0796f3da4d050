import { type BusEvent, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { AnalyticsDeps } from '../deps.js';
import { startPlatformConsumer } from './consumer.js';
import type { IngestPipeline } from './pipeline.js';
import { busEvent } from './testing/fixtures.js';
import type { IngestEvent } from './types.js';

const NOW = new Date('2026-04-01T12:00:00.000Z');
const deps = { logger: silentLogger() } as unknown as AnalyticsDeps;

function fakeFeed() {
  let handler: ((events: BusEvent[]) => Promise<void>) | undefined;
  let stopped = false;
  return {
    feed: {
      start: async (h: (events: BusEvent[]) => Promise<void>) => {
        handler = h;
      },
      stop: async () => {
        stopped = true;
      },
    },
    deliver: (events: BusEvent[]) => handler!(events),
    stopped: () => stopped,
  };
}

function fakePipeline(fail = false) {
  const batches: IngestEvent[][] = [];
  const pipeline: IngestPipeline = {
    ingest: async (events) => {
      if (fail) throw new Error('database away');
      batches.push([...events]);
      return { accepted: events.length, duplicates: 0, touched: [] };
    },
    onCommitted: () => () => {},
  };
  return { pipeline, batches };
}

describe('startPlatformConsumer', () => {
  it('ingests one batch per feed batch, skipping what it cannot read', async () => {
    const { feed, deliver, stopped } = fakeFeed();
    const { pipeline, batches } = fakePipeline();
    const stop = await startPlatformConsumer(deps, pipeline, feed);
    await deliver([
      busEvent('user.logged_in', { userId: 'u1' }, NOW, 'e1'),
      busEvent('user.logged_in', { nobody: true }, NOW, 'e2'),
      busEvent('search.performed', { query: 'x', userId: null }, NOW, 'e3'),
    ]);
    await deliver([busEvent('user.logged_in', 'garbage', NOW)]);
    expect(batches.map((b) => b.map((e) => e.key))).toEqual([['p:e1', 'p:e3']]);
    await stop();
    expect(stopped()).toBe(true);
  });

  it('rethrows a failed batch, so the feed keeps its entries pending for redelivery', async () => {
    const { feed, deliver } = fakeFeed();
    const { pipeline } = fakePipeline(true);
    await startPlatformConsumer(deps, pipeline, feed);
    await expect(deliver([busEvent('user.logged_in', { userId: 'u1' }, NOW)])).rejects.toThrow(
      'database away',
    );
  });
});
