import { createRedis, type Redis } from '@ukp/kit';
import { testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisKeyValueCache } from './redis-cache.js';

describe('RedisKeyValueCache (real Redis)', () => {
  const prefix = uniqueRedisPrefix();
  let redis: Redis;
  let cache: RedisKeyValueCache;
  beforeAll(async () => {
    redis = await createRedis({ url: testRedisUrl, name: 'apq-cache-test' });
    cache = new RedisKeyValueCache(redis, prefix);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('stores under its prefix, reads back, and reports a miss as undefined', async () => {
    expect(await cache.get('apq:missing')).toBeUndefined();
    await cache.set('apq:abc', '{ me { id } }');
    expect(await cache.get('apq:abc')).toBe('{ me { id } }');
    expect(await redis.get(`${prefix}apq:abc`)).toBe('{ me { id } }');
  });

  it('expires an entry after its ttl in seconds; none or null keeps it', async () => {
    await cache.set('ttl', 'x', { ttl: 30 });
    const ttl = await redis.ttl(`${prefix}ttl`);
    expect(ttl).toBeGreaterThan(25);
    expect(ttl).toBeLessThanOrEqual(30);
    await cache.set('forever', 'x', { ttl: null });
    await cache.set('forever-too', 'x');
    expect(await redis.ttl(`${prefix}forever`)).toBe(-1);
    expect(await redis.ttl(`${prefix}forever-too`)).toBe(-1);
  });

  it('deletes, saying whether there was something to delete', async () => {
    await cache.set('gone', 'x');
    expect(await cache.delete('gone')).toBe(true);
    expect(await cache.delete('gone')).toBe(false);
    expect(await cache.get('gone')).toBeUndefined();
  });
});
