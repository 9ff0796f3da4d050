import { describe, expect, it } from 'vitest';
import { binIndex, featureStats, LENGTH_BIN_EDGES, labelHistogram, OOV_BIN_EDGES, psi } from './drift.js';
import { loadModel } from './model.js';
import { syntheticCorpus } from './testing/synthetic-corpus.js';
import { train } from './train.js';

describe('psi', () => {
  it('is 0 for the same histogram, in counts or proportions', () => {
    expect(psi([10, 20, 30], [10, 20, 30])).toBe(0);
    expect(psi([1, 2, 3], [100, 200, 300])).toBeCloseTo(0, 15);
  });

  it('grows with the shift and is symmetric in its arguments', () => {
    const mild = psi([25, 25, 25, 25], [30, 25, 25, 20]);
    const strong = psi([25, 25, 25, 25], [70, 10, 10, 10]);
    expect(mild).toBeGreaterThan(0);
    expect(mild).toBeLessThan(0.1);
    expect(strong).toBeGreaterThan(0.2);
    expect(psi([70, 10, 10, 10], [25, 25, 25, 25])).toBeCloseTo(strong, 12);
  });

  it('floors empty bins at ε instead of going infinite, and gives 0 without data', () => {
    expect(Number.isFinite(psi([10, 0], [0, 10]))).toBe(true);
    expect(psi([0, 0], [1, 2])).toBe(0);
    expect(psi([], [])).toBe(0);
  });

  it('rejects mismatched or negative histograms', () => {
    expect(() => psi([1, 2], [1, 2, 3])).toThrow(RangeError);
    expect(() => psi([1, -2], [1, 2])).toThrow(RangeError);
    expect(() => psi([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});

describe('feature histograms', () => {
  it('bins by lower edges, the last bin open-ended', () => {
    expect(binIndex(LENGTH_BIN_EDGES, 0)).toBe(0);
    expect(binIndex(LENGTH_BIN_EDGES, 1)).toBe(1);
    expect(binIndex(LENGTH_BIN_EDGES, 4)).toBe(1);
    expect(binIndex(LENGTH_BIN_EDGES, 5)).toBe(2);
    expect(binIndex(LENGTH_BIN_EDGES, 1e6)).toBe(LENGTH_BIN_EDGES.length - 1);
    expect(binIndex(OOV_BIN_EDGES, 0.049)).toBe(0);
    expect(binIndex(OOV_BIN_EDGES, 1)).toBe(OOV_BIN_EDGES.length - 1);
  });

  it('counts terms (stop words excluded) and the out-of-vocabulary share', () => {
    const stats = featureStats(['the postgres replica lags', '', 'postgres postgres'], new Set(['postgr']));
    expect(stats.count).toBe(3);
    expect(stats.lengthBins[0]).toBe(1); // the empty text
    expect(stats.lengthBins[1]).toBe(2); // 3 and 2 terms
    expect(stats.oovRate).toBeCloseTo(2 / 5, 12); // "replica", "lag" of 5 terms
    expect(stats.oovBins[0]).toBe(2); // the empty text and the all-known one
    expect(stats.oovBins[binIndex(OOV_BIN_EDGES, 2 / 3)]).toBe(1);
  });

  it('counts top labels in label order', () => {
    expect(labelHistogram([{ label: 'b' }, { label: 'b' }, { label: 'z' }], ['a', 'b'])).toEqual([0, 2]);
  });
});

describe('drift against the training reference', () => {
  const options = { documents: 200, topicShare: 0.03, maxWords: 1000 };
  const trained = train(syntheticCorpus({ seed: 7, ...options }), {
    algorithm: 'LOGISTIC_REGRESSION',
    seed: 1,
  });
  const model = loadModel(trained.artifact);
  const { reference } = model;
  const fresh = syntheticCorpus({ seed: 8, ...options });
  const drift = (texts: string[]) => {
    const stats = model.featureStats(texts);
    return {
      length: psi(reference.lengthBins, stats.lengthBins),
      oov: psi(reference.oovBins, stats.oovBins),
      labels: psi(reference.predictedLabels, labelHistogram(model.predict(texts), model.labels)),
    };
  };

  it('finds none in new documents from the same distribution', () => {
    const d = drift(fresh.map((e) => e.text));
    expect(d.length).toBeLessThan(0.1);
    expect(d.oov).toBeLessThan(0.1);
    expect(d.labels).toBeLessThan(0.1);
  });

  it('finds shorter texts', () => {
    const d = drift(fresh.map((e) => e.text.split(' ').slice(0, 40).join(' ')));
    expect(d.length).toBeGreaterThanOrEqual(0.2);
  });

  it('finds unfamiliar words', () => {
    const d = drift(fresh.map((e) => e.text.replace(/\b(\w+) (\w+) (\w+)\b/g, '$1 $2 unheard$3word')));
    expect(d.oov).toBeGreaterThanOrEqual(0.2);
  });

  it('finds a shifted topic mix', () => {
    const d = drift(
      fresh.filter((e) => e.labels.includes('finance') || e.labels.includes('hiring')).map((e) => e.text),
    );
    expect(d.labels).toBeGreaterThanOrEqual(0.2);
  });
});
