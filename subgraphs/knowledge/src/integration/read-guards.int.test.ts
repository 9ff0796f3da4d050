import { rowsOf } from '@ukp/kit';
import { type GqlResult, gql } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AccessMatrix,
  arrangeAccessMatrix,
  CALLERS,
  type Caller,
  tokenOf,
} from '../testing/access-matrix.js';
import { readerRows } from '../testing/rls.js';
import { type KnowledgeFixture, startKnowledge } from '../testing/server-fixture.js';

/**
 * Reads are guarded three times: the service's own filter, row-level security, and the shield
 * rule on Document (which checks the row it is given). Each run here turns guards off on a server
 * over the same database and shows that what is left still refuses every forbidden read, through
 * GraphQL as a client sends it. This file's database holds only the access matrix.
 */

let k: KnowledgeFixture;
let m: AccessMatrix;

beforeAll(async () => {
  k = await startKnowledge();
  m = await arrangeAccessMatrix(k);
});
afterAll(async () => {
  await setRowLevelSecurity(true);
  await k?.stop();
});

async function setRowLevelSecurity(on: boolean) {
  const mode = sql.raw(on ? 'ENABLE' : 'DISABLE');
  await k.db.execute(sql`alter table knowledge.documents ${mode} row level security`);
  await k.db.execute(sql`alter table knowledge.revisions ${mode} row level security`);
}

const FIELDS = 'id title body status visibility revisions { totalCount edges { node { version body } } }';
const READS = `query ($id: ID!) {
  document(id: $id) { ${FIELDS} }
}`;
const LISTS = `query ($author: _Any!, $docs: [_Any!]!) {
  documents(first: 100) { totalCount edges { node { ${FIELDS} } } }
  search(query: "matrix", first: 100) { document { ${FIELDS} } }
  ask(question: "Which document is public?") { sources { document { ${FIELDS} } } }
  entities: _entities(representations: $docs) { ... on Document { ${FIELDS} } }
  author: _entities(representations: [$author]) { ... on User { documents(first: 100) { totalCount edges { node { id } } } } }
}`;

interface Listed {
  documents: { totalCount: number; edges: Array<{ node: { id: string } }> };
  search: Array<{ document: { id: string } }>;
  ask: { sources: Array<{ document: { id: string } }> };
  entities: Array<{ id: string } | null>;
  author: Array<{ documents: { totalCount: number; edges: Array<{ node: { id: string } }> } }>;
}

const sorted = (ids: readonly string[]) => [...ids].sort();

/** Every read of the matrix a client can make, as `caller`, against `url`. */
async function readAll(url: string, caller: Caller) {
  const token = tokenOf(m, caller);
  const author = { __typename: 'User', id: m.users.author.id };
  const single: Record<string, GqlResult<{ document: { id: string } | null }>> = {};
  for (const [name, id] of Object.entries(m.docs)) {
    single[name] = await gql(url, READS, { id }, token);
  }
  const docs = Object.values(m.docs).map((id) => ({ __typename: 'Document', id }));
  const lists = await gql<Listed>(url, LISTS, { author, docs }, token);
  return { single, lists };
}

/** The matrix documents `caller` may not read, by id and by title. */
function forbidden(caller: Caller): string[] {
  const allowed = m.readable(caller);
  return (Object.entries(m.docs) as Array<[string, string]>)
    .filter(([, id]) => !allowed.includes(id))
    .map(([, id]) => id);
}

/** What every guard together answers today: exactly the readable documents, with no errors. */
async function expectExactlyTheRules(url: string, caller: Caller) {
  const allowed = m.readable(caller);
  const { single, lists } = await readAll(url, caller);
  for (const [name, result] of Object.entries(single)) {
    const id = m.docs[name as keyof typeof m.docs];
    expect(result.body.errors, `${caller} reading ${name}`).toBeUndefined();
    expect(result.body.data?.document?.id ?? null, `${caller} reading ${name}`).toBe(
      allowed.includes(id) ? id : null,
    );
  }
  expect(lists.body.errors, caller).toBeUndefined();
  const data = lists.body.data!;
  expect(sorted(data.documents.edges.map((e) => e.node.id))).toEqual(sorted(allowed));
  expect(data.documents.totalCount).toBe(allowed.length);
  expect(sorted(data.search.map((h) => h.document.id))).toEqual(sorted(allowed));
  for (const source of data.ask.sources) expect(allowed).toContain(source.document.id);
  expect(data.entities.map((e) => e?.id ?? null)).toEqual(
    Object.values(m.docs).map((id) => (allowed.includes(id) ? id : null)),
  );
  expect(sorted(data.author[0]!.documents.edges.map((e) => e.node.id))).toEqual(sorted(allowed));
  expect(data.author[0]!.documents.totalCount).toBe(allowed.length);
}

describe('each read guard alone', () => {
  it('all guards on: exactly what the rules allow, and no errors', async () => {
    for (const caller of CALLERS) await expectExactlyTheRules(k.url, caller);
  });

  it('row-level security off: the service’s filter and the Document rule answer exactly the same', async () => {
    await setRowLevelSecurity(false);
    try {
      // The test would prove nothing if Postgres still filtered: the request role now sees all.
      const seen = await readerRows<{ id: string }>(k.db, null, sql`select id from knowledge.documents`);
      expect(seen).toHaveLength(Object.keys(m.docs).length);
      for (const caller of CALLERS) await expectExactlyTheRules(k.url, caller);
    } finally {
      await setRowLevelSecurity(true);
    }
  });

  it('row-level security and the service’s filter off: the Document rule alone never hands out a forbidden document', async () => {
    const ruleOnly = await startKnowledge({ sameAs: k, readGuards: { filter: false } });
    await setRowLevelSecurity(false);
    try {
      for (const caller of CALLERS) {
        const allowed = m.readable(caller);
        const hidden = forbidden(caller);
        const { single, lists } = await readAll(ruleOnly.url, caller);
        for (const [name, result] of Object.entries(single)) {
          const id = m.docs[name as keyof typeof m.docs];
          if (allowed.includes(id)) {
            expect(result.body.data?.document?.id, `${caller} reading ${name}`).toBe(id);
          } else {
            // Like a missing document (null), with the refusal the rule gives for a slip.
            expect(result.body.data?.document ?? null, `${caller} reading ${name}`).toBeNull();
            expect(result.body.errors?.[0]?.extensions?.code).toBe(
              caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN',
            );
          }
        }
        // Lists that would hold a forbidden document fail as a whole instead.
        const text = JSON.stringify(lists.body.data ?? null);
        for (const id of hidden) expect(text, `${caller} listing`).not.toContain(id);
        if (hidden.length > 0) expect(lists.body.errors?.length, caller).toBeGreaterThan(0);
      }
    } finally {
      await setRowLevelSecurity(true);
      await ruleOnly.stop();
    }
  });

  it('the service’s filter and the Document rule off: row-level security alone answers exactly the same', async () => {
    const rlsOnly = await startKnowledge({ sameAs: k, readGuards: { filter: false, documentRule: false } });
    try {
      const [on] = rowsOf<{ on: boolean }>(
        await k.db.execute(
          sql`select relrowsecurity as on from pg_class where oid = 'knowledge.documents'::regclass`,
        ),
      );
      expect(on?.on).toBe(true);
      for (const caller of CALLERS) await expectExactlyTheRules(rlsOnly.url, caller);
    } finally {
      await rlsOnly.stop();
    }
  });
});
