import type { MlDeps } from '../deps.js';
import type { AliasCache } from '../inference/alias-cache.js';
import { type AliasMovedEvent, ML_TOPICS } from '../topics.js';
import { type MoveAliasInput, type MoveAliasResult, moveAlias } from './aliases.js';

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
  };
}

export type Registry = ReturnType<typeof createRegistry>;
