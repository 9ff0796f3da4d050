import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { isDurableTopic, streamKeyOf } from './durable-topics.js';
import type { BusEvent, BusHandler, EventBus } from './event-bus.js';

export interface RedisBusOptions {
  /** Used for publishing and pings. */
  publisher: Redis;
  /** A connection of its own: a subscribed Redis connection can issue no other commands. */
  subscriber: Redis;
  prefix: string;
  logger?: Logger | undefined;
  /**
   * Approximate length (`MAXLEN ~`) each durable topic's family stream is trimmed to as it is
   * appended to (REDIS_STREAM_MAXLEN); default 1,000,000.
   */
  streamMaxLen?: number | undefined;
}

export const DEFAULT_STREAM_MAX_LEN = 1_000_000;

/** The field of a stream entry that holds the serialised `BusEvent`. */
export const STREAM_EVENT_FIELD = 'event';

interface Channel {
  handlers: Set<BusHandler>;
  /** Settles when Redis has confirmed the SUBSCRIBE, or when it could not be sent (then retried on reconnect). */
  ready: Promise<unknown>;
  /** Redis has not confirmed the SUBSCRIBE: it is sent again when the subscriber reconnects. */
  pending: boolean;
}

/** Ids of events delivered locally because Redis refused them; bounded, oldest forgotten first. */
const MAX_LOCAL_IDS = 10_000;

/**
 * The bus over Redis pub/sub. While Redis is away it degrades to the in-process bus: a publish
 * that Redis refuses is delivered to this process's subscribers (so a subscriber on the instance
 * where a change happened still hears it; other instances do not), and a subscription opened
 * meanwhile is live locally at once and joins Redis when the subscriber reconnects (ioredis
 * re-subscribes the channels Redis had confirmed by itself).
 */
export function createRedisBus({
  publisher,
  subscriber,
  prefix,
  logger,
  streamMaxLen = DEFAULT_STREAM_MAX_LEN,
}: RedisBusOptions): EventBus {
  const channelOf = (topic: string) => `${prefix}bus:${topic}`;
  const channels = new Map<string, Channel>();
  // A publish that timed out may still reach Redis: its echo must not be delivered a second time.
  const deliveredLocally = new Set<string>();
  // Channels whose UNSUBSCRIBE failed while Redis was away: ioredis re-subscribes them on reconnect.
  const abandoned = new Set<string>();
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('event bus is closed');
  };

  const deliver = (channel: string, message: string) => {
    const entry = channels.get(channel);
    if (!entry) return;
    let event: BusEvent;
    try {
      event = JSON.parse(message) as BusEvent;
    } catch (error) {
      logger?.warn({ err: error, channel }, 'dropping a malformed bus message');
      return;
    }
    if (deliveredLocally.delete(event.id)) return;
    for (const handler of [...entry.handlers]) {
      try {
        // Each handler gets its own copy, as with the in-process bus.
        handler(JSON.parse(message) as BusEvent);
      } catch (error) {
        logger?.error({ err: error, channel }, 'bus handler failed');
      }
    }
  };
  subscriber.on('message', deliver);

  const sendSubscribe = (channel: string, entry: Channel): Promise<unknown> =>
    subscriber.subscribe(channel).then(
      () => {
        entry.pending = false;
      },
      (error: unknown) => {
        // Not connected (or no answer in time): local delivery works now, Redis joins on reconnect.
        if (channels.get(channel) === entry) entry.pending = true;
        logger?.debug({ err: error, channel }, 'subscribe deferred until redis is back');
      },
    );

  const onReady = () => {
    for (const [channel, entry] of channels) if (entry.pending) void sendSubscribe(channel, entry);
    for (const channel of abandoned) {
      abandoned.delete(channel);
      if (!channels.has(channel)) void subscriber.unsubscribe(channel).catch(() => abandoned.add(channel));
    }
  };
  subscriber.on('ready', onReady);

  /**
   * A durable topic is published and appended to its family stream in one MULTI (one round trip,
   * and both or neither): a consumer group then reads what pub/sub subscribers heard, same id.
   */
  const send = async (topic: string, channel: string, message: string): Promise<void> => {
    if (!isDurableTopic(topic)) {
      await publisher.publish(channel, message);
      return;
    }
    const stream = streamKeyOf(prefix, topic);
    const results = await publisher
      .multi()
      .publish(channel, message)
      .xadd(stream, 'MAXLEN', '~', streamMaxLen, '*', STREAM_EVENT_FIELD, message)
      .exec();
    const [published, appended] = results ?? [];
    // EXEC ran but the PUBLISH failed in it: treat it as Redis refusing the publish.
    if (!results || published?.[0]) throw published?.[0] ?? new Error('transaction discarded');
    // Subscribers heard it, so it must not be delivered again locally; only durability is lost.
    if (appended?.[0]) logger?.warn({ err: appended[0], stream, topic }, 'event not appended to its stream');
  };

  return {
    kind: 'redis',
    async publish(topic, data) {
      assertOpen();
      const event: BusEvent = { id: randomUUID(), topic, at: new Date().toISOString(), data };
      const channel = channelOf(topic);
      const message = JSON.stringify(event);
      try {
        await send(topic, channel, message);
      } catch {
        // Redis is away (the client already logged it once): this process's subscribers still hear it.
        deliveredLocally.add(event.id);
        if (deliveredLocally.size > MAX_LOCAL_IDS) {
          const oldest = deliveredLocally.values().next().value;
          if (oldest !== undefined) deliveredLocally.delete(oldest);
        }
        // Asynchronously, as Redis would, so a publisher never runs subscriber code inline.
        queueMicrotask(() => {
          if (closed) return;
          const entry = channels.get(channel);
          if (!entry) return;
          for (const handler of [...entry.handlers]) {
            try {
              handler(JSON.parse(message) as BusEvent);
            } catch (error) {
              logger?.error({ err: error, channel }, 'bus handler failed');
            }
          }
        });
      }
    },
    async subscribe<T>(topic: string, handler: BusHandler<T>) {
      assertOpen();
      const channel = channelOf(topic);
      let entry = channels.get(channel);
      if (!entry) {
        const created: Channel = { handlers: new Set(), ready: Promise.resolve(), pending: false };
        channels.set(channel, created);
        created.ready = sendSubscribe(channel, created);
        entry = created;
      }
      const current = entry;
      current.handlers.add(handler as BusHandler);
      // Every caller waits for the SUBSCRIBE (or for it to be deferred), not only the one that sent it.
      await current.ready;
      return async () => {
        current.handlers.delete(handler as BusHandler);
        if (current.handlers.size === 0 && channels.get(channel) === current) {
          channels.delete(channel);
          await subscriber.unsubscribe(channel).catch(() => {
            abandoned.add(channel);
          });
        }
      };
    },
    async ping() {
      assertOpen();
      // Through both connections: the subscriber answers after the SUBSCRIBEs it re-sent on
      // reconnect, so a bus that pings is one that hears other instances again.
      await Promise.all([publisher.ping(), subscriber.ping()]);
    },
    async close() {
      closed = true;
      channels.clear();
      deliveredLocally.clear();
      abandoned.clear();
      subscriber.off('message', deliver);
      subscriber.off('ready', onReady);
    },
  };
}
