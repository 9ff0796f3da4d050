import type { BusEvent } from './event-bus.js';
import type { EventFeed, EventFeedOptions } from './event-feed.js';

/** How long the first event of a batch waits for others to join it. */
const FLUSH_MS = 20;
/** Tries of one batch before it is dropped, and the pause before the first retry (then × 4). */
const ATTEMPTS = 3;
const FIRST_RETRY_MS = 50;
/** Batches that may wait behind a slow handler; beyond that events are dropped (and counted). */
const MAX_QUEUED_BATCHES = 100;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The feed over the in-process bus (embedded mode, no Redis). **At most once**: what is published
 * while nothing is subscribed (before `start`, after a crash) is never seen, a batch the handler
 * keeps rejecting is dropped after a few tries, and a handler that falls far behind loses events
 * rather than the process its memory. Batches go to the handler one at a time, in arrival order.
 */
export function createMemoryFeed(options: EventFeedOptions): EventFeed {
  const { bus, logger } = options;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const maxQueued = batchSize * MAX_QUEUED_BATCHES;
  const queue: BusEvent[] = [];
  const unsubscribes: Array<() => Promise<void>> = [];
  let handler: ((events: BusEvent[]) => Promise<void>) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let draining: Promise<void> | undefined;
  let stopped = false;
  let dropped = 0;
  let stopping: Promise<void> | undefined;

  async function deliver(batch: BusEvent[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler?.(batch);
        return;
      } catch (error) {
        if (attempt >= ATTEMPTS) {
          logger.error({ err: error, events: batch.length }, 'event batch dropped after repeated failures');
          return;
        }
        logger.warn({ err: error, events: batch.length, attempt }, 'event batch failed; retrying');
        await sleep(FIRST_RETRY_MS * 4 ** (attempt - 1));
      }
    }
  }

  function drain(): void {
    if (timer) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (draining || queue.length === 0) return;
    draining = (async () => {
      // Events that arrive while a batch is being handled have waited already: no new flush delay.
      while (queue.length > 0) await deliver(queue.splice(0, batchSize));
      draining = undefined;
    })();
  }

  function receive(event: BusEvent): void {
    if (stopped) return;
    if (queue.length >= maxQueued) {
      if (dropped++ % batchSize === 0)
        logger.warn({ dropped, queued: queue.length }, 'event feed behind: dropping events');
      return;
    }
    queue.push(event);
    if (queue.length >= batchSize) drain();
    else if (!timer && !draining) timer = setTimeout(drain, FLUSH_MS);
  }

  return {
    kind: 'memory',
    async start(next) {
      if (handler || stopped) throw new Error('event feed already started');
      handler = next;
      try {
        for (const topic of new Set(options.topics)) unsubscribes.push(await bus.subscribe(topic, receive));
      } catch (error) {
        await Promise.all(unsubscribes.splice(0).map((unsubscribe) => unsubscribe()));
        throw error;
      }
    },
    stop() {
      stopping ??= (async () => {
        stopped = true;
        await Promise.all(unsubscribes.splice(0).map((unsubscribe) => unsubscribe().catch(() => {})));
        // What was received is still delivered: only what arrives from now on is not.
        drain();
        while (draining) await draining;
      })();
      return stopping;
    },
  };
}
