import { createRedis, type Redis } from '@ukp/kit';
import { testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisResponseStore } from './store.js';

describe('RedisResponseStore (real Redis)', () => {
  const prefix = uniqueRedisPrefix();
  let redis: Redis;
  beforeAll(async () => {
    redis = await createRedis({ url: testRedisUrl, name: 'response-store-test' });
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('stores responses up to the per-entry maximum and skips larger ones', async () => {
    const store = new RedisResponseStore(redis, prefix, 100);
    await store.set('small', { body: 'x'.repeat(100), storedAt: 1 }, 60);
    await store.set('large', { body: 'x'.repeat(101), storedAt: 1 }, 60);
    expect(await store.get('small')).toEqual({ body: 'x'.repeat(100), storedAt: 1 });
    expect(await store.get('large')).toBeUndefined();
    expect(await redis.exists(`${prefix}response-cache:entry:large`)).toBe(0);
  });
});
