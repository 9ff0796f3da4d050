import { describe, expect, it } from 'vitest';
import type { ClientStream } from './client-stream.js';
import { OutboxFlusher } from './outbox-flusher.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A stand-in stream that records when it was flushed. */
function streams(count: number, flushed: number[]): ClientStream[] {
  return Array.from(
    { length: count },
    (_, i) => ({ flush: () => flushed.push(i) }) as unknown as ClientStream,
  );
}

describe('OutboxFlusher', () => {
  it('writes a slice at a time, oldest first, letting the event loop through between slices', async () => {
    const flushed: number[] = [];
    const flusher = new OutboxFlusher(2);
    for (const stream of streams(5, flushed)) flusher.add(stream);
    expect(flushed).toEqual([]);
    await tick();
    expect(flushed).toEqual([0, 1]);
    await tick();
    await tick();
    expect(flushed).toEqual([0, 1, 2, 3, 4]);
    expect(flusher.waiting).toBe(0);
  });

  it('takes streams added while it runs, and starts again once idle', async () => {
    const flushed: number[] = [];
    const flusher = new OutboxFlusher(2);
    const [a, b, c] = streams(3, flushed);
    flusher.add(a!);
    flusher.add(b!);
    await tick();
    flusher.add(c!);
    flusher.add(a!);
    await tick();
    await tick();
    expect(flushed).toEqual([0, 1, 2, 0]);
    flusher.add(b!);
    await tick();
    expect(flushed).toEqual([0, 1, 2, 0, 1]);
  });

  it('loses nothing when it drops what it has written under sustained load', async () => {
    const flushed: number[] = [];
    const flusher = new OutboxFlusher(500);
    const all = streams(3000, flushed);
    for (const stream of all) flusher.add(stream);
    for (let round = 0; round < 20; round += 1) {
      await tick();
      // Another event for every stream before the round is over.
      for (const stream of all.slice(0, 100)) flusher.add(stream);
    }
    while (flusher.waiting > 0) await tick();
    expect(flushed).toHaveLength(3000 + 20 * 100);
    expect(new Set(flushed).size).toBe(3000);
  });
});
