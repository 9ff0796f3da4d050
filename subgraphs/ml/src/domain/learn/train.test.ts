import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeArtifact } from './artifact-codec.js';
import { majorityBaseline } from './testing/baseline.js';
import { syntheticCorpus } from './testing/synthetic-corpus.js';
import { train } from './train.js';
import { ALGORITHMS, type Example, type TrainedModel } from './types.js';

/**
 * 200 documents of 100–1,000 words, only 3% of them topic words (8 topics of unequal frequency,
 * a third of the documents with two): hard enough that no model is perfect. The majority-class
 * baseline scores accuracy 0.36 and macro-F1 0.07 here (one label's F1 averaged with seven
 * zeros); guessing the top label uniformly would be right ≈ 1.3 / 8 ≈ 16% of the time. Each
 * algorithm must reach accuracy ≥ 0.7 and macro-F1 ≥ 0.55 (and beat the baseline by 0.3 and
 * 0.4), the best one macro-F1 ≥ 0.65. They reach (accuracy / macro-F1) NB 0.87 / 0.69, LR
 * 0.92 / 0.68, ENSEMBLE 0.90 / 0.70 here, and never less than 0.87 / 0.58 (best model 0.62) over
 * three corpus seeds (7, 8, 9) × three split seeds (1, 2, 3): the thresholds fail a broken model,
 * not an unlucky split. (Macro-F1 on a 39-document hold-out moves by ±0.1 between splits: over 80
 * split seeds naive Bayes averages 0.63 on corpus 7 and 0.68–0.72 on corpus 8, whatever order the
 * examples are shuffled from.) The best-model bar was 0.65 before the content order and stays there
 * (0.70 here): this corpus and split are fixed and training is deterministic, so the figures only
 * move when the code does, and a change that costs this corpus 0.05 must say why.
 */
const corpus = syntheticCorpus({ seed: 7, documents: 200, topicShare: 0.03, maxWords: 1000 });

describe('train: quality on the synthetic corpus', () => {
  const macroF1 = new Map<string, number>();

  it.each(ALGORITHMS)('%s beats the majority-class baseline by far', (algorithm) => {
    const started = performance.now();
    const model = train(corpus, { algorithm, seed: 1 });
    const seconds = (performance.now() - started) / 1000;
    const baseline = majorityBaseline(corpus, model);
    process.stdout.write(
      `${algorithm}: ${seconds.toFixed(2)} s, accuracy ${model.metrics.accuracy.toFixed(3)}, macro-F1 ${model.metrics.macroF1.toFixed(3)} (baseline ${baseline.accuracy.toFixed(3)} / ${baseline.macroF1.toFixed(3)})\n`,
    );
    expect(model.labels).toHaveLength(8);
    expect(model.metrics.trainSize + model.metrics.testSize).toBeLessThanOrEqual(corpus.length);
    expect(model.metrics.testSize).toBeGreaterThanOrEqual(30);
    expect(model.metrics.macroF1).toBeGreaterThanOrEqual(0.55);
    expect(model.metrics.accuracy).toBeGreaterThanOrEqual(0.7);
    expect(model.metrics.macroF1).toBeGreaterThanOrEqual(baseline.macroF1 + 0.4);
    expect(model.metrics.accuracy).toBeGreaterThanOrEqual(baseline.accuracy + 0.3);
    macroF1.set(algorithm, model.metrics.macroF1);
  });

  it('the best algorithm reaches macro-F1 ≥ 0.65', () => {
    expect(macroF1.size).toBe(ALGORITHMS.length);
    expect(Math.max(...macroF1.values())).toBeGreaterThanOrEqual(0.65);
  });
});

const small = syntheticCorpus({ seed: 3, documents: 80, topicShare: 0.05, minWords: 50, maxWords: 300 });

