/**
 * A model artifact as bytes (what the registry stores), compact and versioned:
 *
 *   offset 0   4 bytes   magic "UKPM"
 *          4   1 byte    format version (ARTIFACT_FORMAT_VERSION)
 *          5   3 bytes   zero
 *          8   uint32 LE byte length H of the header
 *         12   H bytes   header: UTF-8 JSON { algorithm, labels, vocabulary, reference, arrays }
 *                        where `arrays` lists [name, length] of the numeric blocks, in order
 *              padding   zero bytes up to a multiple of 8
 *              blocks    the arrays, float64 little-endian, back to back
 *
 * float64 keeps the weights exact, so a decoded model predicts exactly what the trained one did.
 * The header is built in a fixed key order, so equal artifacts encode to equal bytes.
 */
import { checkArtifact } from './model.js';
import { ALGORITHMS, type Algorithm, type DriftReference, type ModelArtifact } from './types.js';

export const ARTIFACT_FORMAT_VERSION = 1;
const MAGIC = [0x55, 0x4b, 0x50, 0x4d]; // "UKPM"
const PREFIX = 12;

type BlockName = 'idf' | 'nb.priorLogOdds' | 'nb.logLikelihoodRatio' | 'lr.bias' | 'lr.weights';

interface Header {
  algorithm: Algorithm;
  labels: string[];
  vocabulary: string[];
  reference: DriftReference;
  arrays: [BlockName, number][];
}

const littleEndian = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;

export function encodeArtifact(a: ModelArtifact): Uint8Array {
  checkArtifact(a);
  const blocks: [BlockName, Float64Array][] = [['idf', a.idf]];
  if (a.naiveBayes) {
    blocks.push(['nb.priorLogOdds', a.naiveBayes.priorLogOdds]);
    blocks.push(['nb.logLikelihoodRatio', a.naiveBayes.logLikelihoodRatio]);
  }
  if (a.logistic) {
    blocks.push(['lr.bias', a.logistic.bias]);
    blocks.push(['lr.weights', a.logistic.weights]);
  }
  const header: Header = {
    algorithm: a.algorithm,
    labels: a.labels,
    vocabulary: a.vocabulary,
    reference: {
      lengthBins: a.reference.lengthBins,
      oovBins: a.reference.oovBins,
      oovRate: a.reference.oovRate,
      count: a.reference.count,
      predictedLabels: a.reference.predictedLabels,
    },
    arrays: blocks.map(([name, values]) => [name, values.length]),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((PREFIX + json.length) / 8) * 8;
  const floats = blocks.reduce((sum, [, values]) => sum + values.length, 0);
  const bytes = new Uint8Array(dataStart + floats * 8);
  bytes.set(MAGIC, 0);
  bytes[4] = ARTIFACT_FORMAT_VERSION;
  const view = new DataView(bytes.buffer);
  view.setUint32(8, json.length, true);
  bytes.set(json, PREFIX);
  let at = dataStart;
  for (const [, values] of blocks) {
    for (const v of values) {
      view.setFloat64(at, v, true);
      at += 8;
    }
  }
  return bytes;
}

export function decodeArtifact(bytes: Uint8Array): ModelArtifact {
  const fail = (what: string): never => {
    throw new RangeError(`model artifact: ${what}`);
  };
  if (bytes.length < PREFIX || MAGIC.some((b, i) => bytes[i] !== b)) fail('not an artifact (bad magic)');
  if (bytes[4] !== ARTIFACT_FORMAT_VERSION) fail(`unsupported format version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (PREFIX + headerLength > bytes.length) fail('truncated header');
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as Header;
  } catch {
    return fail('unreadable header');
  }
  if (!ALGORITHMS.includes(header.algorithm)) fail(`unknown algorithm ${String(header.algorithm)}`);
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
  const numbers = (v: unknown) => Array.isArray(v) && v.every((n) => typeof n === 'number');
  const r = header.reference as Partial<DriftReference> | undefined;
  if (!strings(header.labels) || !strings(header.vocabulary) || !Array.isArray(header.arrays))
    fail('bad header');
  if (!r || !numbers(r.lengthBins) || !numbers(r.oovBins) || !numbers(r.predictedLabels))
    fail('bad reference');
  let at = Math.ceil((PREFIX + headerLength) / 8) * 8;
  const arrays = new Map<string, Float64Array>();
  for (const [name, length] of header.arrays) {
    const end = at + length * 8;
    if (!Number.isInteger(length) || length < 0 || end > bytes.length) fail(`truncated block ${name}`);
    let values: Float64Array;
    if (littleEndian) {
      values = new Float64Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + end));
    } else {
      values = new Float64Array(length);
      for (let i = 0; i < length; i++) values[i] = view.getFloat64(at + i * 8, true);
    }
    arrays.set(name, values);
    at = end;
  }
  if (at !== bytes.length) fail('trailing bytes');
  const block = (name: BlockName): Float64Array => arrays.get(name) ?? fail(`missing block ${name}`);
  const artifact: ModelArtifact = {
    algorithm: header.algorithm,
    labels: header.labels,
    vocabulary: header.vocabulary,
    idf: block('idf'),
    reference: header.reference,
  };
  if (arrays.has('nb.priorLogOdds')) {
    artifact.naiveBayes = {
      priorLogOdds: block('nb.priorLogOdds'),
      logLikelihoodRatio: block('nb.logLikelihoodRatio'),
    };
  }
  if (arrays.has('lr.bias')) {
    artifact.logistic = { bias: block('lr.bias'), weights: block('lr.weights') };
  }
  checkArtifact(artifact);
  return artifact;
}
