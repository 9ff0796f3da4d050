import { createRedis, DEFAULT_REDIS_COMMAND_TIMEOUT_MS, type Redis } from '../redis.js';
import { streamKeyOf } from './durable-topics.js';
import type { BusEvent } from './event-bus.js';
import type { EventFeed, EventFeedOptions } from './event-feed.js';
import { type StreamEntry, streamEntriesOf, streamsOfReadReply } from './stream-replies.js';

export interface StreamFeedOptions extends EventFeedOptions {
  redisUrl: string;
}

/** Back-off after a failure (Redis or handler): quick for a blip, at most a few seconds. */
export function feedBackoffMs(failures: number): number {
  return Math.min(100 * 2 ** Math.max(0, failures - 1), 5_000);
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The durable topics' family streams read in a consumer group (see `EventFeed`). One loop, one
 * step at a time: claim a dead consumer's entries when due, re-read this consumer's own pending
 * entries when some may be left (at start, after a failed batch or a Redis error), otherwise block
 * for new ones; hand the wanted events to the handler and only then acknowledge the entries.
 */
export function createStreamFeed(options: StreamFeedOptions): EventFeed {
  const { group, consumer, logger } = options;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const blockMs = Math.max(1, options.blockMs ?? 1000);
  const wanted = new Set(options.topics);
  const streams = [...new Set(options.topics.map((topic) => streamKeyOf(options.prefix, topic)))];
  const claimEveryMs = Math.max(1, Math.floor(options.claimIdleMs / 2));
  // XAUTOCLAIM scans a stream's pending list in steps: each round continues where the last stopped.
  const cursors = new Map(streams.map((stream) => [stream, '0-0']));

  let client: Redis | undefined;
  let loop: Promise<void> | undefined;
  let stopping = false;
  let stopped: Promise<void> | undefined;
  let wake: (() => void) | undefined;

  /** A back-off that `stop()` cuts short. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopping) return resolve();
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });

  async function ensureGroups(redis: Redis): Promise<void> {
    for (const stream of streams) {
      try {
        // From the start of the stream: a new group counts what the stream still holds.
        await redis.call('XGROUP', 'CREATE', stream, group, '0', 'MKSTREAM');
      } catch (error) {
        if (!errorMessage(error).startsWith('BUSYGROUP')) throw error;
      }
    }
  }

  async function readGroup(redis: Redis, id: '>' | '0'): Promise<StreamEntry[]> {
    const args: Array<string | number> = ['GROUP', group, consumer, 'COUNT', batchSize];
    // Own pending entries (id 0) are answered at once; only new ones are worth waiting for.
    if (id === '>') args.push('BLOCK', blockMs);
    const reply = await redis.call('XREADGROUP', ...args, 'STREAMS', ...streams, ...streams.map(() => id));
    return streamsOfReadReply(reply).flatMap(([stream, raw]) => streamEntriesOf(stream, raw, logger));
  }

  async function claim(redis: Redis): Promise<StreamEntry[]> {
    const entries: StreamEntry[] = [];
    for (const stream of streams) {
      const reply = await redis.call(
        'XAUTOCLAIM',
        stream,
        group,
        consumer,
        options.claimIdleMs,
        cursors.get(stream) ?? '0-0',
        'COUNT',
        batchSize,
      );
      // [next cursor, entries, ids of entries deleted meanwhile (which Redis drops from the list)]
      if (!Array.isArray(reply)) continue;
      const [next, claimed] = reply as unknown[];
      cursors.set(stream, typeof next === 'string' ? next : '0-0');
      const taken = streamEntriesOf(stream, claimed, logger);
      if (taken.length > 0)
        logger.info(
          { stream, group, consumer, entries: taken.length },
          'claimed entries of an idle consumer',
        );
      entries.push(...taken);
    }
    return entries;
  }

  async function acknowledge(redis: Redis, entries: StreamEntry[]): Promise<void> {
    const byStream = new Map<string, string[]>();
    for (const entry of entries) {
      const ids = byStream.get(entry.stream);
      if (ids) ids.push(entry.id);
      else byStream.set(entry.stream, [entry.id]);
    }
    const pipeline = redis.pipeline();
    for (const [stream, ids] of byStream) pipeline.xack(stream, group, ...ids);
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }

  /** False when the handler rejected: the entries stay pending, to be read again. */
  async function handle(
    redis: Redis,
    handler: (events: BusEvent[]) => Promise<void>,
    entries: StreamEntry[],
  ): Promise<boolean> {
    // Other topics of the same family (and deleted or unreadable entries) are acknowledged unread.
    const events: BusEvent[] = [];
    for (const entry of entries) if (entry.event && wanted.has(entry.event.topic)) events.push(entry.event);
    if (events.length > 0) {
      try {
        await handler(events);
      } catch (error) {
        logger.error(
          { err: error, events: events.length },
          'event batch failed; it stays pending and is retried',
        );
        return false;
      }
    }
    await acknowledge(redis, entries);
    return true;
  }

  async function run(redis: Redis, handler: (events: BusEvent[]) => Promise<void>, ready: boolean) {
    let groupsReady = ready;
    // At start: entries this consumer was given before a restart and never acknowledged.
    let ownPending = true;
    let nextClaimAt = 0;
    let redisFailures = 0;
    let handlerFailures = 0;
    while (!stopping) {
      try {
        if (!groupsReady) {
          await ensureGroups(redis);
          groupsReady = true;
        }
        let entries: StreamEntry[];
        if (Date.now() >= nextClaimAt) {
          nextClaimAt = Date.now() + claimEveryMs;
          entries = await claim(redis);
        } else if (ownPending) {
          entries = await readGroup(redis, '0');
          if (entries.length === 0) ownPending = false;
        } else {
          entries = await readGroup(redis, '>');
        }
        if (redisFailures > 0) logger.info({ group, consumer }, 'event streams readable again');
        redisFailures = 0;
        if (entries.length === 0) continue;
        if (await handle(redis, handler, entries)) {
          handlerFailures = 0;
        } else {
          ownPending = true;
          await pause(feedBackoffMs(++handlerFailures));
        }
      } catch (error) {
        // A lost reply may have delivered entries to this consumer: they are in its pending list.
        ownPending = true;
        if (errorMessage(error).includes('NOGROUP')) groupsReady = false;
        if (stopping) break;
        redisFailures += 1;
        // One line an outage at warn, the repeats at debug.
        if (redisFailures === 1)
          logger.warn({ err: error, group, consumer }, 'event stream read failed; retrying');
        else logger.debug({ err: error, group, consumer }, 'event streams still unavailable');
        await pause(feedBackoffMs(redisFailures));
      }
    }
  }

  return {
    kind: 'redis-stream',
    async start(handler) {
      if (client || stopping) throw new Error('event feed already started');
      const redis = await createRedis({
        url: options.redisUrl,
        logger,
        name: `feed:${group}:${consumer}`,
        // A blocking read holds the connection for blockMs before it answers.
        commandTimeoutMs: blockMs + (options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS),
      });
      client = redis;
      const ready = await ensureGroups(redis).then(
        () => true,
        (error: unknown) => {
          logger.warn({ err: error, group }, 'could not create the consumer groups yet; retrying');
          return false;
        },
      );
      loop = run(redis, handler, ready);
    },
    stop() {
      stopped ??= (async () => {
        stopping = true;
        wake?.();
        await loop;
        if (client) await client.quit().catch(() => client?.disconnect());
      })();
      return stopped;
    },
  };
}
