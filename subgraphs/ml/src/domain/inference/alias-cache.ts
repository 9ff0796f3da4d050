import type { Database, EventBus, Logger } from '@ukp/kit';
import { resolveAlias } from '../registry/aliases.js';
import type { ModelRecord } from '../registry/model-record.js';
import { type AliasMovedEvent, ML_TOPICS } from '../topics.js';

/**
 * A backstop only: bus delivery is at-most-once, so an invalidation lost while Redis was away
 * still ends within this time. Moves are otherwise seen at once (see `createAliasCache`).
 */
export const ALIAS_CACHE_TTL_MS = 60_000;

interface Entry {
  model: ModelRecord | null;
  at: number;
}

export interface AliasCache {
  /** The version `name`'s `alias` points at (null: none), from the cache or the registry. */
  resolve(name: string, alias: string): Promise<ModelRecord | null>;
  /** Forgets every alias of `name` (this instance; the bus tells the others). */
  invalidate(name: string): void;
  /** Listens for moves on the bus; resolves with the function that stops listening. */
  listen(): Promise<() => Promise<void>>;
}

/**
 * Alias resolutions (name + alias → version) cached in process, hot on every `predict` and every
 * `suggestedTags`. A move invalidates the name here before `setModelAlias` returns and on every
 * other instance through `ml.alias_moved`. A lookup that was reading the registry while the name
 * was invalidated does not store its (possibly old) answer: a per-name generation tells.
 */
export function createAliasCache(
  db: Database,
  bus: EventBus,
  logger: Logger,
  now = () => Date.now(),
): AliasCache {
  const entries = new Map<string, Entry>();
  const generations = new Map<string, number>();
  const key = (name: string, alias: string) => `${name}\u0000${alias}`;

  const invalidate = (name: string) => {
    generations.set(name, (generations.get(name) ?? 0) + 1);
    for (const k of entries.keys()) if (k.startsWith(`${name}\u0000`)) entries.delete(k);
  };

  return {
    async resolve(name, alias) {
      const k = key(name, alias);
      const hit = entries.get(k);
      if (hit && now() - hit.at < ALIAS_CACHE_TTL_MS) return hit.model;
      const generation = generations.get(name) ?? 0;
      const model = await resolveAlias(db, name, alias);
      if ((generations.get(name) ?? 0) === generation) entries.set(k, { model, at: now() });
      return model;
    },
    invalidate,
    listen() {
      return bus.subscribe<AliasMovedEvent>(ML_TOPICS.aliasMoved, (event) => {
        logger.debug({ name: event.data.name, alias: event.data.alias }, 'alias moved: cache invalidated');
        invalidate(event.data.name);
      });
    },
  };
}
