import { sql } from 'drizzle-orm';
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
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * The analytics schema. Raw events live in a natively partitioned table (one partition a UTC
 * day) that drizzle-kit cannot express: see `events-table.ts` and the hand-written migration
 * `0001_events_partitioned.sql`. Everything here is ordinary tables that drizzle-kit generates.
 */
export const analytics = pgSchema('analytics');

// postgres-js hands back a Buffer, PGlite a Uint8Array: domain code sees a plain Uint8Array.
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * Idempotency keys of events already counted: `c:<userId>:<client id>` for `trackEvents`,
 * `p:<bus event id>` for platform events. Inserted in the transaction that counts the event,
 * so a replay (client retry, stream redelivery after a crash) is counted once. Pruned after
 * `EVENT_KEY_TTL_HOURS`, beyond the 48 h an event may be late.
 */
export const eventKeys = analytics.table(
  'event_keys',
  {
    key: text('key').primaryKey(),
    seenAt: at('seen_at').notNull().defaultNow(),
  },
  (t) => [index('event_keys_seen_at_idx').on(t.seenAt)],
);

/** The width of a window row. */
export type WindowInterval = 'MINUTE' | 'HOUR' | 'DAY';

/**
 * Tumbling windows per metric: one-minute rows maintained as events arrive, hour and day rows
 * rolled up in the same transaction. `count` is the number (or weight) of events (of a gauge: its
 * readings), `sum` their values, `sketch` a serialised DDSketch of the values (latency), merged,
 * never averaged.
 */
export const metricWindows = analytics.table(
  'metric_windows',
  {
    metric: text('metric').notNull(),
    interval: text('interval').$type<WindowInterval>().notNull(),
    at: at('at').notNull(),
    count: doublePrecision('count').notNull().default(0),
    sum: doublePrecision('sum').notNull().default(0),
    sketch: bytea('sketch'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.interval, t.at] })],
);
export type MetricWindowRow = typeof metricWindows.$inferSelect;

/**
 * Gauges per reporting instance and window: each instance's latest reading in the window (`value`,
 * taken at `value_at`), in MINUTE, HOUR and DAY windows. A gauge several instances report (each
 * gateway its count of subscriptions) reads as the sum of the instances' latest readings, an
 * instance silent for too long left out (`metrics/gauges.ts`). The key's order serves that read:
 * a range of one metric's windows, every instance in them.
 */
export const gaugeWindows = analytics.table(
  'gauge_windows',
  {
    metric: text('metric').notNull(),
    interval: text('interval').$type<WindowInterval>().notNull(),
    at: at('at').notNull(),
    instance: text('instance').notNull(),
    value: doublePrecision('value').notNull(),
    valueAt: at('value_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.interval, t.at, t.instance] })],
);

/** The gateway's per-operation windows (MINUTE and HOUR), from its request samples. */
export const operationWindows = analytics.table(
  'operation_windows',
  {
    operationName: text('operation_name').notNull(),
    operationType: text('operation_type').notNull(),
    interval: text('interval').$type<WindowInterval>().notNull(),
    at: at('at').notNull(),
    count: doublePrecision('count').notNull().default(0),
    errors: doublePrecision('errors').notNull().default(0),
    sketch: bytea('sketch'),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.operationName, t.operationType, t.interval, t.at] }),
    index('operation_windows_interval_at_idx').on(t.interval, t.at),
  ],
);

/** Events per user and hour: `User.lastSeenAt`, `User.eventsLast7Days` and `Kpis.activeUsers`. */
export const userActivity = analytics.table(
  'user_activity',
  {
    userId: text('user_id').notNull(),
    hour: at('hour').notNull(),
    events: integer('events').notNull().default(0),
    lastAt: at('last_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.hour] }), index('user_activity_hour_idx').on(t.hour)],
);

/** `Document.views`: reads counted from `document.viewed`. */
export const documentViews = analytics.table('document_views', {
  documentId: text('document_id').primaryKey(),
  views: bigint('views', { mode: 'number' }).notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export type ExperimentStatus = 'RUNNING' | 'CONCLUDED';
export interface VariantSpec {
  name: string;
  weight: number;
}

export const experiments = analytics.table('experiments', {
  key: text('key').primaryKey(),
  metric: text('metric').notNull(),
  status: text('status').$type<ExperimentStatus>().notNull().default('RUNNING'),
  sequential: boolean('sequential').notNull().default(false),
  /** Control first. */
  variants: jsonb('variants').$type<VariantSpec[]>().notNull(),
  createdBy: text('created_by').notNull(),
  concludedAt: at('concluded_at'),
  ...timestamps,
});
export type ExperimentRow = typeof experiments.$inferSelect;

/** A user's first assignment: the exposure. */
export const exposures = analytics.table(
  'exposures',
  {
    experimentKey: text('experiment_key')
      .notNull()
      .references(() => experiments.key, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    variant: text('variant').notNull(),
    exposedAt: at('exposed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentKey, t.userId] }), index('exposures_user_idx').on(t.userId)],
);

/** An exposed user's first metric event after exposure, kept as events arrive. */
export const conversions = analytics.table(
  'conversions',
  {
    experimentKey: text('experiment_key')
      .notNull()
      .references(() => experiments.key, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    convertedAt: at('converted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.experimentKey, t.userId] })],
);

/** Anomalies the detector found; the primary key makes each one published once, by one instance. */
export const anomalies = analytics.table(
  'anomalies',
  {
    metric: text('metric').notNull(),
    at: at('at').notNull(),
    value: doublePrecision('value').notNull(),
    expected: doublePrecision('expected').notNull(),
    score: doublePrecision('score').notNull(),
    detectedAt: at('detected_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.metric, t.at] }), index('anomalies_detected_at_idx').on(t.detectedAt)],
);
export type AnomalyRow = typeof anomalies.$inferSelect;

export type AlertKind = 'THRESHOLD' | 'ANOMALY';
export type AlertDirection = 'ABOVE' | 'BELOW';

export const alertRules = analytics.table(
  'alert_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id').notNull(),
    metric: text('metric').notNull(),
    kind: text('kind').$type<AlertKind>().notNull(),
    threshold: doublePrecision('threshold'),
    direction: text('direction').$type<AlertDirection>(),
    webhookUrl: text('webhook_url'),
    /** HMAC key of webhook signatures; shown to the owner once, on creation. */
    webhookSecret: text('webhook_secret'),
    deletedAt: at('deleted_at'),
    ...timestamps,
  },
  (t) => [
    index('alert_rules_metric_idx').on(t.metric).where(sql`${t.deletedAt} is null`),
    index('alert_rules_owner_idx').on(t.ownerId),
  ],
);
export type AlertRuleRow = typeof alertRules.$inferSelect;

/** In-app notifications; one per rule and window, whichever instance evaluated it first. */
export const notifications = analytics.table(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id').notNull(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    message: text('message').notNull(),
    value: doublePrecision('value').notNull(),
    at: at('at').notNull(),
    readAt: at('read_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('notifications_rule_at_idx').on(t.ruleId, t.at),
    index('notifications_user_created_idx').on(t.userId, t.createdAt),
  ],
);
export type NotificationRow = typeof notifications.$inferSelect;

export type DeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED';

/** The webhook outbox: a delivery is retried with backoff until delivered or out of attempts. */
export const webhookDeliveries = analytics.table(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    notificationId: uuid('notification_id').notNull(),
    url: text('url').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('PENDING'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull().defaultNow(),
    lastError: text('last_error'),
    ...timestamps,
  },
  (t) => [index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'PENDING'`)],
);
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
