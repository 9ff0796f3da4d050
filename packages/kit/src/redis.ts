import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis };

/** REDIS_COMMAND_TIMEOUT_MS's default: a healthy Redis answers in well under a millisecond. */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 200;

export interface RedisOptions {
  url: string;
  logger?: Logger | undefined;
  /** Shown in `CLIENT LIST`, which helps when several services share one Redis. */
  name?: string;
  /** A command unanswered after this long fails (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number | undefined;
}

/** Reconnect delays: quick for a blip, capped so a long outage costs one attempt a second or two. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(50 * 2 ** Math.max(0, attempt - 1), 2_000);
}

/**
 * A connected ioredis client that fails fast while Redis is away. Every use of Redis here has a
 * local fallback (in-memory buckets and caches, the local revocation list, local bus delivery),
 * so a command must never wait for a reconnect: no offline queue (a command sent while
 * disconnected rejects at once), no retries of a command, a short command timeout for a Redis
 * that accepts connections but does not answer. The client reconnects in the background forever,
 * with capped backoff, and logs once when it loses Redis and once when it has it back.
 *
 * Rejects (instead of retrying forever) when the first connection fails, so a wrong `REDIS_URL`
 * stops the service at start with a clear message.
 */
export async function createRedis({ url, logger, name, commandTimeoutMs }: RedisOptions): Promise<Redis> {
  const timeout = commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: timeout,
    connectTimeout: Math.max(1_000, timeout * 5),
    retryStrategy: reconnectDelayMs,
  });
  let up = false;
  let started = false;
  client.on('ready', () => {
    if (started && !up) logger?.info({ redis: name }, 'redis is back');
    up = true;
  });
  client.on('close', () => {
    if (up) logger?.warn({ redis: name }, 'redis connection lost: falling back to local state, reconnecting');
    up = false;
  });
  // Every failed reconnect emits an error: one line an outage, not one a second.
  client.on('error', (error: Error) => {
    if (up || !started) logger?.warn({ err: error, redis: name }, 'redis error');
    else logger?.debug({ err: error, redis: name }, 'redis still unavailable');
  });
  try {
    await client.connect();
    started = true;
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${new URL(url).host}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return client;
}

/** True while the client can send commands; reads no network, so metrics and hot paths may call it. */
export function redisIsUp(client: Redis): boolean {
  return client.status === 'ready';
}

/**
 * Calls `listener` each time the client is ready again after losing Redis (not on the first
 * connection): where a part catches up on what it missed. Returns the function that stops it.
 */
export function onRedisReconnect(client: Redis, listener: () => void): () => void {
  let lost = false;
  const close = () => {
    lost = true;
  };
  const ready = () => {
    if (!lost) return;
    lost = false;
    listener();
  };
  client.on('close', close);
  client.on('ready', ready);
  return () => {
    client.off('close', close);
    client.off('ready', ready);
  };
}
