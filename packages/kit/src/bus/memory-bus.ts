import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { BusEvent, BusHandler, EventBus } from './event-bus.js';

export interface MemoryBusOptions {
  logger?: Logger | undefined;
}

/** The bus for one process: the default on a laptop with no Redis. */
export function createMemoryBus({ logger }: MemoryBusOptions = {}): EventBus {
  const handlers = new Map<string, Set<BusHandler>>();
  let closed = false;

  return {
    kind: 'memory',
    async publish(topic, data) {
      if (closed) throw new Error('event bus is closed');
      const event: BusEvent = { id: randomUUID(), topic, at: new Date().toISOString(), data };
      // A JSON round trip gives subscribers the same shape Redis would, and their own copy.
      const wire = JSON.stringify(event);
      const set = handlers.get(topic);
      if (!set) return;
      // Deliver asynchronously, like Redis, so a publisher never runs subscriber code inline.
      queueMicrotask(() => {
        if (closed) return;
        for (const handler of [...set]) {
          // One failing handler must not keep the event from the others (nor crash the process).
          try {
            handler(JSON.parse(wire) as BusEvent);
          } catch (error) {
            logger?.error({ err: error, topic }, 'bus handler failed');
          }
        }
      });
    },
    async subscribe<T>(topic: string, handler: BusHandler<T>) {
      if (closed) throw new Error('event bus is closed');
      let set = handlers.get(topic);
      if (!set) {
        set = new Set();
        handlers.set(topic, set);
      }
      const entry = handler as BusHandler;
      set.add(entry);
      return async () => {
        set.delete(entry);
        if (set.size === 0 && handlers.get(topic) === set) handlers.delete(topic);
      };
    },
    async ping() {
      if (closed) throw new Error('event bus is closed');
    },
    async close() {
      closed = true;
      handlers.clear();
    },
  };
}
