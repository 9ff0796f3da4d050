import { randomUUID } from 'node:crypto';
import type { Viewer } from '@ukp/kit';
import { dataOf, errorCode, gql, type Recording } from '@ukp/kit/testing';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { collabParticipants, collabStates, collabUpdates, documents, revisions } from '../db/schema.js';
import { saveLive } from '../domain/collab/compaction.js';
import { createManualScheduler } from '../domain/collab/scheduler.js';
import { type CollaborationService, createCollaboration } from '../domain/collab/service.js';
import { createDocument, transition, updateDocument } from '../domain/documents.js';
import {
  APPLY,
  b64,
  DOCUMENT_EVENTS,
  type DocumentEventData,
  HEARTBEAT,
  JOIN,
  LEAVE,
  LiveEditor,
  unb64,
} from '../testing/live-editor.js';
import { readerRows } from '../testing/rls.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';

type Events = Recording<DocumentEventData>;
type Event = DocumentEventData['documentEvents'];

let k: KnowledgeFixture;
let author: TestUser;
let editor: TestUser;
let viewer: TestUser;
let admin: TestUser;

beforeAll(async () => {
  k = await startKnowledge({ manualClock: true });
  author = await k.user(['EDITOR']);
  editor = await k.user(['EDITOR']);
  viewer = await k.user(['VIEWER']);
  admin = await k.user(['ADMIN']);
});
afterAll(async () => {
  await k?.stop();
});

async function newDocument(
  body = 'Hello',
  options: { publish?: boolean; visibility?: 'PUBLIC' | 'PRIVATE' } = {},
) {
  const row = await createDocument(k.deps, author.viewer, {
    title: `Live ${randomUUID()}`,
    body,
    tags: ['live'],
    visibility: options.visibility ?? 'PUBLIC',
  });
  if (options.publish !== false) await transition(k.deps, author.viewer, row.id, 'publish');
  return row.id;
}

/** Subscribes as `user` and waits until the server has the subscription live. */
function subscribe(user: TestUser | null, documentId: string): Promise<Events> {
  return k.subscribe<DocumentEventData>(DOCUMENT_EVENTS, { id: documentId }, user?.token);
}

/** The next event the stream gets, failing on errors. */
async function next(events: Events): Promise<Event> {
  const result = await events.next();
  if (!result.data) throw new Error(`expected an event, got ${JSON.stringify(result)}`);
  return result.data.documentEvents;
}

/** Events until one of `type` arrives; returns it. */
async function nextOf(events: Events, type: Event['__typename']): Promise<Event> {
  for (;;) {
    const event = await next(events);
    if (event.__typename === type) return event;
  }
}

const ids = (event: Event) => event.participants?.map((p) => p.id);

/** Presence events until the list is `expected` (earlier lists may still be queued). */
async function presence(events: Events, expected: string[]): Promise<void> {
  for (;;) {
    const event = await nextOf(events, 'PresenceChanged');
    if (JSON.stringify(ids(event)) === JSON.stringify(expected)) return;
  }
}

/** The database's own message: drizzle puts it in `cause`. */
async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause;
    return cause?.message ?? (error as Error).message;
  }
  throw new Error('expected a failure');
}

async function row(documentId: string) {
  const [found] = await k.db.select().from(documents).where(eq(documents.id, documentId));
  return found!;
}

async function logRows(documentId: string): Promise<number> {
  const [n] = await k.db
    .select({ n: count() })
    .from(collabUpdates)
    .where(eq(collabUpdates.documentId, documentId));
  return n?.n ?? 0;
}

const editorViewer = (): Viewer => ({ userId: randomUUID(), roles: ['EDITOR'], sessionId: randomUUID() });

