import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from '../stats/testing/prng.js';
import { decodeSketchMessage, encodeSketchMessage, NO_BINS } from './sketch-codec.js';

const QUANTILES = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 0.999, 1];

/** A library sketch of lognormal durations, with zeros and (when `weighted`) sampled weights. */
function librarySketch(seed: number, n: number, weighted = false): DDSketch {
  const uniform = mulberry32(seed);
  const normal = gaussian(uniform);
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  for (let i = 0; i < n; i++) {
    const value = i % 17 === 0 ? 0 : Math.exp(Math.log(50) + 2 * normal());
    sketch.accept(value, weighted ? 1 + Math.floor(uniform() * 10) : 1);
  }
  return sketch;
}

/** A stored sketch as the library reads it, on a fresh mapping (a decoded one differs in the last bits). */
function libraryRead(bytes: Uint8Array): DDSketch {
  const sketch = new DDSketch({ relativeAccuracy: 0.01 });
  sketch.merge(DDSketch.fromProto(bytes));
  return sketch;
}

// Protobuf by hand, for the forms the library never writes.
const varint = (n: number): number[] => {
  const out: number[] = [];
  let value = n;
  while (value >= 0x80) {
    out.push((value % 0x80) | 0x80);
    value = Math.floor(value / 0x80);
  }
  out.push(value);
  return out;
};
const double = (value: number): number[] => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return [...bytes];
};
const field = (tag: number, body: number[]): number[] => [...varint(tag), ...varint(body.length), ...body];
const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);

describe('sketch codec', () => {
  it("reads the library's encoding: its mapping, and every bin at its key", () => {
    for (const [seed, weighted] of [
      [1, false],
      [2, true],
    ] as const) {
      const library = librarySketch(seed, 5000, weighted);
      const message = decodeSketchMessage(library.toProto());
      expect(message.mapping).toEqual({ gamma: library.mapping.gamma, indexOffset: 0, interpolation: 0 });
      expect(message.zeroCount).toBe(library.zeroCount);
      expect(message.negative.counts.every((count) => count === 0)).toBe(true);
      const { store } = library;
      expect(message.positive.offset).toBe(store.offset);
      expect([...message.positive.counts]).toEqual(store.bins);
    }
  });

  it('writes what the library reads back as the same sketch: same count, same quantiles', () => {
    for (const seed of [3, 4, 5]) {
      const library = librarySketch(seed, 3000, seed % 2 === 0);
      const roundTrip = libraryRead(encodeSketchMessage(decodeSketchMessage(library.toProto())));
      const original = libraryRead(library.toProto());
      expect(roundTrip.count).toBe(library.count);
      expect(roundTrip.zeroCount).toBe(library.zeroCount);
      for (const q of QUANTILES)
        expect(roundTrip.getValueAtQuantile(q), `q=${q}`).toBe(original.getValueAtQuantile(q));
    }
  });

  it('writes an empty sketch byte for byte as the library does', () => {
    const library = new DDSketch({ relativeAccuracy: 0.01 });
    const ours = encodeSketchMessage({
      mapping: { gamma: library.mapping.gamma, indexOffset: 0, interpolation: 0 },
      positive: NO_BINS,
      negative: NO_BINS,
      zeroCount: 0,
    });
    expect([...ours]).toEqual([...library.toProto()]);
  });

  it('reads the map form of a store, unpacked counts, and skips fields it does not know', () => {
    const gamma = new DDSketch({ relativeAccuracy: 0.01 }).mapping.gamma;
    const mapping = field(0x0a, [0x09, ...double(gamma), 0x11, ...double(0), 0x18, 0]);
    const entry = (key: number, count: number) =>
      field(0x0a, [0x08, ...varint(zigzag(key)), 0x11, ...double(count)]);
    const positive = field(0x12, [
      ...entry(-3, 2),
      ...entry(5, 1.5),
      0x11,
      ...double(4), // one unpacked contiguous count, at the offset
      0x18,
      ...varint(zigzag(5)),
      0x28,
      7, // field 5, unknown: skipped
    ]);
    const bytes = Uint8Array.from([...mapping, ...positive, 0x21, ...double(3), 0x7d, 1, 2, 3, 4]);
    const message = decodeSketchMessage(bytes);
    expect(message.zeroCount).toBe(3);
    expect(message.positive.offset).toBe(-3);
    expect([...message.positive.counts]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 5.5]);
  });

  it('refuses bytes that are not a sketch', () => {
    const bytes = librarySketch(6, 100).toProto();
    expect(() => decodeSketchMessage(bytes.subarray(0, bytes.length - 3))).toThrow(RangeError);
    expect(() => decodeSketchMessage(Uint8Array.from([0x21, ...double(1)]))).toThrow(/mapping/);
    expect(() => decodeSketchMessage(Uint8Array.from([0x0b]))).toThrow(/wire type/);
  });
});
