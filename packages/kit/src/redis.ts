import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type { Redis };

export interface RedisOptions {
  url: string;
  logger?: Logger | undefined;
  /** Shown in `CLIENT LIST`, which helps when several services share one Redis. */
  name?: string;
}

/**
 * A connected ioredis client. Rejects (instead of retrying forever) when the first connection
 * fails, so a wrong `REDIS_URL` stops the service at start with a clear message.
 */
export async function createRedis({ url, logger, name }: RedisOptions): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectionName: name,
    maxRetriesPerRequest: 3,
    enableOfflineQueue: true,
  });
  client.on('error', (error: Error) => logger?.warn({ err: error, redis: name }, 'redis error'));
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    throw new Error(`cannot connect to Redis at ${new URL(url).host}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return client;
}
