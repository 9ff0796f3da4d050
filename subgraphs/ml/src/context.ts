import type { RequestContext } from '@ukp/kit';
import DataLoader from 'dataloader';
import { rejectedTags } from './domain/feedback/feedback.js';
import { type DocumentRef, suggestTags, type TagSuggestion } from './domain/inference/suggestions.js';
import { aliasesByModelIds } from './domain/registry/aliases.js';
import type { ModelRecord } from './domain/registry/model-record.js';
import { trafficWeightsByModelIds } from './domain/registry/traffic.js';
import { modelsByIds } from './domain/registry/versions.js';
import type { MlServices } from './services.js';

export interface MlContext extends RequestContext {
  services: MlServices;
  /** One per entity per request, so lists cost a bounded number of statements (and one prediction pass). */
  loaders: {
    model: DataLoader<string, ModelRecord | null>;
    aliases: DataLoader<string, string[]>;
    trafficWeight: DataLoader<string, number | null>;
    servedCount: DataLoader<string, number>;
    /** `Document.suggestedTags` of every document of the request, in one vectorised prediction. */
    suggestedTags: DataLoader<DocumentRef, TagSuggestion[], string>;
  };
}

export function createMlContext(base: RequestContext, services: MlServices): MlContext {
  const { db, config } = services.deps;
  return {
    ...base,
    services,
    loaders: {
      model: new DataLoader((ids) => modelsByIds(db, ids), { maxBatchSize: 500 }),
      aliases: new DataLoader((ids) => aliasesByModelIds(db, ids), { maxBatchSize: 500 }),
      trafficWeight: new DataLoader((ids) => trafficWeightsByModelIds(db, ids), { maxBatchSize: 500 }),
      servedCount: new DataLoader((ids) => services.served.counts(ids), { maxBatchSize: 500 }),
      suggestedTags: new DataLoader(
        async (documents) =>
          suggestTags(services.inference, documents, {
            minConfidence: config.suggestionMinConfidence,
            maxTextBytes: config.maxTextBytes,
            logger: base.logger,
            userId: base.viewer?.userId,
            exclude: await rejectedFor(
              documents.map((d) => d.id),
              base,
              services,
            ),
          }),
        // The same id with another text (a document edited mid-request) is another prediction.
        {
          cacheKeyFn: (d) =>
            `${d.id}\u0000${d.title ?? ''}\u0000${d.body ?? ''}\u0000${(d.tags ?? []).join(',')}`,
          maxBatchSize: 1000,
        },
      ),
    },
  };
}

/** The tags the caller rejected on these documents; none for an anonymous caller or when unreadable. */
async function rejectedFor(
  ids: string[],
  base: RequestContext,
  services: MlServices,
): Promise<Map<string, Set<string>>> {
  if (!base.viewer) return new Map();
  try {
    return await rejectedTags(services.deps.db, base.viewer.userId, ids);
  } catch (error) {
    // Suggestions are an aid: without the feedback they are still worth answering.
    base.logger.error({ err: error }, 'suggestedTags: rejected tags not read');
    return new Map();
  }
}
