import { mulberry32 } from '@ukp/kit/testing';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { growthBound, StateSizeBound } from './state-size.js';

// Multi-byte characters and surrogate pairs: splits inside them cost the most.
const ALPHABET = ['a', 'b', ' ', 'é', '中', '😀', '\n', 'xyz'];

/**
 * Several clients typing and deleting at random places in their own copies; every update they
 * emit is delivered to a server copy in a shuffled order (some wait for their causes, and count
 * only once they integrate), and the real encoded size must stay within the sum of the bounds.
 */
function fuzz(seed: number, clients: number, steps: number): number {
  const rnd = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rnd() * items.length)]!;
  const docs = Array.from({ length: clients }, () => new Y.Doc());
  const outbox: Uint8Array[] = [];
  for (const doc of docs) doc.on('update', (update: Uint8Array) => outbox.push(update));
  const server = new Y.Doc();
  let bound = Y.encodeStateAsUpdate(server).byteLength;
  let checked = 0;
  const deliver = (update: Uint8Array) => {
    bound += growthBound(server, update, Y.decodeUpdate(update));
    Y.applyUpdate(server, update);
    expect(Y.encodeStateAsUpdate(server).byteLength, `seed ${seed}`).toBeLessThanOrEqual(bound);
    checked += 1;
  };
  for (let step = 0; step < steps; step += 1) {
    const doc = pick(docs);
    const text = doc.getText('body');
    const roll = rnd();
    if (roll < 0.55 || text.length === 0) {
      let insert = '';
      for (let n = 1 + Math.floor(rnd() * 6); n > 0; n -= 1) insert += pick(ALPHABET);
      text.insert(Math.floor(rnd() * (text.length + 1)), insert);
    } else if (roll < 0.85) {
      const at = Math.floor(rnd() * text.length);
      text.delete(at, Math.min(text.length - at, 1 + Math.floor(rnd() * 8)));
    } else if (roll < 0.93) {
      // A client catching up with the server, as a joiner does.
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(server, Y.encodeStateVector(doc)));
    } else {
      // A client sending what the server lacks, with its whole delete set (a sync step 2).
      deliver(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(server)));
    }
    // Deliver a random share of what is waiting, in a random order.
    while (outbox.length > 0 && rnd() < 0.7) deliver(outbox.splice(Math.floor(rnd() * outbox.length), 1)[0]!);
  }
  for (const update of outbox.splice(0)) deliver(update);
  // Whole states, as a compaction merges back into memory.
  for (const doc of docs) deliver(Y.encodeStateAsUpdate(doc));
  return checked;
}

describe('growthBound', () => {
  it('bounds how much an update grows the encoded state, whatever the order updates arrive in', () => {
    let checked = 0;
    for (let seed = 1; seed <= 6; seed += 1) checked += fuzz(seed, 1 + (seed % 4), 200);
    expect(checked).toBeGreaterThan(500);
  }, 60_000);

  it('does not count deletions the document already has', () => {
    const client = new Y.Doc();
    client.getText('body').insert(0, 'one two three four');
    client.getText('body').delete(0, 4);
    client.getText('body').delete(5, 4);
    const server = new Y.Doc();
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client));
    const before = Y.encodeStateVector(client);
    client.getText('body').insert(0, '>');
    // The whole delete set again, as a sync-style update carries it: only the insert can grow.
    const update = Y.encodeStateAsUpdate(client, before);
    const decoded = Y.decodeUpdate(update);
    expect([...decoded.ds.clients.values()].flat().length).toBe(2);
    expect(growthBound(server, update, decoded)).toBe(update.byteLength + 2 * 64 * decoded.structs.length);
    // Against a document that has not seen the deletions, they count.
    const fresh = new Y.Doc();
    expect(growthBound(fresh, update, decoded)).toBe(
      update.byteLength + 2 * 64 * (decoded.structs.length + 2),
    );
  });
});

describe('StateSizeBound', () => {
  it('is unknown until measured, then grows by each update’s bound until forgotten', () => {
    const bound = new StateSizeBound();
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    doc.getText('body').insert(0, 'hello');
    const server = new Y.Doc();
    bound.willApply(server, updates[0]!);
    expect(bound.value).toBe(Number.POSITIVE_INFINITY);
    Y.applyUpdate(server, updates[0]!);
    bound.measured(100);
    doc.getText('body').insert(5, '!');
    bound.willApply(server, updates[1]!);
    expect(bound.value).toBe(100 + growthBound(server, updates[1]!, Y.decodeUpdate(updates[1]!)));
    bound.willApply(server, new Uint8Array([0xff, 0xff, 0xff]));
    expect(bound.value).toBe(Number.POSITIVE_INFINITY);
    bound.measured(10);
    bound.forget();
    expect(bound.value).toBe(Number.POSITIVE_INFINITY);
  });
});
