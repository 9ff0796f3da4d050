import {
  type Connection,
  decodeCursor,
  isTimeIdCursor,
  pageSize,
  rowsOf,
  type TimeIdCursor,
  toConnection,
  type Viewer,
} from '@ukp/kit';
import { and, arrayContains, count, desc, eq, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import {
  type DocumentRow,
  documentColumns,
  documentSummaryColumns,
  documents,
  type RevisionRow,
  revisions,
} from '../db/schema.js';
import { readAsViewer, readableWhere } from './access.js';
import type { KnowledgeDeps } from './deps.js';
import { type DocumentStatus, isUuid, type Visibility } from './documents.js';
import { checkTags } from './validate.js';

// The kit's check takes any 36 hex digits and hyphens as an id and anything Date.parse reads as a
// time; Postgres refuses most of those, which turned a forged cursor into an internal error. Take
// only what this service issues: a real UUID and a time in toISOString's own format.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const isDocumentCursor = (value: unknown): value is TimeIdCursor =>
  isTimeIdCursor(value) && isUuid(value.id) && ISO_TIME.test(value.t) && !Number.isNaN(Date.parse(value.t));

// Postgres keeps microseconds, a cursor milliseconds: compare at the cursor's precision.
const ms = (column: PgColumn) => sql`date_trunc('milliseconds', ${column})`;
const at = (iso: string) => sql`${iso}::timestamptz`;

/**
 * Documents by id in one statement, in the order asked, as far as the caller may read them: the
 * service's own filter (`readableWhere`) and row-level security, each enough on its own.
 */
export async function documentsByIds(deps: KnowledgeDeps, viewer: Viewer | null, ids: readonly string[]) {
  const valid = [...new Set(ids.filter(isUuid))];
  const rows =
    valid.length === 0
      ? []
      : await readAsViewer(deps, viewer, (tx) =>
          tx
            .select(documentColumns)
            .from(documents)
            .where(and(inArray(documents.id, valid), readableWhere(viewer, deps.filterReads))),
        );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

export interface DocumentFilter {
  status?: DocumentStatus | null;
  tags?: readonly string[] | null;
  authorId?: string | null;
  visibility?: Visibility | null;
}

/** What a list's caller selected beyond the documents' ids: what is read and counted follows it. */
export interface ListSelection {
  /** `totalCount`: counted in the same statement as the page, else not at all. */
  totalCount: boolean;
  /** The documents' `body`: left out of the rows when not selected (it can be 256 KiB each). */
  body: boolean;
}

const EVERYTHING: ListSelection = { totalCount: true, body: true };

/** A document of a list: without its body when the selection did not ask for it. */
export type DocumentListRow = Omit<DocumentRow, 'body'> & { body?: string };

interface ListArgs {
  filter?: DocumentFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** Readable documents, newest first, keyset-paginated (stable while new documents arrive). */
export function listDocuments(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  args: ListArgs,
): Promise<Connection<DocumentRow>>;
export function listDocuments(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  args: ListArgs,
  selection: ListSelection,
): Promise<Connection<DocumentListRow>>;
export async function listDocuments(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  args: ListArgs,
  selection: ListSelection = EVERYTHING,
): Promise<Connection<DocumentListRow>> {
  const limit = pageSize(args.first, 20);
  const cursor = decodeCursor<TimeIdCursor>(args.after, isDocumentCursor);
  const filter = args.filter ?? {};
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(documents.status, filter.status));
  if (filter.visibility) conditions.push(eq(documents.visibility, filter.visibility));
  if (filter.tags && filter.tags.length > 0)
    conditions.push(arrayContains(documents.tags, checkTags(filter.tags)));
  if (filter.authorId) {
    if (!isUuid(filter.authorId)) return toConnection([], limit, () => null, 0);
    conditions.push(eq(documents.authorId, filter.authorId));
  }
  const where = and(readableWhere(viewer, deps.filterReads), ...conditions);
  const before = cursor
    ? or(
        lt(ms(documents.createdAt), at(cursor.t)),
        and(eq(ms(documents.createdAt), at(cursor.t)), lt(documents.id, cursor.id)),
      )
    : undefined;
  const cursorOf = (r: DocumentListRow) => ({ t: r.createdAt.toISOString(), id: r.id });
  const columns = selection.body ? documentColumns : documentSummaryColumns;
  // An uncorrelated subquery runs once per statement. Its unaliased table binds the columns drizzle
  // renders as "knowledge"."documents"."…" inside it to itself, not to the page's rows.
  const counted = selection.totalCount
    ? { __total: sql<number>`(select count(*) from ${documents} where ${where})::int` }
    : {};
  return readAsViewer(deps, viewer, async (tx) => {
    const rows = await tx
      .select({ ...columns, ...counted })
      .from(documents)
      .where(and(where, before))
      .orderBy(desc(ms(documents.createdAt)), desc(documents.id))
      .limit(limit + 1);
    const page = rows.map(({ __total: _total, ...row }: DocumentListRow & { __total?: number }) => row);
    if (!selection.totalCount) return withoutTotal(toConnection(page, limit, cursorOf, 0));
    // No row, no count with it: none matches at all, or none after the cursor (then counted alone).
    let total = (rows[0] as { __total?: number } | undefined)?.__total;
    if (total === undefined && cursor) {
      const [all] = await tx.select({ n: count() }).from(documents).where(where);
      total = all?.n;
    }
    return toConnection(page, limit, cursorOf, total ?? 0);
  });
}

/** A count nobody selected is not run: reading it anyway is a bug to see, not a zero to trust. */
function withoutTotal<T>(connection: Connection<T>): Connection<T> {
  return Object.defineProperty(connection, 'totalCount', {
    enumerable: false,
    get() {
      throw new Error('totalCount was not selected, so it was not counted');
    },
  });
}

/**
 * `User.documents` for many authors in ONE statement: the same page `listDocuments` gives with
 * `filter: { authorId }`, per author (newest first, the same cursor, `hasNextPage`, `totalCount`),
 * under the same read filter and row-level security. The count per author is grouped first and
 * the page joined laterally, so an author whose page after the cursor is empty keeps its total.
 */
export async function documentPagesByAuthor(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  authorIds: readonly string[],
  args: { first?: number | null | undefined; after?: string | null | undefined },
): Promise<Array<Connection<DocumentRow>>> {
  const limit = pageSize(args.first, 20);
  const cursor = decodeCursor<TimeIdCursor>(args.after, isDocumentCursor);
  const cursorOf = (r: DocumentRow) => ({ t: r.createdAt.toISOString(), id: r.id });
  const ids = [...new Set(authorIds.filter(isUuid))];
  if (ids.length === 0) return authorIds.map(() => toConnection<DocumentRow>([], limit, cursorOf, 0));
  const readable = readableWhere(viewer, deps.filterReads);
  const before = cursor
    ? sql`and (${ms(documents.createdAt)} < ${at(cursor.t)} or (${ms(documents.createdAt)} = ${at(cursor.t)} and ${documents.id} < ${cursor.id}))`
    : sql``;
  // Unaliased `knowledge.documents` in both subqueries: the columns drizzle renders as
  // "documents"."…" bind to the innermost one, and `totals` is the lateral page's outer row.
  const pageColumns = sql.join(
    Object.values(documentColumns).map((column) => sql.identifier(column.name)),
    sql`, `,
  );
  const raw = await readAsViewer(deps, viewer, async (tx) =>
    rowsOf<Record<string, unknown>>(
      await tx.execute(sql`
        select totals.author_id as "__author", totals.total as "__total", page.*
        from (
          select ${documents.authorId} as author_id, count(*)::int as total
          from knowledge.documents
          where ${inArray(documents.authorId, ids)} and ${readable}
          group by ${documents.authorId}
        ) totals
        left join lateral (
          select ${pageColumns} from knowledge.documents
          where ${documents.authorId} = totals.author_id and ${readable} ${before}
          order by ${ms(documents.createdAt)} desc, ${documents.id} desc
          limit ${limit + 1}
        ) page on true`),
    ),
  );
  const columns = Object.entries(documentColumns);
  const byAuthor = new Map<string, { rows: DocumentRow[]; total: number }>();
  for (const r of raw) {
    const author = String(r.__author);
    const entry = byAuthor.get(author) ?? { rows: [], total: Number(r.__total) };
    byAuthor.set(author, entry);
    if (r.id == null) continue; // no page for this author (left join)
    const row: Record<string, unknown> = {};
    for (const [key, column] of columns) {
      const value = r[column.name];
      row[key] = value == null ? null : column.mapFromDriverValue(value);
    }
    entry.rows.push(row as DocumentRow);
  }
  return authorIds.map((id) => {
    const entry = byAuthor.get(id) ?? { rows: [], total: 0 };
    // Lateral rows come back in the page's order per author, but no order across the join is
    // promised: sort here as the statement did.
    entry.rows.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    return toConnection(entry.rows, limit, cursorOf, entry.total);
  });
}

interface VersionCursor {
  v: number;
}
// A version is a Postgres integer: a larger number would fail in the query, not as bad input.
const isVersionCursor = (value: unknown): value is VersionCursor => {
  const v = (value as VersionCursor | null)?.v;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;
};

/**
 * The newest `first` revisions of many documents in ONE statement (a window per document), so a
 * page of documents with their revisions costs the same whatever its size.
 */
export async function firstRevisionPages(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  documentIds: readonly string[],
  first: number,
): Promise<Array<Connection<RevisionRow>>> {
  const limit = pageSize(first, 20);
  const ids = [...new Set(documentIds)].filter(isUuid);
  if (ids.length === 0) return documentIds.map(() => toConnection<RevisionRow>([], limit, () => null, 0));
  const rows = await readAsViewer(deps, viewer, async (tx) =>
    rowsOf<Record<string, unknown>>(
      await tx.execute(sql`
        select id, document_id, version, title, body, tags, editor_id, created_at, updated_at, total
        from (
          select r.*, row_number() over (partition by r.document_id order by r.version desc) as n,
                 count(*) over (partition by r.document_id) as total
          from knowledge.revisions r
          where r.document_id in (${sql.join(
            ids.map((id) => sql`${id}::uuid`),
            sql`, `,
          )})
            and r.document_id in (select id from knowledge.documents where ${readableWhere(viewer, deps.filterReads)})
        ) ranked
        where n <= ${limit + 1}
        order by document_id, version desc`),
    ),
  );
  const byDocument = new Map<string, { rows: RevisionRow[]; total: number }>();
  for (const raw of rows) {
    const row: RevisionRow = {
      id: String(raw.id),
      documentId: String(raw.document_id),
      version: Number(raw.version),
      title: String(raw.title),
      body: String(raw.body),
      tags: raw.tags as string[],
      editorId: String(raw.editor_id),
      createdAt: new Date(raw.created_at as string),
      updatedAt: new Date(raw.updated_at as string),
    };
    const entry = byDocument.get(row.documentId) ?? { rows: [], total: Number(raw.total) };
    entry.rows.push(row);
    byDocument.set(row.documentId, entry);
  }
  return documentIds.map((id) => {
    const entry = byDocument.get(id) ?? { rows: [], total: 0 };
    return toConnection(entry.rows, limit, (r) => ({ v: r.version }), entry.total);
  });
}

/** A later page of one document's revisions (pages after the first are not batched). */
export async function revisionPage(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  documentId: string,
  args: { first?: number | null; after?: string | null },
): Promise<Connection<RevisionRow>> {
  const limit = pageSize(args.first, 20);
  const cursor = decodeCursor<VersionCursor>(args.after, isVersionCursor);
  if (!isUuid(documentId)) return toConnection([], limit, () => null, 0);
  const ofReadable = and(
    eq(revisions.documentId, documentId),
    sql`${revisions.documentId} in (select id from knowledge.documents where ${readableWhere(viewer, deps.filterReads)})`,
  );
  return readAsViewer(deps, viewer, async (tx) => {
    const rows = await tx
      .select()
      .from(revisions)
      .where(and(ofReadable, cursor ? lt(revisions.version, cursor.v) : undefined))
      .orderBy(desc(revisions.version))
      .limit(limit + 1);
    const [total] = await tx.select({ n: count() }).from(revisions).where(ofReadable);
    return toConnection(rows, limit, (r) => ({ v: r.version }), total?.n ?? 0);
  });
}
