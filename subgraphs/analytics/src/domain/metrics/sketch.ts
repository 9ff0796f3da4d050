import { DDSketch } from '@datadog/sketches-js';
import { decodeSketchMessage, encodeSketchMessage, MAX_STORE_BINS, NO_BINS } from './sketch-codec.js';

/**
 * A mergeable quantile sketch of durations: a DDSketch with 1% relative accuracy, so any quantile
 * it returns is within 1% of the exact value of some observation at that rank, and the sketch of
 * an hour is the merge of its minutes' sketches (percentiles are never averaged). Stored as
 * DDSketch's protobuf encoding in `bytea` columns (`sketch-codec.ts`).
 *
 * The bins are ours (a Float64Array, added and merged in place); their meaning is the library's:
 * `@datadog/sketches-js`' logarithmic mapping turns a value into its key and a key back into the
 * value a quantile returns, and the rank rule is its `getValueAtQuantile`'s — so every answer is the
 * library's own for the same values (unit-tested against it, both ways through the encoding).
 * Durations only: values below 0 count as 0, and a stored sketch with negative values is refused.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

const MAPPING = new DDSketch({ relativeAccuracy: SKETCH_RELATIVE_ACCURACY }).mapping;
/** As the library encodes its mapping: gamma, no index offset, no interpolation (logarithmic). */
const ENCODED_MAPPING = Object.freeze({ gamma: MAPPING.gamma, indexOffset: 0, interpolation: 0 });
/** Room added to either side when the bins grow, so a run of adds does not copy each time. */
const MIN_GROWTH = 32;
/** Adds outside the bins wait here, so that a new sketch's bins are allocated once, to fit. */
const MAX_PENDING = 1024;

/** The first and last index of a non-zero bin; `lo > hi` when there is none. */
function counted(bins: Float64Array): [lo: number, hi: number] {
  let lo = 0;
  let hi = bins.length - 1;
  while (lo <= hi && bins[lo] === 0) lo++;
  while (hi >= lo && bins[hi] === 0) hi--;
  return [lo, hi];
}

export class Sketch {
  private pendingKeys: number[] = [];
  private pendingWeights: number[] = [];

  private constructor(
    /** `bins[i]` counts the key `offset + i`; zero bins at either end are spare room. */
    private bins: Float64Array,
    private offset: number,
    private zeros: number,
    private total: number,
  ) {}

  static empty(): Sketch {
    return new Sketch(NO_BINS.counts, 0, 0, 0);
  }

  /** A stored sketch; empty for null or no bytes. Throws a RangeError on one it cannot merge. */
  static decode(bytes: Uint8Array | null | undefined): Sketch {
    if (!bytes || bytes.byteLength === 0) return Sketch.empty();
    const message = decodeSketchMessage(bytes);
    const { mapping } = message;
    if (
      mapping.gamma !== ENCODED_MAPPING.gamma ||
      mapping.indexOffset !== ENCODED_MAPPING.indexOffset ||
      mapping.interpolation !== ENCODED_MAPPING.interpolation
    )
      throw new RangeError('sketch: the stored sketch has another relative accuracy; it cannot be merged');
    for (const count of message.negative.counts)
      if (count !== 0) throw new RangeError('sketch: negative values are not supported');
    let total = message.zeroCount;
    for (const count of message.positive.counts) total += count;
    return new Sketch(message.positive.counts, message.positive.offset, message.zeroCount, total);
  }

  /** Values below 0 count as 0 (durations); non-finite values and weights ≤ 0 are ignored. */
  add(value: number, weight = 1): this {
    if (!Number.isFinite(value) || !(weight > 0) || !Number.isFinite(weight)) return this;
    if (value > MAPPING.minPossible) {
      const key = MAPPING.key(value);
      const i = key - this.offset;
      if (i >= 0 && i < this.bins.length) this.bins[i]! += weight;
      else {
        this.pendingKeys.push(key);
        this.pendingWeights.push(weight);
        if (this.pendingKeys.length >= MAX_PENDING) this.settle();
      }
    } else this.zeros += weight;
    this.total += weight;
    return this;
  }

