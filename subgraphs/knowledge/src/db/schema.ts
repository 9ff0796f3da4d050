import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const knowledge = pgSchema('knowledge');

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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

export type DocumentRow = typeof documents.$inferSelect;
export type RevisionRow = typeof revisions.$inferSelect;

/** A user as this subgraph knows them: only the id (the users subgraph owns the rest). */
export type UserRef = { id: string };
