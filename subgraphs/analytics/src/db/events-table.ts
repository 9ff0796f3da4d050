import { index, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { analytics } from './schema.js';

/**
 * Raw events, for queries only. The table is `PARTITION BY RANGE (at)`, one partition a UTC day
 * (`events_pYYYYMMDD`), created ahead by `domain/ingest/partitions.ts` and dropped whole past
 * the retention. drizzle-kit cannot express partitioning, so the table is created by the
 * hand-written migration `0001_events_partitioned.sql` and kept out of `drizzle.config.ts`.
 * There is no primary key: a partitioned table's unique keys must include `at`, and idempotency
 * is `event_keys`' job.
 */
export const events = analytics.table(
  'events',
  {
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    userId: text('user_id'),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    properties: jsonb('properties').$type<Record<string, unknown> | null>(),
    /** 'client' (trackEvents) or 'platform' (the bus). */
    source: text('source').$type<'client' | 'platform'>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('events_at_brin').on(t.at), index('events_name_at_idx').on(t.name, t.at, t.userId)],
);
export type EventRow = typeof events.$inferSelect;
