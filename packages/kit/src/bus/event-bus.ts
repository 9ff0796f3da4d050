/**
 * The event bus between services and instances. Two implementations share one contract (see
 * `event-bus.contract.ts`): Redis pub/sub when `REDIS_URL` is set, in-process otherwise.
 * Delivery is at-most-once and in publish order per publisher; durable work belongs in Postgres.
 * The exception, with Redis: the platform events of `DURABLE_TOPICS` are also appended to a Redis
 * Stream per family, which an `EventFeed` (`event-feed.ts`) reads at least once in a consumer group.
 */
export interface BusEvent<T = unknown> {
  id: string;
  topic: string;
  /** ISO-8601 time of publishing. */
  at: string;
  data: T;
}

export type BusHandler<T = unknown> = (event: BusEvent<T>) => void;

export interface EventBus {
  readonly kind: 'redis' | 'memory';
  publish<T>(topic: string, data: T): Promise<void>;
  /** Resolves once the subscription is live, with a function that ends it. */
  subscribe<T>(topic: string, handler: BusHandler<T>): Promise<() => Promise<void>>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
