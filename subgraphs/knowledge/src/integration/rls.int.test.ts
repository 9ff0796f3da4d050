import { randomUUID } from 'node:crypto';
import { type Database, rowsOf } from '@ukp/kit';
import { eq, sql } from 'drizzle-orm';
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, revisions } from '../db/schema.js';
import { createDocument, deleteDocument, transition, updateDocument } from '../domain/documents.js';
import { documentsByIds, firstRevisionPages, listDocuments, revisionPage } from '../domain/queries.js';
import {
  type AccessMatrix,
  arrangeAccessMatrix,
  CALLERS,
  type Caller,
  expectedWriteError,
  type MatrixDoc,
  viewerOf,
} from '../testing/access-matrix.js';
import { asReader, readerRows } from '../testing/rls.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';

/**
 * Row-level security, the guard behind the resolvers: the same access matrix as the HTTP tests,
 * through the domain layer and through raw SQL with no WHERE clause at all. This file's database
 * holds only the matrix documents and one soft-deleted document, so whole-table reads can be
 * compared exactly.
 */

let k: KnowledgeFixture;
let m: AccessMatrix;
/** A PUBLIC, PUBLISHED document by the matrix author, soft-deleted. */
let deletedId: string;

beforeAll(async () => {
  k = await startKnowledge();
  m = await arrangeAccessMatrix(k);
  const author = m.users.author.viewer;
  // A second revision on every document, so revisions are not one per document by accident.
  for (const id of Object.values(m.docs))
    await updateDocument(k.deps, author, id, 1, { body: 'Second version.' });
  const row = await createDocument(k.deps, author, { title: 'Soon gone', body: 'x', tags: ['gone'] });
  await transition(k.deps, author, row.id, 'publish');
  await deleteDocument(k.deps, author, row.id);
  deletedId = row.id;
});
afterAll(async () => {
  await k?.stop();
});

const sorted = (ids: readonly string[]) => [...ids].sort();

function userOf(caller: Caller): TestUser | null {
  return caller === 'anonymous' ? null : m.users[caller];
}

