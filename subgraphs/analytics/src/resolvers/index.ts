import { DateTimeScalar, JSONScalar } from '@ukp/kit';
import type { Resolvers } from '../generated/resolvers.js';
import { alertResolvers } from './alerts.js';
import { entityResolvers } from './entities.js';
import { eventResolvers } from './events.js';
import { experimentResolvers } from './experiments.js';
import { metricResolvers } from './metrics.js';
import { subscriptionResolvers } from './subscriptions.js';

/**
 * Each area's resolvers live in their own file, typed as a `Resolvers` slice; this merges them.
 * Areas never share a root field, so a spread per root type is enough.
 */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: {
    ...metricResolvers.Query,
    ...experimentResolvers.Query,
    ...alertResolvers.Query,
  },
  Mutation: {
    ...eventResolvers.Mutation,
    ...experimentResolvers.Mutation,
    ...alertResolvers.Mutation,
  },
  Subscription: { ...subscriptionResolvers.Subscription },
  Experiment: experimentResolvers.Experiment,
  AlertRule: alertResolvers.AlertRule,
  Document: entityResolvers.Document,
  User: entityResolvers.User,
};