describe('joining', () => {
  it('returns the stored body as Yjs state, lists participants and announces them', async () => {
    const id = await newDocument('# Notes\n\nHello');
    const events = await subscribe(viewer, id);
    const a = new LiveEditor(author, id, k.url);
    expect(await a.join()).toEqual([author.id]);
    expect(a.text()).toBe('# Notes\n\nHello');
    expect(ids(await nextOf(events, 'PresenceChanged'))).toEqual([author.id]);

    const b = new LiveEditor(editor, id, k.url);
    expect(await b.join()).toEqual([author.id, editor.id]);
    expect(b.text()).toBe('# Notes\n\nHello');
    const presence = await nextOf(events, 'PresenceChanged');
    expect([presence.documentId, ids(presence)]).toEqual([id, [author.id, editor.id]]);

    // Joining again (a client resynchronising) changes nothing and announces nothing.
    expect(await a.join()).toEqual([author.id, editor.id]);
    expect(a.text()).toBe('# Notes\n\nHello');
    await b.type((t) => t.insert(0, '>'));
    expect((await next(events)).__typename).toBe('DocumentEdited');
    await events.close();
  });

  it('is for EDITORs and ADMINs who may read the document', async () => {
    const id = await newDocument('x', { publish: false, visibility: 'PRIVATE' });
    const join = (user: TestUser | null) => gql(k.url, JOIN, { id }, user?.token);
    expect(errorCode(await join(null))).toBe('UNAUTHENTICATED');
    expect(errorCode(await join(viewer))).toBe('FORBIDDEN');
    expect(errorCode(await join(editor))).toBe('NOT_FOUND');
    expect(errorCode(await gql(k.url, JOIN, { id: 'nope' }, editor.token))).toBe('NOT_FOUND');
    expect(errorCode(await gql(k.url, JOIN, { id: randomUUID() }, editor.token))).toBe('NOT_FOUND');
    expect(dataOf(await join(admin))).toBeTruthy();
  });

  it('two instances opening a document at once start from the same Yjs history', async () => {
    const id = await newDocument('Shared start');
    const services = await Promise.all([0, 1].map(() => createCollaboration(k.deps)));
    try {
      const [one, two] = await Promise.all(services.map((s) => s.join(author.viewer, id)));
      const doc = new Y.Doc();
      Y.applyUpdate(doc, unb64(one!.state));
      Y.applyUpdate(doc, unb64(two!.state));
      // Independently built histories would both insert the body: "Shared startShared start".
      expect(doc.getText('body').toString()).toBe('Shared start');
      const [stored] = await k.db
        .select({ n: count() })
        .from(collabStates)
        .where(eq(collabStates.documentId, id));
      expect(stored?.n).toBe(1);
    } finally {
      await Promise.all(services.map((s) => s.stop()));
    }
  });

  it('allows at most 100 participants per document', async () => {
    const id = await newDocument('crowded');
    for (let i = 0; i < 100; i += 1) await k.server.realtime.collab.join(editorViewer(), id);
    const refused = await gql(k.url, JOIN, { id }, editor.token);
    expect(errorCode(refused)).toBe('BAD_USER_INPUT');
    expect(refused.body.errors?.[0]?.extensions?.field).toBe('id');
    const [present] = await k.db
      .select({ n: count() })
      .from(collabParticipants)
      .where(eq(collabParticipants.documentId, id));
    expect(present?.n).toBe(100);
  });
});

