import {
  ApplyDocumentUpdateDocument,
  ArchiveDocumentDocument,
  CreateDocumentDocument,
  DeleteDocumentDocument,
  DocumentRevisionsDocument,
  JoinDocumentDocument,
  LeaveDocumentDocument,
  PublishDocumentDocument,
  UpdateDocumentDocument,
} from '@ukp/client/documents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  adminToken,
  errorCode,
  execute,
  startTestPlatform,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/** The shared state's limit here: small, so a test reaches it with a few requests. */
const MAX_STATE_BYTES = 64 * 1024;

/**
 * One edit rule for saved changes and live editing, through the gateway as a client uses it: any
 * EDITOR may change the title, body and tags of a PUBLIC document (every revision records who);
 * a PRIVATE document, visibility and status belong to the author and ADMINs.
 */
describe('the edit rule through the gateway', () => {
  let t: TestPlatform;
  let author: Awaited<ReturnType<typeof userWithRoles>>;
  let other: Awaited<ReturnType<typeof userWithRoles>>;
  let publicId = '';
  let privateId = '';

  const revisionsOf = async (id: string, token: string) =>
    (
      await execute(t.url, DocumentRevisionsDocument, { id, first: 20 }, token)
    ).data?.document?.revisions.edges.map((e) => [e.node.version, e.node.editor?.id]);

  /** A client's Yjs copy of a document, joined through the gateway. */
  async function join(id: string, token: string) {
    const joined = await execute(t.url, JoinDocumentDocument, { id }, token);
    expect(joined.errors).toBeUndefined();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes(joined.data!.joinDocument.state));
    const updateOf = (change: (doc: Y.Doc) => void) => {
      const before = Y.encodeStateVector(doc);
      change(doc);
      return b64(Y.encodeStateAsUpdate(doc, before));
    };
    return { doc, updateOf };
  }

  beforeAll(async () => {
    t = await startTestPlatform({ KNOWLEDGE_COLLAB_MAX_STATE_BYTES: String(MAX_STATE_BYTES) });
    const admin = await adminToken(t);
    author = await userWithRoles(t, admin, ['EDITOR']);
    other = await userWithRoles(t, admin, ['EDITOR']);
    const create = async (visibility: 'PUBLIC' | 'PRIVATE') => {
      const created = await execute(
        t.url,
        CreateDocumentDocument,
        { input: { title: `A ${visibility} page`, body: 'Original text.', tags: ['kb'], visibility } },
        author.token,
      );
      const id = created.data!.createDocument.id;
      expect((await execute(t.url, PublishDocumentDocument, { id }, author.token)).errors).toBeUndefined();
      return id;
    };
    publicId = await create('PUBLIC');
    privateId = await create('PRIVATE');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('another EDITOR saves the content of a PUBLIC document as its editor, but not its visibility or status', async () => {
    const saved = await execute(
      t.url,
      UpdateDocumentDocument,
      { id: publicId, expectedVersion: 1, input: { body: 'Better text.', tags: ['kb', 'reviewed'] } },
      other.token,
    );
    expect(saved.errors).toBeUndefined();
    expect(saved.data?.updateDocument).toMatchObject({
      version: 2,
      body: 'Better text.',
      visibility: 'PUBLIC',
      author: { id: author.id },
    });
    expect(await revisionsOf(publicId, author.token)).toEqual([
      [2, other.id],
      [1, author.id],
    ]);
    const hide = await execute(
      t.url,
      UpdateDocumentDocument,
      { id: publicId, expectedVersion: 2, input: { visibility: 'PRIVATE' } },
      other.token,
    );
    expect(errorCode(hide)).toBe('FORBIDDEN');
    expect(errorCode(await execute(t.url, ArchiveDocumentDocument, { id: publicId }, other.token))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await execute(t.url, PublishDocumentDocument, { id: publicId }, other.token))).toBe(
      'FORBIDDEN',
    );
    expect(errorCode(await execute(t.url, DeleteDocumentDocument, { id: publicId }, other.token))).toBe(
      'FORBIDDEN',
    );
    const [row] = await t.sql<{ version: number; visibility: string; status: string; deleted: boolean }[]>`
      select version, visibility, status, deleted_at is not null as deleted from knowledge.documents where id = ${publicId}`;
    expect(row).toEqual({ version: 2, visibility: 'PUBLIC', status: 'PUBLISHED', deleted: false });
  });

  it('the same EDITOR edits it live, and the saved version records them', async () => {
    const live = await join(publicId, other.token);
    const applied = await execute(
      t.url,
      ApplyDocumentUpdateDocument,
      { id: publicId, update: live.updateOf((doc) => doc.getText('body').insert(0, 'Live: ')) },
      other.token,
    );
    expect(applied.errors).toBeUndefined();
    expect(
      (await execute(t.url, LeaveDocumentDocument, { id: publicId }, other.token)).errors,
    ).toBeUndefined();
    const revisions = await revisionsOf(publicId, author.token);
    expect(revisions?.[0]).toEqual([3, other.id]);
    const [row] = await t.sql<
      { body: string }[]
    >`select body from knowledge.documents where id = ${publicId}`;
    expect(row?.body).toBe('Live: Better text.');
  });

  it('refuses the author’s PRIVATE document to another EDITOR on every path, writing nothing', async () => {
    const update = b64(Y.encodeStateAsUpdate(new Y.Doc()));
    const attempts = [
      await execute(
        t.url,
        UpdateDocumentDocument,
        { id: privateId, expectedVersion: 1, input: { body: 'Hijacked' } },
        other.token,
      ),
      await execute(t.url, JoinDocumentDocument, { id: privateId }, other.token),
      await execute(t.url, ApplyDocumentUpdateDocument, { id: privateId, update }, other.token),
    ];
    // NOT_FOUND, as for a document that does not exist: the answer does not reveal it does.
    expect(attempts.map(errorCode)).toEqual(['NOT_FOUND', 'NOT_FOUND', 'NOT_FOUND']);
    const [counts] = await t.sql<{ revisions: number; updates: number; version: number }[]>`
      select (select count(*)::int from knowledge.revisions where document_id = ${privateId}) as revisions,
             (select count(*)::int from knowledge.collab_updates where document_id = ${privateId}) as updates,
             (select version from knowledge.documents where id = ${privateId}) as version`;
    expect(counts).toEqual({ revisions: 1, updates: 0, version: 1 });
  });

  it('refuses live updates outside the "body" text and past the state limit, keeping the state small', async () => {
    const live = await join(publicId, author.token);
    const logged = async () =>
      (
        await t.sql<
          { n: number }[]
        >`select count(*)::int as n from knowledge.collab_updates where document_id = ${publicId}`
      )[0]?.n;
    const before = await logged();
    const outside = [
      live.updateOf((doc) => doc.getMap('evil').set('blob', 'x'.repeat(50_000))),
      live.updateOf((doc) => doc.getText('notes').insert(0, 'y'.repeat(50_000))),
    ];
    for (const update of outside) {
      const refused = await execute(
        t.url,
        ApplyDocumentUpdateDocument,
        { id: publicId, update },
        author.token,
      );
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.extensions?.field).toBe('update');
    }
    // Text alone: the first fits, the second would take the state past the limit.
    const fresh = await join(publicId, author.token);
    const grow = () => fresh.updateOf((doc) => doc.getText('body').insert(0, 'z'.repeat(40_000)));
    const first = await execute(
      t.url,
      ApplyDocumentUpdateDocument,
      { id: publicId, update: grow() },
      author.token,
    );
    expect(first.errors).toBeUndefined();
    const second = await execute(
      t.url,
      ApplyDocumentUpdateDocument,
      { id: publicId, update: grow() },
      author.token,
    );
    expect(errorCode(second)).toBe('BAD_USER_INPUT');
    expect(await logged()).toBe((before ?? 0) + 1);
    const state = (await execute(t.url, JoinDocumentDocument, { id: publicId }, author.token)).data!
      .joinDocument.state;
    expect(bytes(state).byteLength).toBeLessThanOrEqual(MAX_STATE_BYTES);
    const check = new Y.Doc();
    Y.applyUpdate(check, bytes(state));
    expect([...check.share.keys()]).toEqual(['body']);
  });
});
