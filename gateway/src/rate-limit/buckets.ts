import type { Redis } from '@ukp/kit';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';

/** A bucket after a charge: over its limit or not, and when its window starts over. */
export interface BucketState {
  bucket: string;
  limited: boolean;
  limit: number;
  remaining: number;
  msBeforeReset: number;
}

/** A fixed window of `limit` points per key. */
export interface Bucket {
  readonly name: string;
  readonly limit: number;
  take(key: string, points: number): Promise<BucketState>;
  /** Gives back points taken in the current window (a sign-in that did not fail). */
  refund(key: string, points: number): Promise<void>;
}

export type BucketFactory = (name: string, limit: number, windowSeconds: number) => Bucket;

function bucket(name: string, limit: number, limiter: RateLimiterAbstract): Bucket {
  const state = (limited: boolean, res: RateLimiterRes): BucketState => ({
    bucket: name,
    limited,
    limit,
    remaining: res.remainingPoints,
    msBeforeReset: res.msBeforeNext,
  });
  return {
    name,
    limit,
    async take(key, points) {
      try {
        return state(false, await limiter.consume(key, points));
      } catch (rejection) {
        // rate-limiter-flexible rejects with its result when over the limit, with an Error on failure.
        if (rejection instanceof RateLimiterRes) return state(true, rejection);
        throw rejection;
      }
    },
    async refund(key, points) {
      await limiter.reward(key, points);
    },
  };
}

/** Per-process buckets: right for one instance, and for tests and laptops without Redis. */
export function memoryBuckets(): BucketFactory {
  return (name, limit, windowSeconds) =>
    bucket(name, limit, new RateLimiterMemory({ keyPrefix: name, points: limit, duration: windowSeconds }));
}

/**
 * Buckets in Redis, shared by every gateway instance. While Redis is not reachable each instance
 * falls back to its own in-memory bucket (`insuranceLimiter`) rather than failing requests or
 * waiting on a reconnect: limits loosen by the instance count for that time, nothing breaks.
 */
export function redisBuckets(redis: Redis, prefix: string): BucketFactory {
  return (name, limit, windowSeconds) =>
    bucket(
      name,
      limit,
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${prefix}ratelimit:${name}`,
        points: limit,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({ points: limit, duration: windowSeconds }),
      }),
    );
}