describe('applying updates', () => {
  it('two clients converge to the same text after concurrent inserts at the same place', async () => {
    const id = await newDocument('Hello');
    const watcher = await subscribe(admin, id);
    const a = new LiveEditor(author, id, k.url);
    const b = new LiveEditor(editor, id, k.url);
    await a.join();
    await b.join();
    const aEvents = await subscribe(author, id);
    const bEvents = await subscribe(editor, id);
    // Both edit before hearing of the other's edit.
    const fromA = a.edit((t) => t.insert(0, 'AAA '));
    const fromB = b.edit((t) => t.insert(0, 'BBB '));
    const versions = await Promise.all([a.send(fromA), b.send(fromB)]);
    // The document's version: live edits make none until the session is saved.
    expect(versions.map((r) => dataOf(r).applyDocumentUpdate)).toEqual([1, 1]);

    const pump = async (client: LiveEditor, events: Events) => {
      while (!(client.text().includes('AAA') && client.text().includes('BBB'))) {
        const event = await nextOf(events, 'DocumentEdited');
        client.receive(event.update!);
      }
    };
    await Promise.all([pump(a, aEvents), pump(b, bEvents)]);
    expect(a.text()).toBe(b.text());
    expect(a.text()).toMatch(/^(AAA BBB |BBB AAA )Hello$/);
    expect(k.server.realtime.collab.liveText(id)).toBe(a.text());

    // Every subscriber hears both edits, each with its actor.
    const heard = [await nextOf(watcher, 'DocumentEdited'), await nextOf(watcher, 'DocumentEdited')];
    expect(heard.map((e) => e.actor?.id).sort()).toEqual([author.id, editor.id].sort());
    expect(heard.map((e) => e.update).sort()).toEqual([fromA, fromB].sort());
    expect(heard.every((e) => e.documentId === id)).toBe(true);
    await Promise.all([watcher, aEvents, bEvents].map((e) => e.close()));
  });

  it("refuses a viewer's update, and an editor who cannot read the document, broadcasting nothing", async () => {
    const id = await newDocument('Guarded');
    const privateId = await newDocument('Secret', { visibility: 'PRIVATE' });
    const watcher = await subscribe(author, id);
    const a = new LiveEditor(author, id, k.url);
    await a.join();
    const vandal = new LiveEditor(viewer, id, k.url);
    Y.applyUpdate(
      vandal.doc,
      unb64(
        dataOf(await gql<{ joinDocument: { state: string } }>(k.url, JOIN, { id }, admin.token)).joinDocument
          .state,
      ),
    );
    const refused = await vandal.send(vandal.edit((t) => t.insert(0, 'vandal ')));
    expect(errorCode(refused)).toBe('FORBIDDEN');
    const update = b64(Y.encodeStateAsUpdate(vandal.doc));
    expect(errorCode(await gql(k.url, APPLY, { id: privateId, update }, editor.token))).toBe('NOT_FOUND');
    expect(errorCode(await gql(k.url, APPLY, { id, update }))).toBe('UNAUTHENTICATED');
    // The next event the subscriber gets is the legitimate edit made after the refused ones.
    await a.type((t) => t.insert(t.length, ' world'));
    const first = await nextOf(watcher, 'DocumentEdited');
    expect(first.actor?.id).toBe(author.id);
    a.receive(first.update!);
    expect(a.text()).toBe('Guarded world');
    expect(k.server.realtime.collab.liveText(id)).toBe('Guarded world');
    await watcher.close();
  });

  it('refuses malformed, undecodable and oversized updates on field update, logging nothing', async () => {
    const limit = k.deps.bodyMaxBytes;
    const id = await newDocument('x'.repeat(limit - 100 * 1024));
    const a = new LiveEditor(author, id, k.url);
    await a.join();
    const before = await logRows(id);
    // Within the HTTP limit, but it would take the body past the body limit.
    const tooBig = a.edit((t) => t.insert(0, 'y'.repeat(200 * 1024)));
    for (const update of [
      '',
      'not base64 at all!',
      b64(Buffer.from('hello garbage')),
      b64(new Uint8Array([1, 2, 3])),
      tooBig,
    ]) {
      const result = await gql(k.url, APPLY, { id, update }, author.token);
      expect(errorCode(result), update.slice(0, 20)).toBe('BAD_USER_INPUT');
      expect(result.body.errors?.[0]?.extensions?.field).toBe('update');
    }
    // Over 1 MB decoded cannot even pass the HTTP body limit; the domain refuses it all the same.
    const huge = b64(new Uint8Array(1024 * 1024 + 1));
    await expect(k.server.realtime.collab.apply(author.viewer, id, huge)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'update' },
    });
    expect(await logRows(id)).toBe(before);
    expect(k.server.realtime.collab.liveText(id)?.length).toBe(limit - 100 * 1024);
  });

  it('returns the version and refreshes the presence of whoever edits', async () => {
    const id = await newDocument('v');
    const a = new LiveEditor(editor, id, k.url);
    await a.join();
    expect(await a.type((t) => t.insert(1, '!'))).toBe((await row(id)).version);
  });
});

describe('durability', () => {
  it('keeps every acknowledged update when the process dies before compacting', async () => {
    const id = await newDocument('Durable');
    const clock = { now: new Date() };
    // A scheduler nobody advances: this service never compacts, like a process killed with SIGKILL.
    const doomed = await createCollaboration(k.deps, { scheduler: createManualScheduler(clock) });
    let reborn: CollaborationService | undefined;
    try {
      const client = new Y.Doc();
      Y.applyUpdate(client, unb64((await doomed.join(editor.viewer, id)).state));
      for (const words of [' one', ' two', ' three']) {
        const before = Y.encodeStateVector(client);
        client.getText('body').insert(client.getText('body').length, words);
        await doomed.apply(editor.viewer, id, b64(Y.encodeStateAsUpdate(client, before)));
      }
      expect(await logRows(id)).toBe(3);
      expect((await row(id)).body).toBe('Durable');

      reborn = await createCollaboration(k.deps, { scheduler: createManualScheduler(clock) });
      const session = await reborn.join(editor.viewer, id);
      const restored = new Y.Doc();
      Y.applyUpdate(restored, unb64(session.state));
      expect(restored.getText('body').toString()).toBe('Durable one two three');
      expect(restored.getText('body').toString()).toBe(client.getText('body').toString());
    } finally {
      await reborn?.stop();
      await doomed.stop();
    }
  });
});

