import { randomUUID } from 'node:crypto';
import { errorCode, gql } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveLive } from '../domain/collab/compaction.js';
import { createDocument, transition } from '../domain/documents.js';
import { APPLY, JOIN, LEAVE, LiveEditor } from '../testing/live-editor.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';

// Found by the soak benchmark: editors joining, typing and leaving the same document at once.
// A leave by the last participant saves (document row lock, then the state row's); a join locks
// the state row, then adds its participant, whose foreign key takes a KEY SHARE lock on the
// document row. With FOR UPDATE on the document the two waited for each other: Postgres broke
// the deadlock by failing one of them (INTERNAL_SERVER_ERROR on joinDocument or leaveDocument).
// The save now locks the document row FOR NO KEY UPDATE, which a foreign key check does not wait for.

let k: KnowledgeFixture;
let author: TestUser;
let editors: TestUser[];

beforeAll(async () => {
  k = await startKnowledge();
  author = await k.user(['EDITOR']);
  editors = await Promise.all([1, 2, 3, 4].map(() => k.user(['EDITOR'])));
});
afterAll(async () => {
  await k?.stop();
});

async function publicDocument(): Promise<string> {
  const row = await createDocument(k.deps, author.viewer, {
    title: `Concurrent ${randomUUID()}`,
    body: 'Start',
    tags: ['live'],
    visibility: 'PUBLIC',
  });
  await transition(k.deps, author.viewer, row.id, 'publish');
  return row.id;
}

describe('concurrent live editing of one document', () => {
  it('joins, updates and leaves by different editors at once all succeed', async () => {
    const id = await publicDocument();
    const failures: string[] = [];
    const call = async (user: TestUser, query: string, variables: Record<string, unknown>) => {
      const result = await gql(k.url, query, { id, ...variables }, user.token);
      if (result.body.errors?.length)
        failures.push(`${errorCode(result)}: ${result.body.errors[0]?.message}`);
    };
    // Two at a time, so the document is often left empty (a save) just as the other joins.
    const rounds = 20;
    const pair = editors.slice(0, 2);
    await Promise.all(
      pair.map(async (user, n) => {
        const client = new LiveEditor(user, id, k.url);
        for (let round = 0; round < rounds; round++) {
          await call(user, JOIN, {});
          await call(user, APPLY, { update: client.edit((t) => t.insert(0, `${n}`)) });
          await call(user, APPLY, { update: client.edit((t) => t.insert(t.length, `${n}`)) });
          await call(user, LEAVE, {});
        }
      }),
    );
    expect(failures).toEqual([]);
    // Everything typed was kept: each editor's 2 × rounds characters.
    const check = new LiveEditor(author, id, k.url);
    await check.join();
    await check.leave();
    expect(check.text().length).toBe('Start'.length + pair.length * rounds * 2);
  });

  it('a save waiting for the state row does not deadlock a join adding its participant', async () => {
    const id = await publicDocument();
    const [first, second] = editors as [TestUser, TestUser];
    const client = new LiveEditor(first, id, k.url);
    await client.join();
    await client.type((t) => t.insert(0, 'Hi '));
    // A join, step by step as addParticipant takes them: the state row's lock, then the insert.
    let saving: ReturnType<typeof saveLive> | undefined;
    await k.db.transaction(async (tx) => {
      await tx.execute(
        sql`select presence_seq from knowledge.collab_states where document_id = ${id} for update`,
      );
      // Meanwhile the last participant leaves: the save locks the document row, then waits here.
      saving = saveLive(k.deps, id, first.viewer);
      saving.catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 300));
      await tx.execute(
        sql`insert into knowledge.collab_participants (document_id, user_id, joined_at, last_seen_at)
            values (${id}, ${second.id}, now(), now())`,
      );
    });
    const saved = await saving;
    expect(saved?.row.body).toBe('Hi Start');
  });
});
