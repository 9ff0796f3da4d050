import type { Logger } from 'pino';
import type { RedisEnv } from '../env.js';
import { createRedis } from '../redis.js';
import { Resources } from '../resources.js';
import type { EventBus } from './event-bus.js';
import { createMemoryBus } from './memory-bus.js';
import { createRedisBus } from './redis-bus.js';

export {
  type BusIterator,
  type BusIteratorOptions,
  BusOverflowError,
  busIterator,
  type OverflowPolicy,
} from './bus-iterator.js';
export { DURABLE_TOPICS, isDurableTopic, streamFamilyOf, streamKeyOf } from './durable-topics.js';
export type { BusEvent, BusHandler, EventBus } from './event-bus.js';
export { createEventFeed, type EventFeed, type EventFeedOptions } from './event-feed.js';
export { type MappedIterator, type MapStep, mapIterator } from './map-iterator.js';
export { createMemoryBus, type MemoryBusOptions } from './memory-bus.js';
export {
  createRedisBus,
  DEFAULT_STREAM_MAX_LEN,
  type RedisBusOptions,
  STREAM_EVENT_FIELD,
} from './redis-bus.js';

export interface EventBusOptions {
  redisUrl?: string | undefined;
  prefix: string;
  logger?: Logger | undefined;
  name?: string;
  /** REDIS_COMMAND_TIMEOUT_MS. */
  commandTimeoutMs?: number | undefined;
  /** REDIS_STREAM_MAXLEN: how many entries each durable event family's stream keeps (about). */
  streamMaxLen?: number | undefined;
}

/**
 * The bus a service's Redis settings describe (REDIS_URL, REDIS_KEY_PREFIX, REDIS_COMMAND_TIMEOUT_MS,
 * REDIS_STREAM_MAXLEN).
 */
export function eventBusFromEnv(env: RedisEnv, logger: Logger, name: string): Promise<EventBus> {
  return createEventBus({
    redisUrl: env.REDIS_URL,
    prefix: env.REDIS_KEY_PREFIX,
    logger,
    name,
    commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS,
    streamMaxLen: env.REDIS_STREAM_MAXLEN,
  });
}

/** Redis when a URL is given (every instance hears every event), in-process otherwise. */
export async function createEventBus(options: EventBusOptions): Promise<EventBus> {
  if (!options.redisUrl) return createMemoryBus({ logger: options.logger });
  const resources = new Resources(options.logger);
  try {
    const publisher = await createRedis({
      url: options.redisUrl,
      logger: options.logger,
      name: `${options.name ?? 'ukp'}-pub`,
      commandTimeoutMs: options.commandTimeoutMs,
    });
    resources.add('redis publisher', async () => void (await publisher.quit()));
    const subscriber = await createRedis({
      url: options.redisUrl,
      logger: options.logger,
      name: `${options.name ?? 'ukp'}-sub`,
      commandTimeoutMs: options.commandTimeoutMs,
    });
    resources.add('redis subscriber', async () => void (await subscriber.quit()));
    const bus = createRedisBus({
      publisher,
      subscriber,
      prefix: options.prefix,
      logger: options.logger,
      streamMaxLen: options.streamMaxLen,
    });
    return {
      ...bus,
      close: async () => {
        await bus.close();
        await resources.closeAll();
      },
    };
  } catch (error) {
    await resources.closeAll();
    throw error;
  }
}
