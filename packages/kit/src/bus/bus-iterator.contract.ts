import { describe, expect, it } from 'vitest';
import { within } from '../testing/timeout.js';
import { BusOverflowError, busIterator } from './bus-iterator.js';
import { collector } from './event-bus.contract.js';
import type { BusHandler, EventBus } from './event-bus.js';

/**
 * What `busIterator` promises on top of any `EventBus`; run it against each implementation with
 * `busIteratorContract(name, open)`. `open` returns a fresh bus on an isolated namespace.
 */

/** The bus, with a count of its live handlers, so a test can see an unsubscribe happen. */
function counted(bus: EventBus) {
  let live = 0;
  const wrapped: EventBus = {
    kind: bus.kind,
    publish: (topic, data) => bus.publish(topic, data),
    ping: () => bus.ping(),
    close: () => bus.close(),
    async subscribe<T>(topic: string, handler: BusHandler<T>) {
      const unsubscribe = await bus.subscribe(topic, handler);
      live += 1;
      let done = false;
      return async () => {
        if (!done) {
          done = true;
          live -= 1;
        }
        await unsubscribe();
      };
    },
  };
  return { bus: wrapped, live: () => live };
}

export function busIteratorContract(name: string, open: () => Promise<EventBus>): void {
  describe(`busIterator contract: ${name}`, () => {
    async function withBus(run: (bus: EventBus, live: () => number) => Promise<void>): Promise<void> {
      const raw = await open();
      const { bus, live } = counted(raw);
      try {
        await run(bus, live);
      } finally {
        await raw.close();
      }
    }

    /** Publishes and waits until a handler subscribed after the iterator has seen everything. */
    async function publishAll(bus: EventBus, topic: string, values: unknown[]) {
      const marker = collector();
      const unsubscribe = await bus.subscribe(topic, marker.handler);
      for (const value of values) await bus.publish(topic, value);
      await marker.until(values.length);
      await unsubscribe();
    }

    it('is live once it resolves, and yields events in publish order', () =>
      withBus(async (bus) => {
        const events = await busIterator<number>(bus, 'numbers');
        for (const n of [1, 2, 3]) await bus.publish('numbers', n);
        const seen: number[] = [];
        for await (const event of events) {
          expect(event.topic).toBe('numbers');
          seen.push(event.data);
          if (seen.length === 3) break;
        }
        expect(seen).toEqual([1, 2, 3]);
      }));

    it('merges several topics and filters before queueing', () =>
      withBus(async (bus) => {
        const events = await busIterator<{ doc: string }>(bus, ['doc.edited', 'doc.saved'], {
          filter: (event) => event.data.doc === 'mine',
        });
        await bus.publish('doc.edited', { doc: 'other' });
        await bus.publish('doc.edited', { doc: 'mine' });
        await bus.publish('doc.saved', { doc: 'other' });
        await bus.publish('doc.saved', { doc: 'mine' });
        const first = await within(events.next(), 'first event');
        const second = await within(events.next(), 'second event');
        expect([first.value?.topic, second.value?.topic]).toEqual(['doc.edited', 'doc.saved']);
        expect([first.value?.data, second.value?.data]).toEqual([{ doc: 'mine' }, { doc: 'mine' }]);
        await events.return();
      }));

    it('return() unsubscribes at once and settles a pending next()', () =>
      withBus(async (bus, live) => {
        const events = await busIterator(bus, ['a', 'b']);
        expect(live()).toBe(2);
        const pending = events.next();
        await events.return();
        expect(live()).toBe(0);
        await expect(pending).resolves.toEqual({ done: true, value: undefined });
        await bus.publish('a', 'late');
        await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
        await events.return(); // twice is harmless
        expect(live()).toBe(0);
      }));

    it('breaking out of for-await unsubscribes', () =>
      withBus(async (bus, live) => {
        const events = await busIterator<number>(bus, 't');
        await bus.publish('t', 1);
        for await (const _ of events) break;
        expect(live()).toBe(0);
      }));

    it('answers concurrent next() calls in order', () =>
      withBus(async (bus) => {
        const events = await busIterator<number>(bus, 't');
        const pulls = [events.next(), events.next(), events.next()];
        for (const n of [1, 2, 3]) await bus.publish('t', n);
        const results = await within(Promise.all(pulls), 'three events');
        expect(results.map((r) => r.value?.data)).toEqual([1, 2, 3]);
        await events.return();
      }));

    it('error policy: a consumer too far behind gets BusOverflowError, then the end', () =>
      withBus(async (bus, live) => {
        let ends = 0;
        const events = await busIterator<number>(bus, 't', { maxQueued: 3, onEnd: () => (ends += 1) });
        await publishAll(bus, 't', [1, 2, 3, 4]);
        expect(live()).toBe(0);
        await expect(events.next()).rejects.toBeInstanceOf(BusOverflowError);
        await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
        await events.return();
        expect(ends).toBe(1);
      }));

    it('error policy: up to maxQueued waiting events are delivered normally', () =>
      withBus(async (bus) => {
        const events = await busIterator<number>(bus, 't', { maxQueued: 3 });
        await publishAll(bus, 't', [1, 2, 3]);
        const values = [await events.next(), await events.next(), await events.next()];
        expect(values.map((r) => r.value?.data)).toEqual([1, 2, 3]);
        await events.return();
      }));

    it('drop-oldest policy: keeps the newest maxQueued events and counts the rest', () =>
      withBus(async (bus) => {
        const events = await busIterator<number>(bus, 't', { maxQueued: 2, overflow: 'drop-oldest' });
        await publishAll(bus, 't', [1, 2, 3, 4, 5]);
        expect(events.dropped).toBe(3);
        const values = [await events.next(), await events.next()];
        expect(values.map((r) => r.value?.data)).toEqual([4, 5]);
        await events.return();
      }));

    it('throw() ends the iterator and rethrows', () =>
      withBus(async (bus, live) => {
        const events = await busIterator(bus, 't');
        const failure = new Error('consumer failed (expected by the test)');
        await expect(events.throw(failure)).rejects.toBe(failure);
        expect(live()).toBe(0);
        await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
      }));

    it('a throwing filter ends the iterator with its error', () =>
      withBus(async (bus, live) => {
        const failure = new Error('filter failed (expected by the test)');
        const events = await busIterator(bus, 't', {
          filter: () => {
            throw failure;
          },
        });
        // Await the rejection before publishing: the event may arrive before publish() resolves,
        // and a rejection nobody is waiting for yet is reported as unhandled.
        const outcome = expect(within(events.next(), 'the failure')).rejects.toBe(failure);
        await bus.publish('t', 1);
        await outcome;
        expect(live()).toBe(0);
      }));

    it('calls onEnd exactly once, however it ends', () =>
      withBus(async (bus) => {
        let ends = 0;
        const events = await busIterator(bus, 't', { onEnd: () => (ends += 1) });
        await events.return();
        await events.return();
        await events.throw(new Error('ignored')).catch(() => undefined);
        expect(ends).toBe(1);
      }));

    it('a failed subscribe rejects and leaves no subscription behind', async () => {
      const raw = await open();
      const { bus, live } = counted(raw);
      await raw.close();
      await expect(busIterator(bus, ['a', 'b'])).rejects.toThrow('event bus is closed');
      expect(live()).toBe(0);
    });
  });
}
