import { randomUUID } from 'node:crypto';
import { dataOf, errorCode, gql } from '@ukp/kit/testing';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collabParticipants } from '../../db/schema.js';
import { HEARTBEAT, JOIN } from '../../testing/live-editor.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../../testing/server-fixture.js';
import { createDocument, transition, updateDocument } from '../documents.js';

/**
 * documentHeartbeat: the read rule rides in the presence UPDATE (one statement when the caller is
 * a participant of a document they may read); anything else is answered as before, NOT_FOUND
 * decided by a read under row-level security.
 */

let k: KnowledgeFixture;
let author: TestUser;
let editor: TestUser;

beforeAll(async () => {
  k = await startKnowledge({ manualClock: true });
  author = await k.user(['EDITOR']);
  editor = await k.user(['EDITOR']);
});
afterAll(async () => {
  await k?.stop();
});

async function joinedDocument(): Promise<string> {
  const row = await createDocument(k.deps, author.viewer, { title: `Beat ${randomUUID()}`, body: 'x' });
  await transition(k.deps, author.viewer, row.id, 'publish');
  for (const user of [author, editor]) dataOf(await gql(k.url, JOIN, { id: row.id }, user.token));
  return row.id;
}

const heartbeat = (id: string, user: TestUser) =>
  gql<{ documentHeartbeat: boolean }>(k.url, HEARTBEAT, { id }, user.token);

async function lastSeen(documentId: string, userId: string): Promise<number | undefined> {
  const [row] = await k.db
    .select({ at: collabParticipants.lastSeenAt })
    .from(collabParticipants)
    .where(and(eq(collabParticipants.documentId, documentId), eq(collabParticipants.userId, userId)));
  return row?.at.getTime();
}

describe('documentHeartbeat', () => {
  it('refreshes a participant of a readable document in one statement', async () => {
    const id = await joinedDocument();
    const before = await lastSeen(id, editor.id);
    await k.advance(1000);
    let alive: boolean | undefined;
    const statements = await k.statementsDuring(async () => {
      alive = dataOf(await heartbeat(id, editor)).documentHeartbeat;
    });
    expect(alive).toBe(true);
    expect(statements).toHaveLength(1);
    expect(statements[0]).toMatch(/^update "knowledge"\."collab_participants"/);
    expect(await lastSeen(id, editor.id)).toBe(before! + 1000);
  });

  it('says false to someone who may read the document but is not in the session', async () => {
    const id = await joinedDocument();
    const outsider = await k.user(['EDITOR']);
    expect(dataOf(await heartbeat(id, outsider)).documentHeartbeat).toBe(false);
    expect(await lastSeen(id, outsider.id)).toBeUndefined();
  });

  it('is NOT_FOUND, touching nothing, once the participant may no longer read the document', async () => {
    const id = await joinedDocument();
    await updateDocument(k.deps, author.viewer, id, 1, { visibility: 'PRIVATE' });
    const before = await lastSeen(id, editor.id);
    await k.advance(1000);
    expect(errorCode(await heartbeat(id, editor))).toBe('NOT_FOUND');
    expect(await lastSeen(id, editor.id)).toBe(before);
    // The author still may: true, as before.
    expect(dataOf(await heartbeat(id, author)).documentHeartbeat).toBe(true);
  });

  it('is NOT_FOUND for an id that is no document', async () => {
    expect(errorCode(await heartbeat(randomUUID(), editor))).toBe('NOT_FOUND');
    expect(errorCode(await heartbeat('not-a-uuid', editor))).toBe('NOT_FOUND');
  });

  it('applies the read rule in the UPDATE even with the service’s read filter off', async () => {
    const id = await joinedDocument();
    await updateDocument(k.deps, author.viewer, id, 1, { visibility: 'PRIVATE' });
    const unfiltered = await startKnowledge({ sameAs: k, readGuards: { filter: false } });
    try {
      const result = await gql<{ documentHeartbeat: boolean }>(
        unfiltered.url,
        HEARTBEAT,
        { id },
        editor.token,
      );
      expect(errorCode(result)).toBe('NOT_FOUND');
    } finally {
      await unfiltered.stop();
    }
  });
});
