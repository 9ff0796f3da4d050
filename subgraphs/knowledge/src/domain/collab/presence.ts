import { type Database, errors } from '@ukp/kit';
import { and, asc, count, eq, exists, gte, lt, type SQL, sql } from 'drizzle-orm';
import { collabParticipants, collabStates, documents } from '../../db/schema.js';

/**
 * Who is editing, kept in Postgres so every instance sees the same list and any instance can sweep
 * out participants whose instance died. Each change of a list bumps `collab_states.presence_seq`
 * under the state row's lock and reads the list in the same transaction, so (seq, list) pairs are
 * ordered even though instances publish them in no particular order.
 */
export interface Presence {
  participantIds: string[];
  seq: number;
}

export interface JoinResult extends Presence {
  /** False when the caller was already a participant (nothing to announce). */
  added: boolean;
}

async function lockState(tx: Database, documentId: string): Promise<number> {
  const [state] = await tx
    .select({ seq: collabStates.presenceSeq })
    .from(collabStates)
    .where(eq(collabStates.documentId, documentId))
    .for('update');
  if (state === undefined) throw new Error(`no live state for document ${documentId}`);
  return Number(state.seq);
}

async function listIds(tx: Database, documentId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: collabParticipants.userId })
    .from(collabParticipants)
    .where(eq(collabParticipants.documentId, documentId))
    // created_at (the database's clock) breaks ties of joined_at (the service's, which tests freeze).
    .orderBy(
      asc(collabParticipants.joinedAt),
      asc(collabParticipants.createdAt),
      asc(collabParticipants.userId),
    );
  return rows.map((r) => r.userId);
}

async function bump(tx: Database, documentId: string): Promise<number> {
  const [row] = await tx
    .update(collabStates)
    .set({ presenceSeq: sql`${collabStates.presenceSeq} + 1` })
    .where(eq(collabStates.documentId, documentId))
    .returning({ seq: collabStates.presenceSeq });
  return Number(row!.seq);
}

/** Adds the user (or just refreshes them); BAD_USER_INPUT when `max` people are already in. */
export async function addParticipant(
  db: Database,
  documentId: string,
  userId: string,
  now: Date,
  max: number,
): Promise<JoinResult> {
  return db.transaction(async (tx) => {
    // The lock serialises joins to a document, so the count below cannot be overtaken.
    let seq = await lockState(tx, documentId);
    const refreshed = await tx
      .update(collabParticipants)
      .set({ lastSeenAt: now, updatedAt: now })
      .where(and(eq(collabParticipants.documentId, documentId), eq(collabParticipants.userId, userId)))
      .returning({ userId: collabParticipants.userId });
    const added = refreshed.length === 0;
    if (added) {
      const [present] = await tx
        .select({ n: count() })
        .from(collabParticipants)
        .where(eq(collabParticipants.documentId, documentId));
      if ((present?.n ?? 0) >= max) {
        throw errors.badInput(`At most ${max} people can edit a document at once.`, 'id');
      }
      await tx.insert(collabParticipants).values({ documentId, userId, joinedAt: now, lastSeenAt: now });
      seq = await bump(tx, documentId);
    }
    return { added, seq, participantIds: await listIds(tx, documentId) };
  });
}

/** Removes the user; `removed` is false when they were not in the session. */
export async function removeParticipant(
  db: Database,
  documentId: string,
  userId: string,
): Promise<Presence & { removed: boolean }> {
  return db.transaction(async (tx) => {
    let seq = await lockState(tx, documentId).catch(() => null);
    if (seq === null) return { removed: false, seq: 0, participantIds: [] };
    const gone = await tx
      .delete(collabParticipants)
      .where(and(eq(collabParticipants.documentId, documentId), eq(collabParticipants.userId, userId)))
      .returning({ userId: collabParticipants.userId });
    if (gone.length > 0) seq = await bump(tx, documentId);
    return { removed: gone.length > 0, seq, participantIds: await listIds(tx, documentId) };
  });
}

/**
 * Marks the user as alive; false when they are not in the session (they should join again), or
 * when `readable` (a condition on the document's row) does not hold for the document: the check
 * and the write in one statement.
 */
export async function touchParticipant(
  db: Database,
  documentId: string,
  userId: string,
  now: Date,
  readable?: SQL,
): Promise<boolean> {
  const document = readable
    ? exists(
        db
          .select({ id: documents.id })
          .from(documents)
          .where(and(eq(documents.id, documentId), readable)),
      )
    : undefined;
  const touched = await db
    .update(collabParticipants)
    .set({ lastSeenAt: now, updatedAt: now })
    .where(
      and(eq(collabParticipants.documentId, documentId), eq(collabParticipants.userId, userId), document),
    )
    .returning({ userId: collabParticipants.userId });
  return touched.length > 0;
}

/**
 * Deletes everyone silent since before `cutoff`, across all documents. DELETE … RETURNING hands
 * each row to exactly one of the instances sweeping at once, so each removal is announced once.
 */
export async function sweepSilent(db: Database, cutoff: Date): Promise<Map<string, string[]>> {
  const gone = await db
    .delete(collabParticipants)
    .where(lt(collabParticipants.lastSeenAt, cutoff))
    .returning({ documentId: collabParticipants.documentId, userId: collabParticipants.userId });
  const byDocument = new Map<string, string[]>();
  for (const row of gone)
    byDocument.set(row.documentId, [...(byDocument.get(row.documentId) ?? []), row.userId]);
  return byDocument;
}

/** Live sessions (documents with someone in them) and their participants, across instances. */
export interface CollaborationActivity {
  sessions: number;
  participants: number;
}

/**
 * Counts only: no document or person is named, so it needs no row-level check. Participants
 * silent since before `cutoff` are left out, as the next sweep would remove them.
 */
export async function countActivity(db: Database, cutoff: Date): Promise<CollaborationActivity> {
  const [row] = await db
    .select({
      sessions: sql<number>`count(distinct ${collabParticipants.documentId})::int`,
      participants: sql<number>`count(*)::int`,
    })
    .from(collabParticipants)
    .where(gte(collabParticipants.lastSeenAt, cutoff));
  return { sessions: row?.sessions ?? 0, participants: row?.participants ?? 0 };
}

/** A new (seq, list) after a change made outside the lock (the sweep). */
export async function currentPresence(db: Database, documentId: string): Promise<Presence> {
  return db.transaction(async (tx) => {
    await lockState(tx, documentId);
    const seq = await bump(tx, documentId);
    return { seq, participantIds: await listIds(tx, documentId) };
  });
}
