import type { MlDeps } from '../deps.js';
import type { AliasCache } from '../inference/alias-cache.js';
import { type AliasMovedEvent, ML_TOPICS } from '../topics.js';
import { type MoveAliasInput, type MoveAliasResult, moveAlias } from './aliases.js';
import type { ModelRecord } from './model-record.js';
import { archiveVersion } from './versions.js';

/**
 * Alias moves with their announcement: this instance's alias cache forgets the name before the
 * move returns (so the next `predict` here sees it at once), and `ml.alias_moved` tells the others.
 */
export function createRegistry(deps: MlDeps, aliasCache: AliasCache) {
  return {
    async setAlias(input: MoveAliasInput): Promise<MoveAliasResult | null> {
      const result = await moveAlias(deps, input);
      if (result?.moved) {
        aliasCache.invalidate(input.name);
        const event: AliasMovedEvent = {
          name: input.name,
          alias: input.alias,
          modelId: result.model.id,
          version: result.model.version,
          fromVersion: result.fromVersion,
        };
        await deps.bus.publish(ML_TOPICS.aliasMoved, event).catch((error: unknown) => {
          deps.logger.warn(
            { err: error, ...event },
            'alias move not announced: other instances see it within a minute',
          );
        });
        deps.logger.info({ ...event, actor: input.actor }, 'alias moved');
      }
      return result;
    },
    /**
     * ARCHIVED (see `archiveVersion`). Its entries in the caches fall out on their own: alias
     * resolutions never name it (no alias may point at it), cached predictions are keyed by a
     * version id nothing resolves to any more, and a decoded model is evicted by the LRU.
     */
    async archive(name: string, version: number, actor: string): Promise<ModelRecord> {
      const archived = await archiveVersion(deps.db, name, version);
      deps.logger.info({ name, version, actor }, 'model version archived');
      return archived;
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
