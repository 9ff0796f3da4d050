import type { Database, EventBus, Logger } from '@ukp/kit';
import { readSplit, type TrafficSplit } from '../registry/traffic.js';
import { ML_TOPICS, type SplitChangedEvent } from '../topics.js';

/** A backstop only, as for aliases: a lost invalidation still ends within this time. */
export const SPLIT_CACHE_TTL_MS = 60_000;

interface Entry {
  split: TrafficSplit;
  at: number;
}

export interface SplitCache {
  /** `name`'s split in version order (empty: none), from the cache or the registry. */
  resolve(name: string): Promise<TrafficSplit>;
  /** Forgets `name`'s split (this instance; the bus tells the others). */
  invalidate(name: string): void;
  /** Listens for changes on the bus; resolves with the function that stops listening. */
  listen(): Promise<() => Promise<void>>;
}

/**
 * Each name's traffic split cached in process: it is read on every unpinned `predict` and every
 * `suggestedTags` of a signed-in caller. A change invalidates the name here before
 * `setTrafficSplit` returns and on the other instances through `ml.split_changed`; a read that
 * raced an invalidation does not store its answer (per-name generation, as in the alias cache).
 */
export function createSplitCache(
  db: Database,
  bus: EventBus,
  logger: Logger,
  now = () => Date.now(),
): SplitCache {
  const entries = new Map<string, Entry>();
  const generations = new Map<string, number>();

  const invalidate = (name: string) => {
    generations.set(name, (generations.get(name) ?? 0) + 1);
    entries.delete(name);
  };

  return {
    async resolve(name) {
      const hit = entries.get(name);
      if (hit && now() - hit.at < SPLIT_CACHE_TTL_MS) return hit.split;
      const generation = generations.get(name) ?? 0;
      const split = await readSplit(db, name);
      if ((generations.get(name) ?? 0) === generation) entries.set(name, { split, at: now() });
      return split;
    },
    invalidate,
    listen() {
      return bus.subscribe<SplitChangedEvent>(ML_TOPICS.splitChanged, (event) => {
        logger.debug({ name: event.data.name }, 'traffic split changed: cache invalidated');
        invalidate(event.data.name);
      });
    },
  };
}
