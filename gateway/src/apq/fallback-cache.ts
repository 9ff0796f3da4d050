import { type Redis, redisIsUp } from '@ukp/kit';
import type { StringKeyValueCache } from './redis-cache.js';

/** Entries the local cache holds while Redis is away: APQ documents are small, and bounded by the manifest or the TTL. */
const MAX_LOCAL_ENTRIES = 5_000;

/**
 * APQ in Redis while it answers, in this process's memory while it does not, so a Redis outage
 * costs at most one extra round trip per query and instance (the client resends the full query
 * on PERSISTED_QUERY_NOT_FOUND), never a wait on Redis. Registrations go to both, so an instance
 * keeps its own queries through an outage.
 */
export class FallbackKeyValueCache implements StringKeyValueCache {
  private readonly local = new Map<string, { value: string; expiresAt: number }>();

  constructor(
    private readonly redis: Redis,
    private readonly shared: StringKeyValueCache,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string): Promise<string | undefined> {
    if (redisIsUp(this.redis)) {
      try {
        const found = await this.shared.get(key);
        if (found !== undefined) return found;
      } catch {
        // Lost or slow: the local copy answers.
      }
    }
    const entry = this.local.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.local.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    const ttl = options?.ttl;
    this.local.delete(key);
    if (this.local.size >= MAX_LOCAL_ENTRIES) {
      const oldest = this.local.keys().next().value;
      if (oldest !== undefined) this.local.delete(oldest);
    }
    const expiresAt = typeof ttl === 'number' && ttl > 0 ? this.now() + ttl * 1000 : Number.POSITIVE_INFINITY;
    this.local.set(key, { value, expiresAt });
    if (redisIsUp(this.redis)) await this.shared.set(key, value, options).catch(() => {});
  }

  async delete(key: string): Promise<boolean> {
    const local = this.local.delete(key);
    if (!redisIsUp(this.redis)) return local;
    return (await this.shared.delete(key).catch(() => false)) || local;
  }
}
