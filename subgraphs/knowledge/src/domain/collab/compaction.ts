import { type Database, rowsOf } from '@ukp/kit';
import { and, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { collabStates, type DocumentRow, documents, revisions } from '../../db/schema.js';
import type { KnowledgeDeps } from '../deps.js';
import { writeVersion } from '../documents.js';
import { BODY_TEXT, bodyFromText } from './body-text.js';
import { toBytes } from './store.js';

/**
 * Compaction folds the update log into the stored Yjs state and the `body` column; saving also
 * makes a new version and revision of it. Both run with the owner's rights (they are maintenance,
 * done on behalf of a session that was authorised when each update was logged) and both lock the
 * document row, then the state row, in that order everywhere, so they never deadlock with a
 * saved change (which holds the document row while it logs its own update).
 */

interface Merged {
  /** The new stored state: everything acknowledged up to this compaction. */
  state: Uint8Array;
  body: string;
  /** Log rows merged and deleted. */
  merged: number;
  lastActorId: string | null;
}

/**
 * Merges the log into the state row (locked here) and deletes exactly the rows it merged. Not
 * "seq ≤ the highest merged": sequence numbers are taken before commit, so a row with a smaller
 * seq may commit after we read; it must stay for the next compaction. Null when the document was
 * never edited live.
 */
async function mergeLog(tx: Database, deps: KnowledgeDeps, documentId: string): Promise<Merged | null> {
  const [stored] = await tx
    .select({ state: collabStates.state, lastActorId: collabStates.lastActorId })
    .from(collabStates)
    .where(eq(collabStates.documentId, documentId))
    .for('update');
  if (!stored) return null;
  const log = rowsOf<{ seq: string | number; update: unknown; actor_id: string }>(
    await tx.execute(
      sql`select seq, update, actor_id from knowledge.collab_updates where document_id = ${documentId} order by seq`,
    ),
  );
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, stored.state);
    for (const row of log) {
      try {
        Y.applyUpdate(doc, toBytes(row.update));
      } catch (error) {
        // Validated before it was logged, so this is a bug; one bad row must not block the rest.
        deps.logger.error({ err: error, documentId, seq: row.seq }, 'a logged update does not apply');
      }
    }
    const body = bodyFromText(doc.getText(BODY_TEXT).toString());
    if (log.length === 0) return { state: stored.state, body, merged: 0, lastActorId: stored.lastActorId };
    const state = Y.encodeStateAsUpdate(doc);
    const lastActorId = log[log.length - 1]!.actor_id;
    await tx
      .update(collabStates)
      .set({ state, lastActorId, updatedAt: deps.now() })
      .where(eq(collabStates.documentId, documentId));
    const seqs = `{${log.map((row) => String(row.seq)).join(',')}}`;
    await tx.execute(
      sql`delete from knowledge.collab_updates where document_id = ${documentId} and seq = any(${seqs}::bigint[])`,
    );
    return { state, body, merged: log.length, lastActorId };
  } finally {
    doc.destroy();
  }
}

async function lockDocument(tx: Database, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await tx.select().from(documents).where(eq(documents.id, documentId)).for('update');
  return row;
}

export interface Compacted {
  state: Uint8Array;
  merged: number;
}

/** Folds the log into the state and `body` (no new version). Null when there was nothing to do. */
export async function compact(deps: KnowledgeDeps, documentId: string): Promise<Compacted | null> {
  return deps.db.transaction(async (tx) => {
    const row = await lockDocument(tx, documentId);
    if (!row) return null;
    const merged = await mergeLog(tx, deps, documentId);
    if (!merged || merged.merged === 0) return null;
    if (merged.body !== row.body && !row.deletedAt) {
      await tx
        .update(documents)
        .set({ body: merged.body, updatedAt: deps.now() })
        .where(eq(documents.id, documentId));
    }
    return { state: merged.state, merged: merged.merged };
  });
}

export interface Saved {
  row: DocumentRow;
  state: Uint8Array;
}

/**
 * Compacts, then saves the live text as a new version and revision when it differs from the
 * current version's revision; a session that changed nothing makes no version. The revision's
 * editor is whoever made the last edit, else `fallbackEditorId` (who left, who published).
 */
export async function saveLive(
  deps: KnowledgeDeps,
  documentId: string,
  fallbackEditorId: string | null,
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
    if (saved?.body === merged.body) {
      if (merged.body !== row.body) {
        await tx
          .update(documents)
          .set({ body: merged.body, updatedAt: deps.now() })
          .where(eq(documents.id, documentId));
      }
      return null;
    }
    const editorId = merged.lastActorId ?? fallbackEditorId ?? row.authorId;
    const updated = await writeVersion(deps, tx, row, { ...row, body: merged.body }, editorId);
    return { row: updated, state: merged.state };
  });
}
