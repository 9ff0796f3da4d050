import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../logger.js';
import { testRedisUrl, uniqueRedisPrefix } from '../testing/test-env.js';
import { within } from '../testing/timeout.js';
import { streamKeyOf } from './durable-topics.js';
import { collector } from './event-bus.contract.js';
import type { BusEvent, EventBus } from './event-bus.js';
import { batchRecorder, eventFeedContract, type FeedWorld, gate } from './event-feed.contract.js';
import { createEventFeed, type EventFeed, type EventFeedOptions } from './event-feed.js';
import { createEventBus, createMemoryBus } from './index.js';

/** A world: a bus and the feeds opened on it, all closed together. */
function world(bus: EventBus, prefix: string, redisUrl: string | undefined): FeedWorld {
  const feeds: EventFeed[] = [];
  return {
    bus,
    feed(overrides = {}) {
      const feed = createEventFeed({
        bus,
        redisUrl,
        prefix,
        group: 'analytics',
        consumer: 'c1',
        topics: ['document.created'],
        claimIdleMs: 60_000,
        blockMs: 100,
        logger: silentLogger(),
        ...overrides,
      });
      feeds.push(feed);
      return feed;
    },
    async close() {
      await Promise.all(feeds.map((feed) => feed.stop()));
      await bus.close();
    },
  };
}

eventFeedContract('memory', 'memory', async () => world(createMemoryBus(), 'x:', undefined));
eventFeedContract('redis stream', 'redis-stream', async () => {
  const prefix = uniqueRedisPrefix();
  const opened = world(await createEventBus({ redisUrl: testRedisUrl, prefix }), prefix, testRedisUrl);
  return {
    ...opened,
    async close() {
      await opened.close();
      await deleteKeys(prefix);
    },
  };
});

/** The streams a test made, gone with it. */
async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(testRedisUrl);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

