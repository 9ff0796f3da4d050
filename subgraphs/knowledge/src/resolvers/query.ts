import type { Connection } from '@ukp/kit';
import type { DocumentRow } from '../db/schema.js';
import { ask } from '../domain/ask.js';
import { recordView } from '../domain/documents.js';
import { listDocuments } from '../domain/queries.js';
import { search } from '../domain/search.js';
import type { QueryResolvers } from '../generated/resolvers.js';
import { selects } from './selection.js';

export const Query: QueryResolvers = {
  document: async (_p, { id }, ctx) => {
    const row = await ctx.loaders.document.load(id);
    if (!row) return null;
    recordView(ctx.deps, ctx.viewer, row);
    return row;
  },
  // Rows without a body when it is not selected: Document.body answers it if asked another way.
  documents: (_p, args, ctx, info) =>
    listDocuments(ctx.deps, ctx.viewer, args, {
      totalCount: selects(info, ['totalCount']),
      body: selects(info, ['edges', 'node', 'body']),
    }) as Promise<Connection<DocumentRow>>,
  search: async (_p, args, ctx) => (await search(ctx.deps, ctx.viewer, { ...args, suggest: false })).hits,
  searchWithSuggestions: (_p, args, ctx) => search(ctx.deps, ctx.viewer, { ...args, suggest: true }),
  ask: (_p, { question }, ctx) => ask(ctx.deps, ctx.viewer, question),
  collaborationActivity: (_p, _args, ctx) => ctx.realtime.collab.activity(),
};
