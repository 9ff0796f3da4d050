import {
  ArchiveDocumentDocument,
  CreateDocumentDocument,
  DeleteDocumentDocument,
  DocumentRevisionsDocument,
  DocumentsWithAuthorsAndRevisionsDocument,
  GetDocumentDocument,
  ListDocumentsDocument,
  MyDocumentsDocument,
  PublishDocumentDocument,
  RestoreDocumentDocument,
  UpdateDocumentDocument,
} from '@ukp/client/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

/** An editor writes and publishes; readers see exactly what the access rules allow. */
describe('documents through the gateway', () => {
  let t: TestPlatform;
  let admin: string;
  let editor: Awaited<ReturnType<typeof userWithRoles>>;
  let otherEditor: Awaited<ReturnType<typeof userWithRoles>>;
  let viewer: Awaited<ReturnType<typeof userWithRoles>>;

  beforeAll(async () => {
    t = await startTestPlatform();
    admin = await adminToken(t);
    editor = await userWithRoles(t, admin, ['EDITOR']);
    otherEditor = await userWithRoles(t, admin, ['EDITOR']);
    viewer = await userWithRoles(t, admin, ['VIEWER']);
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** A fresh DRAFT by `editor` at version 1: each test arranges its own, so any order works. */
  async function newDraft(title = 'Rotating database credentials'): Promise<string> {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title, body: 'Rotate every 90 days.', tags: ['security'] } },
      editor.token,
    );
    expect(created.errors).toBeUndefined();
    return created.data!.createDocument.id;
  }

  it('creates a sanitised draft with normalised tags, authored by the caller', async () => {
    const created = await execute(
      t.url,
      CreateDocumentDocument,
      {
        input: {
          title: '  Rotating database credentials ',
          body: '# Steps\n\n> Rotate every 90 days.\n\n<img src=x onerror="alert(1)"><script>steal()</script><a href="javascript:alert(1)">link</a> and [click](javascript:alert(2)) a < b',
          tags: ['Security', 'Database Credentials', 'security'],
        },
      },
      editor.token,
    );
    expect(created.errors).toBeUndefined();
    const doc = created.data!.createDocument;
    expect(doc).toMatchObject({
      title: 'Rotating database credentials',
      tags: ['security', 'database-credentials'],
      status: 'DRAFT',
      visibility: 'PUBLIC',
      version: 1,
      author: { id: editor.id, displayName: 'EDITOR' },
    });
    expect(doc.body).not.toMatch(/script|onerror|javascript:/i);
    expect(doc.body).toContain('> Rotate every 90 days.');
    expect(doc.body).toContain('a < b');
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const documents = async () =>
      (await t.sql<{ n: number }[]>`select count(*)::int as n from knowledge.documents`)[0]?.n;
    const before = await documents();
    const cases: Array<[{ title: string; body: string; tags?: string[] }, string]> = [
      [{ title: '', body: 'x' }, 'title'],
      [{ title: 'x'.repeat(301), body: 'x' }, 'title'],
      [{ title: 'ok', body: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
      [{ title: 'ok', body: 'x', tags: ['y'.repeat(41)] }, 'tags'],
    ] as const;
    for (const [input, field] of cases) {
      const result = await execute(
        t.url,
        CreateDocumentDocument,
        { input: { ...input, tags: [...(input.tags ?? [])] } },
        editor.token,
      );
      expect(errorCode(result), field).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.field).toBe(field);
    }
    // A body over 1 MB cannot even arrive: the request is over the HTTP body limit (413).
    const huge = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${editor.token}` },
      body: JSON.stringify({
        query: 'mutation ($input: CreateDocumentInput!) { createDocument(input: $input) { id } }',
        variables: { input: { title: 'ok', body: 'x'.repeat(1024 * 1024 + 1) } },
      }),
    });
    expect(huge.status).toBe(413);
    expect(await documents()).toBe(before);
  });

  it('keeps drafts from anonymous readers and viewers, shows them to editors', async () => {
    const docId = await newDraft();
    expect((await execute(t.url, GetDocumentDocument, { id: docId })).data?.document).toBeNull();
    expect(
      (await execute(t.url, GetDocumentDocument, { id: docId }, viewer.token)).data?.document,
    ).toBeNull();
    expect(
      (await execute(t.url, GetDocumentDocument, { id: docId }, otherEditor.token)).data?.document?.id,
    ).toBe(docId);
  });

  it('locks optimistically, writes revisions, and ignores identical saves', async () => {
    const docId = await newDraft();
    const stale = await execute(
      t.url,
      UpdateDocumentDocument,
      { id: docId, expectedVersion: 7, input: { title: 'Nope' } },
      editor.token,
    );
    expect(errorCode(stale)).toBe('CONFLICT');
    expect(stale.errors?.[0]?.extensions?.currentVersion).toBe(1);

    const saved = await execute(
      t.url,
      UpdateDocumentDocument,
      {
        id: docId,
        expectedVersion: 1,
        input: { body: 'Rotate database credentials every 90 days with the vault CLI.' },
      },
      editor.token,
    );
    expect(saved.data?.updateDocument.version).toBe(2);
    const same = await execute(
      t.url,
      UpdateDocumentDocument,
      {
        id: docId,
        expectedVersion: 2,
        input: { body: 'Rotate database credentials every 90 days with the vault CLI.' },
      },
      editor.token,
    );
    expect(same.data?.updateDocument.version).toBe(2);

    const history = await execute(t.url, DocumentRevisionsDocument, { id: docId, first: 1 }, editor.token);
    const revisions = history.data?.document?.revisions;
    expect(revisions?.totalCount).toBe(2);
    expect(revisions?.edges[0]?.node).toMatchObject({ version: 2, editor: { id: editor.id } });
    const older = await execute(
      t.url,
      DocumentRevisionsDocument,
      { id: docId, first: 5, after: revisions?.pageInfo.endCursor },
      editor.token,
    );
    expect(older.data?.document?.revisions.edges.map((e) => e.node.version)).toEqual([1]);
  });

  it('lets only the author or an admin change a document’s visibility (edit-rule.test.ts has the rest)', async () => {
    const docId = await newDraft();
    const byViewer = await execute(
      t.url,
      UpdateDocumentDocument,
      { id: docId, expectedVersion: 1, input: { title: 'Hijacked' } },
      viewer.token,
    );
    // The viewer cannot read the draft, so to them it does not exist.
    expect(errorCode(byViewer)).toBe('NOT_FOUND');
    const byOtherEditor = await execute(
      t.url,
      UpdateDocumentDocument,
      { id: docId, expectedVersion: 1, input: { title: 'Hijacked', visibility: 'PRIVATE' } },
      otherEditor.token,
    );
    expect(errorCode(byOtherEditor)).toBe('FORBIDDEN');
    const create = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'x', body: 'y' } },
      viewer.token,
    );
    expect(errorCode(create)).toBe('FORBIDDEN');
    const anonymous = await execute(t.url, CreateDocumentDocument, { input: { title: 'x', body: 'y' } });
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
  });

  it('moves through DRAFT → PUBLISHED → ARCHIVED → DRAFT and refuses other moves', async () => {
    const docId = await newDraft();
    expect(errorCode(await execute(t.url, ArchiveDocumentDocument, { id: docId }, editor.token))).toBe(
      'BAD_USER_INPUT',
    );
    const published = await execute(t.url, PublishDocumentDocument, { id: docId }, editor.token);
    expect(published.data?.publishDocument).toMatchObject({
      status: 'PUBLISHED',
      publishedAt: expect.any(String),
    });
    const anonymousRead = await execute(t.url, GetDocumentDocument, { id: docId });
    expect(anonymousRead.data?.document?.author.displayName).toBe('EDITOR');
    expect(errorCode(await execute(t.url, PublishDocumentDocument, { id: docId }, editor.token))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      (await execute(t.url, ArchiveDocumentDocument, { id: docId }, admin)).data?.archiveDocument.status,
    ).toBe('ARCHIVED');
    expect(
      (await execute(t.url, GetDocumentDocument, { id: docId }, viewer.token)).data?.document,
    ).toBeNull();
    expect(
      (await execute(t.url, RestoreDocumentDocument, { id: docId }, editor.token)).data?.restoreDocument
        .status,
    ).toBe('DRAFT');
    expect(
      (await execute(t.url, PublishDocumentDocument, { id: docId }, editor.token)).data?.publishDocument
        .status,
    ).toBe('PUBLISHED');
  });

  it('keeps a private document to its author and admins, everywhere', async () => {
    const secret = await execute(
      t.url,
      CreateDocumentDocument,
      {
        input: {
          title: 'Salary bands 2027',
          body: 'Confidential compensation table.',
          visibility: 'PRIVATE',
        },
      },
      editor.token,
    );
    const id = secret.data!.createDocument.id;
    await execute(t.url, PublishDocumentDocument, { id }, editor.token);
    for (const token of [undefined, viewer.token, otherEditor.token]) {
      expect((await execute(t.url, GetDocumentDocument, { id }, token)).data?.document).toBeNull();
      const listed = await execute(t.url, ListDocumentsDocument, { first: 100 }, token);
      expect(listed.data?.documents.edges.map((e) => e.node.id)).not.toContain(id);
    }
    expect((await execute(t.url, GetDocumentDocument, { id }, editor.token)).data?.document?.id).toBe(id);
    expect((await execute(t.url, GetDocumentDocument, { id }, admin)).data?.document?.id).toBe(id);
    const mine = await execute(t.url, MyDocumentsDocument, { first: 10 }, editor.token);
    expect(mine.data?.me?.documents.edges.map((e) => e.node.id)).toContain(id);
  });

  it('soft-deletes: gone for everyone, the row kept', async () => {
    const temp = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Temp', body: 'Temp' } },
      editor.token,
    );
    const id = temp.data!.createDocument.id;
    expect(errorCode(await execute(t.url, DeleteDocumentDocument, { id }, otherEditor.token))).toBe(
      'FORBIDDEN',
    );
    expect((await execute(t.url, DeleteDocumentDocument, { id }, editor.token)).data?.deleteDocument).toBe(
      true,
    );
    expect((await execute(t.url, GetDocumentDocument, { id }, admin)).data?.document).toBeNull();
    const [row] = await t.sql<
      { deleted_at: Date | null }[]
    >`select deleted_at from knowledge.documents where id = ${id}`;
    expect(row?.deleted_at).toBeInstanceOf(Date);
  });

  it('pages with stable cursors and bounds page size', async () => {
    for (let i = 0; i < 12; i += 1) {
      const created = await execute(
        t.url,
        CreateDocumentDocument,
        { input: { title: `Runbook ${i}`, body: `Step ${i}`, tags: ['runbook'] } },
        editor.token,
      );
      await execute(t.url, PublishDocumentDocument, { id: created.data!.createDocument.id }, editor.token);
    }
    const first = await execute(t.url, ListDocumentsDocument, { filter: { tags: ['runbook'] }, first: 5 });
    expect(first.data?.documents.totalCount).toBe(12);
    // A document published between pages must not shift the next page.
    const newer = await execute(
      t.url,
      CreateDocumentDocument,
      { input: { title: 'Runbook new', body: 'x', tags: ['runbook'] } },
      editor.token,
    );
    await execute(t.url, PublishDocumentDocument, { id: newer.data!.createDocument.id }, editor.token);
    const second = await execute(t.url, ListDocumentsDocument, {
      filter: { tags: ['runbook'] },
      first: 5,
      after: first.data?.documents.pageInfo.endCursor,
    });
    const titles = [...(first.data?.documents.edges ?? []), ...(second.data?.documents.edges ?? [])].map(
      (e) => e.node.title,
    );
    expect(titles).toEqual(Array.from({ length: 10 }, (_, i) => `Runbook ${11 - i}`));
    expect(errorCode(await execute(t.url, ListDocumentsDocument, { first: 101 }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await execute(t.url, ListDocumentsDocument, { first: 5, after: 'garbage' }))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('costs a fixed number of SQL statements whatever the page size', async () => {
    // Enough documents that the small page is full and the large one holds more.
    for (const title of ['Cost one', 'Cost two', 'Cost three']) await newDraft(title);
    const all = await execute(t.url, ListDocumentsDocument, { first: 1 }, admin);
    const total = all.data!.documents.totalCount;
    const count = async (first: number) => {
      const before = t.statements.length;
      const result = await execute(t.url, DocumentsWithAuthorsAndRevisionsDocument, { first }, admin);
      expect(result.errors).toBeUndefined();
      expect(result.data?.documents.edges.length).toBe(Math.min(first, total));
      expect(
        result.data?.documents.edges.every(
          (e) => e.node.revisions.edges.length === 1 && e.node.author.displayName,
        ),
      ).toBe(true);
      return t.statements.length - before;
    };
    const small = await count(2);
    const large = await count(100);
    expect(large).toBe(small);
    expect(small).toBeLessThanOrEqual(12);
  });
});
