import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ModelRecord } from '../domain/registry/model-record.js';
import type { TrainingJobModel } from '../domain/training/jobs.js';
import type { PredictionResult } from '../domain/inference/predict.js';
import type { DocumentRef } from '../domain/inference/suggestions.js';
import type { MlContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An ISO-8601 date-time in UTC, e.g. `2026-11-29T10:15:00.000Z`. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** How a model learns a document's tags from its title and body (one-vs-rest over TF-IDF features). */
export type Algorithm =
  /** Soft vote of the two: the mean of their probabilities. */
  | 'ENSEMBLE'
  /** L2-regularised logistic regression, one per tag. */
  | 'LOGISTIC_REGRESSION'
  /** Multinomial naive Bayes, one per tag. */
  | 'NAIVE_BAYES';

/** A piece of knowledge: Markdown with a title and tags, versioned on every saved change. */
export type Document = {
  __typename?: 'Document';
  /** Owned by knowledge; read to suggest tags. */
  body: Scalars['String']['output'];
  /** Opaque, stable id of the document. */
  id: Scalars['ID']['output'];
  /** Up to 5 tags the `document-tags` model (its `production` alias, or the version the traffic split picks for the caller) suggests for the title and body, most probable first: tags with probability ≥ ML_SUGGESTION_MIN_CONFIDENCE (0.2) that the document does not already have. Empty while no version is `production`. */
  suggestedTags: Array<TagSuggestion>;
  /** Owned by knowledge; read so that tags the document already has are not suggested. */
  tags: Array<Scalars['String']['output']>;
  /** Owned by knowledge; read to suggest tags. */
  title: Scalars['String']['output'];
};

/** Population stability of a model's inputs and outputs: training reference vs recent requests. */
export type DriftReport = {
  __typename?: 'DriftReport';
  /** psi ≥ the threshold (ML_DRIFT_THRESHOLD, 0.2) over at least 200 recent requests (below that, PSI is mostly noise and this stays false). */
  drifted: Scalars['Boolean']['output'];
  /** PSI of the predicted-tag distribution. */
  labelPsi: Scalars['Float']['output'];
  /** PSI of the text-length distribution. */
  lengthPsi: Scalars['Float']['output'];
  /** The version examined (the `production` alias). */
  model: Model;
  /** PSI of the out-of-vocabulary-rate distribution. */
  oovPsi: Scalars['Float']['output'];
  /** The largest PSI of the predicted-tag distribution and the input features (text length, out-of-vocabulary rate). */
  psi: Scalars['Float']['output'];
  /** Recent requests examined. */
  sampleSize: Scalars['Int']['output'];
  /** Start of the window of recent requests. */
  windowStart: Scalars['DateTime']['output'];
};

/** A feature's contribution to the top tag: weight × value for logistic regression, the log-likelihood ratio × value for naive Bayes. */
export type FeatureWeight = {
  __typename?: 'FeatureWeight';
  /** The stemmed term. */
  feature: Scalars['String']['output'];
  /** Signed contribution: positive pushes toward the tag. */
  weight: Scalars['Float']['output'];
};

/** A tag's probability. */
export type LabelScore = {
  __typename?: 'LabelScore';
  /** The tag. */
  label: Scalars['String']['output'];
  /** Its probability, 0–1. */
  probability: Scalars['Float']['output'];
};

/** One version of a named model in the registry. Signed-in users read it. */
export type Model = {
  __typename?: 'Model';
  /** How it learns. */
  algorithm: Algorithm;
  /** Aliases pointing at this version, e.g. `production`, `candidate`. */
  aliases: Array<Scalars['String']['output']>;
  /** sha256 of the training data (ids, texts and tags): two versions with the same hash saw the same data. */
  datasetHash?: Maybe<Scalars['String']['output']>;
  /** Hyper-parameters it was trained with (seed, vocabulary cap, regularisation …). */
  hyperParameters?: Maybe<Scalars['JSON']['output']>;
  /** Opaque id of this version. */
  id: Scalars['ID']['output'];
  /** The tags it can predict. */
  labels: Array<Scalars['String']['output']>;
  /** Hold-out quality; null until trained. */
  metrics?: Maybe<ModelMetrics>;
  /** The model's name, e.g. `document-tags`. */
  name: Scalars['String']['output'];
  /** Documents in the training data (train + hold-out). */
  rowCount?: Maybe<Scalars['Int']['output']>;
  /** Predictions this version has served (from this process's start for the live figure, summed in the registry every minute). */
  servedCount: Scalars['Int']['output'];
  /** TRAINING, READY, FAILED or ARCHIVED. */
  status: ModelStatus;
  /** This version's share of traffic in the name's current split; null when there is no split. */
  trafficWeight?: Maybe<Scalars['Float']['output']>;
  /** When training finished; null until then. */
  trainedAt?: Maybe<Scalars['DateTime']['output']>;
  /** 1, 2, 3 … per name, without gaps. */
  version: Scalars['Int']['output'];
};

/** Quality on the stratified hold-out the model never saw while training. */
export type ModelMetrics = {
  __typename?: 'ModelMetrics';
  /** Share of hold-out documents whose top predicted tag is one of their tags. */
  accuracy: Scalars['Float']['output'];
  /** Mean over tags of F1, the predicted set being the tags with p ≥ 0.5 plus the top one. */
  macroF1: Scalars['Float']['output'];
  /** Documents held out. */
  testSize: Scalars['Int']['output'];
  /** Documents trained on. */
  trainSize: Scalars['Int']['output'];
};

/** Where a model version is in its life. */
export type ModelStatus =
  /** Retired: no alias points at it and it serves nothing. */
  | 'ARCHIVED'
  /** Training failed; the job's `error` says why. */
  | 'FAILED'
  /** Trained and able to serve. */
  | 'READY'
  /** Being trained; `trainingProgress` follows it. */
  | 'TRAINING';

/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Mutation = {
  __typename?: 'Mutation';
  /** Accepts a suggested tag: adds it to the document through knowledge's own checks (editors of the document), and counts a conversion for the version that suggested it. */
  acceptSuggestedTag: Document;
  /**
   * Retires a version: ARCHIVED, it serves nothing (a pinned `predict` of it is BAD_USER_INPUT) and can take no
   * alias again. CONFLICT while an alias (`extensions.aliases`) or the name's traffic split points at it: move
   * them first. NOT_FOUND for an unknown name or version; BAD_USER_INPUT for a version still TRAINING. Archiving
   * an ARCHIVED version returns it unchanged. ADMIN.
   */
  archiveModel: Model;
  /** Predicts up to 1,000 texts (each ≤ 100 KB of UTF-8) with one version in one vectorised pass; errors as `predict`. Signed-in. */
  batchPredict: Array<Prediction>;
  /** Rejects a suggested tag: it is not suggested to the caller again for this document. Editors of the document. */
  rejectSuggestedTag: Scalars['Boolean']['output'];
  /**
   * Points an alias (1–50 characters of `[a-z0-9-]`) at a READY version, atomically and audited. Moving
   * `production` evaluates the candidate and the current production on the candidate's hold-out documents (as
   * they read now): a candidate worse on macro-F1 is CONFLICT with both versions' accuracy and macro-F1 and the
   * deltas in the message and in `extensions` (`candidate`, `current`, `deltas`, `testSize`), unless `force: true`
   * (ADMIN), which is audited as forced. ADMIN.
   */
  setModelAlias: Model;
  /**
   * Routes `predict` / `batchPredict` (without `version`) and `suggestedTags` of signed-in users between 2–10 READY
   * versions by weight, deterministically per user: the same user always gets the same version while the split
   * stands; anonymous callers get `production`. Weights are in (0, 1] and sum to 1, else BAD_USER_INPUT; an unknown
   * name or version is NOT_FOUND, a version not READY BAD_USER_INPUT. Replaces the name's split and returns its
   * versions in the order given; an empty list ends it (and returns []). The split is the analytics experiment
   * `model:<name>` (`v<version>` per version; conversions are accepted suggestions). ADMIN.
   */
  setTrafficSplit: Array<Model>;
  /**
   * Trains the next version of a model off the request path and returns its job at once; follow it with
   * `trainingProgress`. It learns the tags of the PUBLISHED PUBLIC documents only (text: title, blank line, body):
   * a model answers everyone, so it must never learn from drafts or private documents that only some may read.
   * FAILED, with `error`, when there are fewer than 10 such documents with a tag shared by another one, or fewer
   * than 2 such tags. ADMIN.
   */
  trainModel: TrainingJob;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationAcceptSuggestedTagArgs = {
  documentId: Scalars['ID']['input'];
  tag: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationArchiveModelArgs = {
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationBatchPredictArgs = {
  model: Scalars['String']['input'];
  texts: Array<Scalars['String']['input']>;
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationRejectSuggestedTagArgs = {
  documentId: Scalars['ID']['input'];
  tag: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationSetModelAliasArgs = {
  alias: Scalars['String']['input'];
  force?: InputMaybe<Scalars['Boolean']['input']>;
  name: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationSetTrafficSplitArgs = {
  name: Scalars['String']['input'];
  split: Array<VersionWeightInput>;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationTrainModelArgs = {
  input: TrainModelInput;
};

/** What a model says about a text. */
export type Prediction = {
  __typename?: 'Prediction';
  /** True when the answer came from the cache (same version, same text). */
  cached: Scalars['Boolean']['output'];
  /** Its probability. */
  confidence: Scalars['Float']['output'];
  /** The features that contributed most to the top tag, largest first. */
  explanation: Array<FeatureWeight>;
  /** The most probable tag. */
  label: Scalars['String']['output'];
  /** The version that answered. */
  model: Model;
  /** Every tag's probability, most probable first. */
  scores: Array<LabelScore>;
};

/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Query = {
  __typename?: 'Query';
  /** Drift of the model's `production` version. ANALYST. */
  drift: DriftReport;
  /** One version: by `version`, by `alias`, or the `production` alias when neither is given. Null if none. Signed-in. */
  model?: Maybe<Model>;
  /** Every version, newest first (at most 100), of one name or of all. Signed-in. */
  models: Array<Model>;
  /**
   * Predicts a text's tags (≤ ML_MAX_TEXT_BYTES, 100 KB of UTF-8, else BAD_USER_INPUT) with the `production`
   * alias, the caller's traffic-split version, or `version` when pinned. An unknown model, version or alias is
   * NOT_FOUND; a pinned version that is not READY (TRAINING, FAILED, ARCHIVED) is BAD_USER_INPUT on `version`.
   * Signed-in.
   */
  predict: Prediction;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryDriftArgs = {
  model: Scalars['String']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryModelArgs = {
  alias?: InputMaybe<Scalars['String']['input']>;
  name: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryModelsArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryPredictArgs = {
  model: Scalars['String']['input'];
  text: Scalars['String']['input'];
  version?: InputMaybe<Scalars['Int']['input']>;
};

/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type Subscription = {
  __typename?: 'Subscription';
  /**
   * The document's suggested tags (as `Document.suggestedTags` answers you, your rejected tags left
   * out) each time they change while it is being edited, live or by saved changes: a new list only
   * when its tag names or their order differ from the last you received, the first time from what
   * they were when you subscribed; computed at most once a second per document. Readers of the
   * document: NOT_FOUND if you may not read it, and the subscription ends with NOT_FOUND when you no
   * longer may. RATE_LIMITED past the per-document and per-server subscription caps.
   */
  tagSuggestionsChanged: Array<TagSuggestion>;
  /** A training job's progress until it is READY or FAILED. ADMIN. */
  trainingProgress: TrainingJob;
};


/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type SubscriptionTagSuggestionsChangedArgs = {
  documentId: Scalars['ID']['input'];
};


/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type SubscriptionTrainingProgressArgs = {
  jobId: Scalars['ID']['input'];
};

/** A tag the model suggests for a document. */
export type TagSuggestion = {
  __typename?: 'TagSuggestion';
  /** Its probability. */
  confidence: Scalars['Float']['output'];
  /** The tag. */
  tag: Scalars['String']['output'];
};

/** A new training run. */
export type TrainModelInput = {
  /** How it learns. */
  algorithm: Algorithm;
  /** The model's name, 1–100 characters of `[a-z0-9-]`. */
  name: Scalars['String']['input'];
  /** Seed of the hold-out split: the same data and seed give the same model and metrics (default 42). */
  seed?: InputMaybe<Scalars['Int']['input']>;
};

/** A training run. */
export type TrainingJob = {
  __typename?: 'TrainingJob';
  /** Why it failed; null otherwise. */
  error?: Maybe<Scalars['String']['output']>;
  /** Opaque id; subscribe to `trainingProgress(jobId)`. */
  id: Scalars['ID']['output'];
  /** The version it trains. */
  model?: Maybe<Model>;
  /** 0–1. */
  progress: Scalars['Float']['output'];
  /** TRAINING, then READY or FAILED. */
  status: ModelStatus;
};

/** One version's share of a traffic split. */
export type VersionWeightInput = {
  /** A READY version of the model. */
  version: Scalars['Int']['input'];
  /** Its share, 0–1; the shares sum to 1. */
  weight: Scalars['Float']['input'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Document: Document;
  Model: Model;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Document:
    ( { __typename: 'Document' }
    & GraphQLRecursivePick<FederationTypes['Document'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Document'], {"title":true,"body":true,"tags":true}> ) );
  Model:
    ( { __typename: 'Model' }
    & GraphQLRecursivePick<FederationTypes['Model'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Algorithm: Algorithm;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<DocumentRef>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  DriftReport: ResolverTypeWrapper<Omit<DriftReport, 'model'> & { model: ResolversTypes['Model'] }>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  FeatureWeight: ResolverTypeWrapper<FeatureWeight>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LabelScore: ResolverTypeWrapper<LabelScore>;
  Model: ResolverTypeWrapper<ModelRecord>;
  ModelMetrics: ResolverTypeWrapper<ModelMetrics>;
  ModelStatus: ModelStatus;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Prediction: ResolverTypeWrapper<PredictionResult>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  TagSuggestion: ResolverTypeWrapper<TagSuggestion>;
  TrainModelInput: TrainModelInput;
  TrainingJob: ResolverTypeWrapper<TrainingJobModel>;
  VersionWeightInput: VersionWeightInput;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  DateTime: Scalars['DateTime']['output'];
  Document: DocumentRef;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  DriftReport: Omit<DriftReport, 'model'> & { model: ResolversParentTypes['Model'] };
  Boolean: Scalars['Boolean']['output'];
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  FeatureWeight: FeatureWeight;
  JSON: Scalars['JSON']['output'];
  LabelScore: LabelScore;
  Model: ModelRecord;
  ModelMetrics: ModelMetrics;
  Mutation: Record<PropertyKey, never>;
  Prediction: PredictionResult;
  Query: Record<PropertyKey, never>;
  Subscription: Record<PropertyKey, never>;
  TagSuggestion: TagSuggestion;
  TrainModelInput: TrainModelInput;
  TrainingJob: TrainingJobModel;
  VersionWeightInput: VersionWeightInput;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DocumentResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document'], FederationReferenceType extends FederationReferenceTypes['Document'] = FederationReferenceTypes['Document']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Document']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  suggestedTags?: Resolver<Array<ResolversTypes['TagSuggestion']>, ParentType, ContextType>;
}>;

export type DriftReportResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['DriftReport'] = ResolversParentTypes['DriftReport']> = ResolversObject<{
  drifted?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  labelPsi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  lengthPsi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  oovPsi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  psi?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  sampleSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  windowStart?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export type FeatureWeightResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['FeatureWeight'] = ResolversParentTypes['FeatureWeight']> = ResolversObject<{
  feature?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  weight?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type LabelScoreResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['LabelScore'] = ResolversParentTypes['LabelScore']> = ResolversObject<{
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  probability?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model'], FederationReferenceType extends FederationReferenceTypes['Model'] = FederationReferenceTypes['Model']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Model']> | FederationReferenceType, FederationReferenceType, ContextType>;
  algorithm?: Resolver<ResolversTypes['Algorithm'], ParentType, ContextType>;
  aliases?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  datasetHash?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hyperParameters?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  labels?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  metrics?: Resolver<Maybe<ResolversTypes['ModelMetrics']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rowCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  servedCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelStatus'], ParentType, ContextType>;
  trafficWeight?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  trainedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ModelMetricsResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['ModelMetrics'] = ResolversParentTypes['ModelMetrics']> = ResolversObject<{
  accuracy?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  macroF1?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  testSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  trainSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  acceptSuggestedTag?: Resolver<ResolversTypes['Document'], ParentType, ContextType, RequireFields<MutationAcceptSuggestedTagArgs, 'documentId' | 'tag'>>;
  archiveModel?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationArchiveModelArgs, 'name' | 'version'>>;
  batchPredict?: Resolver<Array<ResolversTypes['Prediction']>, ParentType, ContextType, RequireFields<MutationBatchPredictArgs, 'model' | 'texts'>>;
  rejectSuggestedTag?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRejectSuggestedTagArgs, 'documentId' | 'tag'>>;
  setModelAlias?: Resolver<ResolversTypes['Model'], ParentType, ContextType, RequireFields<MutationSetModelAliasArgs, 'alias' | 'force' | 'name' | 'version'>>;
  setTrafficSplit?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<MutationSetTrafficSplitArgs, 'name' | 'split'>>;
  trainModel?: Resolver<ResolversTypes['TrainingJob'], ParentType, ContextType, RequireFields<MutationTrainModelArgs, 'input'>>;
}>;

export type PredictionResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['Prediction'] = ResolversParentTypes['Prediction']> = ResolversObject<{
  cached?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  explanation?: Resolver<Array<ResolversTypes['FeatureWeight']>, ParentType, ContextType>;
  label?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  scores?: Resolver<Array<ResolversTypes['LabelScore']>, ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  drift?: Resolver<ResolversTypes['DriftReport'], ParentType, ContextType, RequireFields<QueryDriftArgs, 'model'>>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'name'>>;
  models?: Resolver<Array<ResolversTypes['Model']>, ParentType, ContextType, Partial<QueryModelsArgs>>;
  predict?: Resolver<ResolversTypes['Prediction'], ParentType, ContextType, RequireFields<QueryPredictArgs, 'model' | 'text'>>;
}>;

export type SubscriptionResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  tagSuggestionsChanged?: SubscriptionResolver<Array<ResolversTypes['TagSuggestion']>, "tagSuggestionsChanged", ParentType, ContextType, RequireFields<SubscriptionTagSuggestionsChangedArgs, 'documentId'>>;
  trainingProgress?: SubscriptionResolver<ResolversTypes['TrainingJob'], "trainingProgress", ParentType, ContextType, RequireFields<SubscriptionTrainingProgressArgs, 'jobId'>>;
}>;

export type TagSuggestionResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['TagSuggestion'] = ResolversParentTypes['TagSuggestion']> = ResolversObject<{
  confidence?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  tag?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TrainingJobResolvers<ContextType = MlContext, ParentType extends ResolversParentTypes['TrainingJob'] = ResolversParentTypes['TrainingJob']> = ResolversObject<{
  error?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ModelStatus'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = MlContext> = ResolversObject<{
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  DriftReport?: DriftReportResolvers<ContextType>;
  FeatureWeight?: FeatureWeightResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  LabelScore?: LabelScoreResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelMetrics?: ModelMetricsResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Prediction?: PredictionResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  TagSuggestion?: TagSuggestionResolvers<ContextType>;
  TrainingJob?: TrainingJobResolvers<ContextType>;
}>;

