import { appError } from '@ukp/kit';
import type { GraphQLError } from 'graphql';

export interface SubscriptionLimits {
  /** Active subscriptions one socket may hold; the next one is refused and the socket stays open. */
  maxPerConnection: number;
  /** graphql-ws closes a socket with 4408 when `connection_init` has not arrived by then. */
  connectionInitTimeoutMs: number;
  /** ws ping interval; a socket that has not answered the previous ping is terminated. 0 disables. */
  keepAliveMs: number;
}

/** The refusal for one subscription too many, or undefined when there is room. */
export function subscriptionSlotError(active: number, limits: SubscriptionLimits): GraphQLError | undefined {
  if (active < limits.maxPerConnection) return undefined;
  return appError(
    'QUERY_TOO_COMPLEX',
    `A connection may hold at most ${limits.maxPerConnection} subscriptions; complete one first.`,
    { limit: 'subscriptionsPerConnection', max: limits.maxPerConnection },
  );
}
