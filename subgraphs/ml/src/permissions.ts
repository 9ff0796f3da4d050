import { allow, hasRole, type IRules, isAuthenticated } from '@ukp/kit';

const admin = hasRole('ADMIN');
/** ANALYST, or ADMIN (who may do everything). */
const analyst = hasRole('ANALYST');

/**
 * The ml subgraph's rule tree; anything not named here is denied. `Document.suggestedTags` is
 * open because the gateway reaches it only through a `Document` the knowledge subgraph let the
 * caller read (its rules decide who reads a document; this subgraph never sees one otherwise), and
 * the model behind it learnt from published public documents only. `setModelAlias`'s `force` is
 * ADMIN like the whole mutation, and its resolver checks that again explicitly.
 */
export const permissions: IRules = {
  Query: {
    models: isAuthenticated,
    model: isAuthenticated,
    predict: isAuthenticated,
    drift: analyst,
  },
  Mutation: {
    trainModel: admin,
    setModelAlias: admin,
    archiveModel: admin,
    batchPredict: isAuthenticated,
    setTrafficSplit: admin,
    // Editors of the document: the resolvers check through knowledge's own permission rules.
    acceptSuggestedTag: isAuthenticated,
    rejectSuggestedTag: isAuthenticated,
  },
  Subscription: {
    trainingProgress: admin,
    // Readers of the document: the resolver checks it with knowledge before subscribing.
    tagSuggestionsChanged: isAuthenticated,
  },
  Document: { id: allow, suggestedTags: allow },
  Model: allow,
  ModelMetrics: allow,
  LabelScore: allow,
  FeatureWeight: allow,
  Prediction: allow,
  TrainingJob: allow,
  DriftReport: allow,
  TagSuggestion: allow,
};
