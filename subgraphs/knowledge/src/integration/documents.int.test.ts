import { randomUUID } from 'node:crypto';
import { encodeCursor } from '@ukp/kit';
import { dataOf, errorCode, type GqlResult, gql, nextEvent } from '@ukp/kit/testing';
import { and, count, eq } from 'drizzle-orm';
import type { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documents, revisions } from '../db/schema.js';
import { createDocument, type DocumentEvent, transition, updateDocument } from '../domain/documents.js';
import { DEFAULT_BODY_MAX_BYTES as BODY_MAX_BYTES } from '../domain/validate.js';
import {
  type AccessMatrix,
  arrangeAccessMatrix,
  CALLERS,
  expectedWriteError,
  type MatrixDoc,
  tokenOf,
} from '../testing/access-matrix.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';

let k: KnowledgeFixture;
let editor: TestUser;
let otherEditor: TestUser;
let admin: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  k = await startKnowledge();
  editor = await k.user(['EDITOR']);
  otherEditor = await k.user(['EDITOR']);
  admin = await k.user(['ADMIN']);
  viewer = await k.user(['VIEWER']);
});
afterAll(async () => {
  await k?.stop();
});

interface Doc {
  id: string;
  title: string;
  body: string;
  tags: string[];
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  visibility: 'PUBLIC' | 'PRIVATE';
  version: number;
  author: { id: string };
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
}
interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface Connection<N> {
  edges: Array<{ cursor: string; node: N }>;
  pageInfo: PageInfo;
  totalCount: number;
}
interface RevisionNode {
  version: number;
  title: string;
  body: string;
  tags: string[];
  editor: { id: string } | null;
  at: string;
}

const FIELDS = 'id title body tags status visibility version author { id } createdAt updatedAt publishedAt';
const CREATE = `mutation ($input: CreateDocumentInput!) { createDocument(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation ($id: ID!, $v: Int!, $input: UpdateDocumentInput!) {
  updateDocument(id: $id, expectedVersion: $v, input: $input) { ${FIELDS} }
}`;
const PUBLISH = `mutation ($id: ID!) { publishDocument(id: $id) { ${FIELDS} } }`;
const ARCHIVE = `mutation ($id: ID!) { archiveDocument(id: $id) { ${FIELDS} } }`;
const RESTORE = `mutation ($id: ID!) { restoreDocument(id: $id) { ${FIELDS} } }`;
const DELETE = 'mutation ($id: ID!) { deleteDocument(id: $id) }';
const GET = `query ($id: ID!) { document(id: $id) { ${FIELDS} } }`;
const LIST = `query ($filter: DocumentFilter, $first: Int, $after: String) {
  documents(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title tags status visibility author { id } } }
  }
}`;
const REVISIONS = `query ($id: ID!, $first: Int, $after: String) {
  document(id: $id) {
    revisions(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { version title body tags editor { id } at } }
    }
  }
}`;
const ENTITIES = `query ($r: [_Any!]!) {
  _entities(representations: $r) {
    __typename
    ... on Document { id title }
    ... on User { id documents(first: 100) { totalCount edges { node { id } } } }
  }
}`;

type Mutation = 'update' | 'publish' | 'archive' | 'restore' | 'delete';
const MUTATIONS: Record<Exclude<Mutation, 'update'>, string> = {
  publish: PUBLISH,
  archive: ARCHIVE,
  restore: RESTORE,
  delete: DELETE,
};

async function create(user: TestUser, input: Record<string, unknown> = {}): Promise<Doc> {
  const result = await gql<{ createDocument: Doc }>(
    k.url,
    CREATE,
    { input: { title: `Doc ${randomUUID()}`, body: 'Some **body**.', ...input } },
    user.token,
  );
  return dataOf(result).createDocument;
}

function update(token: string | undefined, id: string, version: number, input: Record<string, unknown>) {
  return gql<{ updateDocument: Doc }>(k.url, UPDATE, { id, v: version, input }, token);
}

function move(token: string | undefined, action: Exclude<Mutation, 'update'>, id: string) {
  return gql<Record<string, Doc>>(k.url, MUTATIONS[action], { id }, token);
}

async function rowOf(id: string) {
  const [row] = await k.db.select().from(documents).where(eq(documents.id, id));
  return row;
}

/** The row without its view counter, which reads elsewhere bump in the background. */
async function contentOf(id: string) {
  const { views: _views, ...rest } = (await rowOf(id))!;
  return rest;
}

async function revisionCount(id: string): Promise<number> {
  const [row] = await k.db.select({ n: count() }).from(revisions).where(eq(revisions.documentId, id));
  return row?.n ?? 0;
}

