import { randomUUID } from 'node:crypto';
import { dataOf, gql } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';
import { createDocument, transition } from './documents.js';
import { listDocuments } from './queries.js';

/**
 * `documents` reads what its selection asks for: the body only when selected, and the total in the
 * page's own statement only when selected. This file's database holds only its own documents.
 */

let k: KnowledgeFixture;
let author: TestUser;
const bodies = new Map<string, string>();

beforeAll(async () => {
  k = await startKnowledge();
  author = await k.user(['EDITOR']);
  for (let i = 0; i < 3; i += 1) {
    const body = `Body number ${i} ${randomUUID()}`;
    const row = await createDocument(k.deps, author.viewer, { title: `Listed ${i}`, body });
    await transition(k.deps, author.viewer, row.id, 'publish');
    bodies.set(row.id, body);
  }
});
afterAll(async () => {
  await k?.stop();
});

interface Page {
  documents: {
    totalCount?: number;
    pageInfo: { endCursor: string | null };
    edges: Array<{ node: { id: string; title: string; body?: string } }>;
  };
}

/** The page, and the one statement that read documents for it. */
async function list(selection: string, variables: Record<string, unknown> = {}) {
  let page: Page['documents'] | undefined;
  const statements = await k.statementsDuring(async () => {
    page = dataOf(
      await gql<Page>(
        k.url,
        `query ($first: Int, $after: String) { documents(first: $first, after: $after) { ${selection} } }${
          selection.includes('...Text') ? ' fragment Text on Document { body }' : ''
        }`,
        variables,
      ),
    ).documents;
  });
  const reads = statements.filter((s) => s.includes('from "knowledge"."documents"'));
  return { page: page!, read: reads[0]!, reads };
}

describe('documents', () => {
  it('reads neither bodies nor a count when the selection names neither', async () => {
    const { page, read, reads } = await list('edges { node { id title } }', { first: 2 });
    expect(reads).toHaveLength(1);
    expect(page.edges).toHaveLength(2);
    expect(read).not.toContain('"body"');
    expect(read).not.toContain('"search"');
    expect(read).not.toMatch(/count\(/);
  });

  it('reads the bodies when selected, through a fragment too', async () => {
    for (const node of ['id body', 'id ...Text', 'id ... on Document { body }']) {
      const { page, read, reads } = await list(`edges { node { ${node} } }`, { first: 3 });
      expect(reads).toHaveLength(1);
      expect(read).toContain('"body"');
      for (const edge of page.edges) expect(edge.node.body).toBe(bodies.get(edge.node.id));
    }
  });

  it('counts in the page’s statement when totalCount is selected, after the last page too', async () => {
    const first = await list('totalCount pageInfo { endCursor } edges { node { id } }', { first: 3 });
    expect(first.page.totalCount).toBe(3);
    expect(first.reads).toHaveLength(1);
    expect(first.read).toMatch(/count\(/);
    const past = await list('totalCount edges { node { id } }', {
      first: 3,
      after: first.page.pageInfo.endCursor,
    });
    expect(past.page.edges).toHaveLength(0);
    expect(past.page.totalCount).toBe(3);
    // An empty page after a cursor carries no count: counted alone, in the same transaction.
    expect(past.reads).toHaveLength(2);
    const none = await list('totalCount edges { node { id } }', { first: 0 });
    expect(none.page.totalCount).toBe(3);
    expect(none.reads).toHaveLength(1);
  });

  it('leaves what was not selected out of the rows, and an unselected total unreadable', async () => {
    const page = await listDocuments(k.deps, author.viewer, { first: 2 }, { totalCount: false, body: false });
    expect(page.edges).toHaveLength(2);
    for (const edge of page.edges) expect(edge.node.body).toBeUndefined();
    expect(() => page.totalCount).toThrow(/not selected/);
    const full = await listDocuments(k.deps, author.viewer, { first: 2 });
    expect(full.totalCount).toBe(3);
    for (const edge of full.edges) expect(edge.node.body).toBe(bodies.get(edge.node.id));
  });
});
