import { DateTimeScalar, JSONScalar } from '@ukp/kit';
import type { Resolvers } from '../generated/resolvers.js';
import { archiveResolvers } from './archive.js';
import { feedbackResolvers } from './feedback.js';
import { inferenceResolvers } from './inference.js';
import { modelResolvers } from './models.js';
import { monitoringResolvers } from './monitoring.js';
import { subscriptionResolvers } from './subscriptions.js';

/**
 * Each area's resolvers live in their own file, typed as a `Resolvers` slice; this merges them.
 * Areas never share a root field, so a spread per root type is enough. (Traffic splits and the live
 * feed are added by their own areas.)
 */
export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  JSON: JSONScalar,
  Query: { ...modelResolvers.Query, ...inferenceResolvers.Query, ...monitoringResolvers.Query },
  Mutation: {
    ...modelResolvers.Mutation,
    ...inferenceResolvers.Mutation,
    ...feedbackResolvers.Mutation,
    ...archiveResolvers.Mutation,
  },
  Subscription: { ...subscriptionResolvers.Subscription },
  Model: modelResolvers.Model,
  TrainingJob: modelResolvers.TrainingJob,
  Document: inferenceResolvers.Document,
};