async function documentCount(): Promise<number> {
  const [row] = await k.db.select({ n: count() }).from(documents);
  return row?.n ?? 0;
}

function firstError(result: GqlResult<unknown>) {
  return result.body.errors?.[0];
}

/** The GraphQL error a domain call rejects with. */
async function rejection(promise: Promise<unknown>): Promise<GraphQLError> {
  try {
    await promise;
  } catch (error) {
    return error as GraphQLError;
  }
  throw new Error('expected the call to fail');
}

describe('createDocument', () => {
  it('creates a sanitised DRAFT with normalised tags, version 1 and its first revision', async () => {
    const created = nextEvent<DocumentEvent>(k.deps.bus, 'document.created', (e) => e.authorId === editor.id);
    const { event } = await created;
    const before = Date.now();
    const doc = await create(editor, {
      title: '  Rotating database credentials ',
      body: '# Steps\n\n> Rotate every 90 days.\n\n<img src=x onerror="alert(1)"><script>steal()</script> a < b',
      tags: ['Security', 'Database Credentials', 'security'],
    });
    expect(doc).toMatchObject({
      title: 'Rotating database credentials',
      body: '# Steps\n\n> Rotate every 90 days.\n\n<img src="x"> a < b',
      tags: ['security', 'database-credentials'],
      status: 'DRAFT',
      visibility: 'PUBLIC',
      version: 1,
      author: { id: editor.id },
      publishedAt: null,
    });
    expect(Date.parse(doc.createdAt)).toBeGreaterThanOrEqual(before - 2000);

    const row = await rowOf(doc.id);
    expect(row).toMatchObject({
      authorId: editor.id,
      title: doc.title,
      body: doc.body,
      version: 1,
      views: 0,
    });
    const revs = await k.db.select().from(revisions).where(eq(revisions.documentId, doc.id));
    expect(revs).toHaveLength(1);
    expect(revs[0]).toMatchObject({
      version: 1,
      title: doc.title,
      body: doc.body,
      tags: doc.tags,
      editorId: editor.id,
    });

    expect((await event).data).toMatchObject({
      documentId: doc.id,
      authorId: editor.id,
      actorId: editor.id,
      title: doc.title,
      status: 'DRAFT',
      version: 1,
    });
  });

  it('is open to ADMINs, and PRIVATE when asked', async () => {
    const doc = await create(admin, { visibility: 'PRIVATE' });
    expect(doc).toMatchObject({ author: { id: admin.id }, visibility: 'PRIVATE', status: 'DRAFT' });
  });

  it('refuses VIEWERs (FORBIDDEN), anonymous callers (UNAUTHENTICATED) and bad tokens, writing nothing', async () => {
    const before = await documentCount();
    const input = { title: 'Not allowed', body: 'x' };
    expect(errorCode(await gql(k.url, CREATE, { input }, viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(k.url, CREATE, { input }))).toBe('UNAUTHENTICATED');
    const forged = await k.user(['EDITOR']);
    const tampered = `${forged.token.slice(0, -4)}AAAA`;
    const bad = await gql(k.url, CREATE, { input }, tampered);
    expect(bad.status).toBe(401);
    expect(errorCode(bad)).toBe('UNAUTHENTICATED');
    // An ANALYST is signed in but no editor either.
    expect(errorCode(await gql(k.url, CREATE, { input }, (await k.user(['ANALYST'])).token))).toBe(
      'FORBIDDEN',
    );
    expect(await documentCount()).toBe(before);
  });

  it('refuses invalid input on the field at fault, writing nothing', async () => {
    const before = await documentCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ title: '' }, 'title'],
      [{ title: '   \t ' }, 'title'],
      [{ title: 'x'.repeat(301) }, 'title'],
      [{ title: 'line\nbreak' }, 'title'],
      [{ tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ tags: ['y'.repeat(41)] }, 'tags'],
      [{ tags: ['ok', '***'] }, 'tags'],
      [{ body: 'nul \u0000 inside' }, 'body'],
    ];
    for (const [input, field] of cases) {
      const result = await gql(
        k.url,
        CREATE,
        { input: { title: 'Valid', body: 'x', ...input } },
        editor.token,
      );
      expect(errorCode(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(firstError(result)!.extensions!.field).toBe(field);
    }
    expect(await documentCount()).toBe(before);
    // The limits themselves are allowed.
    const edge = await create(editor, {
      title: ` ${'t'.repeat(300)} `,
      tags: Array.from({ length: 20 }, (_, i) => `${'y'.repeat(38)}${i}`.slice(-40)),
    });
    expect(edge.title).toHaveLength(300);
    expect(edge.tags).toHaveLength(20);
  });

  it('limits the body to 1 MB in UTF-8 bytes (domain level: HTTP requests are capped at 1 MB)', async () => {
    const title = 'Big body';
    const exact = await createDocument(k.deps, editor.viewer, { title, body: 'x'.repeat(BODY_MAX_BYTES) });
    expect((await rowOf(exact.id))!.body).toHaveLength(BODY_MAX_BYTES);
    const before = await documentCount();
    for (const body of [
      'x'.repeat(BODY_MAX_BYTES + 1),
      'é'.repeat(BODY_MAX_BYTES / 2 + 1),
      '😀'.repeat(BODY_MAX_BYTES / 4 + 1),
    ]) {
      const error = await rejection(createDocument(k.deps, editor.viewer, { title, body }));
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    }
    // Fewer than 1 Mi characters, but more than 1 MB.
    expect('é'.repeat(BODY_MAX_BYTES / 2 + 1).length).toBeLessThan(BODY_MAX_BYTES);
    expect(await documentCount()).toBe(before);
  });
});

