import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Algorithm, ModelMetrics } from '../domain/learn/index.js';

/** The ml schema: the model registry (versions, aliases and their audit), traffic splits, counts. */
export const ml = pgSchema('ml');

// postgres-js hands back a Buffer, PGlite a Uint8Array: domain code sees a plain Uint8Array.
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const timestamps = {
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
};

export type ModelStatus = 'TRAINING' | 'READY' | 'FAILED' | 'ARCHIVED';

/**
 * One version of a named model, which is also its training job (the job's id is the version's
 * id): a TRAINING row is inserted when the job starts, with the next version number of its name,
 * and becomes READY (with everything training produced) or FAILED (with `error`).
 */
export const modelVersions = ml.table(
  'model_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    version: integer('version').notNull(),
    algorithm: text('algorithm').$type<Algorithm>().notNull(),
    status: text('status').$type<ModelStatus>().notNull(),
    /** 0–1 while training, written at most every tenth; 1 once READY. */
    progress: doublePrecision('progress').notNull().default(0),
    labels: jsonb('labels').$type<string[]>().notNull().default([]),
    metrics: jsonb('metrics').$type<ModelMetrics>(),
    /** `encodeArtifact` bytes: vocabulary, idf, weights, drift reference. */
    artifact: bytea('artifact'),
    datasetHash: text('dataset_hash'),
    rowCount: integer('row_count'),
    hyperParameters: jsonb('hyper_parameters').$type<Record<string, number | string>>(),
    /** The held-out document ids: the promotion gate evaluates both versions on the candidate's. */
    testIds: jsonb('test_ids').$type<string[]>(),
    trainedAt: at('trained_at'),
    error: text('error'),
    /** The user who started the training, or `system` (auto-train). */
    requestedBy: text('requested_by').notNull(),
    ...timestamps,
  },
  (t) => [
    unique('model_versions_name_version_key').on(t.name, t.version),
    index('model_versions_created_idx').on(t.createdAt),
  ],
);

/** Named pointers (`production`, `candidate`, …) at one version of a model. */
export const aliases = ml.table(
  'aliases',
  {
    name: text('name').notNull(),
    alias: text('alias').notNull(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => modelVersions.id),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.name, t.alias] }), index('aliases_model_idx').on(t.modelId)],
);

/** Every alias move: who, when, from which version to which, and whether the gate was forced. */
export const aliasAudit = ml.table(
  'alias_audit',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A user id, or `system` (auto-train's first promotion). */
    actor: text('actor').notNull(),
    name: text('name').notNull(),
    alias: text('alias').notNull(),
    fromVersion: integer('from_version'),
    toVersion: integer('to_version').notNull(),
    /** True when `force` moved `production` past a failing promotion gate. */
    forced: boolean('forced').notNull().default(false),
    /** The gate's comparison when there was one (accuracy and macro-F1 of both versions). */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    ...timestamps,
  },
  (t) => [index('alias_audit_name_idx').on(t.name, t.createdAt)],
);

/** A model's traffic split: each READY version's share of `predict` / `suggestedTags` (shares sum to 1). */
export const trafficSplits = ml.table(
  'traffic_splits',
  {
    name: text('name').notNull(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => modelVersions.id),
    version: integer('version').notNull(),
    weight: doublePrecision('weight').notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.name, t.modelId] })],
);

/** Predictions each version has served, summed from every instance's counters. */
export const servedCounts = ml.table('served_counts', {
  modelId: uuid('model_id')
    .primaryKey()
    .references(() => modelVersions.id),
  count: bigint('count', { mode: 'number' }).notNull().default(0),
  ...timestamps,
});

export type ModelVersionRow = typeof modelVersions.$inferSelect;
export type AliasAuditRow = typeof aliasAudit.$inferSelect;

/**
 * Suggested tags a user rejected for a document: `suggestedTags` no longer offers them to that
 * user there. One row per (user, document, tag); rejecting again changes nothing.
 */
export const suggestionFeedback = ml.table(
  'suggestion_feedback',
  {
    userId: text('user_id').notNull(),
    documentId: text('document_id').notNull(),
    tag: text('tag').notNull(),
    /** The version that suggested it (the production one when rejected), for analysis. */
    modelId: uuid('model_id').references(() => modelVersions.id),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.userId, t.documentId, t.tag] })],
);
