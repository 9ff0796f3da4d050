import { type Database, errors, type Role, setRlsIdentity } from '@ukp/kit';
import { and, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  collabStates,
  collabUpdates,
  type DocumentRow,
  documentColumns,
  documents,
  revisions,
} from '../../db/schema.js';
import { type Actor, mayChange } from '../access.js';
import { type KnowledgeDeps, READER_ROLE } from '../deps.js';
import { writeVersion } from '../documents.js';
import { BODY_TEXT, bodyFromText, bodyWithinLimit } from './body-text.js';

/**
 * Compaction folds the update log into the stored Yjs state and the `body` column; saving also
 * makes a new version and revision of it. Both lock the document row, then the state row, in that
 * order everywhere, so they never deadlock with a saved change (which holds the document row while
 * it logs its own update).
 *
 * The log and the stored state are bookkeeping, done with the owner's rights. The document itself
 * is written as the editor whose edits are being saved, under row-level security, with the role
 * claim their update was logged with: a save the edit rule refuses is refused by Postgres too, and
 * the whole transaction (bookkeeping included) rolls back.
 */

interface Merged {
  /** The new stored state: everything acknowledged up to this compaction. */
  state: Uint8Array;
  body: string;
  /** Log rows merged and deleted. */
  merged: number;
  lastActor: Actor | null;
}

const actorOf = (userId: string | null, roles: readonly string[]): Actor | null =>
  // Stored as logged: the request's verified role claim (row-level security checked it).
  userId ? { userId, roles: roles as Role[] } : null;

/**
 * Merges the log into the state row (locked here) and deletes exactly the rows it merged. Not
 * "seq ≤ the highest merged": sequence numbers are taken before commit, so a row with a smaller
 * seq may commit after we read; it must stay for the next compaction. Null when the document was
 * never edited live.
 */
async function mergeLog(tx: Database, deps: KnowledgeDeps, documentId: string): Promise<Merged | null> {
  const [stored] = await tx
    .select({
      state: collabStates.state,
      lastActorId: collabStates.lastActorId,
      lastActorRoles: collabStates.lastActorRoles,
    })
    .from(collabStates)
    .where(eq(collabStates.documentId, documentId))
    .for('update');
  if (!stored) return null;
  const log = await tx
    .select({
      seq: collabUpdates.seq,
      update: collabUpdates.update,
      actorId: collabUpdates.actorId,
      actorRoles: collabUpdates.actorRoles,
    })
    .from(collabUpdates)
    .where(eq(collabUpdates.documentId, documentId))
    .orderBy(collabUpdates.seq);
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored.state);
    for (const row of log) {
      try {
        Y.applyUpdate(doc, row.update);
      } catch (error) {
        // Validated before it was logged, so this is a bug; one bad row must not block the rest.
        deps.logger.error({ err: error, documentId, seq: row.seq }, 'a logged update does not apply');
      }
    }
    const body = bodyFromText(doc.getText(BODY_TEXT).toString());
    const last = log.at(-1);
    if (!last) {
      const lastActor = actorOf(stored.lastActorId, stored.lastActorRoles);
      return { state: stored.state, body, merged: 0, lastActor };
    }
    const state = Y.encodeStateAsUpdate(doc);
    await tx
      .update(collabStates)
      .set({
        state,
        lastActorId: last.actorId,
        lastActorRoles: last.actorRoles,
        updatedAt: deps.now(),
      })
      .where(eq(collabStates.documentId, documentId));
    const seqs = `{${log.map((row) => String(row.seq)).join(',')}}`;
    await tx.execute(
      sql`delete from knowledge.collab_updates where document_id = ${documentId} and seq = any(${seqs}::bigint[])`,
    );
    return { state, body, merged: log.length, lastActor: actorOf(last.actorId, last.actorRoles) };
  } finally {
    doc.destroy();
  }
}

/**
 * FOR NO KEY UPDATE, not FOR UPDATE: the lock every writer of the row takes anyway, which still
 * lets a foreign key check (KEY SHARE) through. A join holds the state row's lock while it adds its
 * participant, whose foreign key checks this row; FOR UPDATE here made it wait for us while we
 * waited for the state row: a deadlock, one of the two failed.
 */
async function lockDocument(tx: Database, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await tx
    .select(documentColumns)
    .from(documents)
    .where(eq(documents.id, documentId))
    .for('no key update');
  return row;
}

/**
 * The first of `candidates` the edit rule lets change the document's content, or null. Checked
 * here to pick one; row-level security checks the write again as whoever was picked.
 */