describe('event feed over Redis Streams', () => {
  let redis: Redis;
  const cleanup: Array<() => Promise<void>> = [];
  beforeAll(() => {
    redis = new Redis(testRedisUrl);
  });
  afterAll(async () => {
    for (const close of cleanup.reverse()) await close();
    redis.disconnect();
  });

  async function open(overrides: { streamMaxLen?: number } = {}) {
    const prefix = uniqueRedisPrefix();
    const bus = await createEventBus({ redisUrl: testRedisUrl, prefix, ...overrides });
    const feeds: EventFeed[] = [];
    cleanup.push(async () => {
      await Promise.all(feeds.map((feed) => feed.stop()));
      await bus.close();
      await deleteKeys(prefix);
    });
    const feed = (options: Partial<EventFeedOptions> = {}) => {
      const created = createEventFeed({
        bus,
        redisUrl: testRedisUrl,
        prefix,
        group: 'analytics',
        consumer: 'c1',
        topics: ['gateway.request'],
        claimIdleMs: 60_000,
        blockMs: 100,
        logger: silentLogger(),
        ...options,
      });
      feeds.push(created);
      return created;
    };
    return { prefix, bus, feed, stream: streamKeyOf(prefix, 'gateway.request') };
  }

  /** Entries delivered to the group and not yet acknowledged (XPENDING's summary count). */
  const pending = async (stream: string) =>
    Number(((await redis.xpending(stream, 'analytics')) as unknown[])[0]);

  it('is the memory feed without a Redis URL, even over a Redis bus', async () => {
    const { bus } = await open();
    const feed = createEventFeed({
      bus,
      prefix: 'x:',
      group: 'g',
      consumer: 'c',
      topics: ['gateway.request'],
      claimIdleMs: 1000,
      logger: silentLogger(),
    });
    expect(feed.kind).toBe('memory');
  });

  it('appends a durable topic to its family stream as the message subscribers get', async () => {
    const { prefix, bus } = await open();
    const heard = collector();
    await bus.subscribe('document.viewed', heard.handler);
    await bus.publish('document.viewed', { documentId: 'd1' });
    const [event] = await heard.until(1);
    const entries = await redis.xrange(`${prefix}stream:document`, '-', '+');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.[1]).toEqual(['event', JSON.stringify(event)]);
  });

  it('keeps topics that are not durable out of the streams', async () => {
    const { prefix, bus } = await open();
    const heard = collector();
    await bus.subscribe('user.updated', heard.handler);
    // `user.updated` shares the `user` family with durable topics, but is not one of them.
    await bus.publish('user.updated', 1);
    await bus.publish('article.created', 2);
    await heard.until(1);
    expect(await redis.keys(`${prefix}stream:*`)).toEqual([]);
    await bus.publish('user.signed_up', 3);
    expect(await redis.keys(`${prefix}stream:*`)).toEqual([`${prefix}stream:user`]);
    expect(await redis.xlen(`${prefix}stream:user`)).toBe(1);
  });

  it('trims a stream to about its MAXLEN', async () => {
    const maxLen = 10;
    const { bus, stream } = await open({ streamMaxLen: maxLen });
    for (let n = 0; n < 1000; n += 1) await bus.publish('gateway.request', n);
    // `MAXLEN ~` removes whole macro nodes only: up to one node's worth beyond the limit remains.
    const nodeEntries = Number(((await redis.config('GET', 'stream-node-max-entries')) as string[])[1]);
    const length = await redis.xlen(stream);
    expect(length).toBeGreaterThanOrEqual(maxLen);
    expect(length).toBeLessThanOrEqual(maxLen + nodeEntries);
    const [last] = await redis.xrevrange(stream, '+', '-', 'COUNT', 1);
    expect((JSON.parse(last?.[1][1] ?? '{}') as BusEvent).data).toBe(999);
  });

  it('acknowledges entries only once the handler has resolved', async () => {
    const { bus, feed, stream } = await open();
    const entered = gate();
    const release = gate();
    const received = batchRecorder(async () => {
      entered.open();
      await release.opened;
    });
    await feed().start(received.handler);
    for (let n = 0; n < 5; n += 1) await bus.publish('gateway.request', n);
    await within(entered.opened, 'the handler to be called');
    try {
      // Delivered to the handler, not yet resolved: still pending in the group.
      expect(await pending(stream)).toBeGreaterThan(0);
    } finally {
      // Even when the assertion fails: a handler held forever would hold stop() too.
      release.open();
    }
    await received.until(5);
    await vi.waitFor(async () => expect(await pending(stream)).toBe(0));
  });

  it('splits the entries between two consumers of one group, none delivered to both', async () => {
    const { bus, feed } = await open();
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 2));
    const a = batchRecorder(slow);
    const b = batchRecorder(slow);
    await feed({ consumer: 'a', batchSize: 10 }).start(a.handler);
    await feed({ consumer: 'b', batchSize: 10 }).start(b.handler);
    const total = 400;
    await Promise.all(Array.from({ length: total }, (_, n) => bus.publish('gateway.request', n)));
    await vi.waitFor(() => expect(a.events().length + b.events().length).toBe(total), { timeout: 10_000 });
    const idsA = a.events().map((e) => e.id);
    const idsB = b.events().map((e) => e.id);
    expect(idsA.length).toBeGreaterThan(0);
    expect(idsB.length).toBeGreaterThan(0);
    expect(idsA.filter((id) => idsB.includes(id))).toEqual([]);
    expect(new Set([...idsA, ...idsB]).size).toBe(total);
  });

  it('claims the entries of a consumer that read them and died, losing none', async () => {
    const { bus, feed, stream } = await open();
    await redis.xgroup('CREATE', stream, 'analytics', '0', 'MKSTREAM');
    const published: string[] = [];
    const heard = collector();
    await bus.subscribe('gateway.request', heard.handler);
    for (let n = 0; n < 30; n += 1) await bus.publish('gateway.request', n);
    published.push(...(await heard.until(30)).map((e) => e.id));
    // The consumer that dies: it reads everything, acknowledges nothing, and its connection goes.
    const doomed = new Redis(testRedisUrl);
    await doomed.call('XREADGROUP', 'GROUP', 'analytics', 'dead', 'COUNT', 100, 'STREAMS', stream, '>');
    doomed.disconnect();
    expect(await pending(stream)).toBe(30);

    const received = batchRecorder();
    await feed({ consumer: 'live', claimIdleMs: 300 }).start(received.handler);
    const events = await received.until(30);
    expect(events.map((e) => e.id).sort()).toEqual([...published].sort());
    await vi.waitFor(async () => expect(await pending(stream)).toBe(0));
  });

  it('after a restart picks up its own pending entries at once, without waiting to claim them', async () => {
    const { bus, feed, stream } = await open();
    await redis.xgroup('CREATE', stream, 'analytics', '0', 'MKSTREAM');
    for (let n = 0; n < 5; n += 1) await bus.publish('gateway.request', n);
    await redis.call('XREADGROUP', 'GROUP', 'analytics', 'same', 'COUNT', 100, 'STREAMS', stream, '>');
    const received = batchRecorder();
    // Claiming would wait an hour: only re-reading its own pending list can deliver them.
    await feed({ consumer: 'same', claimIdleMs: 3_600_000 }).start(received.handler);
    expect((await received.until(5)).map((e) => e.data)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps going when its connection is killed, and loses nothing', async () => {
    const { bus, feed } = await open();
    const consumer = `killed-${randomUUID()}`;
    const received = batchRecorder();
    await feed({ consumer }).start(received.handler);
    await bus.publish('gateway.request', 0);
    await received.until(1);
    const clients = String(await redis.call('CLIENT', 'LIST'));
    const id = /id=(\d+) .*name=(\S+)/
      .exec(clients.split('\n').find((line) => line.includes(`name=feed:analytics:${consumer}`)) ?? '')
      ?.at(1);
    expect(id).toBeDefined();
    await redis.call('CLIENT', 'KILL', 'ID', id ?? '');
    for (let n = 1; n < 10; n += 1) await bus.publish('gateway.request', n);
    const events = await received.until(10);
    expect(events.map((e) => e.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('keeps going when its group disappears, and reads what comes next', async () => {
    const { bus, feed, stream } = await open();
    const received = batchRecorder();
    await feed().start(received.handler);
    await bus.publish('gateway.request', 'before');
    await received.until(1);
    await redis.xgroup('DESTROY', stream, 'analytics');
    const marker = randomUUID();
    await bus.publish('gateway.request', marker);
    // The group comes back from the start of the stream: delivery is at least once.
    await vi.waitFor(() => expect(received.events().map((e) => e.data)).toContain(marker), {
      timeout: 10_000,
    });
  });
});
