import { clientEvents } from '../domain/ingest/client-events.js';
import { retentionStart } from '../domain/ingest/partitions.js';
import type { MutationResolvers } from '../generated/resolvers.js';

/** Thin: validate (all or nothing), then one pipeline batch. Shield guarantees a viewer. */
export const eventResolvers = {
  Mutation: {
    trackEvents: async (_parent, { events }, ctx) => {
      const { deps, pipeline } = ctx.services;
      const now = deps.now();
      const batch = clientEvents(ctx.viewer!.userId, events, now, {
        earliest: retentionStart(now, deps.config.retentionDays),
      });
      await pipeline.ingest(batch);
      // Accepted: every distinct event of the call, replays included (a retried call gets the
      // same answer as the first one), each counted once by its key.
      const ids = new Set<string>();
      let accepted = 0;
      for (const event of batch) {
        if (event.key === null) accepted += 1;
        else if (!ids.has(event.key)) {
          ids.add(event.key);
          accepted += 1;
        }
      }
      return accepted;
    },
  },
} satisfies { Mutation: Pick<MutationResolvers, 'trackEvents'> };
