import { type Database, rolesAllow, type Viewer, withRls } from '@ukp/kit';
import { and, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { type DocumentRow, documents } from '../db/schema.js';
import { type KnowledgeDeps, READER_ROLE } from './deps.js';

/**
 * Who may read and who may change a document: the one statement of the rules in this service.
 * Row-level security states them again in SQL (migrations 0002 and 0005); tests hold the two to
 * the same matrix, so a change to one without the other fails.
 *
 * - Read: PUBLISHED + PUBLIC, anyone; other PUBLIC documents, any EDITOR; PRIVATE, the author and
 *   ADMINs; a deleted document, nobody.
 * - `content` (title, body, tags; live editing too): any EDITOR on a PUBLIC document (a shared
 *   knowledge base, every revision records its editor), else the author or an ADMIN.
 * - `manage` (visibility, publish, archive, restore, delete): the author or an ADMIN.
 */
export type Change = 'content' | 'manage';

type Guarded = Pick<DocumentRow, 'authorId' | 'visibility' | 'status'> & { deletedAt?: Date | null };

/** Who acts: a request's viewer, or the editor a live-edit save runs as. */
export type Actor = Pick<Viewer, 'userId' | 'roles'>;

const isAdmin = (viewer: Actor | null) => viewer?.roles.includes('ADMIN') ?? false;
const isEditor = (viewer: Actor | null) => (viewer ? rolesAllow(viewer.roles, 'EDITOR') : false);

export function mayRead(viewer: Actor | null, doc: Guarded): boolean {
  if (doc.deletedAt) return false;
  if (isAdmin(viewer) || (viewer && doc.authorId === viewer.userId)) return true;
  return doc.visibility === 'PUBLIC' && (doc.status === 'PUBLISHED' || isEditor(viewer));
}

export function mayChange(viewer: Actor | null, doc: Guarded, change: Change): boolean {
  if (!viewer || doc.deletedAt) return false;
  if (isAdmin(viewer) || doc.authorId === viewer.userId) return true;
  return change === 'content' && doc.visibility === 'PUBLIC' && isEditor(viewer);
}

/**
 * What an update asks for: changing visibility is `manage`, anything else `content`. A
 * visibility equal to the current one changes nothing, so a form that always sends it still works.
 */
export function changeOf(input: { visibility?: DocumentRow['visibility'] | null }, row: Guarded): Change {
  return input.visibility != null && input.visibility !== row.visibility ? 'manage' : 'content';
}

/**
 * `mayRead` as a WHERE condition, added to every read so the service filters by itself and row-
 * level security is the second, independent check (not the only one). `enabled` false (tests
 * only, `KnowledgeDeps.filterReads`) leaves it to the other guards.
 */
export function readableWhere(viewer: Actor | null, enabled = true): SQL {
  if (!enabled) return sql`true`;
  const notDeleted = isNull(documents.deletedAt);
  if (isAdmin(viewer)) return notDeleted;
  const publicRows = isEditor(viewer)
    ? eq(documents.visibility, 'PUBLIC')
    : and(eq(documents.visibility, 'PUBLIC'), eq(documents.status, 'PUBLISHED'));
  const own = viewer ? eq(documents.authorId, viewer.userId) : sql`false`;
  return and(notDeleted, or(own, publicRows)) as SQL;
}

/**
 * `asViewer` for reads: the transaction is READ ONLY and the request does not wait for its COMMIT
 * (see the kit's `withRls`), so a read under row-level security costs one round trip.
 */
export function readAsViewer<T>(
  deps: KnowledgeDeps,
  viewer: Viewer | null,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  const identity = { role: READER_ROLE, userId: viewer?.userId ?? null, roles: viewer?.roles ?? [] };
  return withRls(deps.db, identity, fn, { readOnly: true });
}
