import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ExperimentModel } from '../domain/experiments/types.js';
import type { AlertRuleRow } from '../db/schema.js';
import type { NotificationPayload } from '../domain/live/topics.js';
import type { EntityRef } from '../domain/queries/entities.js';
import type { AnalyticsContext } from '../context.js';
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

/** Which side of the threshold fires a THRESHOLD rule. */
export type AlertDirection =
  /** Fires when the value is above the threshold. */
  | 'ABOVE'
  /** Fires when the value is below the threshold. */
  | 'BELOW';

/** What an alert rule watches for. */
export type AlertKind =
  /** The anomaly detector flags the metric. */
  | 'ANOMALY'
  /** The metric's one-minute value crosses `threshold` in `direction`. */
  | 'THRESHOLD';

/** A rule that notifies its owner (in-app, and by webhook when set) about a metric. */
export type AlertRule = {
  __typename?: 'AlertRule';
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** ABOVE or BELOW for a THRESHOLD rule; null for ANOMALY. */
  direction?: Maybe<AlertDirection>;
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** THRESHOLD or ANOMALY. */
  kind: AlertKind;
  /** The metric watched. */
  metric: Scalars['String']['output'];
  /** Who created it; notifications go to them. */
  ownerId: Scalars['ID']['output'];
  /** The threshold of a THRESHOLD rule; null for ANOMALY. */
  threshold?: Maybe<Scalars['Float']['output']>;
  /** Where a signed JSON POST goes on each firing (null: in-app only). The signing secret is shown once, on creation. */
  webhookUrl?: Maybe<Scalars['String']['output']>;
};

/** What `createAlertRule` returns: the rule and, when it has a webhook, its signing secret (shown only here). */
export type AlertRulePayload = {
  __typename?: 'AlertRulePayload';
  /** The new rule. */
  rule: AlertRule;
  /** HMAC-SHA256 key of the `x-ukp-signature` header on webhook deliveries; null without a webhook. */
  webhookSecret?: Maybe<Scalars['String']['output']>;
};

/**
 * A point of a series that the robust z-score flags as unusual for its recent history, or a drift
 * the ml subgraph detected in a model's inputs (metric `ml.drift.<model name, - as _>`, e.g.
 * `ml.drift.document_tags`).
 */
export type Anomaly = {
  __typename?: 'Anomaly';
  /** Start of the window that was unusual. */
  at: Scalars['DateTime']['output'];
  /** What the rolling window expected: its median. For a drift: 0, the PSI of a population that has not moved. */
  expected: Scalars['Float']['output'];
  /** The metric it was found in; `ml.drift.<model>` for a model's drift (an ANOMALY alert rule may watch it). */
  metric: Scalars['String']['output'];
  /** Robust z-score: 0.6745 × (value − median) / MAD; flagged when |score| reaches the threshold (3.5). For a drift: PSI / the ml subgraph's drift threshold (≥ 1). */
  score: Scalars['Float']['output'];
  /** What was observed. */
  value: Scalars['Float']['output'];
};

/** The variant a user is in. */
export type Assignment = {
  __typename?: 'Assignment';
  /** The experiment's key. */
  experimentKey: Scalars['String']['output'];
  /** The variant's name. */
  variant: Scalars['String']['output'];
};

/** A new alert rule. */
export type CreateAlertRuleInput = {
  /** Required for THRESHOLD. */
  direction?: InputMaybe<AlertDirection>;
  /** THRESHOLD or ANOMALY. */
  kind: AlertKind;
  /** The metric to watch (an event name or a built-in metric). */
  metric: Scalars['String']['input'];
  /** Required for THRESHOLD. */
  threshold?: InputMaybe<Scalars['Float']['input']>;
  /** Optional https (or allowed) URL that receives a signed JSON POST on each firing; private addresses are refused unless the operator allows them. */
  webhookUrl?: InputMaybe<Scalars['String']['input']>;
};

/** A new experiment. */
export type CreateExperimentInput = {
  /** 1–100 characters of `[a-z0-9_.:-]`, unique. */
  key: Scalars['String']['input'];
  /** The conversion event's name. */
  metric: Scalars['String']['input'];
  /** Use always-valid sequential statistics (mixture SPRT) instead of the fixed-horizon z-test. */
  sequential?: InputMaybe<Scalars['Boolean']['input']>;
  /** 2–10 variants; the first is the control. */
  variants: Array<VariantInput>;
};

