import { DOCUMENT_TEXT_CHANGED, type DocumentTextChanged } from '@ukp/kit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LiveEditor } from '../../testing/live-editor.js';
import { type KnowledgeFixture, startKnowledge, type TestUser } from '../../testing/server-fixture.js';
import { createDocument, transition, updateDocument } from '../documents.js';

let k: KnowledgeFixture;
let author: TestUser;
let editor: TestUser;
const heard: DocumentTextChanged[] = [];
let unsubscribe: () => Promise<void>;

beforeAll(async () => {
  k = await startKnowledge({ manualClock: true });
  author = await k.user(['EDITOR']);
  editor = await k.user(['EDITOR']);
  unsubscribe = await k.deps.bus.subscribe<DocumentTextChanged>(DOCUMENT_TEXT_CHANGED, (event) => {
    heard.push(event.data);
  });
});
afterAll(async () => {
  await unsubscribe?.();
  await k?.stop();
});

async function newDocument() {
  const row = await createDocument(k.deps, author.viewer, {
    title: 'Live notes',
    body: 'Hello',
    tags: ['notes'],
    visibility: 'PUBLIC',
  });
  await transition(k.deps, author.viewer, row.id, 'publish');
  return row.id;
}

const bodiesOf = (id: string) => heard.filter((e) => e.documentId === id).map((e) => e.body);

describe('document.text_changed', () => {
  it('announces live edits with the live text, at most once a second, the last text included', async () => {
    const id = await newDocument();
    const a = new LiveEditor(author, id, k.url);
    const b = new LiveEditor(editor, id, k.url);
    await a.join();
    await b.join();
    await a.type((t) => t.insert(0, 'A '));
    await vi.waitFor(() => expect(bodiesOf(id)).toEqual(['A Hello']));
    const [first] = heard.filter((e) => e.documentId === id);
    expect(first).toMatchObject({
      title: 'Live notes',
      tags: ['notes'],
      authorId: author.id,
      visibility: 'PUBLIC',
      status: 'PUBLISHED',
    });
    await b.type((t) => t.insert(t.length, ' B'));
    await a.type((t) => t.insert(0, 'C '));
    // Still in the first second: nothing more yet.
    expect(bodiesOf(id)).toEqual(['A Hello']);
    await k.advance(1000);
    await vi.waitFor(() => expect(bodiesOf(id)).toEqual(['A Hello', expect.stringMatching(/^C A Hello B$/)]));
    await k.advance(5000);
    expect(bodiesOf(id)).toHaveLength(2);
  });

  it('announces a saved change of the text or tags, and not one of the visibility alone', async () => {
    const id = await newDocument();
    await updateDocument(k.deps, author.viewer, id, 1, { body: 'Saved body', tags: ['notes', 'more'] });
    await vi.waitFor(() => expect(bodiesOf(id)).toEqual(['Saved body']));
    expect(heard.find((e) => e.documentId === id)?.tags).toEqual(['notes', 'more']);
    await k.advance(1000);
    await updateDocument(k.deps, author.viewer, id, 2, { visibility: 'PRIVATE' });
    await k.advance(1000);
    expect(bodiesOf(id)).toEqual(['Saved body']);
  });
});