  merge(other: Sketch): this {
    if (other.total === 0) return this;
    other.settle();
    this.settle();
    const from = other.bins;
    const [lo, hi] = counted(from);
    if (lo <= hi) {
      this.cover(other.offset + lo, other.offset + hi);
      const shift = other.offset - this.offset;
      for (let i = lo; i <= hi; i++) this.bins[i + shift]! += from[i]!;
    }
    this.zeros += other.zeros;
    this.total += other.total;
    return this;
  }

  /** Merges a stored sketch (null or no bytes: nothing), as `merge(Sketch.decode(bytes))`. */
  mergeEncoded(bytes: Uint8Array | null | undefined): this {
    const other = Sketch.decode(bytes);
    if (this.total !== 0 || other.total === 0) return this.merge(other);
    // Nothing here yet: the decoded bins are nobody else's, so they are taken as they are.
    this.bins = other.bins;
    this.offset = other.offset;
    this.zeros = other.zeros;
    this.total = other.total;
    return this;
  }

  /** Total weight added. */
  get count(): number {
    return this.total;
  }

  /** The q-quantile (0–1); 0 for an empty sketch. */
  quantile(q: number): number {
    if (this.total <= 0) return 0;
    // The library's rule: the key where the running count first exceeds q·(n − 1).
    const rank = Math.min(1, Math.max(0, q)) * (this.total - 1);
    if (rank < this.zeros) return 0;
    const positiveRank = rank - this.zeros;
    this.settle();
    const bins = this.bins;
    let running = 0;
    let key = Number.NaN;
    for (let i = 0; i < bins.length; i++) {
      const count = bins[i]!;
      if (count === 0) continue;
      running += count;
      key = this.offset + i;
      if (running > positiveRank) break;
    }
    if (Number.isNaN(key)) return 0;
    const value = MAPPING.value(key);
    return Number.isFinite(value) ? value : 0;
  }

  /** DDSketch's protobuf encoding, without the empty bins at either end. */
  encode(): Uint8Array {
    this.settle();
    const bins = this.bins;
    const [lo, hi] = counted(bins);
    return encodeSketchMessage({
      mapping: ENCODED_MAPPING,
      positive: lo <= hi ? { offset: this.offset + lo, counts: bins.subarray(lo, hi + 1) } : NO_BINS,
      negative: NO_BINS,
      zeroCount: this.zeros,
    });
  }

  /** Files the pending adds into the bins, grown once to hold them all. */
  private settle(): void {
    const keys = this.pendingKeys;
    if (keys.length === 0) return;
    let lo = keys[0]!;
    let hi = lo;
    for (const key of keys) {
      if (key < lo) lo = key;
      else if (key > hi) hi = key;
    }
    this.cover(lo, hi);
    const weights = this.pendingWeights;
    for (let j = 0; j < keys.length; j++) this.bins[keys[j]! - this.offset]! += weights[j]!;
    this.pendingKeys = [];
    this.pendingWeights = [];
  }

  /** Grows the bins to hold the keys `lo`…`hi`, with room to spare on the side that grew. */
  private cover(lo: number, hi: number): void {
    const length = this.bins.length;
    if (length > 0 && lo >= this.offset && hi < this.offset + length) return;
    const start = length === 0 ? lo : Math.min(lo, this.offset);
    const end = length === 0 ? hi : Math.max(hi, this.offset + length - 1);
    const room = Math.max(MIN_GROWTH, length >> 1);
    const below = length === 0 || start < this.offset ? room : 0;
    const above = length === 0 || end >= this.offset + length ? room : 0;
    const size = end - start + 1 + below + above;
    if (end - start + 1 > MAX_STORE_BINS) throw new RangeError('sketch: values span too many bins');
    const bins = new Float64Array(size);
    if (length > 0) bins.set(this.bins, this.offset - (start - below));
    this.bins = bins;
    this.offset = start - below;
  }
}
