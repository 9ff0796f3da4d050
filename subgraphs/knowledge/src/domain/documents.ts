import { appError, type Database, errors, type Viewer } from '@ukp/kit';
import { and, eq, sql } from 'drizzle-orm';
import { type DocumentRow, documentColumns, documents, revisions } from '../db/schema.js';
import { type Change, changeOf, mayChange, mayRead, readableWhere } from './access.js';
import { mergeBodyIntoLiveState } from './collab/body-sync.js';
import { toBase64 } from './collab/update-codec.js';
import { asViewer, type KnowledgeDeps } from './deps.js';
import { type EditedPayload, REALTIME_TOPICS } from './realtime-types.js';
import { textChangedEvent } from './text-changes.js';
import { checkBody, checkTags, checkTitle } from './validate.js';

export type DocumentStatus = DocumentRow['status'];
export type Visibility = DocumentRow['visibility'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** What subscribers of `document.*` events receive. */
export interface DocumentEvent {
  documentId: string;
  authorId: string;
  actorId: string | null;
  title: string;
  tags: string[];
  status: DocumentStatus;
  visibility: Visibility;
  version: number;
}

function eventOf(row: DocumentRow, actorId: string | null): DocumentEvent {
  return {
    documentId: row.id,
    authorId: row.authorId,
    actorId,
    title: row.title,
    tags: row.tags,
    status: row.status,
    visibility: row.visibility,
    version: row.version,
  };
}

/** Tells other services and instances about a committed change; a lost event is only logged. */
export async function announce(deps: KnowledgeDeps, topic: string, row: DocumentRow, actorId: string | null) {
  if (row.visibility === 'PUBLIC') deps.vocabulary.markStale();
  try {
    await deps.bus.publish(topic, eventOf(row, actorId));
  } catch (error) {
    // The write is committed; a lost notification must not turn it into an error for the client.
    deps.logger.warn({ err: error, topic, documentId: row.id }, 'could not publish document event');
  }
}

/**
 * Reads the row for a change, locked against concurrent writers, and applies the edit rule
 * (`access.ts`) to it. A row the caller may not read is NOT_FOUND (never FORBIDDEN, which would
 * confirm that it exists); one it may read but not change this way is FORBIDDEN.
 */
async function lockForChange(
  tx: Database,
  viewer: Viewer,
  id: string,
  changeFor: (row: DocumentRow) => Change,
): Promise<DocumentRow> {
  if (!isUuid(id)) throw errors.notFound('Document');
  // Under row-level security FOR UPDATE also applies the update policy, hiding rows the caller
  // may read but not change; read first to tell NOT_FOUND from FORBIDDEN, then lock.
  const [readable] = await tx
    .select(documentColumns)
    .from(documents)
    .where(and(eq(documents.id, id), readableWhere(viewer)));
  if (!readable) throw errors.notFound('Document');
  if (!mayChange(viewer, readable, changeFor(readable))) throw forbiddenChange(changeFor(readable));
  const [row] = await tx.select(documentColumns).from(documents).where(eq(documents.id, id)).for('update');
  // Changed hands between the read and the lock: judged again on what is now locked.
  if (!row || !mayRead(viewer, row)) throw errors.notFound('Document');
  if (!mayChange(viewer, row, changeFor(row))) throw forbiddenChange(changeFor(row));
  return row;
}

const forbiddenChange = (change: Change) =>
  errors.forbidden(
    change === 'content'
      ? 'Only the author, an ADMIN, or an EDITOR of a PUBLIC document may change this document.'
      : 'Only the author or an ADMIN may change the visibility or status of this document, or delete it.',
  );

export interface CreateInput {
  title: string;
  body: string;
  tags?: readonly string[] | null;
  visibility?: Visibility | null;
}

export async function createDocument(
  deps: KnowledgeDeps,
  viewer: Viewer,
  input: CreateInput,
): Promise<DocumentRow> {
  const title = checkTitle(input.title);
  const body = checkBody(input.body, deps.bodyMaxBytes);
  const tags = checkTags(input.tags ?? []);
  const row = await asViewer(deps, viewer, async (tx) => {
    const [created] = await tx
      .insert(documents)
      .values({ authorId: viewer.userId, title, body, tags, visibility: input.visibility ?? 'PUBLIC' })
      .returning(documentColumns);
    await tx
      .insert(revisions)
      .values({ documentId: created!.id, version: 1, title, body, tags, editorId: viewer.userId });
    return created!;
  });
  await announce(deps, 'document.created', row, viewer.userId);
  return row;
}

export interface UpdateInput {
  title?: string | null;
  body?: string | null;
  tags?: readonly string[] | null;
  visibility?: Visibility | null;
}

/**
 * Saves a change under optimistic locking: `expectedVersion` must be the current version, else
 * CONFLICT carrying `currentVersion` and nothing is written. A save that changes nothing writes
 * no revision and keeps the version.
 */
export async function updateDocument(
  deps: KnowledgeDeps,
  viewer: Viewer,
  id: string,
  expectedVersion: number,
  input: UpdateInput,
): Promise<DocumentRow> {
  const title = input.title != null ? checkTitle(input.title) : undefined;
  const body = input.body != null ? checkBody(input.body, deps.bodyMaxBytes) : undefined;
  const tags = input.tags != null ? checkTags(input.tags) : undefined;
  const result = await asViewer(deps, viewer, async (tx) => {
    const row = await lockForChange(tx, viewer, id, (current) => changeOf(input, current));
    if (row.version !== expectedVersion) {
      throw appError(
        'CONFLICT',
        'The document changed since you loaded it: reload and apply your change again.',
        {
          currentVersion: row.version,
        },
      );
    }
    const next = {
      title: title ?? row.title,
      body: body ?? row.body,
      tags: tags ?? row.tags,
      visibility: input.visibility ?? row.visibility,
    };
    const unchanged =
      next.title === row.title &&
      next.body === row.body &&
      next.visibility === row.visibility &&
      next.tags.length === row.tags.length &&
      next.tags.every((t, i) => t === row.tags[i]);
    if (unchanged) return { row, changed: false, textChanged: false, liveUpdate: null };
    const updated = await writeVersion(deps, tx, row, next, viewer.userId);
    // A document edited live keeps its text in Yjs: the saved body joins it as one more update,
    // or the next compaction would put the live text back over it.
    const liveUpdate =
      next.body !== row.body ? await mergeBodyIntoLiveState(tx, row.id, next.body, viewer) : null;
    // Tags count too: what is suggested for a text leaves out the tags it already has.
    const textChanged =
      next.title !== row.title ||
      next.body !== row.body ||
      next.tags.join('\u0000') !== row.tags.join('\u0000');
    return { row: updated, changed: true, textChanged, liveUpdate };
  });
  if (result.changed) await announce(deps, 'document.updated', result.row, viewer.userId);
  if (result.liveUpdate) await announceLiveUpdate(deps, result.row.id, result.liveUpdate, viewer.userId);
  if (result.textChanged) {
    const saved = result.row;
    deps.textChanges.changed(saved.id, () => textChangedEvent(saved, saved.body, deps.now()));
  }
  return result.row;
}

/**
 * Saves `next` as the next version with its revision; the caller holds the row lock. The one way
 * a version is written, for saved changes and for live sessions alike.
 */
export async function writeVersion(
  deps: KnowledgeDeps,
  tx: Database,
  row: DocumentRow,
  next: Pick<DocumentRow, 'title' | 'body' | 'tags' | 'visibility'>,
  editorId: string,
): Promise<DocumentRow> {
  const { title, body, tags, visibility } = next;
  const [updated] = await tx
    .update(documents)
    .set({ title, body, tags, visibility, version: row.version + 1, updatedAt: deps.now() })
    .where(and(eq(documents.id, row.id), eq(documents.version, row.version)))
    .returning(documentColumns);
  // Under row-level security a row the editor may not change is simply not updated.
  if (!updated) throw errors.forbidden('This editor may not change this document.');
  await tx.insert(revisions).values({
    documentId: row.id,
    version: updated.version,
    title,
    body,
    tags,
    editorId,
  });
  return updated;
}

async function announceLiveUpdate(
  deps: KnowledgeDeps,
  documentId: string,
  update: Uint8Array,
  actorId: string,
) {
  const payload: EditedPayload = { documentId, update: toBase64(update), actorId };
  try {
    await deps.bus.publish(REALTIME_TOPICS.edited, payload);
  } catch (error) {
    // Logged, so durable; instances holding the document catch up at their next compaction.
    deps.logger.warn({ err: error, documentId }, 'could not publish a saved change to live editors');
  }
}

const TRANSITIONS: Record<
  'publish' | 'archive' | 'restore',
  { from: DocumentStatus; to: DocumentStatus; topic: string }
> = {
  publish: { from: 'DRAFT', to: 'PUBLISHED', topic: 'document.published' },
  archive: { from: 'PUBLISHED', to: 'ARCHIVED', topic: 'document.archived' },
  restore: { from: 'ARCHIVED', to: 'DRAFT', topic: 'document.restored' },
};

/** DRAFT → PUBLISHED → ARCHIVED → DRAFT; any other move is BAD_USER_INPUT. */
export async function transition(
  deps: KnowledgeDeps,
  viewer: Viewer,
  id: string,
  action: keyof typeof TRANSITIONS,
): Promise<DocumentRow> {
  const { from, to, topic } = TRANSITIONS[action];
  const row = await asViewer(deps, viewer, async (tx) => {
    const current = await lockForChange(tx, viewer, id, () => 'manage');
    if (current.status !== from) {
      throw errors.badInput(
        `Only a ${from} document can be moved to ${to}; this one is ${current.status}.`,
        'id',
      );
    }
    const now = deps.now();
    const [updated] = await tx
      .update(documents)
      .set({ status: to, updatedAt: now, ...(to === 'PUBLISHED' ? { publishedAt: now } : {}) })
      .where(eq(documents.id, current.id))
      .returning(documentColumns);
    return updated!;
  });
  await announce(deps, topic, row, viewer.userId);
  return row;
}

/** Soft delete: the row stays for audit and recovery, but nobody can read it any more. */
export async function deleteDocument(deps: KnowledgeDeps, viewer: Viewer, id: string): Promise<boolean> {
  const row = await asViewer(deps, viewer, async (tx) => {
    const current = await lockForChange(tx, viewer, id, () => 'manage');
    // The deleted row no longer passes the read policy, so a plain UPDATE is refused; see the migration.
    await tx.execute(
      sql`select knowledge.soft_delete(${current.id}::uuid, ${deps.now().toISOString()}::timestamptz)`,
    );
    return current;
  });
  await announce(deps, 'document.deleted', row, viewer.userId);
  return true;
}

/** Counts a read and tells analytics; failures are logged, never shown to the reader. */
export function recordView(deps: KnowledgeDeps, viewer: Viewer | null, row: DocumentRow): void {
  void (async () => {
    try {
      await deps.db.execute(sql`select knowledge.count_view(${row.id}::uuid)`);
      await deps.bus.publish('document.viewed', { ...eventOf(row, viewer?.userId ?? null) });
    } catch (error) {
      deps.logger.warn({ err: error, documentId: row.id }, 'could not record a view');
    }
  })();
}
