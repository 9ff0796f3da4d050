import { randomUUID } from 'node:crypto';
import { type Recording, subscribe } from '@ukp/kit/testing';
import type { GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDocument, deleteDocument, transition, updateDocument } from '../domain/documents.js';
import { DOCUMENT_EVENTS, type DocumentEventData, LiveEditor } from '../testing/live-editor.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../testing/server-fixture.js';

type Events = Recording<DocumentEventData>;

/** State the server changes after answering (a subscription ending, a replicated edit). */
const waitOptions = { timeout: 5000, interval: 10 };

const PUBLISHED = `subscription ($tags: [String!]) {
  documentPublished(tags: $tags) { id title tags visibility author { id } }
}`;
interface PublishedData {
  documentPublished: {
    id: string;
    title: string;
    tags: string[];
    visibility: string;
    author: { id: string };
  };
}

let k: KnowledgeFixture;
let author: TestUser;
let reader: TestUser;
let admin: TestUser;

beforeAll(async () => {
  k = await startKnowledge();
  author = await k.user(['EDITOR']);
  reader = await k.user(['EDITOR']);
  admin = await k.user(['ADMIN']);
});
afterAll(async () => {
  await k?.stop();
});

async function newDocument(
  options: { publish?: boolean; visibility?: 'PUBLIC' | 'PRIVATE'; tags?: string[]; body?: string } = {},
) {
  const row = await createDocument(k.deps, author.viewer, {
    title: `Doc ${randomUUID()}`,
    body: options.body ?? 'Body',
    tags: options.tags ?? ['subs'],
    visibility: options.visibility ?? 'PUBLIC',
  });
  if (options.publish) await transition(k.deps, author.viewer, row.id, 'publish');
  return row.id;
}

function documentEvents(fixture: KnowledgeFixture, user: TestUser | null, id: string): Promise<Events> {
  return fixture.subscribe<DocumentEventData>(DOCUMENT_EVENTS, { id }, user?.token);
}

/** The next DocumentEdited event's update (skipping presence), failing on errors. */
async function nextEdit(events: Events): Promise<{ update: string; actor: string }> {
  for (;;) {
    const result = await events.next();
    const event = result.data?.documentEvents;
    if (!event) throw new Error(`expected an event, got ${JSON.stringify(result)}`);
    if (event.__typename === 'DocumentEdited') return { update: event.update!, actor: event.actor!.id };
  }
}

/**
 * The code a stream ended with. Refused at subscribe time, the errors come as a result and the
 * stream completes; ended later, as graphql-ws' error message (an array of errors).
 */
async function endError(events: Recording<unknown>): Promise<string | undefined> {
  for (;;) {
    try {
      const result = await events.next();
      if (result.errors) return result.errors[0]?.extensions?.code as string | undefined;
    } catch (error) {
      const errors = error as GraphQLFormattedError[];
      return Array.isArray(errors) ? (errors[0]?.extensions?.code as string | undefined) : String(error);
    }
  }
}

