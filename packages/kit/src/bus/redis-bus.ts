import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { BusEvent, BusHandler, EventBus } from './event-bus.js';

export interface RedisBusOptions {
  /** Used for publishing and pings. */
  publisher: Redis;
  /** A connection of its own: a subscribed Redis connection can issue no other commands. */
  subscriber: Redis;
  prefix: string;
  logger?: Logger | undefined;
}

interface Channel {
  handlers: Set<BusHandler>;
  /** Settles when Redis has confirmed the SUBSCRIBE. */
  ready: Promise<unknown>;
}

export function createRedisBus({ publisher, subscriber, prefix, logger }: RedisBusOptions): EventBus {
  const channelOf = (topic: string) => `${prefix}bus:${topic}`;
  const channels = new Map<string, Channel>();
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('event bus is closed');
  };

  subscriber.on('message', (channel: string, message: string) => {
    const entry = channels.get(channel);
    if (!entry) return;
    try {
      JSON.parse(message);
    } catch (error) {
      logger?.warn({ err: error, channel }, 'dropping a malformed bus message');
      return;
    }
    for (const handler of [...entry.handlers]) {
      try {
        // Each handler gets its own copy, as with the in-process bus.
        handler(JSON.parse(message) as BusEvent);
      } catch (error) {
        logger?.error({ err: error, channel }, 'bus handler failed');
      }
    }
  });

  return {
    kind: 'redis',
    async publish(topic, data) {
      assertOpen();
      const event: BusEvent = { id: randomUUID(), topic, at: new Date().toISOString(), data };
      await publisher.publish(channelOf(topic), JSON.stringify(event));
    },
    async subscribe<T>(topic: string, handler: BusHandler<T>) {
      assertOpen();
      const channel = channelOf(topic);
      let entry = channels.get(channel);
      if (!entry) {
        const created: Channel = { handlers: new Set(), ready: subscriber.subscribe(channel) };
        channels.set(channel, created);
        // A failed SUBSCRIBE must not leave an entry that later subscribers take for live.
        created.ready.catch(() => {
          if (channels.get(channel) === created) channels.delete(channel);
        });
        entry = created;
      }
      const current = entry;
      const registered = handler as BusHandler;
      current.handlers.add(registered);
      try {
        // Every caller waits for the SUBSCRIBE, not only the one that sent it.
        await current.ready;
      } catch (error) {
        current.handlers.delete(registered);
        throw error;
      }
      return async () => {
        current.handlers.delete(registered);
        if (current.handlers.size === 0 && channels.get(channel) === current) {
          channels.delete(channel);
          await subscriber.unsubscribe(channel);
        }
      };
    },
    async ping() {
      assertOpen();
      await publisher.ping();
    },
    async close() {
      closed = true;
      channels.clear();
      subscriber.removeAllListeners('message');
    },
  };
}
