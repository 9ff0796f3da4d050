import type { Connection, RequestContext } from '@ukp/kit';
import DataLoader from 'dataloader';
import type { DocumentRow, RevisionRow } from './db/schema.js';
import type { KnowledgeDeps } from './domain/deps.js';
import { documentsByIds, firstRevisionPages } from './domain/queries.js';

export interface KnowledgeContext extends RequestContext {
  deps: KnowledgeDeps;
  loaders: {
    document: DataLoader<string, DocumentRow | undefined>;
    /** The first page of revisions per document, batched per page size. */
    revisions(first: number): DataLoader<string, Connection<RevisionRow>>;
  };
}

/** Per request: fresh loaders, so nothing one caller may read is cached for another. */
export function createKnowledgeContext(base: RequestContext, deps: KnowledgeDeps): KnowledgeContext {
  const revisionLoaders = new Map<number, DataLoader<string, Connection<RevisionRow>>>();
  return {
    ...base,
    deps,
    loaders: {
      document: new DataLoader((ids) => documentsByIds(deps, base.viewer, ids), { maxBatchSize: 500 }),
      revisions(first) {
        let loader = revisionLoaders.get(first);
        if (!loader) {
          loader = new DataLoader((ids) => firstRevisionPages(deps, base.viewer, ids, first), {
            maxBatchSize: 500,
          });
          revisionLoaders.set(first, loader);
        }
        return loader;
      },
    },
  };
}