describe('compaction', () => {
  it('two instances compacting while updates keep coming lose nothing', async () => {
    const id = await newDocument('');
    const clock = { now: new Date() };
    const [one, two] = await Promise.all(
      [0, 1].map(() => createCollaboration(k.deps, { scheduler: createManualScheduler(clock) })),
    );
    try {
      const client = new Y.Doc();
      Y.applyUpdate(client, unb64((await one!.join(editor.viewer, id)).state));
      await two!.join(author.viewer, id);
      const work: Array<Promise<unknown>> = [];
      for (let i = 0; i < 30; i += 1) {
        const before = Y.encodeStateVector(client);
        client.getText('body').insert(client.getText('body').length, `${i},`);
        const update = b64(Y.encodeStateAsUpdate(client, before));
        work.push((i % 2 ? one! : two!).apply(editor.viewer, id, update));
        if (i % 5 === 0) work.push(one!.compactNow(id), two!.compactNow(id));
      }
      await Promise.all(work);
      await Promise.all([one!.compactNow(id), two!.compactNow(id)]);
      const expected = client.getText('body').toString();
      expect(await logRows(id)).toBe(0);
      expect((await row(id)).body).toBe(expected);
      const [stored] = await k.db.select().from(collabStates).where(eq(collabStates.documentId, id));
      const doc = new Y.Doc();
      Y.applyUpdate(doc, stored!.state);
      expect(doc.getText('body').toString()).toBe(expected);
      expect([one!.liveText(id), two!.liveText(id)]).toEqual([expected, expected]);
    } finally {
      await Promise.all([one!.stop(), two!.stop()]);
    }
  });

  it('writes the body at most 3 s after the last edit and trims the log', async () => {
    const id = await newDocument('Start');
    const a = new LiveEditor(editor, id, k.url);
    await a.join();
    await a.type((t) => t.insert(5, ' one'));
    await k.advance(1000);
    await a.type((t) => t.insert(t.length, ' two'));
    await k.advance(2999);
    expect((await row(id)).body).toBe('Start');
    expect(await logRows(id)).toBe(2);
    await k.advance(1);
    const compacted = await row(id);
    expect(compacted.body).toBe('Start one two');
    // No new version: only leaving or publishing saves one.
    expect(compacted.version).toBe(1);
    expect(await logRows(id)).toBe(0);
    const [stored] = await k.db.select().from(collabStates).where(eq(collabStates.documentId, id));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored!.state);
    expect(doc.getText('body').toString()).toBe('Start one two');
    expect(stored!.lastActorId).toBe(editor.id);
  });

  it('compacts at least every 10 s while editing never pauses', async () => {
    const id = await newDocument('');
    const a = new LiveEditor(editor, id, k.url);
    await a.join();
    for (let second = 0; second < 10; second += 1) {
      await a.type((t) => t.insert(t.length, String(second)));
      await k.advance(1000);
    }
    // 10 s after the first edit, though the last was 1 s ago.
    expect((await row(id)).body).toBe('0123456789');
    await a.type((t) => t.insert(t.length, 'x'));
    await k.advance(1000);
    expect((await row(id)).body).toBe('0123456789');
    expect(await logRows(id)).toBe(1);
  });

  it('sanitises the body it writes and leaves the live text as typed', async () => {
    const id = await newDocument('Safe');
    const a = new LiveEditor(editor, id, k.url);
    await a.join();
    await a.type((t) => t.insert(4, ' <img src=x onerror="alert(1)">'));
    await k.server.realtime.collab.compactNow(id);
    expect((await row(id)).body).toBe('Safe <img src="x">');
    expect(k.server.realtime.collab.liveText(id)).toBe('Safe <img src=x onerror="alert(1)">');
  });
});

