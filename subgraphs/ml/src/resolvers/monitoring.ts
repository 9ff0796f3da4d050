import type { QueryResolvers } from '../generated/resolvers.js';

/** `drift`: the production version's recent requests against its training reference. */
export const monitoringResolvers: { Query: Pick<QueryResolvers, 'drift'> } = {
  Query: {
    drift: (_p, { model }, ctx) => ctx.services.drift.report(model),
  },
};