describe('updateDocument', () => {
  it('saves a real change as a new version with a revision, and announces it', async () => {
    const doc = await create(editor, { title: 'Original', body: 'v1', tags: ['one'] });
    const { event } = await nextEvent<DocumentEvent>(
      k.deps.bus,
      'document.updated',
      (e) => e.documentId === doc.id,
    );
    const before = Date.now();
    const result = await update(editor.token, doc.id, 1, {
      title: ' Changed ',
      body: 'v2',
      tags: ['Two', 'three'],
    });
    const updated = dataOf(result).updateDocument;
    expect(updated).toMatchObject({ title: 'Changed', body: 'v2', tags: ['two', 'three'], version: 2 });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(doc.updatedAt));

    const revs = await k.db
      .select()
      .from(revisions)
      .where(eq(revisions.documentId, doc.id))
      .orderBy(revisions.version);
    expect(revs.map((r) => r.version)).toEqual([1, 2]);
    expect(revs[1]).toMatchObject({
      title: 'Changed',
      body: 'v2',
      tags: ['two', 'three'],
      editorId: editor.id,
    });
    expect(revs[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 2000);
    expect(revs[1]!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 2000);
    expect((await event).data).toMatchObject({
      documentId: doc.id,
      version: 2,
      actorId: editor.id,
      title: 'Changed',
    });

    // Only the fields sent change; visibility alone is a change too.
    const third = dataOf(await update(editor.token, doc.id, 2, { visibility: 'PRIVATE' })).updateDocument;
    expect(third).toMatchObject({
      title: 'Changed',
      body: 'v2',
      tags: ['two', 'three'],
      visibility: 'PRIVATE',
      version: 3,
    });
    expect(await revisionCount(doc.id)).toBe(3);
  });

  it('refuses a stale expectedVersion with CONFLICT and the current version, changing nothing', async () => {
    const doc = await create(editor, { title: 'Locked', body: 'v1' });
    dataOf(await update(editor.token, doc.id, 1, { body: 'v2' }));
    const rowBefore = await rowOf(doc.id);
    for (const stale of [1, 3, 0]) {
      const result = await update(editor.token, doc.id, stale, { title: 'Lost update', body: 'clobbered' });
      expect(errorCode(result)).toBe('CONFLICT');
      expect(firstError(result)!.extensions!.currentVersion).toBe(2);
    }
    expect(await rowOf(doc.id)).toEqual(rowBefore);
    expect(await revisionCount(doc.id)).toBe(2);
  });

  it('lets one of two concurrent saves of the same version win; the other gets CONFLICT', async () => {
    const doc = await create(editor, { body: 'v1' });
    const results = await Promise.all([
      update(editor.token, doc.id, 1, { body: 'from tab A' }),
      update(editor.token, doc.id, 1, { body: 'from tab B' }),
    ]);
    const codes = results.map((r) => errorCode(r) ?? 'OK').sort();
    expect(codes).toEqual(['CONFLICT', 'OK']);
    expect((await rowOf(doc.id))!.version).toBe(2);
    expect(await revisionCount(doc.id)).toBe(2);
  });

  it('writes no revision and keeps the version when nothing changes', async () => {
    const doc = await create(editor, { title: 'Same', body: 'Body', tags: ['a-tag', 'b'] });
    const rowBefore = await rowOf(doc.id);
    const inputs = [
      {},
      { title: 'Same' },
      { title: '  Same  ', body: 'Body', tags: ['A Tag', 'b', 'a_tag'], visibility: 'PUBLIC' },
      { body: 'Body<script>x()</script>' },
    ];
    for (const input of inputs) {
      const same = dataOf(await update(editor.token, doc.id, 1, input)).updateDocument;
      expect(same.version, JSON.stringify(input)).toBe(1);
    }
    expect(await rowOf(doc.id)).toEqual(rowBefore);
    expect(await revisionCount(doc.id)).toBe(1);
  });

  it('records the ADMIN as editor when an ADMIN changes someone else’s document', async () => {
    const doc = await create(editor);
    dataOf(await update(admin.token, doc.id, 1, { body: 'Fixed by an admin.' }));
    const [rev] = await k.db
      .select()
      .from(revisions)
      .where(eq(revisions.documentId, doc.id))
      .orderBy(revisions.version)
      .offset(1);
    expect(rev).toMatchObject({ version: 2, editorId: admin.id });
    expect((await rowOf(doc.id))!.authorId).toBe(editor.id);
  });

  it('validates changed fields like createDocument does', async () => {
    const doc = await create(editor);
    for (const [input, field] of [
      [{ title: ' ' }, 'title'],
      [{ tags: ['y'.repeat(41)] }, 'tags'],
      [{ body: '\u0000' }, 'body'],
    ] as const) {
      const result = await update(editor.token, doc.id, 1, input);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(firstError(result)!.extensions!.field).toBe(field);
    }
    expect(await revisionCount(doc.id)).toBe(1);
  });
});

