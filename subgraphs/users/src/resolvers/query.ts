import { listAuditEvents, listUsers } from '../domain/queries.js';
import type { QueryResolvers } from '../generated/resolvers.js';

export const Query: QueryResolvers = {
  me: async (_parent, _args, ctx) =>
    ctx.viewer ? ((await ctx.loaders.account.load(ctx.viewer.userId)) ?? null) : null,
  user: async (_parent, { id }, ctx) => (await ctx.loaders.account.load(id)) ?? null,
  users: (_parent, args, ctx) => listUsers(ctx.deps.db, args),
  auditLog: (_parent, args, ctx) => listAuditEvents(ctx.deps.db, args),
};
