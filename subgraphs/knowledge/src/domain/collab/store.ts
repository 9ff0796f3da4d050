import { type Database, rowsOf } from '@ukp/kit';
import { and, eq, isNull, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { collabStates, collabUpdates, documents } from '../../db/schema.js';
import type { Actor } from '../access.js';
import { BODY_TEXT } from './body-text.js';

/** bytea from raw SQL: postgres-js gives a Buffer, PGlite a Uint8Array. */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error(`expected bytea, got ${typeof value}`);
}

/**
 * The stored state and every logged update after it, read in ONE statement: one snapshot, so a
 * compaction committing in between cannot make us read the old state and the already-trimmed log
 * (which would lose the merged updates). Null when the document was never edited live.
 */
export async function readLiveState(db: Database, documentId: string): Promise<Uint8Array[] | null> {
  const rows = rowsOf<{ kind: number; bytes: unknown }>(
    await db.execute(sql`
      select 0 as kind, state as bytes, 0::bigint as seq from knowledge.collab_states where document_id = ${documentId}
      union all
      select 1 as kind, update as bytes, seq from knowledge.collab_updates where document_id = ${documentId}
      order by kind, seq`),
  );
  if (rows.length === 0 || Number(rows[0]!.kind) !== 0) return null;
  return rows.map((r) => toBytes(r.bytes));
}

/** The logged updates not yet compacted, oldest first. */
export async function readLog(db: Database, documentId: string): Promise<Uint8Array[]> {
  const rows = await db
    .select({ update: collabUpdates.update })
    .from(collabUpdates)
    .where(eq(collabUpdates.documentId, documentId))
    .orderBy(collabUpdates.seq);
  return rows.map((r) => r.update);
}

/** A fresh Yjs document holding `body`: the first state of a document opened live. */
export function initialState(body: string): Uint8Array {
  const doc = new Y.Doc();
  if (body) doc.getText(BODY_TEXT).insert(0, body);
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Creates the live state from the stored body unless another instance already did. Insert-if-
 * absent, then everyone reads what won: two instances opening the document together start from
 * the SAME Yjs history (two independently built ones would duplicate the text in every client).
 * False when the document does not exist or was deleted.
 */
export async function ensureLiveState(db: Database, documentId: string): Promise<boolean> {
  const [doc] = await db
    .select({ body: documents.body })
    .from(documents)
    .where(and(eq(documents.id, documentId), isNull(documents.deletedAt)));
  if (!doc) return false;
  await db
    .insert(collabStates)
    .values({ documentId, state: initialState(doc.body) })
    .onConflictDoNothing({ target: collabStates.documentId });
  return true;
}

/**
 * Appends an acknowledged update with its actor's identity (a later save runs as them); run inside
 * the caller's transaction, under row-level security.
 */
export async function appendUpdate(
  tx: Database,
  documentId: string,
  update: Uint8Array,
  actor: Actor,
): Promise<void> {
  // No RETURNING: that would need the read policy too, and nobody needs the sequence number.
  await tx
    .insert(collabUpdates)
    .values({ documentId, update, actorId: actor.userId, actorRoles: [...actor.roles] });
}
