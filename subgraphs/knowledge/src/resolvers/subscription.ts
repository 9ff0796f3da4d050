import { freshLoaders, type KnowledgeContext } from '../context.js';
import type { DocumentRow } from '../db/schema.js';
import type { DocumentEventModel } from '../domain/realtime-types.js';
import type { SubscriptionResolvers } from '../generated/resolvers.js';

/**
 * `subscribe` hands back the domain's iterator, which has already filtered and authorised each
 * event as the subscriber; `resolve` only gives every event fresh loaders.
 */
export const Subscription: SubscriptionResolvers = {
  documentEvents: {
    subscribe: (_p, { documentId }, ctx) => ctx.realtime.feeds.documentEvents(ctx.viewer, documentId),
    resolve: (event: DocumentEventModel, _args: unknown, ctx: KnowledgeContext) => {
      freshLoaders(ctx);
      return event;
    },
  },
  documentPublished: {
    subscribe: (_p, { tags }, ctx) => ctx.realtime.feeds.documentPublished(ctx.viewer, tags),
    resolve: (row: DocumentRow, _args: unknown, ctx: KnowledgeContext) => {
      freshLoaders(ctx);
      return row;
    },
  },
};