function savingEditor(row: DocumentRow, candidates: ReadonlyArray<Actor | null>): Actor | null {
  return candidates.find((actor) => actor && mayChange(actor, row, 'content')) ?? null;
}

/**
 * Ends the owner's part of the transaction: from here on it runs as `actor` under row-level
 * security. Nothing may run as the owner after this.
 */
const becomeEditor = (tx: Database, actor: Actor) =>
  setRlsIdentity(tx, { role: READER_ROLE, userId: actor.userId, roles: actor.roles });

/** Writes the body column as `actor`; throws when row-level security hides the row from them. */
async function writeBodyAs(tx: Database, deps: KnowledgeDeps, actor: Actor, row: DocumentRow, body: string) {
  await becomeEditor(tx, actor);
  const written = await tx
    .update(documents)
    .set({ body, updatedAt: deps.now() })
    .where(eq(documents.id, row.id))
    .returning({ id: documents.id });
  if (written.length === 0) throw refused();
}

const refused = () => errors.forbidden('The live edits may not be saved by their editor.');

const tooLong = (maxBytes: number) =>
  errors.badInput(
    `The live text is longer than a document body may be (${maxBytes} bytes of UTF-8): shorten it, then save again.`,
  );

export interface Compacted {
  state: Uint8Array;
  merged: number;
}

/**
 * Folds the log into the state and `body` (no new version). Null when there was nothing to do.
 * The body is written as the last editor; when the rule no longer lets them (the document went
 * PRIVATE, their role changed) or the text is over the body limit, the body waits for a later
 * compaction or save, and the state is not merged either (the transaction rolls back).
 */
export async function compact(deps: KnowledgeDeps, documentId: string): Promise<Compacted | null> {
  return deps.db.transaction(async (tx) => {
    const row = await lockDocument(tx, documentId);
    if (!row) return null;
    const merged = await mergeLog(tx, deps, documentId);
    if (!merged || merged.merged === 0) return null;
    if (merged.body !== row.body && !row.deletedAt) {
      if (!bodyWithinLimit(merged.body, deps.bodyMaxBytes)) throw tooLong(deps.bodyMaxBytes);
      const editor = savingEditor(row, [merged.lastActor]);
      if (!editor) throw refused();
      await writeBodyAs(tx, deps, editor, row, merged.body);
    }
    return { state: merged.state, merged: merged.merged };
  });
}

export interface Saved {
  row: DocumentRow;
  state: Uint8Array;
  /** Who the save ran as, the new revision's editor. */
  editorId: string;
}

/**
 * Compacts, then saves the live text as a new version and revision when it differs from the
 * current version's revision; a session that changed nothing makes no version. The save runs as,
 * and the revision records, whoever made the last edit; `fallback` (who left, who publishes) when
 * there is none or the rule no longer lets them. FORBIDDEN when neither may, BAD_USER_INPUT when
 * the text is over the body limit: nothing is written then.
 */
export async function saveLive(
  deps: KnowledgeDeps,
  documentId: string,
  fallback: Actor | null,
): Promise<Saved | null> {
  // Most documents were never edited live: no need to lock their row to find that out.
  const [live] = await deps.db
    .select({ documentId: collabStates.documentId })
    .from(collabStates)
    .where(eq(collabStates.documentId, documentId));
  if (!live) return null;
  return deps.db.transaction(async (tx) => {
    const row = await lockDocument(tx, documentId);
    if (!row || row.deletedAt) return null;
    const merged = await mergeLog(tx, deps, documentId);
    if (!merged) return null;
    const [saved] = await tx
      .select({ body: revisions.body })
      .from(revisions)
      .where(and(eq(revisions.documentId, documentId), eq(revisions.version, row.version)));
    const editor = savingEditor(row, [merged.lastActor, fallback]);
    if (saved?.body === merged.body) {
      // Back to the saved text: only the body column (left by a compaction) may need it again.
      if (merged.body !== row.body && editor) await writeBodyAs(tx, deps, editor, row, merged.body);
      return null;
    }
    if (!bodyWithinLimit(merged.body, deps.bodyMaxBytes)) throw tooLong(deps.bodyMaxBytes);
    if (!editor) throw refused();
    await becomeEditor(tx, editor);
    const updated = await writeVersion(deps, tx, row, { ...row, body: merged.body }, editor.userId);
    return { row: updated, state: merged.state, editorId: editor.userId };
  });
}
