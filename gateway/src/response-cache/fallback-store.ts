import { type Redis, redisIsUp } from '@ukp/kit';
import type { CachedResponse, ResponseStore } from './store.js';

/**
 * The shared Redis store while Redis answers, this instance's memory while it does not: a Redis
 * outage costs hits on other instances' entries, never a wait. The two keep apart generations
 * (`r…` and `m…`), so a key built from one never reads an entry stored under the other.
 * Invalidations bump both; on reconnect the caller bumps Redis's, which missed the bumps of the
 * outage (see `server.ts`).
 */
export class FallbackResponseStore implements ResponseStore {
  constructor(
    private readonly redis: Redis,
    private readonly shared: ResponseStore,
    private readonly local: ResponseStore,
  ) {}

  async generation(namespace: string): Promise<string> {
    if (redisIsUp(this.redis)) {
      try {
        return `r${await this.shared.generation(namespace)}`;
      } catch {
        // Timed out or lost mid-command: this request uses the local cache.
      }
    }
    return `m${await this.local.generation(namespace)}`;
  }

  async bump(namespace: string): Promise<void> {
    await this.local.bump(namespace);
    if (redisIsUp(this.redis)) await this.shared.bump(namespace).catch(() => {});
  }

  async get(key: string): Promise<CachedResponse | undefined> {
    if (this.isLocal(key)) return this.local.get(key);
    return this.shared.get(key).catch(() => undefined);
  }

  async set(key: string, value: CachedResponse, maxAgeSeconds: number): Promise<void> {
    if (this.isLocal(key)) return this.local.set(key, value, maxAgeSeconds);
    await this.shared.set(key, value, maxAgeSeconds).catch(() => {});
  }

  /** Keys are `<namespace>:<generation>:<identity>` (see the plugin). */
  private isLocal(key: string): boolean {
    return key.split(':', 2)[1]?.startsWith('m') ?? false;
  }
}
