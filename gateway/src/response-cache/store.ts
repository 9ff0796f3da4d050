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

/** The bytes an entry stands for: its body as UTF-8, never less than the memory V8 holds it in. */
export function entryBytes(value: CachedResponse): number {
  return Buffer.byteLength(value.body);
}

/** Shared by every gateway instance: a hit or an invalidation on one is seen by all. */
export class RedisResponseStore implements ResponseStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Larger responses are not stored: one anonymous query must not fill Redis's memory. */
    private readonly maxEntryBytes = Number.POSITIVE_INFINITY,
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
    if (entryBytes(value) > this.maxEntryBytes) return;
    await this.redis.set(
      `${this.prefix}response-cache:entry:${key}`,
      JSON.stringify(value),
      'EX',
      maxAgeSeconds,
    );
  }
}

export interface MemoryStoreOptions {
  /** Bytes of all entries together (RESPONSE_CACHE_MAX_BYTES). */
  maxBytes?: number;
  /** Larger entries are not stored (RESPONSE_CACHE_MAX_ENTRY_BYTES). */
  maxEntryBytes?: number;
  /** Entries, whatever their size: each costs a key and a map slot besides its body. */
  maxEntries?: number;
  now?: () => number;
}

interface MemoryEntry {
  value: CachedResponse;
  expiresAt: number;
  bytes: number;
}

/**
 * One process's cache when there is no Redis, bounded in bytes and in entries so anonymous clients
 * cannot grow it past what the process can hold: least recently used entries are evicted first,
 * and an entry larger than `maxEntryBytes` is never stored.
 */
export class MemoryResponseStore implements ResponseStore {
  private readonly generations = new Map<string, number>();
  // Maps iterate in insertion order; a hit re-inserts its entry, so the first key is the least recently used.
  private readonly entries = new Map<string, MemoryEntry>();
  private bytes = 0;
  private readonly maxBytes: number;
  private readonly maxEntryBytes: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: MemoryStoreOptions = {}) {
    this.maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    this.maxEntryBytes = Math.min(options.maxEntryBytes ?? 1024 * 1024, this.maxBytes);
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Bytes held now, for tests and metrics. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  async generation(namespace: string): Promise<string> {
    return String(this.generations.get(namespace) ?? 0);
  }

  async bump(namespace: string): Promise<void> {
    this.generations.set(namespace, (this.generations.get(namespace) ?? 0) + 1);
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.remove(key, entry);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    return entry.value;
  }

  async set(key: string, value: CachedResponse, maxAgeSeconds: number): Promise<void> {
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    const bytes = entryBytes(value);
    if (bytes > this.maxEntryBytes) return;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes + bytes <= this.maxBytes && this.entries.size < this.maxEntries) break;
      this.remove(oldest, entry);
    }
    this.entries.set(key, { value, expiresAt: this.now() + maxAgeSeconds * 1000, bytes });
    this.bytes += bytes;
  }

  private remove(key: string, entry: MemoryEntry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
