import { randomUUID } from 'node:crypto';
import type { Connection } from '@ukp/kit';
import { dataOf, gql } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentRow } from '../db/schema.js';
import { createDocument, deleteDocument, transition } from '../domain/documents.js';
import { listDocuments } from '../domain/queries.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';

// `User.documents` in an entity fetch of many users: one statement for the whole list (a
// DataLoader per (first, after)), and the same pages the per-user `listDocuments` gives.

let k: KnowledgeFixture;
let authors: TestUser[];
let viewer: TestUser;
let editor: TestUser;
let admin: TestUser;

const ENTITIES = `query ($r: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $r) {
    ... on User {
      documents(first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
      }
    }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: Array<{ cursor: string; node: { id: string } }>;
}

const fetchPages = async (ids: readonly string[], first: number, after: string | null, token?: string) =>
  dataOf(
    await gql<{ _entities: Array<{ documents: Page }> }>(
      k.url,
      ENTITIES,
      { r: ids.map((id) => ({ __typename: 'User', id })), first, after },
      token,
    ),
  )._entities.map((e) => e.documents);

const shape = (c: Connection<DocumentRow>): Page => ({
  totalCount: c.totalCount,
  pageInfo: c.pageInfo,
  edges: c.edges.map((e) => ({ cursor: e.cursor, node: { id: e.node.id } })),
});

beforeAll(async () => {
  k = await startKnowledge();
  viewer = await k.user(['VIEWER']);
  editor = await k.user(['EDITOR']);
  admin = await k.user(['ADMIN']);
  authors = [];
  for (let a = 0; a < 10; a += 1) {
    const author = await k.user(['EDITOR']);
    authors.push(author);
    // 0..6 documents each: drafts, published, private, one deleted; some share a created_at
    // millisecond with a neighbour (the id breaks the tie, as in the cursor).
    for (let i = 0; i < a % 7; i += 1) {
      const row = await createDocument(k.deps, author.viewer, {
        title: `A${a} D${i}`,
        body: 'b',
        visibility: i % 3 === 2 ? 'PRIVATE' : 'PUBLIC',
      });
      if (i % 2 === 0) await transition(k.deps, author.viewer, row.id, 'publish');
      if (i === 4) await deleteDocument(k.deps, author.viewer, row.id);
    }
  }
});
afterAll(async () => {
  await k?.stop();
});

describe('User.documents in a list of users', () => {
  it('costs the same statements for 1 and 10 users', async () => {
    const ids = authors.map((a) => a.id);
    for (const token of [undefined, admin.token]) {
      let one: Page[] = [];
      let ten: Page[] = [];
      const small = await k.statementsDuring(async () => {
        one = await fetchPages(ids.slice(0, 1), 2, null, token);
      });
      const large = await k.statementsDuring(async () => {
        ten = await fetchPages(ids, 2, null, token);
      });
      expect(one).toHaveLength(1);
      expect(ten).toHaveLength(10);
      expect(large.length).toBe(small.length);
      // One documents statement per list, whatever its length.
      expect(large.filter((s) => /knowledge\.documents|"documents"/.test(s))).toHaveLength(1);
    }
  });

  it('gives the pages the per-user path gives, for every caller, page size and cursor', async () => {
    const ids = [...authors.map((a) => a.id), randomUUID(), 'not-a-uuid'];
    const callers: Array<TestUser | null> = [null, viewer, editor, admin, authors[3]!, authors[5]!];
    for (const caller of callers) {
      const as = caller?.viewer ?? null;
      for (const first of [0, 1, 2, 5]) {
        // Every cursor any author's pages issue, applied to the whole list at once (one `after`
        // for all users, as a client paging a list would send it): each author's page must be
        // what the per-user path gives for that cursor, totals included.
        const cursors: Array<string | null> = [null];
        const seen = new Set<string>();
        for (let c = 0; c < cursors.length; c += 1) {
          const after = cursors[c]!;
          const batched = await fetchPages(ids, first, after, caller?.token);
          for (const [i, id] of ids.entries()) {
            const expected = shape(
              await listDocuments(k.deps, as, { filter: { authorId: id }, first, after }),
            );
            expect(batched[i], `caller ${caller?.id ?? 'anonymous'} author ${i} first ${first}`).toEqual(
              expected,
            );
            const next = batched[i]!.pageInfo.endCursor;
            if (batched[i]!.pageInfo.hasNextPage && next && !seen.has(next)) {
              seen.add(next);
              cursors.push(next);
            }
          }
        }
        if (first === 1 && caller === admin) expect(seen.size).toBeGreaterThan(3);
      }
    }
  });
});