describe('saving', () => {
  it('the last editor leaving saves a version and a revision and announces it', async () => {
    const id = await newDocument('Draft text');
    const events = await subscribe(viewer, id);
    const a = new LiveEditor(author, id, k.url);
    const b = new LiveEditor(editor, id, k.url);
    await a.join();
    await b.join();
    await b.type((t) => t.insert(t.length, ' by b'));
    expect(await a.leave()).toBe(true);
    await presence(events, [editor.id]);
    expect((await row(id)).version).toBe(1);

    expect(await b.leave()).toBe(true);
    const saved = await nextOf(events, 'DocumentSaved');
    expect(saved.document).toEqual({ id, version: 2, body: 'Draft text by b' });
    const [revision] = await k.db
      .select()
      .from(revisions)
      .where(and(eq(revisions.documentId, id), eq(revisions.version, 2)));
    // Whoever made the last edit is the revision's editor.
    expect([revision?.body, revision?.editorId]).toEqual(['Draft text by b', editor.id]);
    expect(await logRows(id)).toBe(0);
    await events.close();
  });

  it('a session that changed nothing saves nothing', async () => {
    const id = await newDocument('Unchanged');
    const a = new LiveEditor(author, id, k.url);
    await a.join();
    await a.leave();
    expect((await row(id)).version).toBe(1);
  });

  it('publishing saves the live text first', async () => {
    const id = await newDocument('Before', { publish: false });
    const a = new LiveEditor(author, id, k.url);
    await a.join();
    await a.type((t) => t.insert(t.length, ' and after'));
    const published = dataOf(
      await gql<{ publishDocument: { status: string; version: number; body: string } }>(
        k.url,
        'mutation ($id: ID!) { publishDocument(id: $id) { status version body } }',
        { id },
        author.token,
      ),
    ).publishDocument;
    expect(published).toEqual({ status: 'PUBLISHED', version: 2, body: 'Before and after' });
    // Someone else may not publish, and cannot save on the way either.
    const other = await newDocument('Theirs', { publish: false });
    const intruder = new LiveEditor(editor, other, k.url);
    await intruder.join();
    await intruder.type((t) => t.insert(0, '!'));
    const refused = await gql(
      k.url,
      'mutation ($id: ID!) { publishDocument(id: $id) { id } }',
      { id: other },
      editor.token,
    );
    expect(errorCode(refused)).toBe('FORBIDDEN');
    expect((await row(other)).version).toBe(1);
  });

  it('a saved change to the body joins the live text instead of being overwritten', async () => {
    const id = await newDocument('one two three');
    const events = await subscribe(editor, id);
    const a = new LiveEditor(editor, id, k.url);
    await a.join();
    const updated = await updateDocument(k.deps, author.viewer, id, 1, { body: 'one 2 three' });
    expect(updated.version).toBe(2);
    const edited = await nextOf(events, 'DocumentEdited');
    expect(edited.actor?.id).toBe(author.id);
    a.receive(edited.update!);
    expect(a.text()).toBe('one 2 three');
    await a.type((t) => t.insert(t.length, ' four'));
    await k.server.realtime.collab.compactNow(id);
    expect((await row(id)).body).toBe('one 2 three four');
    expect(k.server.realtime.collab.liveText(id)).toBe('one 2 three four');
    await events.close();
  });
});

