import * as documents from '../domain/documents.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** Thin: each resolver hands its arguments to one domain function; shield guarantees a viewer. */
export const Mutation: MutationResolvers = {
  createDocument: (_p, { input }, ctx) => documents.createDocument(ctx.deps, ctx.viewer!, input),
  updateDocument: (_p, { id, expectedVersion, input }, ctx) =>
    documents.updateDocument(ctx.deps, ctx.viewer!, id, expectedVersion, input),
  publishDocument: (_p, { id }, ctx) => documents.transition(ctx.deps, ctx.viewer!, id, 'publish'),
  archiveDocument: (_p, { id }, ctx) => documents.transition(ctx.deps, ctx.viewer!, id, 'archive'),
  restoreDocument: (_p, { id }, ctx) => documents.transition(ctx.deps, ctx.viewer!, id, 'restore'),
  deleteDocument: (_p, { id }, ctx) => documents.deleteDocument(ctx.deps, ctx.viewer!, id),
};
