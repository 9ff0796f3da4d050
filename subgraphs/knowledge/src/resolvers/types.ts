import { DateTimeScalar } from '@ukp/kit';
import { listDocuments, revisionPage } from '../domain/queries.js';
import type { DocumentResolvers, RevisionResolvers, UserResolvers } from '../generated/resolvers.js';

export const Document: DocumentResolvers = {
  __resolveReference: async (reference, ctx) => (await ctx.loaders.document.load(reference.id)) ?? null,
  author: (doc) => ({ id: doc.authorId }),
  revisions: (doc, { first, after }, ctx) =>
    after
      ? revisionPage(ctx.deps, ctx.viewer, doc.id, { first, after })
      : ctx.loaders.revisions(first ?? 20).load(doc.id),
};

export const Revision: RevisionResolvers = {
  editor: (revision) => ({ id: revision.editorId }),
  at: (revision) => revision.createdAt,
};

export const User: UserResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  documents: (user, { first, after }, ctx) =>
    listDocuments(ctx.deps, ctx.viewer, { filter: { authorId: user.id }, first, after }),
};

export const scalars = { DateTime: DateTimeScalar };
