import { DateTimeScalar, JSONScalar } from '@ukp/kit';
import type { AuditEventResolvers, UserResolvers } from '../generated/resolvers.js';

export const User: UserResolvers = {
  __resolveReference: async (reference, ctx) => (await ctx.loaders.account.load(reference.id)) ?? null,
};

export const AuditEvent: AuditEventResolvers = {
  actor: async (event, _args, ctx) =>
    event.actorId ? ((await ctx.loaders.account.load(event.actorId)) ?? null) : null,
  detail: (event) => event.detail ?? null,
};

export const scalars = { DateTime: DateTimeScalar, JSON: JSONScalar };
