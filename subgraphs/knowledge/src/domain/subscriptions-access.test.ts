import type { Viewer } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import type { DocumentRow } from '../db/schema.js';
import { EventReadCache, identityKey } from './subscriptions-access.js';

const viewer = (userId: string, roles: Viewer['roles']): Viewer => ({ userId, roles, sessionId: 's' });
const row = { id: 'doc' } as DocumentRow;

describe('EventReadCache', () => {
  it('loads once per (identity, document, event), whatever the number of subscribers', async () => {
    const loads: string[] = [];
    const cache = new EventReadCache(async (v, id) => {
      loads.push(`${identityKey(v)} ${id}`);
      return row;
    });
    const alice = viewer('alice', ['EDITOR']);
    const sameAlice = viewer('alice', ['EDITOR']);
    const bob = viewer('bob', ['EDITOR']);
    await Promise.all([
      cache.read(alice, 'doc', 'e1'),
      cache.read(sameAlice, 'doc', 'e1'),
      cache.read(null, 'doc', 'e1'),
      cache.read(null, 'doc', 'e1'),
      cache.read(bob, 'doc', 'e1'),
    ]);
    expect(loads.sort()).toEqual(['alice:EDITOR doc', 'anonymous doc', 'bob:EDITOR doc']);
    // A new event asks again: readability is decided per event.
    await cache.read(alice, 'doc', 'e2');
    expect(loads).toHaveLength(4);
  });

  it('tells the same user with other roles apart', () => {
    expect(identityKey(viewer('u', ['EDITOR', 'ADMIN']))).toBe(identityKey(viewer('u', ['ADMIN', 'EDITOR'])));
    expect(identityKey(viewer('u', ['EDITOR']))).not.toBe(identityKey(viewer('u', ['ADMIN'])));
  });

  it('stays bounded, dropping the oldest', async () => {
    const cache = new EventReadCache(async () => row, 3);
    for (let i = 0; i < 10; i += 1) await cache.read(null, 'doc', `e${i}`);
    expect(cache.size).toBe(3);
  });

  it('forgets a failed load so the next subscriber asks again', async () => {
    let calls = 0;
    const cache = new EventReadCache(async () => {
      calls += 1;
      if (calls === 1) throw new Error('database down (expected by the test)');
      return row;
    });
    await expect(cache.read(null, 'doc', 'e')).rejects.toThrow('database down');
    await expect(cache.read(null, 'doc', 'e')).resolves.toBe(row);
    expect(calls).toBe(2);
  });
});