describe('train: determinism', () => {
  it.each(ALGORITHMS)(
    '%s: same examples (in any order) and seed → the same bytes and metrics',
    (algorithm) => {
      const a = train(small, { algorithm, seed: 42 });
      const shuffled = [...small].reverse();
      const b = train(shuffled, { algorithm, seed: 42 });
      expect(Buffer.from(encodeArtifact(b.artifact)).equals(Buffer.from(encodeArtifact(a.artifact)))).toBe(
        true,
      );
      expect(b.metrics).toEqual(a.metrics);
      expect(b.hyperParameters).toEqual(a.hyperParameters);
      expect(b.datasetHash).toBe(a.datasetHash);
      expect(b.testIds).toEqual(a.testIds);
    },
  );

  it.each(ALGORITHMS)(
    '%s: the same documents under other ids (in another order) → the same bytes, metrics and hold-out',
    (algorithm) => {
      // What a fresh start does: the store hands the same corpus out under new random UUIDs.
      const renamed = small.map((e) => ({ ...e, id: randomUUID() }));
      const textOf = (model: TrainedModel, examples: readonly Example[]) => {
        const byId = new Map(examples.map((e) => [e.id, e.text]));
        return model.testIds.map((id) => byId.get(id)!).sort();
      };
      const a = train(small, { algorithm, seed: 42 });
      const b = train([...renamed].reverse(), { algorithm, seed: 42 });
      expect(Buffer.from(encodeArtifact(b.artifact)).equals(Buffer.from(encodeArtifact(a.artifact)))).toBe(
        true,
      );
      expect(b.metrics).toEqual(a.metrics);
      expect(b.hyperParameters).toEqual(a.hyperParameters);
      expect(textOf(b, renamed)).toEqual(textOf(a, small));
    },
  );

  it('another seed gives another hold-out', () => {
    const a = train(small, { algorithm: 'NAIVE_BAYES', seed: 1 });
    const b = train(small, { algorithm: 'NAIVE_BAYES', seed: 2 });
    expect(b.testIds).not.toEqual(a.testIds);
    expect(b.datasetHash).toBe(a.datasetHash);
  });
});

describe('train: bookkeeping', () => {
  it('reports progress non-decreasing, ending at exactly 1', () => {
    const seen: number[] = [];
    train(small, { algorithm: 'ENSEMBLE', seed: 1, onProgress: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThan(10);
    seen.forEach((f, i) => {
      expect(f).toBeGreaterThanOrEqual(i === 0 ? 0 : seen[i - 1]!);
      expect(f).toBeLessThanOrEqual(1);
    });
    expect(seen.at(-1)).toBe(1);
    expect(seen.filter((f) => f === 1)).toHaveLength(1);
  });

  it('records the label set, sizes, hyper-parameters and row count', () => {
    const examples: Example[] = [
      ...small,
      { id: 'rare-1', text: 'a lonely tag', labels: ['lonely'] },
      { id: 'untagged', text: 'nothing to learn', labels: [] },
    ];
    const model = train(examples, {
      algorithm: 'LOGISTIC_REGRESSION',
      seed: 5,
      minLabelCount: 2,
      maxFeatures: 300,
    });
    expect(model.labels).not.toContain('lonely');
    expect(model.labels).toEqual([...model.labels].sort());
    expect(model.rowCount).toBe(examples.length);
    const used = examples.filter((e) => e.labels.some((l) => model.labels.includes(l))).length;
    expect(model.metrics.trainSize + model.metrics.testSize).toBe(used);
    expect(model.testIds).toHaveLength(model.metrics.testSize);
    expect(model.testIds).not.toContain('untagged');
    expect(model.artifact.vocabulary.length).toBeLessThanOrEqual(300);
    expect(model.hyperParameters).toMatchObject({
      seed: 5,
      maxFeatures: 300,
      minDf: 2,
      minLabelCount: 2,
      l2: 0.0003,
    });
    expect(model.hyperParameters.features).toBe(model.artifact.vocabulary.length);
    expect(model.hyperParameters).not.toHaveProperty('alpha');
    expect(model.datasetHash).toMatch(/^[0-9a-f]{64}$/);
    expect(model.artifact.reference.count).toBe(used);
    expect(model.artifact.reference.predictedLabels.reduce((a, b) => a + b, 0)).toBe(used);
  });

  it('rejects what it cannot learn from', () => {
    const one: Example[] = [{ id: 'a', text: 'x', labels: ['t'] }];
    expect(() => train(one, { algorithm: 'NAIVE_BAYES', seed: 1 })).toThrow(RangeError);
    const twice: Example[] = [...small.slice(0, 5), { ...small[0]! }];
    expect(() => train(twice, { algorithm: 'NAIVE_BAYES', seed: 1 })).toThrow(/duplicate example id/);
    expect(() => train(small, { algorithm: 'NAIVE_BAYES', seed: 1, testFraction: 1 })).toThrow(
      /testFraction/,
    );
    expect(() => train(small, { algorithm: 'NAIVE_BAYES', seed: 1, minDf: 0 })).toThrow(/minDf/);
    expect(() => train(small, { algorithm: 'NAIVE_BAYES', seed: 1, minLabelCount: 1000 })).toThrow(
      /no label/,
    );
  });
});
