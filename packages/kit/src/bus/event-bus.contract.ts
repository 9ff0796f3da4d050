import { describe, expect, it } from 'vitest';
import { within } from '../testing/timeout.js';
import type { BusEvent, BusHandler, EventBus } from './event-bus.js';

/**
 * The behaviour every `EventBus` implementation promises. Run it against each one with
 * `eventBusContract(name, open)`; `open` returns a fresh bus on an isolated namespace, which the
 * suite closes itself.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface Collector<T> {
  handler: BusHandler<T>;
  events: BusEvent<T>[];
  /** Resolves with the events received so far once there are at least `count` of them. */
  until(count: number, ms?: number): Promise<BusEvent<T>[]>;
}

/** A handler that records what it receives and lets a test await the n-th event. */
export function collector<T = unknown>(): Collector<T> {
  const events: BusEvent<T>[] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  return {
    events,
    handler(event) {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (events.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    },
    until(count, ms = 5000) {
      if (events.length >= count) return Promise.resolve(events);
      const reached = new Promise<void>((resolve) => waiters.push({ count, resolve }));
      return within(reached, `${count} event(s), got ${events.length}`, ms).then(() => events);
    },
  };
}

export function eventBusContract(name: string, open: () => Promise<EventBus>): void {
  describe(`EventBus contract: ${name}`, () => {
    /** Opens a bus for one test and always closes it, even when the test fails. */
    async function withBus(run: (bus: EventBus) => Promise<void>): Promise<void> {
      const bus = await open();
      try {
        await run(bus);
      } finally {
        await bus.close();
      }
    }

    it('delivers the envelope with the data round-tripped as JSON', () =>
      withBus(async (bus) => {
        const received = collector<Record<string, unknown>>();
        await bus.subscribe('article.created', received.handler);
        const before = Date.now();
        await bus.publish('article.created', {
          id: 7,
          tags: ['a', 'b'],
          nested: { ok: true, none: null },
          when: new Date('2024-01-02T03:04:05.000Z'),
          skipped: undefined,
        });
        const [event] = await received.until(1);
        expect(event?.id).toMatch(UUID);
        expect(event?.topic).toBe('article.created');
        expect(event?.at).toBe(new Date(event?.at ?? '').toISOString());
        const at = Date.parse(event?.at ?? '');
        expect(at).toBeGreaterThanOrEqual(before - 1000);
        expect(at).toBeLessThanOrEqual(Date.now() + 1000);
        // What JSON makes of it: dates become strings, undefined members disappear.
        expect(event?.data).toStrictEqual({
          id: 7,
          tags: ['a', 'b'],
          nested: { ok: true, none: null },
          when: '2024-01-02T03:04:05.000Z',
        });
      }));

    it('never runs a subscriber inline in publish()', () =>
      withBus(async (bus) => {
        let publishing = false;
        let ranInline: boolean | undefined;
        const received = collector();
        await bus.subscribe('t', (event) => {
          ranInline = publishing;
          received.handler(event);
        });
        publishing = true;
        const published = bus.publish('t', 1);
        publishing = false;
        await published;
        await received.until(1);
        expect(ranInline).toBe(false);
      }));

    it('gives every subscriber its own copy, exactly once', () =>
      withBus(async (bus) => {
        const first = collector<{ list: number[] }>();
        const second = collector<{ list: number[] }>();
        const third = collector<{ list: number[] }>();
        for (const c of [first, second, third]) await bus.subscribe('shared', c.handler);
        await bus.publish('shared', { list: [1] });
        await bus.publish('shared', { list: [2] });
        for (const c of [first, second, third]) await c.until(2);
        first.events[0]?.data.list.push(99);
        for (const c of [second, third]) {
          expect(c.events.map((e) => e.data.list)).toEqual([[1], [2]]);
        }
        // Each subscriber saw the same event ids.
        expect(second.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
        expect(new Set(first.events.map((e) => e.id)).size).toBe(2);
      }));

    it('keeps topics apart', () =>
      withBus(async (bus) => {
        const orders = collector();
        const ordersCreated = collector();
        await bus.subscribe('orders', orders.handler);
        await bus.subscribe('orders.created', ordersCreated.handler);
        await bus.publish('orders', 'a');
        await bus.publish('elsewhere', 'b');
        await bus.publish('orders.created', 'c');
        await orders.until(1);
        await ordersCreated.until(1);
        // A marker on each topic: anything that leaked would have arrived before it.
        await bus.publish('orders', 'marker');
        await bus.publish('orders.created', 'marker');
        expect((await orders.until(2)).map((e) => e.data)).toEqual(['a', 'marker']);
        expect((await ordersCreated.until(2)).map((e) => e.data)).toEqual(['c', 'marker']);
        expect(orders.events.every((e) => e.topic === 'orders')).toBe(true);
      }));

    it('preserves publish order for one publisher', () =>
      withBus(async (bus) => {
        const received = collector<number>();
        await bus.subscribe('seq', received.handler);
        const numbers = Array.from({ length: 50 }, (_, i) => i);
        // Not awaited one by one: the order must hold even when publishes overlap.
        await Promise.all(numbers.map((n) => bus.publish('seq', n)));
        for (const n of numbers) await bus.publish('seq', 50 + n);
        const events = await received.until(100);
        expect(events.map((e) => e.data)).toEqual([...numbers, ...numbers.map((n) => 50 + n)]);
      }));

    it('delivers durable topics (kept in streams with Redis) like any other, in publish order', () =>
      withBus(async (bus) => {
        const received = collector();
        await bus.subscribe('document.created', received.handler);
        await bus.subscribe('document.updated', received.handler);
        // Interleaved: a durable topic's publish must not overtake or fall behind the others.
        for (let n = 0; n < 6; n += 1) await bus.publish(n % 2 ? 'document.updated' : 'document.created', n);
        const events = await received.until(6);
        expect(events.map((e) => [e.topic, e.data])).toEqual(
          Array.from({ length: 6 }, (_, n) => [n % 2 ? 'document.updated' : 'document.created', n]),
        );
        expect(events[0]?.id).toMatch(UUID);
      }));

    it('stops delivery after unsubscribe, and a topic can be subscribed again', () =>
      withBus(async (bus) => {
        const leaving = collector();
        const staying = collector();
        const unsubscribeLeaving = await bus.subscribe('news', leaving.handler);
        const unsubscribeStaying = await bus.subscribe('news', staying.handler);
        await bus.publish('news', 1);
        await leaving.until(1);
        await staying.until(1);

        await unsubscribeLeaving();
        await unsubscribeLeaving(); // twice is harmless
        await bus.publish('news', 2);
        await staying.until(2);
        expect(leaving.events.map((e) => e.data)).toEqual([1]);

        // The last subscriber leaving and a new one arriving must still work.
        await unsubscribeStaying();
        const returning = collector();
        await bus.subscribe('news', returning.handler);
        await bus.publish('news', 3);
        expect((await returning.until(1)).map((e) => e.data)).toEqual([3]);
        expect(staying.events.map((e) => e.data)).toEqual([1, 2]);
        expect(leaving.events.map((e) => e.data)).toEqual([1]);
      }));

    it('a subscription resolves only once it is live, even while another is being set up', () =>
      withBus(async (bus) => {
        const first = collector();
        const second = collector();
        const pending = bus.subscribe('race', first.handler);
        await bus.subscribe('race', second.handler);
        await bus.publish('race', 'x');
        expect((await second.until(1)).map((e) => e.data)).toEqual(['x']);
        await pending;
        expect((await first.until(1)).map((e) => e.data)).toEqual(['x']);
      }));

    it('a throwing handler does not keep the event from the other handlers', () =>
      withBus(async (bus) => {
        const after = collector();
        await bus.subscribe('boom', () => {
          throw new Error('handler failure (expected by the test)');
        });
        await bus.subscribe('boom', after.handler);
        await bus.publish('boom', 1);
        await bus.publish('boom', 2);
        expect((await after.until(2)).map((e) => e.data)).toEqual([1, 2]);
      }));

    it('answers ping', () =>
      withBus(async (bus) => {
        await expect(bus.ping()).resolves.toBeUndefined();
      }));

    it('after close(): publish, subscribe and ping reject; close and unsubscribe are harmless', async () => {
      const bus = await open();
      const received = collector();
      const unsubscribe = await bus.subscribe('t', received.handler);
      await bus.close();
      await expect(bus.publish('t', 1)).rejects.toThrow('event bus is closed');
      await expect(bus.subscribe('t', received.handler)).rejects.toThrow('event bus is closed');
      await expect(bus.ping()).rejects.toThrow('event bus is closed');
      await expect(unsubscribe()).resolves.toBeUndefined();
      await expect(bus.close()).resolves.toBeUndefined();
      expect(received.events).toEqual([]);
    });

    it('delivers nothing once closed, even an event published just before', async () => {
      const bus = await open();
      const received = collector();
      await bus.subscribe('t', received.handler);
      const published = bus.publish('t', 'late');
      await bus.close();
      await published.catch(() => undefined);
      // Give a wrongly scheduled delivery every chance to happen.
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(received.events).toEqual([]);
    });
  });
}
