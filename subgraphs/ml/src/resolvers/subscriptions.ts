import { errors, mapIterator } from '@ukp/kit';
import type { MlContext } from '../context.js';
import type { Watcher } from '../domain/live/suggestion-hub.js';
import { trainingProgressFeed } from '../domain/training/progress-feed.js';
import type { SubscriptionResolvers } from '../generated/resolvers.js';

/** Wraps each event as `{ [field]: event }`, what the default resolver of the field reads. */
async function under<K extends string, T>(
  field: K,
  feed: Promise<AsyncIterableIterator<T>>,
): Promise<AsyncIterableIterator<Record<K, T>>> {
  return mapIterator(await feed, (event) => ({ emit: { [field]: event } as Record<K, T> }));
}

/** The subscriber as knowledge must see them: their identity and their own Authorization header. */
function watcherOf(ctx: MlContext): Watcher {
  if (!ctx.viewer || !ctx.authorization) throw errors.unauthenticated();
  return { viewer: ctx.viewer, authorization: ctx.authorization };
}

/**
 * There is deliberately no `resolve`: graphql-middleware wraps a field's `resolve` when it has one
 * and its `subscribe` only when it has none, so without `resolve` the shield's rule runs when the
 * subscription is opened — a VIEWER asking for `trainingProgress` is refused before anything is
 * subscribed, instead of getting a stream of FORBIDDEN errors.
 */
export const subscriptionResolvers: {
  Subscription: Pick<SubscriptionResolvers, 'trainingProgress' | 'tagSuggestionsChanged'>;
} = {
  Subscription: {
    trainingProgress: {
      subscribe: (_p, { jobId }, ctx) =>
        under('trainingProgress', trainingProgressFeed(ctx.services.deps, jobId)),
    },
    tagSuggestionsChanged: {
      subscribe: (_p, { documentId }, ctx) =>
        under('tagSuggestionsChanged', ctx.services.live.subscribe(documentId, watcherOf(ctx))),
    },
  },
};