describe('revisions', () => {
  it('pages newest first with first/after, and totalCount counts them all', async () => {
    const doc = await create(editor, { title: 'R1', body: 'b1' });
    for (let v = 1; v <= 4; v += 1) {
      dataOf(
        await update(editor.token, doc.id, v, { title: `R${v + 1}`, body: `b${v + 1}`, tags: [`t${v + 1}`] }),
      );
    }
    const page = async (first: number, after?: string | null) =>
      dataOf(
        await gql<{ document: { revisions: Connection<RevisionNode> } }>(
          k.url,
          REVISIONS,
          { id: doc.id, first, after },
          editor.token,
        ),
      ).document.revisions;

    const one = await page(2);
    expect(one.edges.map((e) => e.node.version)).toEqual([5, 4]);
    expect(one.edges[0]!.node).toMatchObject({
      title: 'R5',
      body: 'b5',
      tags: ['t5'],
      editor: { id: editor.id },
    });
    expect(one).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true } });
    const two = await page(2, one.pageInfo.endCursor);
    expect(two.edges.map((e) => e.node.version)).toEqual([3, 2]);
    expect(two.pageInfo.hasNextPage).toBe(true);
    const three = await page(2, two.pageInfo.endCursor);
    expect(three.edges.map((e) => e.node.version)).toEqual([1]);
    expect(three.edges[0]!.node).toMatchObject({ title: 'R1', body: 'b1', tags: [] });
    expect(three).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false } });
    const all = await page(100);
    expect(all.edges.map((e) => e.node.version)).toEqual([5, 4, 3, 2, 1]);
    const times = all.edges.map((e) => Date.parse(e.node.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('refuses first > 100 and cursors it did not issue', async () => {
    const doc = await create(editor);
    for (const variables of [
      { first: 101 },
      { first: -1 },
      { first: 2, after: 'not-a-cursor' },
      { first: 2, after: encodeCursor({ v: 'x' }) },
      { first: 2, after: encodeCursor({ t: new Date().toISOString(), id: randomUUID() }) },
      { first: 2, after: encodeCursor({ v: 1e300 }) },
      { first: 2, after: encodeCursor({ v: 2 ** 31 }) },
    ]) {
      const result = await gql(k.url, REVISIONS, { id: doc.id, ...variables }, editor.token);
      expect(errorCode(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('status', () => {
  it('moves DRAFT → PUBLISHED → ARCHIVED → DRAFT, announcing each step', async () => {
    const doc = await create(editor);
    const published = nextEvent<DocumentEvent>(
      k.deps.bus,
      'document.published',
      (e) => e.documentId === doc.id,
    );
    const archived = nextEvent<DocumentEvent>(
      k.deps.bus,
      'document.archived',
      (e) => e.documentId === doc.id,
    );
    const onPublished = (await published).event;
    const onArchived = (await archived).event;

    const p = dataOf(await move(editor.token, 'publish', doc.id)).publishDocument!;
    expect(p.status).toBe('PUBLISHED');
    expect(p.publishedAt).not.toBeNull();
    expect((await onPublished).data).toMatchObject({ status: 'PUBLISHED', actorId: editor.id });

    const a = dataOf(await move(editor.token, 'archive', doc.id)).archiveDocument!;
    expect(a.status).toBe('ARCHIVED');
    expect((await onArchived).data).toMatchObject({ status: 'ARCHIVED', actorId: editor.id });

    const r = dataOf(await move(admin.token, 'restore', doc.id)).restoreDocument!;
    expect(r.status).toBe('DRAFT');
    expect((await rowOf(doc.id))!.status).toBe('DRAFT');
  });

  it('refuses every other move with BAD_USER_INPUT and leaves the status alone', async () => {
    const doc = await create(editor);
    const wrong: Record<Doc['status'], Array<Exclude<Mutation, 'update' | 'delete'>>> = {
      DRAFT: ['archive', 'restore'],
      PUBLISHED: ['publish', 'restore'],
      ARCHIVED: ['publish', 'archive'],
    };
    const next: Record<Doc['status'], Exclude<Mutation, 'update' | 'delete'>> = {
      DRAFT: 'publish',
      PUBLISHED: 'archive',
      ARCHIVED: 'restore',
    };
    let status: Doc['status'] = 'DRAFT';
    for (let step = 0; step < 3; step += 1) {
      for (const action of wrong[status]) {
        const result = await move(editor.token, action, doc.id);
        expect(errorCode(result), `${action} from ${status}`).toBe('BAD_USER_INPUT');
        expect((await rowOf(doc.id))!.status).toBe(status);
      }
      const moved: Record<string, Doc> = dataOf(await move(editor.token, next[status], doc.id));
      status = Object.values(moved)[0]!.status;
    }
    expect(status).toBe('DRAFT');
  });
});

describe('deleteDocument', () => {
  it('soft-deletes: the row stays with deleted_at, nobody sees it, and twice is NOT_FOUND', async () => {
    const doc = await create(editor, { tags: ['to-delete'] });
    dataOf(await move(editor.token, 'publish', doc.id));
    const { event } = await nextEvent<DocumentEvent>(
      k.deps.bus,
      'document.deleted',
      (e) => e.documentId === doc.id,
    );
    const deleted = await gql<{ deleteDocument: boolean }>(k.url, DELETE, { id: doc.id }, editor.token);
    expect(dataOf(deleted).deleteDocument).toBe(true);
    expect((await event).data).toMatchObject({ documentId: doc.id, actorId: editor.id });

    const row = await rowOf(doc.id);
    expect(row!.deletedAt).toBeInstanceOf(Date);
    expect(await revisionCount(doc.id)).toBe(1);

    for (const user of [editor, admin, viewer, otherEditor, undefined]) {
      expect(
        dataOf(await gql<{ document: Doc | null }>(k.url, GET, { id: doc.id }, user?.token)).document,
      ).toBeNull();
      const list = dataOf(
        await gql<{ documents: Connection<Doc> }>(
          k.url,
          LIST,
          { filter: { tags: ['to-delete'] } },
          user?.token,
        ),
      ).documents;
      expect(list).toMatchObject({ totalCount: 0, edges: [] });
    }
    const entities = await gql<{ _entities: unknown[] }>(
      k.url,
      ENTITIES,
      { r: [{ __typename: 'Document', id: doc.id }] },
      admin.token,
    );
    expect(dataOf(entities)._entities).toEqual([null]);

    for (const user of [editor, admin]) {
      expect(errorCode(await gql(k.url, DELETE, { id: doc.id }, user.token))).toBe('NOT_FOUND');
      expect(errorCode(await update(user.token, doc.id, 1, { title: 'Back?' }))).toBe('NOT_FOUND');
      expect(errorCode(await move(user.token, 'archive', doc.id))).toBe('NOT_FOUND');
    }
    expect((await rowOf(doc.id))!.deletedAt).toEqual(row!.deletedAt);
  });

  it('lets an ADMIN delete someone else’s document; unknown and malformed ids are NOT_FOUND', async () => {
    const doc = await create(editor);
    expect(
      dataOf(await gql<{ deleteDocument: boolean }>(k.url, DELETE, { id: doc.id }, admin.token))
        .deleteDocument,
    ).toBe(true);
    expect((await rowOf(doc.id))!.deletedAt).not.toBeNull();
    for (const id of [randomUUID(), 'not-a-uuid']) {
      expect(errorCode(await gql(k.url, DELETE, { id }, admin.token))).toBe('NOT_FOUND');
      expect(errorCode(await update(admin.token, id, 1, { title: 'x' }))).toBe('NOT_FOUND');
    }
  });
});

describe('reading', () => {
  it('document(id) counts a view and announces document.viewed, for anonymous readers too', async () => {
    const doc = await create(editor);
    dataOf(await move(editor.token, 'publish', doc.id));
    for (const [n, user] of [
      [1, viewer],
      [2, undefined],
    ] as const) {
      const { event } = await nextEvent<DocumentEvent>(
        k.deps.bus,
        'document.viewed',
        (e) => e.documentId === doc.id,
      );
      const read = dataOf(await gql<{ document: Doc }>(k.url, GET, { id: doc.id }, user?.token)).document;
      expect(read.id).toBe(doc.id);
      expect((await event).data).toMatchObject({
        documentId: doc.id,
        actorId: user?.id ?? null,
        status: 'PUBLISHED',
      });
      expect((await rowOf(doc.id))!.views).toBe(n);
    }
    // A document the caller may not read is null, and no view is counted.
    const draft = await create(editor);
    expect(
      dataOf(await gql<{ document: Doc | null }>(k.url, GET, { id: draft.id }, viewer.token)).document,
    ).toBeNull();
    expect(dataOf(await gql<{ document: Doc | null }>(k.url, GET, { id: 'nope' })).document).toBeNull();
    expect((await rowOf(draft.id))!.views).toBe(0);
  });

  it('filters documents by status, tags (all of them), author and visibility', async () => {
    const author = await k.user(['EDITOR']);
    const tag = `filter-${randomUUID().slice(0, 8)}`;
    const draft = await create(author, { tags: [tag, 'alpha'] });
    const published = await create(author, { tags: [tag, 'alpha', 'beta'] });
    dataOf(await move(author.token, 'publish', published.id));
    const secret = await create(author, { tags: [tag, 'beta'], visibility: 'PRIVATE' });
    const elsewhere = await create(editor, { tags: [tag] });

    const ids = async (filter: Record<string, unknown>, token = admin.token) => {
      const list = dataOf(
        await gql<{ documents: Connection<Doc> }>(k.url, LIST, { filter, first: 100 }, token),
      ).documents;
      expect(list.totalCount).toBe(list.edges.length);
      return list.edges.map((e) => e.node.id);
    };
    expect(await ids({ tags: [tag] })).toEqual([elsewhere.id, secret.id, published.id, draft.id]);
    expect(await ids({ tags: [tag], authorId: author.id })).toEqual([secret.id, published.id, draft.id]);
    expect(await ids({ tags: [tag], status: 'PUBLISHED' })).toEqual([published.id]);
    expect(await ids({ tags: [tag], status: 'DRAFT', authorId: author.id })).toEqual([secret.id, draft.id]);
    expect(await ids({ tags: [tag], visibility: 'PRIVATE' })).toEqual([secret.id]);
    expect(await ids({ tags: [tag, 'Alpha'] })).toEqual([published.id, draft.id]);
    expect(await ids({ tags: [tag, 'alpha', 'BETA'] })).toEqual([published.id]);
    expect(await ids({ tags: [tag], authorId: 'not-a-uuid' })).toEqual([]);
    // Filters narrow what the caller may read; they never widen it.
    expect(await ids({ tags: [tag], authorId: author.id }, viewer.token)).toEqual([published.id]);
    expect(await ids({ tags: [tag], visibility: 'PRIVATE' }, otherEditor.token)).toEqual([]);
  });

  it('pages documents newest first with a stable keyset cursor', async () => {
    const author = await k.user(['EDITOR']);
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) made.push((await create(author, { title: `Page ${i}` })).id);
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 5; guard += 1) {
      const result: GqlResult<{ documents: Connection<Doc> }> = await gql(
        k.url,
        LIST,
        { filter: { authorId: author.id }, first: 2, after },
        author.token,
      );
      const list = dataOf(result).documents;
      // The newcomer counts, but never appears on a later page.
      expect(list.totalCount).toBe(guard === 0 ? 5 : 6);
      seen.push(...list.edges.map((e) => e.node.id));
      if (!list.pageInfo.hasNextPage) break;
      after = list.pageInfo.endCursor;
      // A document created between pages does not shift the next page.
      if (guard === 0) await create(author, { title: 'Newcomer' });
    }
    expect(seen).toEqual([...made].reverse());
  });

  it('refuses first > 100, a negative first, forged cursors and too many filter tags', async () => {
    for (const variables of [
      { first: 101 },
      { first: -1 },
      { after: 'forged' },
      { after: encodeCursor({ t: 'yesterday', id: randomUUID() }) },
      { after: encodeCursor({ v: 3 }) },
      { after: encodeCursor({ t: new Date().toISOString(), id: "x' or 1=1 --".padEnd(36, '-') }) },
      // Shaped like ours, but not values Postgres takes: still the caller's mistake, not a 500.
      { after: encodeCursor({ t: new Date().toISOString(), id: '-'.repeat(36) }) },
      { after: encodeCursor({ t: new Date().toISOString(), id: 'f'.repeat(36) }) },
      { after: encodeCursor({ t: '1', id: randomUUID() }) },
      { after: encodeCursor({ t: 'Tue Mar 04 2025', id: randomUUID() }) },
      { filter: { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) } },
    ]) {
      const result = await gql(k.url, LIST, variables, admin.token);
      expect(errorCode(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    }
    const first = await gql(k.url, LIST, { first: 101 });
    expect(firstError(first)!.extensions!.field).toBe('first');
    const after = await gql(k.url, LIST, { after: 'forged' });
    expect(firstError(after)!.extensions!.field).toBe('after');
  });
});

describe('access over HTTP', () => {
  let matrix: AccessMatrix;
  beforeAll(async () => {
    matrix = await arrangeAccessMatrix(k);
  });

  it.each(CALLERS)(
    '%s reads exactly what the rules allow: document, documents, _entities',
    async (caller) => {
      const token = tokenOf(matrix, caller);
      const allowed = matrix.readable(caller);
      for (const [name, id] of Object.entries(matrix.docs)) {
        const doc = dataOf(await gql<{ document: Doc | null }>(k.url, GET, { id }, token)).document;
        expect(doc?.id ?? null, `${caller} reading ${name}`).toBe(allowed.includes(id) ? id : null);
      }
      const list = dataOf(
        await gql<{ documents: Connection<Doc> }>(
          k.url,
          LIST,
          { filter: { authorId: matrix.users.author.id }, first: 100 },
          token,
        ),
      ).documents;
      expect(list.edges.map((e) => e.node.id).sort()).toEqual([...allowed].sort());
      expect(list.totalCount).toBe(allowed.length);

      const ids = Object.values(matrix.docs);
      const entities = dataOf(
        await gql<{ _entities: Array<{ id: string } | null> }>(
          k.url,
          ENTITIES,
          { r: [...ids, randomUUID()].map((id) => ({ __typename: 'Document', id })) },
          token,
        ),
      )._entities;
      expect(entities.map((e) => e?.id ?? null)).toEqual([
        ...ids.map((id) => (allowed.includes(id) ? id : null)),
        null,
      ]);

      const user = dataOf(
        await gql<{ _entities: Array<{ id: string; documents: Connection<{ id: string }> }> }>(
          k.url,
          ENTITIES,
          { r: [{ __typename: 'User', id: matrix.users.author.id }] },
          token,
        ),
      )._entities[0]!;
      expect(user.id).toBe(matrix.users.author.id);
      expect(user.documents.edges.map((e) => e.node.id).sort()).toEqual([...allowed].sort());
      expect(user.documents.totalCount).toBe(allowed.length);
    },
  );

  it.each(CALLERS)(
    '%s may change only what the rules allow (FORBIDDEN if readable, else NOT_FOUND)',
    async (caller) => {
      const token = tokenOf(matrix, caller);
      for (const [name, id] of Object.entries(matrix.docs) as Array<[MatrixDoc, string]>) {
        const content = expectedWriteError(name, caller, 'content');
        const manage = expectedWriteError(name, caller, 'manage');
        const row = await contentOf(id);
        // An identical save: allowed callers pass the permission checks without changing anything.
        const saved = await update(token, id, row!.version, { title: row!.title });
        expect(errorCode(saved), `${caller} updating ${name}`).toBe(content);
        // So does sending the visibility it already has.
        const same = await update(token, id, row!.version, {
          title: row!.title,
          visibility: row!.visibility,
        });
        expect(errorCode(same), `${caller} resending the visibility of ${name}`).toBe(content);
        if (content) {
          expect(errorCode(await update(token, id, row!.version, { title: 'Hijacked' }))).toBe(content);
        }
        if (manage) {
          // Changing visibility, status moves and deletion are refused the same way.
          const other = row!.visibility === 'PUBLIC' ? 'PRIVATE' : 'PUBLIC';
          const hide = await update(token, id, row!.version, { title: 'Hijacked', visibility: other });
          expect(errorCode(hide), `${caller} changing the visibility of ${name}`).toBe(manage);
          for (const action of ['publish', 'archive', 'restore', 'delete'] as const) {
            expect(errorCode(await move(token, action, id)), `${caller} ${action} ${name}`).toBe(manage);
          }
        }
        expect(await contentOf(id), `${caller} changed ${name}`).toEqual(row);
      }
    },
  );

  it('lets any EDITOR change the content of a PUBLIC document, recording them as its editor', async () => {
    const doc = await create(editor, { tags: ['shared'] });
    const other = await k.user(['EDITOR']);
    const saved = dataOf(
      await update(other.token, doc.id, 1, {
        title: 'Improved',
        body: 'Better text.',
        tags: ['shared', 'kb'],
      }),
    ).updateDocument;
    expect(saved).toMatchObject({
      title: 'Improved',
      body: 'Better text.',
      tags: ['shared', 'kb'],
      version: 2,
      visibility: 'PUBLIC',
      author: { id: editor.id },
    });
    const [revision] = await k.db
      .select()
      .from(revisions)
      .where(and(eq(revisions.documentId, doc.id), eq(revisions.version, 2)));
    expect(revision?.editorId).toBe(other.id);
    // The content rule is not a way to hide it: visibility stays with the author.
    expect(errorCode(await update(other.token, doc.id, 2, { visibility: 'PRIVATE' }))).toBe('FORBIDDEN');
    expect((await contentOf(doc.id))!.visibility).toBe('PUBLIC');
  });
});

describe('statement count', () => {
  const QUERY = `query ($first: Int) {
    documents(first: $first) {
      edges { node { id tags author { id } revisions(first: 1) { edges { node { version } } } } }
    }
  }`;

  it('is the same for 2 and 50 documents with their authors and revisions, and small', async () => {
    const author = await k.user(['EDITOR']);
    for (let i = 0; i < 50; i += 1) {
      const row = await createDocument(k.deps, author.viewer, {
        title: `Batch ${i}`,
        body: 'v1',
        tags: [`n${i % 3}`],
      });
      await updateDocument(k.deps, author.viewer, row.id, 1, { body: 'v2' });
      await transition(k.deps, author.viewer, row.id, 'publish');
    }
    // Let the background vocabulary refresh (after publishing) run now rather than while counting.
    await k.deps.vocabulary.ensureFresh();

    const measure = async (first: number, token?: string) => {
      let edges: Array<{ node: { id: string; revisions: Connection<{ version: number }> } }> = [];
      const statements = await k.statementsDuring(async () => {
        edges = dataOf(
          await gql<{ documents: Connection<{ id: string; revisions: Connection<{ version: number }> }> }>(
            k.url,
            QUERY,
            { first },
            token,
          ),
        ).documents.edges;
      });
      expect(edges).toHaveLength(first);
      for (const edge of edges) expect(edge.node.revisions.edges).toHaveLength(1);
      return statements;
    };
    for (const token of [undefined, admin.token]) {
      const small = await measure(2, token);
      const large = await measure(50, token);
      expect(large.length).toBe(small.length);
      // Observed 5: the list (identity, rows, count) and the revisions (identity, one windowed select).
      expect(large.length).toBeLessThanOrEqual(5);
    }
    const large = await measure(50);
    expect(large.filter((s) => /knowledge\.revisions|"revisions"/.test(s))).toHaveLength(1);
  });
});

describe('_entities', () => {
  it('resolves a User to the documents the caller may read, newest first', async () => {
    const author = await k.user(['EDITOR']);
    const draft = await create(author);
    const live = await create(author);
    dataOf(await move(author.token, 'publish', live.id));
    const query = (token?: string) =>
      gql<{ _entities: Array<{ documents: Connection<{ id: string }> }> }>(
        k.url,
        ENTITIES,
        { r: [{ __typename: 'User', id: author.id }] },
        token,
      );
    const ids = async (token?: string) =>
      dataOf(await query(token))._entities[0]!.documents.edges.map((e) => e.node.id);
    expect(await ids()).toEqual([live.id]);
    expect(await ids(viewer.token)).toEqual([live.id]);
    expect(await ids(otherEditor.token)).toEqual([live.id, draft.id]);
    expect(await ids(author.token)).toEqual([live.id, draft.id]);
    const stranger = dataOf(
      await gql<{ _entities: Array<{ documents: Connection<{ id: string }> }> }>(k.url, ENTITIES, {
        r: [{ __typename: 'User', id: randomUUID() }],
      }),
    );
    expect(stranger._entities[0]!.documents).toMatchObject({ totalCount: 0, edges: [] });
  });
});
