import * as documents from '../domain/documents.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** Thin: each resolver hands its arguments to one domain function; shield guarantees a viewer. */
export const Mutation: MutationResolvers = {
  createDocument: (_p, { input }, ctx) => documents.createDocument(ctx.deps, ctx.viewer!, input),
  updateDocument: (_p, { id, expectedVersion, input }, ctx) =>
    documents.updateDocument(ctx.deps, ctx.viewer!, id, expectedVersion, input),
  // Saves a live session's text first, so the published version has it.
  publishDocument: (_p, { id }, ctx) => ctx.realtime.collab.publish(ctx.viewer!, id),
  archiveDocument: (_p, { id }, ctx) => documents.transition(ctx.deps, ctx.viewer!, id, 'archive'),
  restoreDocument: (_p, { id }, ctx) => documents.transition(ctx.deps, ctx.viewer!, id, 'restore'),
  deleteDocument: (_p, { id }, ctx) => documents.deleteDocument(ctx.deps, ctx.viewer!, id),
  joinDocument: (_p, { id }, ctx) => ctx.realtime.collab.join(ctx.viewer!, id),
  applyDocumentUpdate: (_p, { id, update }, ctx) => ctx.realtime.collab.apply(ctx.viewer!, id, update),
  documentHeartbeat: (_p, { id }, ctx) => ctx.realtime.collab.heartbeat(ctx.viewer!, id),
  leaveDocument: (_p, { id }, ctx) => ctx.realtime.collab.leave(ctx.viewer!, id),
};
