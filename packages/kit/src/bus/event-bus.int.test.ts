import { afterAll, describe, expect, it } from 'vitest';
import { testRedisUrl, uniqueRedisPrefix } from '../testing/test-env.js';
import { collector, eventBusContract } from './event-bus.contract.js';
import type { EventBus } from './event-bus.js';
import { createEventBus, createMemoryBus } from './index.js';

eventBusContract('memory', async () => createMemoryBus());
eventBusContract('redis', () => createEventBus({ redisUrl: testRedisUrl, prefix: uniqueRedisPrefix() }));

describe('createEventBus', () => {
  it('chooses the implementation from the URL', async () => {
    const memory = await createEventBus({ prefix: 'x:' });
    const alsoMemory = await createEventBus({ redisUrl: '', prefix: 'x:' });
    const redis = await createEventBus({ redisUrl: testRedisUrl, prefix: uniqueRedisPrefix() });
    try {
      expect([memory.kind, alsoMemory.kind, redis.kind]).toEqual(['memory', 'memory', 'redis']);
    } finally {
      await Promise.all([memory.close(), alsoMemory.close(), redis.close()]);
    }
  });

  it('rejects at once when Redis cannot be reached', async () => {
    await expect(createEventBus({ redisUrl: 'redis://127.0.0.1:1', prefix: 'x:' })).rejects.toThrow(
      /cannot connect to Redis at 127\.0\.0\.1:1/,
    );
  });
});

describe('Redis bus across instances', () => {
  const open: EventBus[] = [];
  const bus = async (prefix: string) => {
    const created = await createEventBus({ redisUrl: testRedisUrl, prefix });
    open.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(open.map((b) => b.close()));
  });

  it('instances with the same prefix hear each other', async () => {
    const prefix = uniqueRedisPrefix();
    const a = await bus(prefix);
    const b = await bus(prefix);
    const atA = collector();
    const atB = collector();
    await a.subscribe('user.updated', atA.handler);
    await b.subscribe('user.updated', atB.handler);
    await a.publish('user.updated', { from: 'a' });
    await b.publish('user.updated', { from: 'b' });
    for (const c of [atA, atB]) {
      expect((await c.until(2)).map((e) => e.data)).toEqual([{ from: 'a' }, { from: 'b' }]);
    }
    expect(atB.events[0]?.id).toBe(atA.events[0]?.id);
  });

  it('instances with different prefixes are isolated', async () => {
    const a = await bus(uniqueRedisPrefix());
    const other = await bus(uniqueRedisPrefix());
    const atA = collector();
    const atOther = collector();
    await a.subscribe('user.updated', atA.handler);
    await other.subscribe('user.updated', atOther.handler);
    await a.publish('user.updated', 'for a');
    await atA.until(1);
    // Redis had already queued any leak to `other` before `a` heard its own event; a marker
    // published afterwards on `other` arrives behind it.
    await other.publish('user.updated', 'marker');
    expect((await atOther.until(1)).map((e) => e.data)).toEqual(['marker']);
    expect(atA.events.map((e) => e.data)).toEqual(['for a']);
  });
});
