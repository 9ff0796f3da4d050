/**
 * DDSketch's protobuf wire format, read and written by hand: the format is the stable contract
 * (`ddsketch.proto`, shared by the Go, Java, Python and JS sketches), the library's own compiled
 * codec is an internal path of its package. Reading bins straight into a Float64Array, and writing
 * only the bins that count (the library pads its stores to chunks of 128), is also what keeps
 * ingestion and long-range percentile reads cheap.
 *
 *   message DDSketch     { IndexMapping mapping = 1; Store positiveValues = 2; Store negativeValues = 3; double zeroCount = 4; }
 *   message IndexMapping { double gamma = 1; double indexOffset = 2; Interpolation interpolation = 3; }
 *   message Store        { map<sint32, double> binCounts = 1; repeated double contiguousBinCounts = 2 [packed];
 *                          sint32 contiguousBinIndexOffset = 3; }
 *
 * A store's two forms (the map, the contiguous run) are both read, and added together as the
 * format says; the contiguous form alone is written, as the library writes it.
 */

export interface EncodedMapping {
  gamma: number;
  indexOffset: number;
  /** 0 NONE (logarithmic), 1 LINEAR, 2 QUADRATIC, 3 CUBIC. */
  interpolation: number;
}

/** A store as contiguous bins: `counts[i]` is the count of the key `offset + i`. */
export interface StoreBins {
  offset: number;
  counts: Float64Array;
}

export interface SketchMessage {
  mapping: EncodedMapping;
  positive: StoreBins;
  negative: StoreBins;
  zeroCount: number;
}

/** Widest key range a store may span: every finite double fits in ~71,000 keys at 1% accuracy. */
export const MAX_STORE_BINS = 1 << 17;

export const NO_BINS: StoreBins = Object.freeze({ offset: 0, counts: new Float64Array(0) });

// Tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

function malformed(what: string): never {
  throw new RangeError(`sketch: ${what}`);
}

class Reader {
  pos: number;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      if (this.pos >= this.end) malformed('truncated varint');
      const byte = this.bytes[this.pos++]!;
      result += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return result;
    }
    return malformed('varint too long');
  }

  double(): number {
    if (this.pos + 8 > this.end) malformed('truncated double');
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** The rest of this reader's bytes as packed doubles. */
  doubles(): Float64Array {
    const start = this.bytes.byteOffset + this.pos;
    const length = (this.end - this.pos) / 8;
    this.pos = this.end;
    // Little-endian, as the wire: one copy of the bytes (aligned), instead of a read per count.
    if (LITTLE_ENDIAN) return new Float64Array(this.bytes.buffer.slice(start, start + length * 8));
    const view = new DataView(this.bytes.buffer, start, length * 8);
    return Float64Array.from({ length }, (_, i) => view.getFloat64(i * 8, true));
  }

  /** The next length-delimited field, as a reader of its own over the same bytes. */
  sub(): Reader {
    const length = this.varint();
    if (this.pos + length > this.end) malformed('truncated field');
    const reader = new Reader(this.bytes, this.pos, this.pos + length);
    this.pos += length;
    return reader;
  }

  skip(wireType: number): void {
    if (wireType === VARINT) this.varint();
    else if (wireType === FIXED64) this.pos += 8;
    else if (wireType === LEN) this.pos += this.varint();
    else if (wireType === FIXED32) this.pos += 4;
    else malformed(`unsupported wire type ${wireType}`);
    if (this.pos > this.end) malformed('truncated field');
  }
}

const LITTLE_ENDIAN = new Uint8Array(Float64Array.of(-0).buffer)[7] === 0x80;

const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);
const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);

