import type { Redis } from '@ukp/kit';

/** The shape of `@apollo/utils.keyvaluecache`'s `KeyValueCache<string>`, which Apollo Server accepts. */
export interface StringKeyValueCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean>;
}

/**
 * A KeyValueCache over Redis, so every gateway instance sees the same entries (an APQ registered
 * on one is a hit on the others). `ttl` is in seconds, as Apollo passes it; none or `null` keeps
 * the entry until deleted.
 */
export class RedisKeyValueCache implements StringKeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.prefix + key)) ?? undefined;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl;
    if (typeof ttl === 'number' && ttl > 0)
      await this.redis.set(this.prefix + key, value, 'EX', Math.ceil(ttl));
    else await this.redis.set(this.prefix + key, value);
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis.del(this.prefix + key)) > 0;
  }
}
