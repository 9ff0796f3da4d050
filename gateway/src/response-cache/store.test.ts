import { describe, expect, it } from 'vitest';
import { type CachedResponse, MemoryResponseStore } from './store.js';

const response = (bytes: number, mark = 'x'): CachedResponse => ({ body: mark.repeat(bytes), storedAt: 0 });

describe('the in-process response store', () => {
  it('holds at most maxBytes, evicting the least recently used entries first', async () => {
    const store = new MemoryResponseStore({ maxBytes: 1000, maxEntryBytes: 1000 });
    await store.set('a', response(400), 60);
    await store.set('b', response(400), 60);
    // A hit makes `a` the most recently used: `b` goes when room is needed.
    expect(await store.get('a')).toBeDefined();
    await store.set('c', response(400), 60);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    expect(await store.get('c')).toBeDefined();
    expect(store.size).toEqual({ entries: 2, bytes: 800 });
    // One large entry may push out several.
    await store.set('d', response(900), 60);
    expect(store.size).toEqual({ entries: 1, bytes: 900 });
  });

  it('never stores an entry over maxEntryBytes, counting UTF-8 bytes', async () => {
    const store = new MemoryResponseStore({ maxBytes: 10_000, maxEntryBytes: 100 });
    await store.set('small', response(100), 60);
    await store.set('large', response(101), 60);
    await store.set('wide', response(51, 'é'), 60);
    expect(await store.get('small')).toBeDefined();
    expect(await store.get('large')).toBeUndefined();
    expect(await store.get('wide')).toBeUndefined();
    expect(store.size).toEqual({ entries: 1, bytes: 100 });
  });

  it('replaces an entry under the same key, counting only the new one', async () => {
    const store = new MemoryResponseStore({ maxBytes: 1000 });
    await store.set('a', response(300), 60);
    await store.set('a', response(200), 60);
    expect(store.size).toEqual({ entries: 1, bytes: 200 });
    // A replacement too large to keep leaves nothing stale behind.
    await store.set('a', response(5000), 60);
    expect(await store.get('a')).toBeUndefined();
    expect(store.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('drops expired entries when they are read, and still bounds the count', async () => {
    let now = 0;
    const store = new MemoryResponseStore({ maxEntries: 2, now: () => now });
    await store.set('a', response(1), 1);
    await store.set('b', response(1), 60);
    await store.set('c', response(1), 60);
    expect(store.size.entries).toBe(2);
    now = 2000;
    expect(await store.get('b')).toBeDefined();
    await store.set('d', response(1), 1);
    now = 4000;
    expect(await store.get('d')).toBeUndefined();
    expect(store.size).toEqual({ entries: 1, bytes: 1 });
  });
});