/** Everything a failed statement says, the driver's cause included. */
function messageOf(error: unknown): string {
  const parts: string[] = [];
  for (let e = error as { message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    parts.push(String(e.message));
  }
  return parts.join(' / ');
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

class Rollback extends Error {}

/** Runs `fn` as `user` under row-level security and rolls it back, returning what it returned. */
async function rolledBack<T>(user: TestUser | null, fn: (tx: Database) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await asReader(k.db, user, async (tx) => {
      result = await fn(tx);
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}

async function ownerRow(id: string) {
  const [row] = await k.db.select().from(documents).where(eq(documents.id, id));
  return row;
}

describe('the domain layer, for each caller', () => {
  it.each(CALLERS)(
    '%s: documentsByIds and listDocuments return exactly the readable rows',
    async (caller) => {
      const viewer = viewerOf(m, caller);
      const allowed = m.readable(caller);
      const ids = [...Object.values(m.docs), deletedId, randomUUID(), 'not-a-uuid'];
      const rows = await documentsByIds(k.deps, viewer, ids);
      expect(rows.map((r) => r?.id ?? null)).toEqual(ids.map((id) => (allowed.includes(id) ? id : null)));

      const list = await listDocuments(k.deps, viewer, { first: 100 });
      expect(sorted(list.edges.map((e) => e.node.id))).toEqual(sorted(allowed));
      expect(list.totalCount).toBe(allowed.length);
      for (const filter of [
        { status: 'DRAFT' as const },
        { visibility: 'PRIVATE' as const },
        { tags: ['gone'] },
      ]) {
        const filtered = await listDocuments(k.deps, viewer, { filter, first: 100 });
        for (const edge of filtered.edges) expect(allowed).toContain(edge.node.id);
      }
    },
  );

  it.each(CALLERS)('%s: revisions only of readable documents', async (caller) => {
    const viewer = viewerOf(m, caller);
    const allowed = m.readable(caller);
    const ids = [...Object.values(m.docs), deletedId];
    const pages = await firstRevisionPages(k.deps, viewer, ids, 20);
    pages.forEach((page, i) => {
      const readable = allowed.includes(ids[i]!);
      expect(page.totalCount).toBe(readable ? 2 : 0);
      expect(page.edges.map((e) => e.node.version)).toEqual(readable ? [2, 1] : []);
    });
    for (const id of ids) {
      const page = await revisionPage(k.deps, viewer, id, { first: 5 });
      expect(page.totalCount).toBe(allowed.includes(id) ? 2 : 0);
    }
  });

  it.each(CALLERS.filter((c) => c !== 'anonymous'))(
    '%s: updateDocument, transition and deleteDocument follow the edit rule',
    async (caller) => {
      const viewer = viewerOf(m, caller)!;
      for (const [name, id] of Object.entries(m.docs) as Array<[MatrixDoc, string]>) {
        const before = await ownerRow(id);
        const content = expectedWriteError(name, caller, 'content');
        const manage = expectedWriteError(name, caller, 'manage');
        const save = updateDocument(k.deps, viewer, id, before!.version, { title: before!.title });
        // An identical save passes every check it is allowed past and changes nothing.
        if (content) expect(((await failure(save)) as GraphQLError).extensions?.code).toBe(content);
        else await expect(save).resolves.toMatchObject({ id, version: before!.version });
        const other = before!.visibility === 'PUBLIC' ? 'PRIVATE' : 'PUBLIC';
        const codes = manage
          ? [
              await failure(updateDocument(k.deps, viewer, id, before!.version, { visibility: other })),
              await failure(transition(k.deps, viewer, id, 'publish')),
              await failure(transition(k.deps, viewer, id, 'archive')),
              await failure(transition(k.deps, viewer, id, 'restore')),
              await failure(deleteDocument(k.deps, viewer, id)),
            ].map((error) => (error as GraphQLError).extensions?.code)
          : [];
        expect(codes, `${caller} on ${name}`).toEqual(manage ? Array(5).fill(manage) : []);
        const { views: _a, ...after } = (await ownerRow(id))!;
        const { views: _b, ...was } = before!;
        expect(after).toEqual(was);
      }
    },
  );

  it('a soft-deleted document is gone for its author and ADMINs too', async () => {
    for (const caller of ['author', 'admin'] as const) {
      const viewer = viewerOf(m, caller)!;
      expect(await documentsByIds(k.deps, viewer, [deletedId])).toEqual([undefined]);
      const error = await failure(updateDocument(k.deps, viewer, deletedId, 1, { title: 'Back' }));
      expect((error as GraphQLError).extensions?.code).toBe('NOT_FOUND');
      expect(
        ((await failure(deleteDocument(k.deps, viewer, deletedId))) as GraphQLError).extensions?.code,
      ).toBe('NOT_FOUND');
    }
    expect((await ownerRow(deletedId))!.deletedAt).toBeInstanceOf(Date);
  });
});

describe('raw SQL as the request role', () => {
  it.each(CALLERS)('%s: SELECT with no WHERE clause sees only the readable documents', async (caller) => {
    const rows = await readerRows<{ id: string }>(
      k.db,
      userOf(caller),
      sql`select id from knowledge.documents`,
    );
    expect(sorted(rows.map((r) => r.id))).toEqual(sorted(m.readable(caller)));
    // Asking for a row by id does not get round it.
    const all = sql.join(
      [...Object.values(m.docs), deletedId].map((id) => sql`${id}::uuid`),
      sql`, `,
    );
    const byId = await readerRows<{ n: number | string }>(
      k.db,
      userOf(caller),
      sql`select count(*) as n from knowledge.documents where id in (${all}) or true`,
    );
    expect(Number(byId[0]!.n)).toBe(m.readable(caller).length);
  });

  it.each(CALLERS)('%s: revisions are readable only where their document is', async (caller) => {
    const rows = await readerRows<{ document_id: string }>(
      k.db,
      userOf(caller),
      sql`select document_id from knowledge.revisions`,
    );
    const allowed = m.readable(caller);
    expect(rows).toHaveLength(allowed.length * 2);
    expect(sorted([...new Set(rows.map((r) => r.document_id))])).toEqual(sorted(allowed));
  });

  it('anonymous readers see the revisions of public published documents only', async () => {
    const rows = await readerRows<{ document_id: string; version: number }>(
      k.db,
      null,
      sql`select document_id, version from knowledge.revisions order by version`,
    );
    expect(rows).toEqual([
      { document_id: m.docs.publicPublished, version: 1 },
      { document_id: m.docs.publicPublished, version: 2 },
    ]);
  });

  it('a soft-deleted row and its revisions are invisible even to an ADMIN', async () => {
    for (const caller of ['admin', 'author'] as const) {
      const user = userOf(caller);
      expect(
        await readerRows(k.db, user, sql`select id from knowledge.documents where id = ${deletedId}::uuid`),
      ).toEqual([]);
      expect(
        await readerRows(
          k.db,
          user,
          sql`select id from knowledge.revisions where document_id = ${deletedId}::uuid`,
        ),
      ).toEqual([]);
    }
    // It is still there for the owner (audit, recovery).
    const kept = await k.db.select().from(revisions).where(eq(revisions.documentId, deletedId));
    expect(kept).toHaveLength(1);
  });

  it.each(['anonymous', 'viewer'] as const)(
    '%s: UPDATE of the author’s rows affects 0 rows, with or without a WHERE clause',
    async (caller) => {
      const user = userOf(caller);
      const all = await rolledBack(user, async (tx) =>
        rowsOf<{ id: string }>(
          await tx.execute(sql`update knowledge.documents set title = 'Hijacked' returning id`),
        ),
      );
      expect(all).toEqual([]);
      const one = await rolledBack(user, async (tx) =>
        rowsOf<{ id: string }>(
          await tx.execute(
            sql`update knowledge.documents set title = 'Hijacked' where id = ${m.docs.publicPublished}::uuid returning id`,
          ),
        ),
      );
      expect(one).toEqual([]);
      // Committed this time, to be sure nothing changed.
      await asReader(k.db, user, (tx) => tx.execute(sql`update knowledge.documents set title = 'Hijacked'`));
      for (const id of Object.values(m.docs)) expect((await ownerRow(id))!.title).not.toBe('Hijacked');
    },
  );

  it('another EDITOR’s UPDATE reaches the content of PUBLIC rows only, and nothing else in them', async () => {
    const user = m.users.otherEditor;
    const titled = await rolledBack(user, async (tx) =>
      rowsOf<{ id: string }>(
        await tx.execute(
          sql`update knowledge.documents set title = 'Improved', body = 'b', tags = '{kb}', version = version + 1 returning id`,
        ),
      ),
    );
    expect(sorted(titled.map((r) => r.id))).toEqual(
      sorted([m.docs.publicPublished, m.docs.publicDraft, m.docs.publicArchived]),
    );
    for (const change of [
      sql`visibility = 'PRIVATE'`,
      sql`status = 'ARCHIVED'`,
      sql`published_at = now()`,
      sql`author_id = ${user.id}::uuid`,
      sql`deleted_at = now()`,
      sql`views = views + 1`,
    ]) {
      const refused = await failure(
        rolledBack(user, (tx) =>
          tx.execute(sql`update knowledge.documents set ${change} where id = ${m.docs.publicDraft}::uuid`),
        ),
      );
      expect(messageOf(refused)).toMatch(/row-level security|only the author or an ADMIN|only an ADMIN/);
    }
    // PRIVATE rows are out of reach altogether.
    const hidden = await rolledBack(user, async (tx) =>
      rowsOf(
        await tx.execute(
          sql`update knowledge.documents set title = 'Hijacked' where visibility = 'PRIVATE' returning id`,
        ),
      ),
    );
    expect(hidden).toEqual([]);
  });

  it('UPDATE reaches the author’s own rows, and every row for an ADMIN', async () => {
    const change = (user: TestUser) =>
      rolledBack(user, async (tx) =>
        rowsOf<{ id: string }>(
          await tx.execute(sql`update knowledge.documents set views = views returning id`),
        ),
      );
    expect(sorted((await change(m.users.author)).map((r) => r.id))).toEqual(sorted(Object.values(m.docs)));
    expect(sorted((await change(m.users.admin)).map((r) => r.id))).toEqual(sorted(Object.values(m.docs)));
  });

  it('an author cannot hand a document to someone else, nor bring a deleted one back', async () => {
    const author = m.users.author;
    const handOver = await failure(
      rolledBack(author, (tx) =>
        tx.execute(
          sql`update knowledge.documents set author_id = ${m.users.otherEditor.id}::uuid where id = ${m.docs.publicDraft}::uuid`,
        ),
      ),
    );
    expect(messageOf(handOver)).toMatch(/only an ADMIN may change the author/);
    for (const user of [author, m.users.admin]) {
      const revived = await rolledBack(user, async (tx) =>
        rowsOf(
          await tx.execute(
            sql`update knowledge.documents set deleted_at = null where id = ${deletedId}::uuid returning id`,
          ),
        ),
      );
      expect(revived).toEqual([]);
    }
    expect((await ownerRow(m.docs.publicDraft))!.authorId).toBe(author.id);
    expect((await ownerRow(deletedId))!.deletedAt).not.toBeNull();
  });

  it('INSERT needs an EDITOR or ADMIN writing as themselves', async () => {
    const insertAs = (user: TestUser | null, authorId: string) =>
      rolledBack(user, async (tx) =>
        rowsOf<{ id: string }>(
          await tx.execute(
            sql`insert into knowledge.documents (author_id, title, body) values (${authorId}::uuid, 'Raw', 'raw') returning id`,
          ),
        ),
      );
    const { otherEditor, viewer, admin, author } = m.users;
    // Allowed (and rolled back): an EDITOR or ADMIN as the author.
    expect(await insertAs(otherEditor, otherEditor.id)).toHaveLength(1);
    expect(await insertAs(admin, admin.id)).toHaveLength(1);
    // Refused: somebody else as the author (ADMINs included), a VIEWER, anonymous.
    for (const [user, authorId] of [
      [otherEditor, author.id],
      [admin, author.id],
      [viewer, viewer.id],
      [null, author.id],
    ] as const) {
      expect(messageOf(await failure(insertAs(user, authorId)))).toMatch(/row-level security/);
    }
  });

  it('INSERT of a revision follows the edit rule, as the editor', async () => {
    const insertRevision = (user: TestUser, docId: string, editorId: string) =>
      rolledBack(user, async (tx) =>
        rowsOf(
          await tx.execute(
            sql`insert into knowledge.revisions (document_id, version, title, body, tags, editor_id)
                values (${docId}::uuid, 99, 'Forged', 'forged', '{}', ${editorId}::uuid) returning id`,
          ),
        ),
      );
    const { otherEditor, author, admin, viewer } = m.users;
    expect(await insertRevision(author, m.docs.publicDraft, author.id)).toHaveLength(1);
    expect(await insertRevision(admin, m.docs.privateDraft, admin.id)).toHaveLength(1);
    expect(await insertRevision(otherEditor, m.docs.publicDraft, otherEditor.id)).toHaveLength(1);
    for (const [user, docId, editorId] of [
      [otherEditor, m.docs.privatePublished, otherEditor.id],
      [otherEditor, m.docs.publicDraft, author.id],
      [author, m.docs.publicDraft, admin.id],
      [viewer, m.docs.publicPublished, viewer.id],
    ] as const) {
      expect(messageOf(await failure(insertRevision(user, docId, editorId)))).toMatch(/row-level security/);
    }
  });

  it('revisions are history: no policy lets anyone UPDATE one, ADMINs and authors included', async () => {
    for (const user of [m.users.admin, m.users.author]) {
      const changed = await rolledBack(user, async (tx) =>
        rowsOf(await tx.execute(sql`update knowledge.revisions set body = 'rewritten' returning id`)),
      );
      expect(changed).toEqual([]);
    }
  });

  it('DELETE is not granted at all, and soft_delete checks authorship itself', async () => {
    const denied = await failure(
      rolledBack(m.users.admin, (tx) => tx.execute(sql`delete from knowledge.documents`)),
    );
    expect(messageOf(denied)).toMatch(/permission denied/);
    for (const caller of ['anonymous', 'viewer', 'otherEditor'] as const) {
      const [result] = await readerRows<{ deleted: boolean }>(
        k.db,
        userOf(caller),
        sql`select knowledge.soft_delete(${m.docs.publicPublished}::uuid, now()) as deleted`,
      );
      expect(result!.deleted, caller).toBe(false);
    }
    expect((await ownerRow(m.docs.publicPublished))!.deletedAt).toBeNull();
  });

  it('the owner connection is not subject to the policies (migrations, maintenance)', async () => {
    const [row] = rowsOf<{ n: number | string }>(
      await k.db.execute(sql`select count(*) as n from knowledge.documents`),
    );
    expect(Number(row!.n)).toBe(Object.keys(m.docs).length + 1);
  });
});
