import { errors } from '@ukp/kit';
import type { MlContext } from '../context.js';
import type { MutationResolvers } from '../generated/resolvers.js';

function callerOf(ctx: MlContext) {
  if (!ctx.viewer) throw errors.unauthenticated();
  return { viewer: ctx.viewer, authorization: ctx.authorization, requestId: ctx.requestId };
}

/** Accepting and rejecting suggested tags: knowledge is asked as the caller (see domain/feedback). */
export const feedbackResolvers: {
  Mutation: Pick<MutationResolvers, 'acceptSuggestedTag' | 'rejectSuggestedTag'>;
} = {
  Mutation: {
    // `{ id }` only: the gateway resolves the document's other fields from knowledge.
    acceptSuggestedTag: (_p, { documentId, tag }, ctx) =>
      ctx.services.feedback.accept(callerOf(ctx), documentId, tag),
    rejectSuggestedTag: (_p, { documentId, tag }, ctx) =>
      ctx.services.feedback.reject(callerOf(ctx), documentId, tag),
  },
};
