/**
 * The maths against golden/reference.json, written by golden/reference.py from its own numpy
 * implementations of the same documented formulas. Deterministic quantities must agree to 1e-9
 * relative (plus 1e-12 absolute, for values that are differences near zero); the fitted logistic
 * weights, an optimum reached by two different optimisers, to 1e-6.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { psi } from './drift.js';
import { fitLogistic, logisticObjective } from './logistic.js';
import { multiLabelMetrics } from './metrics.js';
import { createScorer } from './model.js';
import { fitNaiveBayes } from './naive-bayes.js';
import type { SparseRows } from './sparse.js';
import { fitVocabulary, tfidfRows, vocabularyIndex } from './tfidf.js';
import { datasetHash } from './train.js';
import type { Example } from './types.js';

interface Reference {
  tfidf: {
    documents: string[][];
    maxFeatures: number;
    minDf: number;
    terms: string[];
    idf: number[];
    matrix: number[][];
  }[];
  labelSets: number[][];
  naiveBayes: {
    alpha: number;
    labels: {
      logPrior: number[];
      logTheta: number[][];
      jointLogLikelihood: number[][];
      probability: number[];
    }[];
  };
  logistic: {
    l2: number;
    weights: number[][];
    bias: number[];
    gradient: { loss: number; gradWeights: number[]; gradBias: number }[];
    optimum: { weights: number[]; bias: number; largestGradient: number }[];
  };
  metrics: { probabilities: number[][]; truth: number[][]; accuracy: number; macroF1: number };
  psi: { reference: number[]; current: number[]; epsilon?: number; psi: number }[];
  datasetHash: { examples: Example[]; hash: string };
}

const reference = JSON.parse(
  readFileSync(new URL('./golden/reference.json', import.meta.url), 'utf8'),
) as Reference;

const RELATIVE = 1e-9;
function expectClose(actual: number, expected: number, what: string, relative = RELATIVE, absolute = 1e-12) {
  if (!(Math.abs(actual - expected) <= relative * Math.abs(expected) + absolute)) {
    expect.fail(`${what}: ${actual} vs golden ${expected}`);
  }
}

function dense(x: SparseRows): number[][] {
  return Array.from({ length: x.rows }, (_, i) => {
    const row = new Array<number>(x.cols).fill(0);
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) row[x.indices[p]!] = x.values[p]!;
    return row;
  });
}

function vectorise(c: Reference['tfidf'][number]) {
  const vocabulary = fitVocabulary(c.documents, c);
  return { vocabulary, x: tfidfRows(c.documents, vocabularyIndex(vocabulary.terms), vocabulary.idf) };
}

describe('golden: TF-IDF', () => {
  it.each(reference.tfidf.map((c, i) => [i, c] as const))('case %i: vocabulary, idf and rows', (_, c) => {
    const { vocabulary, x } = vectorise(c);
    expect(vocabulary.terms).toEqual(c.terms);
    for (const [j, v] of c.idf.entries()) expectClose(vocabulary.idf[j]!, v, `idf[${j}]`);
    const m = dense(x);
    expect(m.length).toBe(c.matrix.length);
    for (const [i, row] of c.matrix.entries()) {
      for (const [j, v] of row.entries()) expectClose(m[i]![j]!, v, `x[${i}][${j}]`);
    }
  });
});

const big = reference.tfidf[1]!;
const { vocabulary, x } = vectorise(big);
const k = reference.naiveBayes.labels.length;
const v = vocabulary.terms.length;

describe('golden: naive Bayes', () => {
  const nb = fitNaiveBayes(x, reference.labelSets, k, reference.naiveBayes.alpha);

  it('has the prior log-odds and per-feature log-likelihood ratios', () => {
    reference.naiveBayes.labels.forEach((g, l) => {
      expectClose(nb.priorLogOdds[l]!, g.logPrior[1]! - g.logPrior[0]!, `prior log-odds ${l}`);
      for (let t = 0; t < v; t++) {
        expectClose(
          nb.logLikelihoodRatio[t * k + l]!,
          g.logTheta[1]![t]! - g.logTheta[0]![t]!,
          `LLR[${t}][${l}]`,
        );
      }
    });
  });

  it('serves P(label | x) from the joint log-likelihoods', () => {
    const labels = ['a', 'b', 'c'];
    const scorer = createScorer({
      algorithm: 'NAIVE_BAYES',
      labels,
      vocabulary: vocabulary.terms,
      idf: vocabulary.idf,
      naiveBayes: nb,
    });
    const p = scorer.probabilities(x);
    reference.naiveBayes.labels.forEach((g, l) => {
      for (const [i, expected] of g.probability.entries())
        expectClose(p[i * k + l]!, expected, `P[${i}][${l}]`);
      g.jointLogLikelihood.forEach(([rest, label], i) => {
        const logit = Math.log(p[i * k + l]!) - Math.log1p(-p[i * k + l]!);
        expectClose(logit, label! - rest!, `logit[${i}][${l}]`, 1e-7); // through σ and back
      });
    });
  });
});

describe('golden: logistic regression', () => {
  const { l2 } = reference.logistic;
  const targets = reference.labelSets;

  it('has the loss and gradient at given weights', () => {
    const weights = Float64Array.from(reference.logistic.weights.flat());
    const bias = Float64Array.from(reference.logistic.bias);
    const gradWeights = new Float64Array(weights.length);
    const gradBias = new Float64Array(k);
    const y = new Uint8Array(x.rows * k);
    targets.forEach((set, i) => {
      for (const l of set) y[i * k + l] = 1;
    });
    const loss = logisticObjective(x, y, weights, bias, l2, gradWeights, gradBias);
    reference.logistic.gradient.forEach((g, l) => {
      expectClose(loss[l]!, g.loss, `loss ${l}`);
      expectClose(gradBias[l]!, g.gradBias, `∂b ${l}`);
      for (const [t, expected] of g.gradWeights.entries()) {
        expectClose(gradWeights[t * k + l]!, expected, `∂w[${t}][${l}]`);
      }
    });
  });

  it('reaches the optimum scipy L-BFGS finds', () => {
    const fit = fitLogistic(x, targets, k, {
      l2,
      learningRate: 1 / (0.5 + l2),
      epochs: 20_000,
      tolerance: 1e-11,
    });
    reference.logistic.optimum.forEach((o, l) => {
      expectClose(fit.bias[l]!, o.bias, `bias ${l}`, 0, 1e-6);
      for (const [t, w] of o.weights.entries())
        expectClose(fit.weights[t * k + l]!, w, `w[${t}][${l}]`, 0, 1e-6);
    });
    expect(fit.epochsRun).toBeLessThan(20_000);
  });
});

describe('golden: metrics, PSI, dataset hash', () => {
  it('computes accuracy and macro-F1', () => {
    const { probabilities, truth } = reference.metrics;
    const m = multiLabelMetrics(Float64Array.from(probabilities.flat()), truth, probabilities[0]!.length);
    expectClose(m.accuracy, reference.metrics.accuracy, 'accuracy');
    expectClose(m.macroF1, reference.metrics.macroF1, 'macro-F1');
  });

  it.each(reference.psi.map((h, i) => [i, h] as const))('PSI case %i', (_, h) => {
    expectClose(psi(h.reference, h.current, h.epsilon), h.psi, 'psi');
  });

  it('hashes the examples canonically', () => {
    const { examples, hash } = reference.datasetHash;
    expect(datasetHash(examples)).toBe(hash);
    expect(datasetHash([...examples].reverse())).toBe(hash);
  });
});
