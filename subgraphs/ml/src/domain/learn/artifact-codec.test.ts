import { describe, expect, it } from 'vitest';
import { ARTIFACT_FORMAT_VERSION, decodeArtifact, encodeArtifact } from './artifact-codec.js';
import { loadModel } from './model.js';
import { syntheticCorpus } from './testing/synthetic-corpus.js';
import { train } from './train.js';
import { ALGORITHMS } from './types.js';

const corpus = syntheticCorpus({ seed: 4, documents: 60, topicShare: 0.06, minWords: 40, maxWords: 200 });
const texts = corpus.slice(0, 10).map((e) => e.text);

describe('artifact codec', () => {
  it.each(ALGORITHMS)('%s round-trips exactly and predicts the same', (algorithm) => {
    const { artifact } = train(corpus, { algorithm, seed: 1 });
    const bytes = encodeArtifact(artifact);
    const decoded = decodeArtifact(bytes);
    expect(decoded).toEqual(artifact);
    expect(encodeArtifact(decoded)).toEqual(bytes);
    expect(loadModel(decoded).predict(texts)).toEqual(loadModel(artifact).predict(texts));
    // float64 weights plus a small header: about 8 bytes a weight.
    const weights = artifact.vocabulary.length * artifact.labels.length * (algorithm === 'ENSEMBLE' ? 2 : 1);
    expect(bytes.length).toBeLessThan(8 * weights + 16 * artifact.vocabulary.length + 4096);
  });

  it('reads from a view at any offset of a larger buffer', () => {
    const bytes = encodeArtifact(train(corpus, { algorithm: 'NAIVE_BAYES', seed: 1 }).artifact);
    const padded = new Uint8Array(bytes.length + 13);
    padded.set(bytes, 5);
    expect(decodeArtifact(padded.subarray(5, 5 + bytes.length))).toEqual(decodeArtifact(bytes));
  });

  it('refuses what is not a whole artifact of a known version', () => {
    const bytes = encodeArtifact(train(corpus, { algorithm: 'NAIVE_BAYES', seed: 1 }).artifact);
    expect(() => decodeArtifact(new TextEncoder().encode('{"labels":[]}'))).toThrow(/magic/);
    const future = bytes.slice();
    future[4] = ARTIFACT_FORMAT_VERSION + 1;
    expect(() => decodeArtifact(future)).toThrow(/version/);
    expect(() => decodeArtifact(bytes.subarray(0, bytes.length - 8))).toThrow(/truncated/);
    expect(() => decodeArtifact(bytes.subarray(0, 40))).toThrow(RangeError);
    const longer = new Uint8Array(bytes.length + 8);
    longer.set(bytes);
    expect(() => decodeArtifact(longer)).toThrow(/trailing/);
  });
});
