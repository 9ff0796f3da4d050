import type { MlDeps } from '../deps.js';
import type { AliasCache } from '../inference/alias-cache.js';
import type { ModelCache } from '../inference/model-cache.js';
import { type AliasMovedEvent, ML_TOPICS, type ModelArchivedEvent } from '../topics.js';
import { type MoveAliasInput, type MoveAliasResult, moveAlias } from './aliases.js';
import type { ModelRecord } from './model-record.js';
import { archiveVersion } from './versions.js';

/**
 * Alias moves with their announcement: this instance's alias cache forgets the name before the
 * move returns (so the next `predict` here sees it at once), and `ml.alias_moved` tells the others.
 */
export function createRegistry(deps: MlDeps, aliasCache: AliasCache, models: ModelCache) {
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
     * ARCHIVED (see `archiveVersion`), and its decoded model evicted here before this returns and
     * on the other instances through `ml.model_archived`. The other caches need nothing: alias
     * resolutions never name it (no alias may point at it), and cached predictions are keyed by a
     * version id nothing resolves to any more (small entries, left to their LRU and TTL).
     */
    async archive(name: string, version: number, actor: string): Promise<ModelRecord> {
      const archived = await archiveVersion(deps.db, name, version);
      models.evict(archived.id);
      const event: ModelArchivedEvent = { name, version, modelId: archived.id };
      await deps.bus.publish(ML_TOPICS.modelArchived, event).catch((error: unknown) => {
        deps.logger.warn(
          { err: error, ...event },
          'archive not announced: other instances keep its decoded model until their LRU drops it',
        );
      });
      deps.logger.info({ name, version, actor }, 'model version archived');
      return archived;
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;
