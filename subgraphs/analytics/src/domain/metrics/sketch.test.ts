import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';
import { exactQuantile } from '../queries/testing/arrange.js';
import { gaussian, mulberry32 } from '../stats/testing/prng.js';
import { SKETCH_RELATIVE_ACCURACY, Sketch } from './sketch.js';

const QUANTILES = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

/** Durations over nine orders of magnitude, and the awkward ones: zero, negative, tiny, huge. */
function durations(seed: number, n: number, tiny = false): number[] {
  const normal = gaussian(mulberry32(seed));
  const out = Array.from({ length: n }, () => Math.exp(Math.log(50) + 3 * normal()));
  out.push(0, -5, 5e-324, 1, 1.0202, 2 ** 40, 1e12, 0.5);
  // A value near the smallest double spans ~36,000 bins: only where the test is one value at a time.
  if (tiny) out.push(1e-300, 2 ** -1022);
  return out;
}

const ours = (values: readonly number[], weight = 1) =>
  values.reduce((sketch, v) => sketch.add(v, weight), Sketch.empty());

/** The library's sketch of the same values (durations: below 0 is 0, as `Sketch.add` has it). */
function library(values: readonly number[], weight = 1): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
  for (const v of values) sketch.accept(Math.max(0, v), weight);
  return sketch;
}

/** A stored sketch as the library reads it, on a fresh mapping (a decoded one differs in the last bits). */
function libraryRead(bytes: Uint8Array): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
  sketch.merge(DDSketch.fromProto(bytes));
  return sketch;
}

function expectSame(actual: Sketch, expected: DDSketch) {
  expect(actual.count).toBe(expected.count);
  for (const q of QUANTILES) expect(actual.quantile(q), `q=${q}`).toBe(expected.getValueAtQuantile(q));
}

describe('Sketch', () => {
  it('keys each value exactly as the library does', () => {
    for (const value of durations(1, 3000, true)) {
      const theirs = library([value]).getValueAtQuantile(0.5);
      expect(ours([value]).quantile(0.5), String(value)).toBe(theirs);
      expect(Sketch.decode(ours([value]).encode()).quantile(0.5), String(value)).toBe(theirs);
    }
  });

  it('answers every quantile as the library does, weights included, both ways through the encoding', () => {
    const values = durations(2, 8000);
    for (const weight of [1, 2.5]) {
      expectSame(ours(values, weight), library(values, weight));
      expectSame(Sketch.decode(ours(values, weight).encode()), library(values, weight));
      expectSame(Sketch.decode(library(values, weight).toProto()), library(values, weight));
      expectSame(ours(values, weight), libraryRead(ours(values, weight).encode()));
    }
  });

  it('merges stored sketches as the library merges them', () => {
    const uniform = mulberry32(11);
    const shapes: Array<() => number> = [
      () => uniform() * 200, // 0–200 ms
      () => Math.exp(uniform() * 10), // 1 ms – 22 s, log-uniform
      () => uniform() * 0.5, // under a millisecond: negative keys
      () => (uniform() < 0.3 ? 0 : 50 + uniform() * 5), // many zeros
    ];
    for (let trial = 0; trial < 40; trial++) {
      const reference = library([]);
      const merged = Sketch.empty();
      let stored: Uint8Array | null = null;
      for (let part = 0; part < 1 + (trial % 7); part++) {
        const draw = shapes[(trial + part) % shapes.length]!;
        const weight = trial % 2 === 0 ? 1 + Math.floor(uniform() * 10) : 1;
        const values = Array.from({ length: 1 + Math.floor(uniform() * 300) }, draw);
        reference.merge(library(values, weight));
        merged.mergeEncoded(library(values, weight).toProto());
        // Ingestion's way: the stored encoding decoded, the batch's sketch merged in, encoded again.
        stored = Sketch.decode(stored).merge(ours(values, weight)).encode();
      }
      expectSame(merged, reference);
      expectSame(Sketch.decode(stored), reference);
    }
  });

  it('stays within its 1% relative accuracy of the exact quantile', () => {
    const normal = gaussian(mulberry32(20260310));
    const values = Array.from({ length: 20_000 }, () => Math.exp(Math.log(80) + 0.9 * normal()));
    const sketch = Sketch.decode(ours(values.slice(0, 10_000)).encode()).merge(ours(values.slice(10_000)));
    for (const q of [0.5, 0.9, 0.95, 0.99, 0.999]) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(sketch.quantile(q) - exact) / exact, `q=${q}`).toBeLessThanOrEqual(
        SKETCH_RELATIVE_ACCURACY,
      );
    }
  });

  it("writes no padding: a one-value sketch is a few dozen bytes, the library's over a kilobyte", () => {
    expect(ours([42]).encode().byteLength).toBeLessThan(64);
    expect(library([42]).toProto().byteLength).toBeGreaterThan(1000);
  });

  it('ignores non-finite values and weights, and weights ≤ 0; reads nothing from empty input', () => {
    const sketch = Sketch.empty().add(Number.NaN).add(Number.POSITIVE_INFINITY).add(5, 0).add(5, -1);
    sketch.add(5, Number.NaN).add(5, Number.POSITIVE_INFINITY);
    expect(sketch.count).toBe(0);
    expect(sketch.quantile(0.95)).toBe(0);
    expect(Sketch.decode(sketch.encode()).count).toBe(0);
    const merged = Sketch.empty()
      .mergeEncoded(null)
      .mergeEncoded(new Uint8Array())
      .mergeEncoded(sketch.encode());
    expect(merged.count).toBe(0);
    expect(Sketch.decode(null).quantile(0.5)).toBe(0);
  });

  it('refuses a stored sketch of another relative accuracy, or with negative values', () => {
    const other = new DDSketch({ relativeAccuracy: 0.02 });
    other.accept(10);
    expect(() => Sketch.decode(other.toProto())).toThrow(/relative accuracy/);
    expect(() => Sketch.empty().add(1).mergeEncoded(other.toProto())).toThrow(/relative accuracy/);
    const negative = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY });
    negative.accept(-10);
    expect(() => Sketch.decode(negative.toProto())).toThrow(/negative/);
  });
});