describe('documentEvents', () => {
  it('is for whoever may read the document, anonymous readers of public ones included', async () => {
    const draft = await newDocument({ visibility: 'PRIVATE' });
    for (const [user, id] of [
      [reader, draft],
      [null, draft],
      [reader, randomUUID()],
      [reader, 'not-an-id'],
    ] as const) {
      const events = subscribe<DocumentEventData>(k.ws(user?.token), DOCUMENT_EVENTS, { id });
      expect(await endError(events)).toBe('NOT_FOUND');
    }
    const published = await newDocument({ publish: true });
    const anonymous = await documentEvents(k, null, published);
    const writer = new LiveEditor(author, published, k.url);
    await writer.join();
    await writer.type((t) => t.insert(0, 'Hi '));
    expect((await nextEdit(anonymous)).actor).toBe(author.id);
    await anonymous.close();
  });

  it('refuses a connection whose token is not valid', async () => {
    const events = subscribe(k.ws('not-a-token'), DOCUMENT_EVENTS, { id: randomUUID() });
    await expect(events.next()).rejects.toBeTruthy();
  });

  it('stops reaching a reader when the author makes the document PRIVATE, ending with NOT_FOUND', async () => {
    // A public draft: readable by every EDITOR.
    const id = await newDocument();
    const theirs = await documentEvents(k, reader, id);
    const mine = await documentEvents(k, author, id);
    const writer = new LiveEditor(author, id, k.url);
    await writer.join();
    await writer.type((t) => t.insert(0, '1 '));
    expect((await nextEdit(theirs)).actor).toBe(author.id);
    expect((await nextEdit(mine)).actor).toBe(author.id);

    await updateDocument(k.deps, author.viewer, id, 1, { visibility: 'PRIVATE' });
    // Ended by the change itself, before any further edit.
    expect(await endError(theirs)).toBe('NOT_FOUND');
    // The author still hears the next edit.
    await writer.type((t) => t.insert(0, '2 '));
    expect((await nextEdit(mine)).actor).toBe(author.id);
    await mine.close();
  });

  it('ends with NOT_FOUND when the document is deleted, or archived for an anonymous reader', async () => {
    const deleted = await newDocument({ publish: true });
    const archived = await newDocument({ publish: true });
    const onDeleted = await documentEvents(k, reader, deleted);
    const onArchived = await documentEvents(k, null, archived);
    const editorOnArchived = await documentEvents(k, reader, archived);
    await deleteDocument(k.deps, author.viewer, deleted);
    await transition(k.deps, author.viewer, archived, 'archive');
    expect(await endError(onDeleted)).toBe('NOT_FOUND');
    expect(await endError(onArchived)).toBe('NOT_FOUND');
    // EDITORs may still read archived public documents: their stream goes on.
    const writer = new LiveEditor(author, archived, k.url);
    await writer.join();
    await writer.type((t) => t.insert(0, '!'));
    expect((await nextEdit(editorOnArchived)).actor).toBe(author.id);
    await editorOnArchived.close();
  });

  it('authorises each event once per identity, however many subscribers share it', async () => {
    const id = await newDocument({ publish: true });
    const streams: Events[] = [];
    for (let i = 0; i < 5; i += 1) streams.push(await documentEvents(k, null, id));
    const writer = new LiveEditor(author, id, k.url);
    await writer.join();
    // The join's presence event first, so its checks are not counted below.
    for (const events of streams)
      expect((await events.next()).data?.documentEvents.__typename).toBe('PresenceChanged');
    const update = writer.edit((t) => t.insert(0, 'x'));
    const statements = await k.statementsDuring(async () => {
      await writer.send(update);
      for (const events of streams) expect((await nextEdit(events)).update).toBe(update);
    });
    const reads = statements.filter((s) =>
      /from "knowledge"\."documents" where \(?"knowledge"\."documents"\."id" in/.test(s),
    );
    expect(reads).toHaveLength(1);
    await Promise.all(streams.map((s) => s.close()));
  });

  it('counts open subscriptions per field, down again when clients leave', async () => {
    const settle = (expected: Record<string, number>) =>
      vi.waitFor(() => expect(k.server.activeSubscriptions()).toEqual(expected), waitOptions);
    // Earlier tests' subscriptions end asynchronously once their clients leave.
    await settle({ documentEvents: 0, documentPublished: 0 });
    const id = await newDocument({ publish: true });
    const events = await documentEvents(k, null, id);
    const feed = await k.subscribe(PUBLISHED);
    expect(k.server.activeSubscriptions()).toEqual({ documentEvents: 1, documentPublished: 1 });
    await events.close();
    await feed.close();
    await settle({ documentEvents: 0, documentPublished: 0 });
  });
});

describe('documentPublished', () => {
  function feed(user: TestUser | null, tags?: string[]) {
    return k.subscribe<PublishedData>(PUBLISHED, tags ? { tags } : {}, user?.token);
  }

  /** Published documents' ids, in order, until `last` arrives. */
  async function idsUntil(events: Recording<PublishedData>, last: string) {
    const ids: string[] = [];
    while (ids.at(-1) !== last) {
      const result = await events.next();
      ids.push(result.data!.documentPublished.id);
    }
    return ids;
  }

  it('streams published documents by tag, PRIVATE ones only to their author and ADMINs', async () => {
    const anyone = await feed(null);
    const alpha = await feed(reader, ['Alpha']);
    const authorAlpha = await feed(author, ['alpha', 'gamma']);
    const everything = await feed(admin);

    const publicAlpha = await newDocument({ tags: ['alpha'] });
    const publicBeta = await newDocument({ tags: ['beta'] });
    const privateAlpha = await newDocument({ tags: ['alpha'], visibility: 'PRIVATE' });
    const marker = await newDocument({ tags: ['alpha', 'gamma'] });
    for (const id of [publicAlpha, publicBeta, privateAlpha, marker]) {
      await transition(k.deps, author.viewer, id, 'publish');
    }

    expect(await idsUntil(anyone, marker)).toEqual([publicAlpha, publicBeta, marker]);
    expect(await idsUntil(alpha, marker)).toEqual([publicAlpha, marker]);
    expect(await idsUntil(authorAlpha, marker)).toEqual([publicAlpha, privateAlpha, marker]);
    expect(await idsUntil(everything, marker)).toEqual([publicAlpha, publicBeta, privateAlpha, marker]);
    await Promise.all([anyone, alpha, authorAlpha, everything].map((s) => s.close()));
  });

  it('re-checks each document as the subscriber at the time of the event', async () => {
    const events = await feed(reader);
    const hidden = await newDocument();
    await transition(k.deps, author.viewer, hidden, 'publish');
    // Its announcement said PUBLIC; by the time it is checked, the author has made it PRIVATE.
    expect((await events.next()).data?.documentPublished.id).toBe(hidden);
    await updateDocument(k.deps, author.viewer, hidden, 1, { visibility: 'PRIVATE' });
    await k.deps.bus.publish('document.published', {
      documentId: hidden,
      authorId: author.id,
      actorId: author.id,
      title: 'stale',
      tags: ['subs'],
      status: 'PUBLISHED',
      visibility: 'PUBLIC',
      version: 1,
    });
    const marker = await newDocument();
    await transition(k.deps, author.viewer, marker, 'publish');
    expect((await events.next()).data?.documentPublished.id).toBe(marker);
    await events.close();
  });

  it('refuses invalid tags', async () => {
    const events = subscribe(k.ws(), PUBLISHED, { tags: ['***'] });
    expect(await endError(events)).toBe('BAD_USER_INPUT');
  });
});

describe('two instances on one database and Redis prefix', () => {
  let other: KnowledgeFixture;
  beforeAll(async () => {
    other = await startKnowledge({ sameAs: k });
  });
  afterAll(async () => {
    await other?.stop();
  });

  it('an edit applied on A reaches a subscriber of B, and both in-memory documents converge', async () => {
    const id = await newDocument({ publish: true, body: 'Hello' });
    const onB = await documentEvents(other, reader, id);
    const a = new LiveEditor(author, id, k.url);
    const b = new LiveEditor(reader, id, other.url);
    await a.join();
    await b.join();
    const bSeesA = await documentEvents(other, reader, id);
    const aSeesB = await documentEvents(k, author, id);

    await a.type((t) => t.insert(5, ' from A'));
    const heard = await nextEdit(onB);
    expect(heard.actor).toBe(author.id);
    b.receive(heard.update);
    expect(b.text()).toBe('Hello from A');

    // Concurrent inserts at the same place, one through each instance.
    const fromA = a.edit((t) => t.insert(0, 'AAA '));
    const fromB = b.edit((t) => t.insert(0, 'BBB '));
    await Promise.all([a.send(fromA), b.send(fromB)]);
    const done = (text: string) => text.includes('AAA') && text.includes('BBB');
    while (!done(a.text())) a.receive((await nextEdit(aSeesB)).update);
    while (!done(b.text())) b.receive((await nextEdit(bSeesA)).update);
    expect(a.text()).toBe(b.text());

    const liveA = () => k.server.realtime.collab.liveText(id);
    const liveB = () => other.server.realtime.collab.liveText(id);
    await vi.waitFor(() => expect([liveA(), liveB()]).toEqual([a.text(), a.text()]), waitOptions);
    await Promise.all([onB, bSeesA, aSeesB].map((s) => s.close()));
  });

  it('a document opened on both instances at once has one history', async () => {
    const id = await newDocument({ publish: true, body: 'Once' });
    const [onA, onB] = await Promise.all([
      new LiveEditor(author, id, k.url).join().then(() => k.server.realtime.collab.liveText(id)),
      new LiveEditor(reader, id, other.url).join().then(() => other.server.realtime.collab.liveText(id)),
    ]);
    expect([onA, onB]).toEqual(['Once', 'Once']);
  });
});
