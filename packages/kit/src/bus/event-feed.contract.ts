import { describe, expect, it } from 'vitest';
import { within } from '../testing/timeout.js';
import { collector } from './event-bus.contract.js';
import type { BusEvent, EventBus } from './event-bus.js';
import type { EventFeed, EventFeedOptions } from './event-feed.js';

/**
 * What every `EventFeed` promises, whichever transport is under it. Run it against each with
 * `eventFeedContract(name, kind, open)`; `open` returns a bus and feeds on a fresh namespace.
 */

export interface FeedWorld {
  bus: EventBus;
  /** A feed on this world's namespace (group, consumer and topics overridable); stopped by `close`. */
  feed(overrides?: Partial<EventFeedOptions>): EventFeed;
  close(): Promise<void>;
}

type Handler = (events: BusEvent[]) => Promise<void>;

export interface BatchRecorder {
  handler: Handler;
  /** Batches the handler accepted (resolved for), in order. */
  batches: BusEvent[][];
  /** Every event of the accepted batches, in order. */
  events(): BusEvent[];
  /** Resolves once the accepted batches hold at least `count` events. */
  until(count: number, ms?: number): Promise<BusEvent[]>;
}

/**
 * A handler that records the batches it accepts; `before` runs first on every batch and may throw
 * (the batch is then not accepted) or wait.
 */
export function batchRecorder(
  before?: (batch: BusEvent[], call: number) => Promise<void> | void,
): BatchRecorder {
  const batches: BusEvent[][] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  let calls = 0;
  const events = () => batches.flat();
  return {
    batches,
    events,
    async handler(batch) {
      calls += 1;
      await before?.(batch, calls);
      batches.push(batch);
      const total = events().length;
      for (const waiter of [...waiters]) {
        if (total >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    },
    until(count, ms = 10_000) {
      if (events().length >= count) return Promise.resolve(events());
      const reached = new Promise<void>((resolve) => waiters.push({ count, resolve }));
      return within(reached, `${count} event(s), got ${events().length}`, ms).then(events);
    },
  };
}

/** A promise with its resolver, for handlers a test holds open. */
export function gate(): { opened: Promise<void>; open(): void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

export function eventFeedContract(
  name: string,
  kind: EventFeed['kind'],
  open: () => Promise<FeedWorld>,
): void {
  describe(`EventFeed contract: ${name}`, () => {
    async function withWorld(run: (world: FeedWorld) => Promise<void>): Promise<void> {
      const world = await open();
      try {
        await run(world);
      } finally {
        await world.close();
      }
    }

    it('delivers each wanted event once, as the bus envelope, in publish order', () =>
      withWorld(async ({ bus, feed }) => {
        const viaBus = collector<number>();
        await bus.subscribe('document.created', viaBus.handler);
        const received = batchRecorder();
        const created = feed({ topics: ['document.created', 'document.viewed'] });
        expect(created.kind).toBe(kind);
        await created.start(received.handler);
        for (let n = 0; n < 30; n += 1) await bus.publish(n % 2 ? 'document.viewed' : 'document.created', n);
        const events = await received.until(30);
        expect(events.map((e) => e.data)).toEqual(Array.from({ length: 30 }, (_, n) => n));
        expect(events.map((e) => e.topic)).toEqual(
          Array.from({ length: 30 }, (_, n) => (n % 2 ? 'document.viewed' : 'document.created')),
        );
        expect(new Set(events.map((e) => e.id)).size).toBe(30);
        // The same envelope pub/sub subscribers got: id, topic, time and data.
        expect(events.filter((e) => e.topic === 'document.created')).toEqual(await viaBus.until(15));
      }));

    it('skips the topics it was not asked for, of its families or not', () =>
      withWorld(async ({ bus, feed }) => {
        const received = batchRecorder();
        await feed({ topics: ['document.created'] }).start(received.handler);
        await bus.publish('document.viewed', 'same family');
        await bus.publish('search.performed', 'other family');
        await bus.publish('document.updated', 'not durable');
        await bus.publish('document.created', 'marker');
        // Anything wrongly delivered was published, and is read, before the marker.
        expect((await received.until(1)).map((e) => e.data)).toEqual(['marker']);
      }));

    it('keeps batches within batchSize and hands them over one at a time', () =>
      withWorld(async ({ bus, feed }) => {
        let running = 0;
        let most = 0;
        const received = batchRecorder(async () => {
          running += 1;
          most = Math.max(most, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
        });
        await feed({ topics: ['question.asked'], batchSize: 7 }).start(received.handler);
        await Promise.all(Array.from({ length: 50 }, (_, n) => bus.publish('question.asked', n)));
        const events = await received.until(50);
        expect(events).toHaveLength(50);
        expect(Math.max(...received.batches.map((b) => b.length))).toBeLessThanOrEqual(7);
        expect(most).toBe(1);
      }));

    it('gives a batch whose handler rejected to the handler again, losing nothing', () =>
      withWorld(async ({ bus, feed }) => {
        let failed: BusEvent[] = [];
        const received = batchRecorder((batch, call) => {
          if (call === 1) {
            failed = batch;
            throw new Error('handler failure (expected by the test)');
          }
        });
        await feed({ topics: ['user.signed_up'] }).start(received.handler);
        for (let n = 0; n < 20; n += 1) await bus.publish('user.signed_up', { n });
        const events = await received.until(20);
        expect(failed.length).toBeGreaterThan(0);
        const accepted = events.map((e) => e.id);
        expect(new Set(accepted).size).toBe(accepted.length);
        expect(accepted).toEqual(expect.arrayContaining(failed.map((e) => e.id)));
        expect(events.map((e) => (e.data as { n: number }).n).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 20 }, (_, n) => n),
        );
      }));

    it('stop() waits for the batch in flight', () =>
      withWorld(async ({ bus, feed }) => {
        const entered = gate();
        const release = gate();
        const order: string[] = [];
        const received = batchRecorder(async () => {
          entered.open();
          await release.opened;
          order.push('handled');
        });
        const running = feed({ topics: ['search.performed'] });
        await running.start(received.handler);
        await bus.publish('search.performed', 1);
        await within(entered.opened, 'the handler to be called');
        const stopped = running.stop().then(() => order.push('stopped'));
        release.open();
        await stopped;
        expect(order).toEqual(['handled', 'stopped']);
        expect(received.events().map((e) => e.data)).toEqual([1]);
      }));

    it('refuses a second start', () =>
      withWorld(async ({ feed }) => {
        const once = feed({ topics: ['search.performed'] });
        await once.start(async () => {});
        await expect(once.start(async () => {})).rejects.toThrow('event feed already started');
      }));
  });
}
