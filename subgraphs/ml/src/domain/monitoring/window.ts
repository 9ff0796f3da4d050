/**
 * A bounded sliding window of recent prediction requests of one model version: the last
 * `capacity` requests no older than `maxAgeMs`. Each request is kept as three small bin indices
 * in a ring buffer, and the window's histograms as running counts, so recording and evicting are
 * O(1) and a report costs O(bins), whatever the traffic.
 */
export class DriftWindow {
  private readonly at: Float64Array;
  private readonly label: Int32Array;
  private readonly lengthBin: Uint8Array;
  private readonly oovBin: Uint8Array;
  /** Index of the oldest entry. */
  private head = 0;
  private size = 0;
  readonly labelCounts: number[];
  readonly lengthCounts: number[];
  readonly oovCounts: number[];

  constructor(
    bins: { labels: number; length: number; oov: number },
    readonly capacity: number,
    readonly maxAgeMs: number,
  ) {
    this.at = new Float64Array(capacity);
    this.label = new Int32Array(capacity);
    this.lengthBin = new Uint8Array(capacity);
    this.oovBin = new Uint8Array(capacity);
    this.labelCounts = new Array<number>(bins.labels).fill(0);
    this.lengthCounts = new Array<number>(bins.length).fill(0);
    this.oovCounts = new Array<number>(bins.oov).fill(0);
  }

  /** Adds one request; `label` −1 when the top label is not one of the reference's (never expected). */
  record(nowMs: number, label: number, lengthBin: number, oovBin: number): void {
    this.evict(nowMs);
    if (this.size === this.capacity) this.dropOldest();
    const slot = (this.head + this.size) % this.capacity;
    this.at[slot] = nowMs;
    this.label[slot] = label;
    this.lengthBin[slot] = lengthBin;
    this.oovBin[slot] = oovBin;
    this.size++;
    if (label >= 0) this.labelCounts[label]!++;
    this.lengthCounts[lengthBin]!++;
    this.oovCounts[oovBin]!++;
  }

  /** Forgets the requests older than `maxAgeMs`. */
  evict(nowMs: number): void {
    while (this.size > 0 && nowMs - this.at[this.head]! > this.maxAgeMs) this.dropOldest();
  }

  get sampleSize(): number {
    return this.size;
  }

  /** Time of the oldest request kept, or null when empty. */
  get oldestMs(): number | null {
    return this.size === 0 ? null : this.at[this.head]!;
  }

  private dropOldest(): void {
    const slot = this.head;
    const label = this.label[slot]!;
    if (label >= 0) this.labelCounts[label]!--;
    this.lengthCounts[this.lengthBin[slot]!]!--;
    this.oovCounts[this.oovBin[slot]!]!--;
    this.head = (this.head + 1) % this.capacity;
    this.size--;
  }
}
