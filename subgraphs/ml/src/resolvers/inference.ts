import type { DocumentResolvers, MutationResolvers, QueryResolvers } from '../generated/resolvers.js';

/** Serving: `predict`, `batchPredict`, and the tag suggestions ml adds to knowledge's `Document`. */
export const inferenceResolvers: {
  Query: Pick<QueryResolvers, 'predict'>;
  Mutation: Pick<MutationResolvers, 'batchPredict'>;
  Document: DocumentResolvers;
} = {
  Query: {
    predict: (_p, { model, text, version }, ctx) =>
      ctx.services.inference.predict(model, text, { version }, ctx.viewer?.userId),
  },
  Mutation: {
    batchPredict: (_p, { model, texts, version }, ctx) =>
      ctx.services.inference.batchPredict(model, texts, { version }, ctx.viewer?.userId),
  },
  Document: {
    // The gateway sends title, body and tags (`@requires`) with the id; taken as they come.
    __resolveReference: (reference) => reference,
    suggestedTags: (document, _a, ctx) => ctx.loaders.suggestedTags.load(document),
  },
};