/** A piece of knowledge: Markdown with a title and tags, versioned on every saved change. */
export type Document = {
  __typename?: 'Document';
  /** Opaque, stable id of the document. */
  id: Scalars['ID']['output'];
  /** How many times the document was read (`document.viewed`). Anyone who may read the document may see it. */
  views: Scalars['Int']['output'];
};

/** An event sent by a client. */
export type EventInput = {
  /** When it happened (default: now); no older than 48 hours, no more than 5 minutes ahead. */
  at?: InputMaybe<Scalars['DateTime']['input']>;
  /** Optional client id (1–100 chars): sending the same id again is accepted but counted once. */
  id?: InputMaybe<Scalars['ID']['input']>;
  /** 1–100 characters of `[a-z0-9_.]`. */
  name: Scalars['String']['input'];
  /** Up to 8 KB of JSON. */
  properties?: InputMaybe<Scalars['JSON']['input']>;
};

/** An A/B experiment: deterministic assignment, exposure on assignment, a conversion metric. */
export type Experiment = {
  __typename?: 'Experiment';
  /** When it was concluded; null while running. */
  concludedAt?: Maybe<Scalars['DateTime']['output']>;
  /** When it was created. */
  createdAt: Scalars['DateTime']['output'];
  /** Its unique key, e.g. `search-ranking-v2`. */
  key: Scalars['String']['output'];
  /** The event name that counts as a conversion when sent after exposure. */
  metric: Scalars['String']['output'];
  /** True when the observed allocation differs from the weights (chi-square test, p < 0.001): the results are not to be trusted. */
  sampleRatioMismatch: Scalars['Boolean']['output'];
  /** P-value of the sample-ratio chi-square test (null with no users). */
  sampleRatioPValue?: Maybe<Scalars['Float']['output']>;
  /** Always-valid sequential statistics (mixture SPRT): safe to watch live without inflating false positives. */
  sequential: Scalars['Boolean']['output'];
  /** RUNNING while users are assigned, CONCLUDED once `concludeExperiment` ended it. */
  status: Scalars['String']['output'];
  /** Results per variant, control first. */
  variants: Array<VariantResult>;
  /** The variant whose rate is significantly best at 5% (the control when every other is significantly worse); null until then, or while results are withheld. */
  winner?: Maybe<Scalars['String']['output']>;
};

/** One step of a funnel. */
export type FunnelStep = {
  __typename?: 'FunnelStep';
  /** users / users of the first step (1 for the first step; 0 when nobody started). */
  conversion: Scalars['Float']['output'];
  /** The step's event name. */
  step: Scalars['String']['output'];
  /** Users who reached this step in order, within the conversion window of their first step. */
  users: Scalars['Int']['output'];
};

/** The width of one point of a series: one-minute windows, and hourly and daily roll-ups of them. */
export type Interval =
  /** UTC days, rolled up from the minutes. */
  | 'DAY'
  /** Hours, rolled up from the minutes. */
  | 'HOUR'
  /** One-minute tumbling windows, maintained as events arrive. */
  | 'MINUTE';

/** Headline figures over a time range, from the roll-ups. */
export type Kpis = {
  __typename?: 'Kpis';
  /** Distinct signed-in users with at least one event in the range (counted per hour of activity). */
  activeUsers: Scalars['Int']['output'];
  /** Documents created (`document.created`). */
  documentsCreated: Scalars['Int']['output'];
  /** Share of gateway requests that ended in an error (0–1); 0 when there were none. */
  errorRate: Scalars['Float']['output'];
  /** 95th percentile of the gateway's request duration, in milliseconds, from merged quantile sketches (1% relative error). */
  p95LatencyMs: Scalars['Float']['output'];
  /** Questions asked (`question.asked`). */
  questions: Scalars['Int']['output'];
  /** Searches run (`search.performed`). */
  searches: Scalars['Int']['output'];
};

/** A metric's current one-minute value, pushed to live dashboards. */
export type MetricSample = {
  __typename?: 'MetricSample';
  /** Start of that window (UTC). */
  at: Scalars['DateTime']['output'];
  /** The metric's name. */
  metric: Scalars['String']['output'];
  /** Its value in the current one-minute window. */
  value: Scalars['Float']['output'];
};

