import {
  type BusHandler,
  codeOf,
  DOCUMENT_TEXT_CHANGED,
  type DocumentTextChanged,
  type EventBus,
  silentLogger,
  type Viewer,
} from '@ukp/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentRef, TagSuggestion } from '../inference/suggestions.js';
import type { ReadableDocument } from './readable-document.js';
import { createSuggestionHub, type SuggestionHubOptions } from './suggestion-hub.js';

const DOC = 'doc-1';
const ann: Viewer = { userId: 'ann', roles: ['EDITOR'] } as unknown as Viewer;
const bob: Viewer = { userId: 'bob', roles: ['VIEWER'] } as unknown as Viewer;

const saved: ReadableDocument = {
  id: DOC,
  title: 'T',
  body: 'alpha beta',
  tags: [],
  visibility: 'PUBLIC',
  status: 'PUBLISHED',
  authorId: 'ann',
};

/** Suggests the body's words, in order: a text's "top tags" are what it says. */
const wordsOf = (document: DocumentRef): TagSuggestion[] =>
  (document.body ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((tag) => ({ tag, confidence: 0.9 }));

function setup(overrides: Partial<SuggestionHubOptions> = {}) {
  let handler: BusHandler<DocumentTextChanged> | undefined;
  const bus = {
    kind: 'memory',
    async subscribe(topic: string, h: BusHandler<DocumentTextChanged>) {
      expect(topic).toBe(DOCUMENT_TEXT_CHANGED);
      handler = h;
      return async () => {
        handler = undefined;
      };
    },
  } as unknown as EventBus;
  const suggested: Array<{ body: string; userId: string }> = [];
  const suggest = vi.fn(async (document: DocumentRef, viewer: Viewer) => {
    suggested.push({ body: document.body ?? '', userId: viewer.userId });
    return wordsOf(document);
  });
  let current: ReadableDocument | null = saved;
  const read = vi.fn(async () => current);
  const hub = createSuggestionHub({
    bus,
    logger: silentLogger(),
    suggest,
    read,
    intervalMs: 1000,
    ...overrides,
  });
  const emit = (body: string, access: Partial<DocumentTextChanged> = {}) =>
    handler?.({
      id: `e-${body}`,
      topic: DOCUMENT_TEXT_CHANGED,
      at: new Date().toISOString(),
      data: {
        documentId: DOC,
        title: 'T',
        body,
        tags: [],
        authorId: 'ann',
        visibility: 'PUBLIC',
        status: 'PUBLISHED',
        at: new Date().toISOString(),
        ...access,
      },
    });
  return {
    hub,
    emit,
    suggest,
    suggested,
    read,
    setReadable: (d: ReadableDocument | null) => {
      current = d;
    },
  };
}

/** Lets the hub's promises run (fake timers do not advance on their own). */
const flush = () => vi.advanceTimersByTimeAsync(0);

/** Collects what a subscription delivers, and how it ends. */
function collect(iterator: AsyncIterableIterator<TagSuggestion[]>) {
  const lists: string[][] = [];
  let ended: string | undefined;
  void (async () => {
    try {
      for await (const list of iterator) lists.push(list.map((s) => s.tag));
      ended = 'complete';
    } catch (error) {
      ended = codeOf(error) ?? String(error);
    }
  })();
  return { lists, ended: () => ended };
}

describe('the live suggestion hub', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('refuses with NOT_FOUND a caller knowledge does not show the document to, following nothing', async () => {
    const t = setup();
    await t.hub.start();
    t.setReadable(null);
    await expect(t.hub.subscribe(DOC, { viewer: bob, authorization: 'Bearer b' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    expect(t.read).toHaveBeenCalledWith(DOC, 'Bearer b');
    expect(t.suggest).not.toHaveBeenCalled();
    expect(t.hub.size()).toEqual({ documents: 0, subscribers: 0 });
  });

  it('pushes only when the tag names differ from the last (the baseline: the saved text)', async () => {
    const t = setup();
    await t.hub.start();
    const got = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    t.emit('alpha beta');
    await vi.advanceTimersByTimeAsync(1000);
    expect(got.lists).toEqual([]);
    t.emit('beta alpha');
    await vi.advanceTimersByTimeAsync(1000);
    expect(got.lists).toEqual([['beta', 'alpha']]);
    t.emit('beta alpha');
    await vi.advanceTimersByTimeAsync(1000);
    t.emit('gamma');
    await vi.advanceTimersByTimeAsync(1000);
    expect(got.lists).toEqual([['beta', 'alpha'], ['gamma']]);
  });

  it('computes at most once a second per document: the first change at once, the last at the end', async () => {
    const t = setup();
    await t.hub.start();
    const got = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    t.suggested.length = 0;
    t.emit('one');
    await flush();
    expect(got.lists).toEqual([['one']]);
    for (const body of ['two', 'three', 'four']) {
      t.emit(body);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(t.suggested.map((s) => s.body)).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(699);
    expect(t.suggested.map((s) => s.body)).toEqual(['one']);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.suggested.map((s) => s.body)).toEqual(['one', 'four']);
    expect(got.lists).toEqual([['one'], ['four']]);
    // Quiet afterwards: nothing more is computed.
    await vi.advanceTimersByTimeAsync(5000);
    expect(t.suggested).toHaveLength(2);
  });

  it('computes once per user per pass, however many subscriptions they hold', async () => {
    const t = setup();
    await t.hub.start();
    const a1 = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    const a2 = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    const b = collect(await t.hub.subscribe(DOC, { viewer: bob, authorization: 'Bearer b' }));
    t.suggested.length = 0;
    t.emit('delta');
    await flush();
    expect(t.suggested.map((s) => s.userId).sort()).toEqual(['ann', 'bob']);
    expect([a1.lists, a2.lists, b.lists]).toEqual([[['delta']], [['delta']], [['delta']]]);
    expect(t.hub.size()).toEqual({ documents: 1, subscribers: 3 });
  });

  it('asks knowledge again when the access attributes move, and ends with NOT_FOUND when no longer readable', async () => {
    const t = setup();
    await t.hub.start();
    const got = collect(await t.hub.subscribe(DOC, { viewer: bob, authorization: 'Bearer b' }));
    expect(t.read).toHaveBeenCalledTimes(1);
    t.emit('one');
    await flush();
    // Same visibility, status and author as verified: no new check.
    expect(t.read).toHaveBeenCalledTimes(1);
    expect(got.lists).toEqual([['one']]);

    t.setReadable(null);
    t.emit('two', { visibility: 'PRIVATE' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.read).toHaveBeenCalledTimes(2);
    expect(t.read).toHaveBeenLastCalledWith(DOC, 'Bearer b');
    expect(got.lists).toEqual([['one']]);
    expect(got.ended()).toBe('NOT_FOUND');
    expect(t.hub.size()).toEqual({ documents: 0, subscribers: 0 });
  });

  it('delivers after a moved attribute when knowledge still shows the document, checking once', async () => {
    const t = setup();
    await t.hub.start();
    const got = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    t.emit('one', { status: 'ARCHIVED' });
    await vi.advanceTimersByTimeAsync(1000);
    t.emit('two', { status: 'ARCHIVED' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(got.lists).toEqual([['one'], ['two']]);
    expect(t.read).toHaveBeenCalledTimes(2);
  });

  it('uses the newest text heard as the baseline of a later subscriber', async () => {
    const t = setup();
    await t.hub.start();
    const first = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    t.emit('live text');
    await vi.advanceTimersByTimeAsync(1000);
    const second = collect(await t.hub.subscribe(DOC, { viewer: bob, authorization: 'Bearer b' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(first.lists).toEqual([['live', 'text']]);
    expect(second.lists).toEqual([]);
  });

  it('caps subscribers per document and documents followed', async () => {
    const t = setup({ maxSubscribersPerDocument: 1, maxDocuments: 1 });
    await t.hub.start();
    await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' });
    await expect(t.hub.subscribe(DOC, { viewer: bob, authorization: 'Bearer b' })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
    await expect(t.hub.subscribe('doc-2', { viewer: bob, authorization: 'Bearer b' })).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED' },
    });
  });

  it('forgets a document when its last subscriber leaves, and ignores its events then', async () => {
    const t = setup();
    await t.hub.start();
    const a = await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' });
    const b = await t.hub.subscribe(DOC, { viewer: bob, authorization: 'Bearer b' });
    await a.return?.();
    expect(t.hub.size()).toEqual({ documents: 1, subscribers: 1 });
    await b.return?.();
    expect(t.hub.size()).toEqual({ documents: 0, subscribers: 0 });
    t.suggested.length = 0;
    t.emit('ignored');
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.suggested).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends every subscription and clears its timers on stop', async () => {
    const t = setup();
    const stop = await t.hub.start();
    const got = collect(await t.hub.subscribe(DOC, { viewer: ann, authorization: 'Bearer a' }));
    t.emit('one');
    await flush();
    await stop();
    await flush();
    expect(got.ended()).toBe('complete');
    expect(vi.getTimerCount()).toBe(0);
    expect(t.hub.size()).toEqual({ documents: 0, subscribers: 0 });
  });
});
