import { describe, expect, it } from 'vitest';
import { busIteratorContract } from './bus-iterator.contract.js';
import { mapIterator } from './map-iterator.js';
import { createMemoryBus } from './memory-bus.js';

busIteratorContract('memory', async () => createMemoryBus());

/** A source that hands out `values` and records whether it was returned. */
function source(values: number[]) {
  let returned = 0;
  let index = 0;
  const iterator: AsyncIterator<number> = {
    async next() {
      if (returned > 0 || index >= values.length) return { done: true, value: undefined };
      index += 1;
      return { done: false, value: values[index - 1]! };
    },
    async return() {
      returned += 1;
      return { done: true, value: undefined };
    },
  };
  return { iterator, returned: () => returned };
}

describe('mapIterator', () => {
  it('emits, skips and maps in order', async () => {
    const s = source([1, 2, 3, 4]);
    const mapped = mapIterator(s.iterator, (n) => (n % 2 === 0 ? { emit: `even ${n}` } : 'skip'));
    const seen: string[] = [];
    for await (const value of mapped) seen.push(value);
    expect(seen).toEqual(['even 2', 'even 4']);
  });

  it('end stops the stream and returns the source', async () => {
    const s = source([1, 2, 3]);
    const mapped = mapIterator(s.iterator, (n) => (n === 2 ? 'end' : { emit: n }));
    expect(await mapped.next()).toEqual({ done: false, value: 1 });
    expect(await mapped.next()).toEqual({ done: true, value: undefined });
    expect(s.returned()).toBe(1);
    expect(await mapped.next()).toEqual({ done: true, value: undefined });
  });

  it('a throwing step returns the source and rejects with its error', async () => {
    const s = source([1, 2]);
    const failure = new Error('step failed (expected by the test)');
    const mapped = mapIterator(s.iterator, async () => {
      throw failure;
    });
    await expect(mapped.next()).rejects.toBe(failure);
    expect(s.returned()).toBe(1);
  });

  it('return() during a step delivers nothing after it', async () => {
    const s = source([1]);
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mapped = mapIterator(s.iterator, async (n) => {
      await gate;
      return { emit: n };
    });
    const pending = mapped.next();
    await mapped.return();
    release();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(s.returned()).toBe(1);
  });

  it('throw() returns the source and rethrows', async () => {
    const s = source([1]);
    const mapped = mapIterator(s.iterator, (n) => ({ emit: n }));
    const failure = new Error('consumer failed (expected by the test)');
    await expect(mapped.throw(failure)).rejects.toBe(failure);
    expect(s.returned()).toBe(1);
  });
});

describe('mapIterator errors', () => {
  it('maps an error from the source or the step before the consumer sees it', async () => {
    const failing: AsyncIterator<number> = {
      next: () => Promise.reject(new Error('source failed (expected by the test)')),
    };
    const mapped = mapIterator(
      failing,
      (n) => ({ emit: n }),
      (error) => new Error(`mapped: ${(error as Error).message}`),
    );
    await expect(mapped.next()).rejects.toThrow('mapped: source failed');
    expect(await mapped.next()).toEqual({ done: true, value: undefined });
  });
});
