import type { EventFeed } from '@ukp/kit';
import type { AnalyticsDeps } from '../deps.js';
import type { IngestPipeline } from './pipeline.js';
import { platformEvent } from './platform-events.js';
import type { IngestEvent } from './types.js';

/**
 * Feeds the platform's events into the pipeline: one pipeline batch per feed batch. A malformed
 * event is logged and skipped (it must not hold the stream up); a failed batch is rethrown, so
 * the feed leaves its entries pending to be delivered again, and their keys make that count once.
 * Resolves once the feed is live, with its stopper.
 */
export async function startPlatformConsumer(
  deps: AnalyticsDeps,
  pipeline: IngestPipeline,
  feed: Pick<EventFeed, 'start' | 'stop'>,
): Promise<() => Promise<void>> {
  await feed.start(async (batch) => {
    const events: IngestEvent[] = [];
    const skipped = new Map<string, number>();
    for (const event of batch) {
      let mapped: IngestEvent | null = null;
      try {
        mapped = platformEvent(event);
      } catch (error) {
        deps.logger.warn({ err: error }, 'a platform event could not be read');
      }
      if (mapped) events.push(mapped);
      else skipped.set(String(event?.topic), (skipped.get(String(event?.topic)) ?? 0) + 1);
    }
    if (skipped.size > 0)
      deps.logger.warn({ skipped: Object.fromEntries(skipped) }, 'malformed platform events skipped');
    if (events.length === 0) return;
    try {
      await pipeline.ingest(events);
    } catch (error) {
      deps.logger.warn(
        { err: error, events: events.length },
        'platform batch not stored; it will be retried',
      );
      throw error;
    }
  });
  return () => feed.stop();
}