describe('presence', () => {
  it('drops a participant silent for 30 s and saves when the last one goes', async () => {
    const id = await newDocument('Quiet');
    const events = await subscribe(viewer, id);
    const a = new LiveEditor(author, id, k.url);
    const b = new LiveEditor(editor, id, k.url);
    await a.join();
    await b.join();
    await a.type((t) => t.insert(t.length, '!'));
    await k.advance(20_000);
    expect(
      dataOf(await gql<{ documentHeartbeat: boolean }>(k.url, HEARTBEAT, { id }, editor.token))
        .documentHeartbeat,
    ).toBe(true);
    await k.advance(9000);
    expect(
      (await k.db.select().from(collabParticipants).where(eq(collabParticipants.documentId, id))).length,
    ).toBe(2);
    await k.advance(6000);
    // 35 s after the author's last sign of life: gone; the editor heartbeated 15 s ago.
    await presence(events, [editor.id]);

    await k.advance(31_000);
    await presence(events, []);
    const saved = await nextOf(events, 'DocumentSaved');
    expect(saved.document).toMatchObject({ version: 2, body: 'Quiet!' });
    expect(
      dataOf(await gql<{ documentHeartbeat: boolean }>(k.url, HEARTBEAT, { id }, editor.token))
        .documentHeartbeat,
    ).toBe(false);
    await events.close();
  });

  it('counts live sessions and participants for ANALYSTs and ADMINs only, leaving the silent out', async () => {
    const ACTIVITY = '{ collaborationActivity { sessions participants } }';
    const analyst = await k.user(['ANALYST']);
    type Activity = { collaborationActivity: { sessions: number; participants: number } };
    const activity = async (user: TestUser = analyst) =>
      dataOf(await gql<Activity>(k.url, ACTIVITY, {}, user.token)).collaborationActivity;
    expect(errorCode(await gql(k.url, ACTIVITY, {}))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(k.url, ACTIVITY, {}, viewer.token))).toBe('FORBIDDEN');
    expect(errorCode(await gql(k.url, ACTIVITY, {}, editor.token))).toBe('FORBIDDEN');

    const before = await activity();
    const first = await newDocument('One');
    const second = await newDocument('Two');
    await new LiveEditor(author, first, k.url).join();
    await new LiveEditor(editor, first, k.url).join();
    await new LiveEditor(editor, second, k.url).join();
    expect(await activity()).toEqual({
      sessions: before.sessions + 2,
      participants: before.participants + 3,
    });
    expect(await activity(admin)).toEqual(await activity());

    await gql(k.url, LEAVE, { id: second }, editor.token);
    expect(await activity()).toEqual({
      sessions: before.sessions + 1,
      participants: before.participants + 2,
    });
    // Silent past the presence timeout: not counted, swept or not.
    await k.advance(31_000);
    expect(await activity()).toEqual({ sessions: 0, participants: 0 });
  });
});

describe('row-level security on live editing', () => {
  it('the request role appends only as itself, to documents it may read, and never sees presence', async () => {
    const id = await newDocument('rls', { visibility: 'PRIVATE' });
    await k.server.realtime.collab.join(author.viewer, id);
    const insert = (actor: string) =>
      readerRows(
        k.db,
        { id: editor.id, roles: ['EDITOR'] },
        sql`insert into knowledge.collab_updates (document_id, update, actor_id) values (${id}, '\\x0000', ${actor})`,
      );
    expect(await failure(insert(editor.id))).toMatch(/row-level security/);
    const publicId = await newDocument('rls public');
    const asSomeoneElse = readerRows(
      k.db,
      { id: editor.id, roles: ['EDITOR'] },
      sql`insert into knowledge.collab_updates (document_id, update, actor_id) values (${publicId}, '\\x0000', ${author.id})`,
    );
    expect(await failure(asSomeoneElse)).toMatch(/row-level security/);
    const presenceRows = readerRows(
      k.db,
      { id: author.id, roles: ['EDITOR'] },
      sql`select * from knowledge.collab_participants`,
    );
    expect(await failure(presenceRows)).toMatch(/permission denied/);
    expect(
      await readerRows(
        k.db,
        { id: editor.id, roles: ['EDITOR'] },
        sql`select document_id from knowledge.collab_states where document_id = ${id}`,
      ),
    ).toEqual([]);
  });
});

