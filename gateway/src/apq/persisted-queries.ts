import type { PersistedQueryOptions } from '@apollo/server';
import type { Redis } from '@ukp/kit';
import { FallbackKeyValueCache } from './fallback-cache.js';
import { RedisKeyValueCache } from './redis-cache.js';

export interface ApqOptions {
  /** The gateway's Redis, when REDIS_URL is set. */
  redis: Redis | undefined;
  /** REDIS_KEY_PREFIX. */
  keyPrefix: string;
  ttlSeconds: number;
}

/**
 * Apollo Server's `persistedQueries` option. With Redis the APQ cache is shared by every gateway
 * instance, so a client that registered a query on one gets hits on the others (and each keeps
 * its own in memory for while Redis is away); without it Apollo's default in-memory cache serves
 * one process.
 *
 * Apollo prefixes every APQ key with `apq:` itself, so entries land at
 * `<REDIS_KEY_PREFIX>apq:<sha256>`. The TTL keeps what anonymous clients may register from
 * growing without bound.
 */
export function persistedQueries({ redis, keyPrefix, ttlSeconds }: ApqOptions): PersistedQueryOptions {
  return redis
    ? { cache: new FallbackKeyValueCache(redis, new RedisKeyValueCache(redis, keyPrefix)), ttl: ttlSeconds }
    : { ttl: ttlSeconds };
}
