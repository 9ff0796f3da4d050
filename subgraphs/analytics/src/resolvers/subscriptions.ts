import { errors, mapIterator } from '@ukp/kit';
import type { SubscriptionResolvers } from '../generated/resolvers.js';

/** Wraps each event as `{ [field]: event }`, what the default resolver of the field reads. */
async function under<K extends string, T>(
  field: K,
  feed: Promise<AsyncIterableIterator<T>>,
): Promise<AsyncIterableIterator<Record<K, T>>> {
  return mapIterator(await feed, (event) => ({ emit: { [field]: event } as Record<K, T> }));
}

/**
 * `subscribe` hands back the domain's feed, already filtered to what the subscriber asked for
 * (and, for notifications, to the subscriber's own). There is deliberately no `resolve`:
 * graphql-middleware wraps a field's `resolve` when it has one and its `subscribe` only when it
 * has none, so without `resolve` the shield's rule runs when the subscription is opened — a
 * VIEWER asking for `metricUpdated` is refused before anything is subscribed, instead of getting
 * a live stream of FORBIDDEN errors.
 */
export const subscriptionResolvers: { Subscription: SubscriptionResolvers } = {
  Subscription: {
    metricUpdated: {
      subscribe: (_p, { metrics }, ctx) => under('metricUpdated', ctx.services.feeds.metricUpdated(metrics)),
    },
    anomalyDetected: {
      subscribe: (_p, { metrics }, ctx) =>
        under('anomalyDetected', ctx.services.feeds.anomalyDetected(metrics)),
    },
    notifications: {
      subscribe: (_p, _a, ctx) => {
        if (!ctx.viewer) throw errors.unauthenticated();
        return under('notifications', ctx.services.feeds.notifications(ctx.viewer.userId));
      },
    },
  },
};
