import { getTableColumns, sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const knowledge = pgSchema('knowledge');

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// postgres-js hands back a Buffer, PGlite a Uint8Array: domain code sees a plain Uint8Array.
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
};

export const documentStatus = knowledge.enum('document_status', ['DRAFT', 'PUBLISHED', 'ARCHIVED']);
export const visibility = knowledge.enum('visibility', ['PUBLIC', 'PRIVATE']);

export const documents = knowledge.table(
  'documents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    authorId: uuid('author_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    status: documentStatus('status').notNull().default('DRAFT'),
    visibility: visibility('visibility').notNull().default('PUBLIC'),
    version: integer('version').notNull().default(1),
    /** Times the document was read; a small boost in search ranking. */
    views: integer('views').notNull().default(0),
    publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
    deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }),
    /** Title (A), tags (B) and body (D), kept by Postgres itself. */
    search: tsvector('search')
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', knowledge.tags_text(tags)), 'B') || setweight(to_tsvector('english', body), 'D')`,
      ),
    ...timestamps,
  },
  (t) => [
    index('documents_search_idx').using('gin', t.search),
    index('documents_tags_idx').using('gin', t.tags),
    index('documents_author_idx').on(t.authorId, t.createdAt),
    index('documents_created_idx').on(t.createdAt, t.id),
    check('documents_version_positive', sql`${t.version} > 0`),
  ],
);

export const revisions = knowledge.table(
  'revisions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    tags: text('tags').array().notNull(),
    editorId: uuid('editor_id').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('revisions_document_version_idx').on(t.documentId, t.version)],
);

/**
 * Live editing: the compacted Yjs state of a document that was ever edited live. Created once,
 * insert-if-absent, so every instance starts from the same Yjs history. `presence_seq` orders the
 * participant lists instances publish; `last_actor_id` is who made the last compacted edit, and
 * `last_actor_roles` the role claim they made it with: a later save runs as them (row-level
 * security and all), so it needs both.
 */
export const collabStates = knowledge.table('collab_states', {
  documentId: uuid('document_id')
    .primaryKey()
    .references(() => documents.id, { onDelete: 'cascade' }),
  state: bytea('state').notNull(),
  presenceSeq: bigint('presence_seq', { mode: 'number' }).notNull().default(0),
  lastActorId: uuid('last_actor_id'),
  lastActorRoles: text('last_actor_roles').array().notNull().default(sql`'{}'::text[]`),
  ...timestamps,
});

/**
 * Acknowledged Yjs updates not yet merged into `collab_states`; append-only, so no `updated_at`.
 * The live state is the stored state plus every row here (Yjs merges in any order, idempotently).
 */
export const collabUpdates = knowledge.table(
  'collab_updates',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    update: bytea('update').notNull(),
    actorId: uuid('actor_id').notNull(),
    /** The role claim of the request that logged it (checked by row-level security on insert). */
    actorRoles: text('actor_roles').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('collab_updates_document_idx').on(t.documentId, t.seq)],
);

/** Who is editing a document now, across all instances; silent ones are swept after 30 s. */
export const collabParticipants = knowledge.table(
  'collab_participants',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    joinedAt: timestamp('joined_at', { withTimezone: true, mode: 'date' }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true, mode: 'date' }).notNull(),
    ...timestamps,
  },
  (t) => [
    primaryKey({ columns: [t.documentId, t.userId] }),
    index('collab_participants_seen_idx').on(t.lastSeenAt),
  ],
);

/**
 * The columns a document is read with: all but `search`, the tsvector Postgres keeps for full-text
 * search, which only the search statements use and as a condition (never sent back: it is about as
 * long as the body).
 */
const { search: _search, ...readColumns } = getTableColumns(documents);
export const documentColumns = readColumns;

/** `documentColumns` without the body too: lists whose selection does not ask for it. */
const { body: _body, ...summaryColumns } = readColumns;
export const documentSummaryColumns = summaryColumns;

export type DocumentRow = Omit<typeof documents.$inferSelect, 'search'>;
export type RevisionRow = typeof revisions.$inferSelect;

/** A user as this subgraph knows them: only the id (the users subgraph owns the rest). */
export type UserRef = { id: string };
