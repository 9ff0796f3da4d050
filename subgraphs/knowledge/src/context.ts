import type { Connection, RequestContext, Viewer } from '@ukp/kit';
import DataLoader from 'dataloader';
import type { DocumentRow, RevisionRow } from './db/schema.js';
import type { CollaborationService } from './domain/collab/service.js';
import type { KnowledgeDeps } from './domain/deps.js';
import { documentPagesByAuthor, documentsByIds, firstRevisionPages } from './domain/queries.js';
import type { LiveFeeds } from './domain/subscriptions.js';

export interface KnowledgeLoaders {
  document: DataLoader<string, DocumentRow | undefined>;
  /** The first page of revisions per document, batched per page size. */
  revisions(first: number): DataLoader<string, Connection<RevisionRow>>;
  /** `User.documents` pages by author id, batched per (first, after): one statement per list. */
  userDocuments(
    first: number | null | undefined,
    after: string | null | undefined,
  ): DataLoader<string, Connection<DocumentRow>>;
}

/** Live editing and subscriptions, built once per instance. */
export interface Realtime {
  collab: CollaborationService;
  feeds: LiveFeeds;
}

export interface KnowledgeContext extends RequestContext {
  deps: KnowledgeDeps;
  realtime: Realtime;
  loaders: KnowledgeLoaders;
}

function createLoaders(deps: KnowledgeDeps, viewer: Viewer | null): KnowledgeLoaders {
  const revisionLoaders = new Map<number, DataLoader<string, Connection<RevisionRow>>>();
  const userDocumentLoaders = new Map<string, DataLoader<string, Connection<DocumentRow>>>();
  return {
    document: new DataLoader((ids) => documentsByIds(deps, viewer, ids), { maxBatchSize: 500 }),
    revisions(first) {
      let loader = revisionLoaders.get(first);
      if (!loader) {
        loader = new DataLoader((ids) => firstRevisionPages(deps, viewer, ids, first), {
          maxBatchSize: 500,
        });
        revisionLoaders.set(first, loader);
      }
      return loader;
    },
    userDocuments(first, after) {
      const key = JSON.stringify([first ?? null, after ?? null]);
      let loader = userDocumentLoaders.get(key);
      if (!loader) {
        loader = new DataLoader((ids) => documentPagesByAuthor(deps, viewer, ids, { first, after }), {
          maxBatchSize: 500,
        });
        userDocumentLoaders.set(key, loader);
      }
      return loader;
    },
  };
}

/** Per request: fresh loaders, so nothing one caller may read is cached for another. */
export function createKnowledgeContext(
  base: RequestContext,
  deps: KnowledgeDeps,
  realtime: Realtime,
): KnowledgeContext {
  return { ...base, deps, realtime, loaders: createLoaders(deps, base.viewer) };
}

/**
 * A subscription keeps one context for its whole life: each event gets fresh loaders, or it would
 * be answered from what the first event loaded (a stale document, old revisions).
 */
export function freshLoaders(ctx: KnowledgeContext): void {
  ctx.loaders = createLoaders(ctx.deps, ctx.viewer);
}
