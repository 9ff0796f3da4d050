import type { Redis } from '@ukp/kit';

/** A cached response: the serialized result and when it was stored, for the `age` header. */
export interface CachedResponse {
  /** `JSON.stringify` of the single result ({ data }). */
  body: string;
  storedAt: number;
}

/**
 * Where responses and namespace generations live. A generation is part of every key, so bumping it
 * makes every older entry unreachable at once (they then expire on their own).
 */
export interface ResponseStore {
  generation(namespace: string): Promise<string>;
  bump(namespace: string): Promise<void>;
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse, maxAgeSeconds: number): Promise<void>;
}

/** Shared by every gateway instance: a hit or an invalidation on one is seen by all. */
export class RedisResponseStore implements ResponseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async generation(namespace: string): Promise<string> {
    return (await this.redis.get(`${this.prefix}response-cache:generation:${namespace}`)) ?? '0';
  }

  async bump(namespace: string): Promise<void> {
    await this.redis.incr(`${this.prefix}response-cache:generation:${namespace}`);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const raw = await this.redis.get(`${this.prefix}response-cache:entry:${key}`);
    return raw ? (JSON.parse(raw) as CachedResponse) : undefined;
  }

  async set(key: string, value: CachedResponse, maxAgeSeconds: number): Promise<void> {
    await this.redis.set(
      `${this.prefix}response-cache:entry:${key}`,
      JSON.stringify(value),
      'EX',
      maxAgeSeconds,
    );
  }
}

/** One process's cache when there is no Redis; bounded so anonymous clients cannot grow it forever. */
export class MemoryResponseStore implements ResponseStore {
  private readonly generations = new Map<string, number>();
  private readonly entries = new Map<string, { value: CachedResponse; expiresAt: number }>();

  constructor(
    private readonly maxEntries = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  async generation(namespace: string): Promise<string> {
    return String(this.generations.get(namespace) ?? 0);
  }

  async bump(namespace: string): Promise<void> {
    this.generations.set(namespace, (this.generations.get(namespace) ?? 0) + 1);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  async set(key: string, value: CachedResponse, maxAgeSeconds: number): Promise<void> {
    this.entries.delete(key);
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: this.now() + maxAgeSeconds * 1000 });
  }
}