/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Mutation = {
  __typename?: 'Mutation';
  /** The caller's variant, the same every time (a stable hash of key and user id onto the weights); the first assignment is the exposure. A concluded experiment still answers the users it exposed and refuses anyone new with CONFLICT; an unknown key is NOT_FOUND. Signed-in. */
  assignVariant: Assignment;
  /** Stops assigning new users (those exposed keep their variant) and freezes the experiment; concluding it again changes nothing; an unknown key is NOT_FOUND. ANALYST. */
  concludeExperiment: Experiment;
  /** Creates an alert rule owned by the caller (at most 50 each). ANALYST or ADMIN. */
  createAlertRule: AlertRulePayload;
  /** Starts an experiment (RUNNING). A broken rule is BAD_USER_INPUT naming its field (`key`, `metric`, `variants`, `variants[i].name`, `variants[i].weight`); a key already taken is CONFLICT. ANALYST. */
  createExperiment: Experiment;
  /** Deletes one of the caller's rules (ADMIN: anyone's); true when it existed. ANALYST or ADMIN. */
  deleteAlertRule: Scalars['Boolean']['output'];
  /** Records up to 500 events for the caller. All or nothing: a bad event refuses the call with its index. Returns the number accepted (a replayed id is accepted once and counted once). Signed-in. */
  trackEvents: Scalars['Int']['output'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationAssignVariantArgs = {
  experimentKey: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationConcludeExperimentArgs = {
  key: Scalars['String']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationCreateAlertRuleArgs = {
  input: CreateAlertRuleInput;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationCreateExperimentArgs = {
  input: CreateExperimentInput;
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationDeleteAlertRuleArgs = {
  id: Scalars['ID']['input'];
};


/** Writes. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type MutationTrackEventsArgs = {
  events: Array<EventInput>;
};

/** An in-app notification of an alert rule's firing. */
export type Notification = {
  __typename?: 'Notification';
  /** Start of the window that fired it. */
  at: Scalars['DateTime']['output'];
  /** Opaque id. */
  id: Scalars['ID']['output'];
  /** A sentence saying what happened. */
  message: Scalars['String']['output'];
  /** The metric. */
  metric: Scalars['String']['output'];
  /** The rule that fired. */
  ruleId: Scalars['ID']['output'];
  /** The metric's value that fired it. */
  value: Scalars['Float']['output'];
};

/** How to order `operationStats`. */
export type OperationOrder =
  /** Most failing first, by error rate, then by count. */
  | 'MOST_FAILING'
  /** Slowest first, by p95. */
  | 'SLOWEST';

/** How one operation performed at the gateway over a range (from the gateway's request samples). */
export type OperationStat = {
  __typename?: 'OperationStat';
  /** Requests seen (scaled by the sample rate). */
  count: Scalars['Int']['output'];
  /** Share of requests that ended in an error (0–1). */
  errorRate: Scalars['Float']['output'];
  /** The operation's name (`(anonymous)` for unnamed ones). */
  operationName: Scalars['String']['output'];
  /** query, mutation or subscription. */
  operationType: Scalars['String']['output'];
  /** Median duration in milliseconds (merged sketches, 1% relative error). */
  p50Ms: Scalars['Float']['output'];
  /** 95th percentile duration in milliseconds. */
  p95Ms: Scalars['Float']['output'];
  /** 99th percentile duration in milliseconds. */
  p99Ms: Scalars['Float']['output'];
};

/** One point of a metric's series: the window's start and its value (0 where nothing happened). */
export type Point = {
  __typename?: 'Point';
  /** Start of the window (UTC). */
  at: Scalars['DateTime']['output'];
  /** The metric's value in the window: a count, a percentile in milliseconds, or a gauge's last value. */
  value: Scalars['Float']['output'];
};

/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type Query = {
  __typename?: 'Query';
  /** The caller's alert rules (ADMIN: everyone's); at most 100. ANALYST or ADMIN. */
  alertRules: Array<AlertRule>;
  /** Points of the metric's series in [from, to) that the robust z-score flags (at most 1,000 points examined). ANALYST. */
  anomalies: Array<Anomaly>;
  /** One experiment with its current results; null if there is none with that key. A model's traffic split is the experiment `model:<name>` (metric `ml.suggestion_accepted`: which version's suggestions are accepted more); when the split changes, the earlier one is kept, concluded, as `model:<name>:<epoch ms of the change>`. ANALYST. */
  experiment?: Maybe<Experiment>;
  /** Every experiment, newest first (at most 100). ANALYST. */
  experiments: Array<Experiment>;
  /** The next `horizon` points (1–168) of the metric, by Holt's linear trend, or Holt-Winters when a daily season is detectable. ANALYST. */
  forecast: Array<Point>;
  /** The method `forecast` uses for this metric and interval: HOLT or HOLT_WINTERS. ANALYST. */
  forecastMethod: Scalars['String']['output'];
  /** Ordered funnel of 2–10 event names over [from, to); a step counts only after the previous one, within `windowHours` (1–720) of the first. ANALYST. */
  funnel: Array<FunnelStep>;
  /** Headline figures over [from, to). ANALYST. */
  kpis: Kpis;
  /** The caller's latest in-app notifications, newest first (first ≤ 100). Signed-in. */
  notifications: Array<Notification>;
  /** Per-operation performance at the gateway over [from, to): the slowest or most failing first (first ≤ 100). ANALYST. */
  operationStats: Array<OperationStat>;
  /** Cohort retention: users by the period of their first `cohort` event, and who did `returning` in each of the next `periods` (1–30) periods. ANALYST. */
  retention: Retention;
  /** A metric's series over [from, to) at the interval, gaps filled with zero; at most 1,000 points. ANALYST. */
  timeSeries: Array<Point>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryAnomaliesArgs = {
  from: Scalars['DateTime']['input'];
  metric: Scalars['String']['input'];
  to: Scalars['DateTime']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryExperimentArgs = {
  key: Scalars['String']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryForecastArgs = {
  horizon: Scalars['Int']['input'];
  interval: Interval;
  metric: Scalars['String']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryForecastMethodArgs = {
  interval: Interval;
  metric: Scalars['String']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryFunnelArgs = {
  from: Scalars['DateTime']['input'];
  steps: Array<Scalars['String']['input']>;
  to: Scalars['DateTime']['input'];
  windowHours?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryKpisArgs = {
  from: Scalars['DateTime']['input'];
  to: Scalars['DateTime']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryNotificationsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryOperationStatsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  from: Scalars['DateTime']['input'];
  orderBy?: InputMaybe<OperationOrder>;
  to: Scalars['DateTime']['input'];
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryRetentionArgs = {
  cohort: Scalars['String']['input'];
  from?: InputMaybe<Scalars['DateTime']['input']>;
  interval: Interval;
  periods: Scalars['Int']['input'];
  returning: Scalars['String']['input'];
  to?: InputMaybe<Scalars['DateTime']['input']>;
};


/** Reads. Each field says who may call it; anonymous callers get UNAUTHENTICATED where sign-in is needed. */
export type QueryTimeSeriesArgs = {
  from: Scalars['DateTime']['input'];
  interval: Interval;
  metric: Scalars['String']['input'];
  to: Scalars['DateTime']['input'];
};

/** A retention table, as product analytics shows it: one row per cohort. */
export type Retention = {
  __typename?: 'Retention';
  /** The event that puts a user in a cohort. */
  cohort: Scalars['String']['output'];
  /** Cohorts, oldest first. */
  cohorts: Array<RetentionCohort>;
  /** The width of a period. */
  interval: Interval;
  /** The event that counts as coming back. */
  returning: Scalars['String']['output'];
};

/** One cohort row of a retention table: users who did the cohort event first in a period, and how many came back. */
export type RetentionCohort = {
  __typename?: 'RetentionCohort';
  /** Start of the cohort's period (UTC). */
  period: Scalars['DateTime']['output'];
  /** returned[k] / users (0 with no users). */
  rates: Array<Scalars['Float']['output']>;
  /** For k = 0 … periods − 1: users of the cohort who did the returning event in period k after joining. */
  returned: Array<Scalars['Int']['output']>;
  /** Users whose first cohort event in the range fell in this period. */
  users: Scalars['Int']['output'];
};

/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type Subscription = {
  __typename?: 'Subscription';
  /** Each new anomaly the detector finds in the named metrics (all when omitted). Every minute it examines the closed minute of each built-in metric and of each metric an ANOMALY alert rule names. ANALYST. */
  anomalyDetected: Anomaly;
  /** Each named metric's current one-minute value when it changes, at most once a second per metric (1–20 metrics). ANALYST. */
  metricUpdated: MetricSample;
  /** The caller's new in-app notifications. Signed-in. */
  notifications: Notification;
};


/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type SubscriptionAnomalyDetectedArgs = {
  metrics?: InputMaybe<Array<Scalars['String']['input']>>;
};


/** Live updates over a graphql-ws WebSocket to the gateway's GraphQL endpoint. Each field says who may subscribe. */
export type SubscriptionMetricUpdatedArgs = {
  metrics: Array<Scalars['String']['input']>;
};

/**
 * A person with an account. Who may read which field is decided per field (the same rules apply
 * however the user is reached: `me`, `user`, a document's `author`, any entity fetch by the gateway).
 */
export type User = {
  __typename?: 'User';
  /** How many events the user sent or caused in the last 7 days. The user themself, ANALYST and ADMIN. */
  eventsLast7Days: Scalars['Int']['output'];
  /** Opaque, stable id. Public: documents show their author. */
  id: Scalars['ID']['output'];
  /** When the user's latest event happened; null if none was ever recorded. The user themself, ANALYST and ADMIN. */
  lastSeenAt?: Maybe<Scalars['DateTime']['output']>;
};

/** One variant of a new experiment. */
export type VariantInput = {
  /** 1–50 characters of `[A-Za-z0-9_-]`, unique in the experiment. */
  name: Scalars['String']['input'];
  /** Its share of users, > 0; weights must sum to 1. */
  weight: Scalars['Float']['input'];
};

/** One variant's results in an experiment. */
export type VariantResult = {
  __typename?: 'VariantResult';
  /** Upper bound of the 95% interval of the difference of rates (variant − control); null as for `ciLow`. */
  ciHigh?: Maybe<Scalars['Float']['output']>;
  /** Lower bound of the 95% interval of the difference of rates (variant − control). Null for the control, and until every variant has ≥ 50 users and ≥ 5 conversions. Sequential experiments give an always-valid confidence sequence. */
  ciLow?: Maybe<Scalars['Float']['output']>;
  /** Exposed users who then sent the experiment's metric event. */
  conversions: Scalars['Int']['output'];
  /** Relative lift of the rate over the control's: (rate − control) / control. Null for the control, or when the control's rate is 0. */
  liftVsControl?: Maybe<Scalars['Float']['output']>;
  /** The variant's name; the first variant of an experiment is its control. */
  name: Scalars['String']['output'];
  /** Two-sided p-value of the two-proportion z-test against the control (sequential experiments: the always-valid p-value of the mixture SPRT); null as for `ciLow`. */
  pValue?: Maybe<Scalars['Float']['output']>;
  /** conversions / users (0 with no users). */
  rate: Scalars['Float']['output'];
  /** Users exposed to the variant (assigned). */
  users: Scalars['Int']['output'];
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
  User: User;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Document:
    ( { __typename: 'Document' }
    & GraphQLRecursivePick<FederationTypes['Document'], {"id":true}> );
  User:
    ( { __typename: 'User' }
    & GraphQLRecursivePick<FederationTypes['User'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AlertDirection: AlertDirection;
  AlertKind: AlertKind;
  AlertRule: ResolverTypeWrapper<AlertRuleRow>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  AlertRulePayload: ResolverTypeWrapper<Omit<AlertRulePayload, 'rule'> & { rule: ResolversTypes['AlertRule'] }>;
  Anomaly: ResolverTypeWrapper<Anomaly>;
  Assignment: ResolverTypeWrapper<Assignment>;
  CreateAlertRuleInput: CreateAlertRuleInput;
  CreateExperimentInput: CreateExperimentInput;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Document: ResolverTypeWrapper<EntityRef>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  EventInput: EventInput;
  Experiment: ResolverTypeWrapper<ExperimentModel>;
  FunnelStep: ResolverTypeWrapper<FunnelStep>;
  Interval: Interval;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Kpis: ResolverTypeWrapper<Kpis>;
  MetricSample: ResolverTypeWrapper<MetricSample>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Notification: ResolverTypeWrapper<NotificationPayload>;
  OperationOrder: OperationOrder;
  OperationStat: ResolverTypeWrapper<OperationStat>;
  Point: ResolverTypeWrapper<Point>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Retention: ResolverTypeWrapper<Retention>;
  RetentionCohort: ResolverTypeWrapper<RetentionCohort>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  User: ResolverTypeWrapper<EntityRef>;
  VariantInput: VariantInput;
  VariantResult: ResolverTypeWrapper<VariantResult>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AlertRule: AlertRuleRow;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  Float: Scalars['Float']['output'];
  AlertRulePayload: Omit<AlertRulePayload, 'rule'> & { rule: ResolversParentTypes['AlertRule'] };
  Anomaly: Anomaly;
  Assignment: Assignment;
  CreateAlertRuleInput: CreateAlertRuleInput;
  CreateExperimentInput: CreateExperimentInput;
  Boolean: Scalars['Boolean']['output'];
  DateTime: Scalars['DateTime']['output'];
  Document: EntityRef;
  Int: Scalars['Int']['output'];
  EventInput: EventInput;
  Experiment: ExperimentModel;
  FunnelStep: FunnelStep;
  JSON: Scalars['JSON']['output'];
  Kpis: Kpis;
  MetricSample: MetricSample;
  Mutation: Record<PropertyKey, never>;
  Notification: NotificationPayload;
  OperationStat: OperationStat;
  Point: Point;
  Query: Record<PropertyKey, never>;
  Retention: Retention;
  RetentionCohort: RetentionCohort;
  Subscription: Record<PropertyKey, never>;
  User: EntityRef;
  VariantInput: VariantInput;
  VariantResult: VariantResult;
}>;

export type AlertRuleResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['AlertRule'] = ResolversParentTypes['AlertRule']> = ResolversObject<{
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  direction?: Resolver<Maybe<ResolversTypes['AlertDirection']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['AlertKind'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ownerId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  threshold?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  webhookUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AlertRulePayloadResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['AlertRulePayload'] = ResolversParentTypes['AlertRulePayload']> = ResolversObject<{
  rule?: Resolver<ResolversTypes['AlertRule'], ParentType, ContextType>;
  webhookSecret?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type AnomalyResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Anomaly'] = ResolversParentTypes['Anomaly']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  expected?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  score?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type AssignmentResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Assignment'] = ResolversParentTypes['Assignment']> = ResolversObject<{
  experimentKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variant?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DocumentResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Document'] = ResolversParentTypes['Document'], FederationReferenceType extends FederationReferenceTypes['Document'] = FederationReferenceTypes['Document']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Document']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  views?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ExperimentResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Experiment'] = ResolversParentTypes['Experiment']> = ResolversObject<{
  concludedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sampleRatioMismatch?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  sampleRatioPValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  sequential?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  variants?: Resolver<Array<ResolversTypes['VariantResult']>, ParentType, ContextType>;
  winner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type FunnelStepResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['FunnelStep'] = ResolversParentTypes['FunnelStep']> = ResolversObject<{
  conversion?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  step?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type KpisResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Kpis'] = ResolversParentTypes['Kpis']> = ResolversObject<{
  activeUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  documentsCreated?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errorRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p95LatencyMs?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  questions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  searches?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type MetricSampleResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['MetricSample'] = ResolversParentTypes['MetricSample']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  assignVariant?: Resolver<ResolversTypes['Assignment'], ParentType, ContextType, RequireFields<MutationAssignVariantArgs, 'experimentKey'>>;
  concludeExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationConcludeExperimentArgs, 'key'>>;
  createAlertRule?: Resolver<ResolversTypes['AlertRulePayload'], ParentType, ContextType, RequireFields<MutationCreateAlertRuleArgs, 'input'>>;
  createExperiment?: Resolver<ResolversTypes['Experiment'], ParentType, ContextType, RequireFields<MutationCreateExperimentArgs, 'input'>>;
  deleteAlertRule?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteAlertRuleArgs, 'id'>>;
  trackEvents?: Resolver<ResolversTypes['Int'], ParentType, ContextType, RequireFields<MutationTrackEventsArgs, 'events'>>;
}>;

export type NotificationResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Notification'] = ResolversParentTypes['Notification']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  ruleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type OperationStatResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['OperationStat'] = ResolversParentTypes['OperationStat']> = ResolversObject<{
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  errorRate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  operationName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operationType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  p50Ms?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p95Ms?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  p99Ms?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type PointResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Point'] = ResolversParentTypes['Point']> = ResolversObject<{
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  alertRules?: Resolver<Array<ResolversTypes['AlertRule']>, ParentType, ContextType>;
  anomalies?: Resolver<Array<ResolversTypes['Anomaly']>, ParentType, ContextType, RequireFields<QueryAnomaliesArgs, 'from' | 'metric' | 'to'>>;
  experiment?: Resolver<Maybe<ResolversTypes['Experiment']>, ParentType, ContextType, RequireFields<QueryExperimentArgs, 'key'>>;
  experiments?: Resolver<Array<ResolversTypes['Experiment']>, ParentType, ContextType>;
  forecast?: Resolver<Array<ResolversTypes['Point']>, ParentType, ContextType, RequireFields<QueryForecastArgs, 'horizon' | 'interval' | 'metric'>>;
  forecastMethod?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<QueryForecastMethodArgs, 'interval' | 'metric'>>;
  funnel?: Resolver<Array<ResolversTypes['FunnelStep']>, ParentType, ContextType, RequireFields<QueryFunnelArgs, 'from' | 'steps' | 'to' | 'windowHours'>>;
  kpis?: Resolver<ResolversTypes['Kpis'], ParentType, ContextType, RequireFields<QueryKpisArgs, 'from' | 'to'>>;
  notifications?: Resolver<Array<ResolversTypes['Notification']>, ParentType, ContextType, RequireFields<QueryNotificationsArgs, 'first'>>;
  operationStats?: Resolver<Array<ResolversTypes['OperationStat']>, ParentType, ContextType, RequireFields<QueryOperationStatsArgs, 'first' | 'from' | 'orderBy' | 'to'>>;
  retention?: Resolver<ResolversTypes['Retention'], ParentType, ContextType, RequireFields<QueryRetentionArgs, 'cohort' | 'interval' | 'periods' | 'returning'>>;
  timeSeries?: Resolver<Array<ResolversTypes['Point']>, ParentType, ContextType, RequireFields<QueryTimeSeriesArgs, 'from' | 'interval' | 'metric' | 'to'>>;
}>;

export type RetentionResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Retention'] = ResolversParentTypes['Retention']> = ResolversObject<{
  cohort?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cohorts?: Resolver<Array<ResolversTypes['RetentionCohort']>, ParentType, ContextType>;
  interval?: Resolver<ResolversTypes['Interval'], ParentType, ContextType>;
  returning?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type RetentionCohortResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['RetentionCohort'] = ResolversParentTypes['RetentionCohort']> = ResolversObject<{
  period?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  rates?: Resolver<Array<ResolversTypes['Float']>, ParentType, ContextType>;
  returned?: Resolver<Array<ResolversTypes['Int']>, ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SubscriptionResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = ResolversObject<{
  anomalyDetected?: SubscriptionResolver<ResolversTypes['Anomaly'], "anomalyDetected", ParentType, ContextType, Partial<SubscriptionAnomalyDetectedArgs>>;
  metricUpdated?: SubscriptionResolver<ResolversTypes['MetricSample'], "metricUpdated", ParentType, ContextType, RequireFields<SubscriptionMetricUpdatedArgs, 'metrics'>>;
  notifications?: SubscriptionResolver<ResolversTypes['Notification'], "notifications", ParentType, ContextType>;
}>;

export type UserResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User'], FederationReferenceType extends FederationReferenceTypes['User'] = FederationReferenceTypes['User']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['User']> | FederationReferenceType, FederationReferenceType, ContextType>;
  eventsLast7Days?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  lastSeenAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type VariantResultResolvers<ContextType = AnalyticsContext, ParentType extends ResolversParentTypes['VariantResult'] = ResolversParentTypes['VariantResult']> = ResolversObject<{
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  conversions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  liftVsControl?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pValue?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  rate?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  users?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = AnalyticsContext> = ResolversObject<{
  AlertRule?: AlertRuleResolvers<ContextType>;
  AlertRulePayload?: AlertRulePayloadResolvers<ContextType>;
  Anomaly?: AnomalyResolvers<ContextType>;
  Assignment?: AssignmentResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Document?: DocumentResolvers<ContextType>;
  Experiment?: ExperimentResolvers<ContextType>;
  FunnelStep?: FunnelStepResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Kpis?: KpisResolvers<ContextType>;
  MetricSample?: MetricSampleResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  Notification?: NotificationResolvers<ContextType>;
  OperationStat?: OperationStatResolvers<ContextType>;
  Point?: PointResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Retention?: RetentionResolvers<ContextType>;
  RetentionCohort?: RetentionCohortResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  VariantResult?: VariantResultResolvers<ContextType>;
}>;

