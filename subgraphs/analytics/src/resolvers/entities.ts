import type { DocumentResolvers, UserResolvers } from '../generated/resolvers.js';

/**
 * `Document` and `User` are owned by other subgraphs; analytics adds fields to them. A reference
 * is taken as it comes (analytics cannot tell whether the id exists, and needs not: an unknown
 * id has 0 views and no activity), and each field goes through the request's DataLoader, so an
 * `_entities` list costs one statement per field, whatever its length.
 */
export const entityResolvers: { Document: DocumentResolvers; User: UserResolvers } = {
  Document: {
    __resolveReference: (reference) => ({ id: reference.id }),
    views: (doc, _args, ctx) => ctx.loaders.documentViews.load(doc.id),
  },
  User: {
    __resolveReference: (reference) => ({ id: reference.id }),
    lastSeenAt: async (user, _args, ctx) => (await ctx.loaders.userStats.load(user.id)).lastSeenAt,
    eventsLast7Days: async (user, _args, ctx) => (await ctx.loaders.userStats.load(user.id)).eventsLast7Days,
  },
};
