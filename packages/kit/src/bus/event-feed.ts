import type { Logger } from 'pino';
import type { BusEvent, EventBus } from './event-bus.js';
import { createMemoryFeed } from './memory-feed.js';
import { createStreamFeed } from './stream-feed.js';

/**
 * Platform events in batches, for a consumer that must not lose them (analytics). With Redis,
 * the durable topics' streams read in a consumer group: at least once, an entry acknowledged only
 * after the handler has resolved, a dead consumer's entries claimed by a live one — the handler
 * must therefore be idempotent (by `BusEvent.id`). Without Redis, the in-process bus: at most once.
 */
export interface EventFeed {
  readonly kind: 'redis-stream' | 'memory';
  /** Resolves once the feed is reading; `handler` is called with one batch at a time, never concurrently. */
  start(handler: (events: BusEvent[]) => Promise<void>): Promise<void>;
  /** Stops reading, waits for the batch in flight to finish (and be acknowledged), releases what it opened. */
  stop(): Promise<void>;
}

export interface EventFeedOptions {
  bus: EventBus;
  redisUrl?: string | undefined;
  prefix: string;
  /** REDIS_COMMAND_TIMEOUT_MS: added to `blockMs` for the feed's own connection's command timeout. */
  commandTimeoutMs?: number | undefined;
  /** The consumer group: every instance of one service shares it, so each event reaches one of them. */
  group: string;
  /** This instance in the group; a stable name lets a restart pick up its own pending entries at once. */
  consumer: string;
  /** The topics wanted (durable ones: see `DURABLE_TOPICS`); others of their families are skipped. */
  topics: readonly string[];
  /** An entry delivered to a consumer and unacknowledged this long is taken over by another. */
  claimIdleMs: number;
  /** Most events a batch holds (with Redis: per stream read); default 500. */
  batchSize?: number;
  /** How long one blocking read waits for new entries (ms); default 1000. */
  blockMs?: number;
  logger: Logger;
}

/** The Redis Streams feed when the bus is Redis and a URL is given, the in-process feed otherwise. */
export function createEventFeed(options: EventFeedOptions): EventFeed {
  if (options.bus.kind === 'redis' && options.redisUrl) {
    return createStreamFeed({ ...options, redisUrl: options.redisUrl });
  }
  return createMemoryFeed(options);
}