describe('the edit rule in live editing', () => {
  const revisionEditors = async (documentId: string) =>
    (
      await k.db
        .select()
        .from(revisions)
        .where(eq(revisions.documentId, documentId))
        .orderBy(revisions.version)
    ).map((r) => [r.version, r.editorId]);

  it('any EDITOR on a PUBLIC document, saved as them under row-level security; nobody else on a PRIVATE one', async () => {
    const id = await newDocument('Shared');
    const b = new LiveEditor(editor, id, k.url);
    await b.join();
    await b.type((t) => t.insert(t.length, ' and improved'));
    const statements = await k.statementsDuring(() => b.leave());
    // The save switched to the request role, as the editor, before writing the document.
    const asEditor = statements.findIndex((q) => q.includes("set_config('role'"));
    const written = statements.findIndex((q) => /update "knowledge"."documents"/.test(q));
    expect(asEditor).toBeGreaterThanOrEqual(0);
    expect(written).toBeGreaterThan(asEditor);
    expect((await row(id)).body).toBe('Shared and improved');
    expect(await revisionEditors(id)).toEqual([
      [1, author.id],
      [2, editor.id],
    ]);

    const privateId = await newDocument('Mine', { visibility: 'PRIVATE' });
    const update = b64(Y.encodeStateAsUpdate(new Y.Doc()));
    expect(errorCode(await gql(k.url, JOIN, { id: privateId }, editor.token))).toBe('NOT_FOUND');
    expect(errorCode(await gql(k.url, APPLY, { id: privateId, update }, editor.token))).toBe('NOT_FOUND');
    expect(await logRows(privateId)).toBe(0);
    expect(await revisionEditors(privateId)).toEqual([[1, author.id]]);
  });

  it('edits made while a document was PUBLIC are not saved as their editor once it is PRIVATE', async () => {
    const id = await newDocument('Open');
    const b = new LiveEditor(editor, id, k.url);
    await b.join();
    await b.type((t) => t.insert(t.length, ' by b'));
    const made = await updateDocument(k.deps, author.viewer, id, 1, { visibility: 'PRIVATE' });
    expect(made.version).toBe(2);
    // Further edits are refused at once...
    expect(errorCode(await b.send(b.edit((t) => t.insert(0, '!'))))).toBe('NOT_FOUND');
    // ...the document is gone for them, and when they drop out the save the rule refuses (as
    // them: the last editor) writes nothing; neither does compacting their edits into the body.
    expect(errorCode(await gql(k.url, LEAVE, { id }, editor.token))).toBe('NOT_FOUND');
    await k.advance(36_000);
    expect(await k.db.select().from(collabParticipants).where(eq(collabParticipants.documentId, id))).toEqual(
      [],
    );
    expect(await row(id)).toMatchObject({ version: 2, body: 'Open' });
    await expect(saveLive(k.deps, id, null)).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(await logRows(id)).toBeGreaterThan(0);
    // The author may save them, as the author.
    const a = new LiveEditor(author, id, k.url);
    await a.join();
    expect(a.text()).toBe('Open by b');
    await a.leave();
    expect(await revisionEditors(id)).toEqual([
      [1, author.id],
      [2, author.id],
      [3, author.id],
    ]);
    expect((await row(id)).body).toBe('Open by b');
  });

  it('refuses updates to any shared type but "body", and grows no state past its limit', async () => {
    const id = await newDocument('Small');
    const a = new LiveEditor(editor, id, k.url);
    await a.join();
    const before = await logRows(id);
    const sneaky = (fill: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(a.doc));
      const sv = Y.encodeStateVector(doc);
      fill(doc);
      return b64(Y.encodeStateAsUpdate(doc, sv));
    };
    for (const update of [
      sneaky((doc) => doc.getMap('evil').set('k', 'v'.repeat(100_000))),
      sneaky((doc) => doc.getText('other').insert(0, 'w'.repeat(100_000))),
      sneaky((doc) => doc.getText('body').insertEmbed(0, { blob: 'e'.repeat(100_000) })),
    ]) {
      const refused = await a.send(update);
      expect(errorCode(refused)).toBe('BAD_USER_INPUT');
      expect(refused.body.errors?.[0]?.extensions?.field).toBe('update');
    }
    expect(await logRows(id)).toBe(before);
    const joined = new LiveEditor(admin, id, k.url);
    await joined.join();
    expect([...joined.doc.share.keys()]).toEqual(['body']);

    // A small limit on a separate service instance: text alone cannot grow the state past it.
    const capped = await createCollaboration(k.deps, {
      scheduler: createManualScheduler({ now: new Date() }),
      maxStateBytes: 64 * 1024,
    });
    try {
      const client = new Y.Doc();
      Y.applyUpdate(client, unb64((await capped.join(editor.viewer, id)).state));
      const grow = (n: number) => {
        const sv = Y.encodeStateVector(client);
        client.getText('body').insert(0, 'z'.repeat(n));
        return b64(Y.encodeStateAsUpdate(client, sv));
      };
      await capped.apply(editor.viewer, id, grow(40_000));
      await expect(capped.apply(editor.viewer, id, grow(40_000))).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', field: 'update' },
      });
      expect(capped.liveText(id)).toHaveLength(40_000 + 'Small'.length);
    } finally {
      await capped.stop();
    }
  });
});