function decodeMapping(reader: Reader): EncodedMapping {
  const mapping: EncodedMapping = { gamma: 0, indexOffset: 0, interpolation: 0 };
  while (!reader.done) {
    const tag = reader.varint();
    if (tag === ((1 << 3) | FIXED64)) mapping.gamma = reader.double();
    else if (tag === ((2 << 3) | FIXED64)) mapping.indexOffset = reader.double();
    else if (tag === ((3 << 3) | VARINT)) mapping.interpolation = reader.varint();
    else reader.skip(tag & 7);
  }
  return mapping;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b;
  const joined = new Float64Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function decodeStore(reader: Reader): StoreBins {
  let offset = 0;
  let contiguous = NO_BINS.counts;
  const mapKeys: number[] = [];
  const mapCounts: number[] = [];
  while (!reader.done) {
    const tag = reader.varint();
    if (tag === ((2 << 3) | LEN)) {
      const packed = reader.sub();
      if ((packed.end - packed.pos) % 8 !== 0) malformed('packed doubles of a partial length');
      contiguous = concat(contiguous, packed.doubles());
    } else if (tag === ((2 << 3) | FIXED64)) {
      contiguous = concat(contiguous, Float64Array.of(reader.double()));
    } else if (tag === ((3 << 3) | VARINT)) {
      offset = unzigzag(reader.varint());
    } else if (tag === ((1 << 3) | LEN)) {
      const entry = reader.sub();
      let key = 0;
      let count = 0;
      while (!entry.done) {
        const entryTag = entry.varint();
        if (entryTag === ((1 << 3) | VARINT)) key = unzigzag(entry.varint());
        else if (entryTag === ((2 << 3) | FIXED64)) count = entry.double();
        else entry.skip(entryTag & 7);
      }
      mapKeys.push(key);
      mapCounts.push(count);
    } else reader.skip(tag & 7);
    if (contiguous.length > MAX_STORE_BINS) malformed('store too wide');
  }
  if (mapKeys.length === 0) return { offset, counts: contiguous };

  let lo = contiguous.length > 0 ? offset : Number.POSITIVE_INFINITY;
  let hi = contiguous.length > 0 ? offset + contiguous.length - 1 : Number.NEGATIVE_INFINITY;
  for (const key of mapKeys) {
    lo = Math.min(lo, key);
    hi = Math.max(hi, key);
  }
  if (hi - lo + 1 > MAX_STORE_BINS) malformed('store too wide');
  const counts = new Float64Array(hi - lo + 1);
  for (let i = 0; i < contiguous.length; i++) counts[offset + i - lo]! += contiguous[i]!;
  for (const [i, key] of mapKeys.entries()) counts[key - lo]! += mapCounts[i]!;
  return { offset: lo, counts };
}

/** Reads an encoded DDSketch. Throws a RangeError on bytes that are not one. */
export function decodeSketchMessage(bytes: Uint8Array): SketchMessage {
  const reader = new Reader(bytes);
  let mapping: EncodedMapping | null = null;
  let positive = NO_BINS;
  let negative = NO_BINS;
  let zeroCount = 0;
  while (!reader.done) {
    const tag = reader.varint();
    if (tag === ((1 << 3) | LEN)) mapping = decodeMapping(reader.sub());
    else if (tag === ((2 << 3) | LEN)) positive = decodeStore(reader.sub());
    else if (tag === ((3 << 3) | LEN)) negative = decodeStore(reader.sub());
    else if (tag === ((4 << 3) | FIXED64)) zeroCount = reader.double();
    else reader.skip(tag & 7);
  }
  if (!mapping) return malformed('no index mapping');
  return { mapping, positive, negative, zeroCount };
}

const varintSize = (n: number) => {
  let size = 1;
  for (let value = n; value >= 0x80; value = Math.floor(value / 0x80)) size++;
  return size;
};

class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos = 0;

  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }

  varint(n: number): this {
    let value = n;
    while (value >= 0x80) {
      this.bytes[this.pos++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.bytes[this.pos++] = value;
    return this;
  }

  double(value: number): this {
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }
}

// Every field is written, defaults included, as the library writes them (its reader needs the stores).
const MAPPING_SIZE = 9 + 9 + 2;

function storeSize(store: StoreBins): number {
  const packed = store.counts.length * 8;
  return (packed > 0 ? 1 + varintSize(packed) + packed : 0) + 1 + varintSize(zigzag(store.offset));
}

function writeStore(writer: Writer, field: number, store: StoreBins, size: number): void {
  writer.varint((field << 3) | LEN).varint(size);
  if (store.counts.length > 0) {
    writer.varint((2 << 3) | LEN).varint(store.counts.length * 8);
    for (const count of store.counts) writer.double(count);
  }
  writer.varint((3 << 3) | VARINT).varint(zigzag(store.offset));
}

/** Encodes a DDSketch; the library's `DDSketch.fromProto` reads it. */
export function encodeSketchMessage(message: SketchMessage): Uint8Array {
  const { mapping } = message;
  if (!Number.isInteger(mapping.interpolation) || mapping.interpolation < 0)
    malformed('interpolation must be a non-negative integer');
  const positive = storeSize(message.positive);
  const negative = storeSize(message.negative);
  const mappingSize = MAPPING_SIZE + varintSize(mapping.interpolation) - 1;
  const writer = new Writer(
    1 +
      varintSize(mappingSize) +
      mappingSize +
      (1 + varintSize(positive) + positive) +
      (1 + varintSize(negative) + negative) +
      9,
  );
  writer
    .varint((1 << 3) | LEN)
    .varint(mappingSize)
    .varint((1 << 3) | FIXED64)
    .double(mapping.gamma)
    .varint((2 << 3) | FIXED64)
    .double(mapping.indexOffset)
    .varint((3 << 3) | VARINT)
    .varint(mapping.interpolation);
  writeStore(writer, 2, message.positive, positive);
  writeStore(writer, 3, message.negative, negative);
  writer.varint((4 << 3) | FIXED64).double(message.zeroCount);
  return writer.bytes;
}
