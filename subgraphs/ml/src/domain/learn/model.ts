/**
 * Inference over an artifact, vectorised: a batch is tokenised, turned into one sparse TF-IDF
 * matrix and multiplied by the weight matrices in one pass over its non-zeros.
 *
 *   NAIVE_BAYES          P(l | x) = σ(priorLogOdds_l + Σ_t x_t · LLR_tl); contribution x_t · LLR_tl.
 *   LOGISTIC_REGRESSION  P(l | x) = σ(b_l + Σ_t x_t · w_tl);               contribution x_t · w_tl.
 *   ENSEMBLE             the mean of the two probabilities (soft vote); contributions from the
 *                        logistic part. Its weights were fitted jointly, so a contribution is net
 *                        of the features it co-occurs with, while naive Bayes counts correlated
 *                        evidence once per feature and overstates it; and contributions plus the
 *                        bias add up exactly to the logit they explain. (The mean of two
 *                        probabilities has no such additive decomposition.)
 * Each contribution is in log-odds of the top label; positive ones argue for it.
 */
import { terms as textTerms } from '@ukp/text';
import { termFeatureStats } from './drift.js';
import { sigmoid } from './logistic.js';
import { multiLabelMetrics } from './metrics.js';
import { compareStrings } from './prng.js';
import { multiplyDense, type SparseRows } from './sparse.js';
import { tfidfRows, vocabularyIndex } from './tfidf.js';
import type {
  Algorithm,
  DriftReference,
  Example,
  FeatureHistograms,
  FeatureWeight,
  ModelArtifact,
  Prediction,
} from './types.js';

export const EXPLANATION_SIZE = 10;

export interface LoadedModel {
  readonly algorithm: Algorithm;
  readonly labels: readonly string[];
  readonly vocabulary: readonly string[];
  /** The training data's histograms, for `psi` against a window of requests. */
  readonly reference: DriftReference;
  /** One prediction per text, in order. */
  predict(texts: readonly string[]): Prediction[];
  /** The same, for texts already through `terms()`. */
  predictTerms(termLists: readonly (readonly string[])[]): Prediction[];
  /** Length and OOV histograms of the texts against this model's vocabulary (see drift.ts). */
  featureStats(texts: readonly string[]): FeatureHistograms;
  /** The same, for texts already through `terms()`. */
  featureStatsOfTerms(termLists: readonly (readonly string[])[]): FeatureHistograms;
}

/** Throws a RangeError when the artifact's parts do not fit together. */
export function checkArtifact(a: ModelArtifact): void {
  const v = a.vocabulary.length;
  const k = a.labels.length;
  const fail = (what: string): never => {
    throw new RangeError(`model artifact: ${what}`);
  };
  if (k === 0) fail('no labels');
  if (a.idf.length !== v) fail('idf does not match the vocabulary');
  const needsBayes = a.algorithm === 'NAIVE_BAYES' || a.algorithm === 'ENSEMBLE';
  const needsLogistic = a.algorithm === 'LOGISTIC_REGRESSION' || a.algorithm === 'ENSEMBLE';
  if (needsBayes) {
    const nb = a.naiveBayes ?? fail('naive Bayes weights missing');
    if (nb.priorLogOdds.length !== k || nb.logLikelihoodRatio.length !== v * k) fail('naive Bayes shape');
  }
  if (needsLogistic) {
    const lr = a.logistic ?? fail('logistic weights missing');
    if (lr.bias.length !== k || lr.weights.length !== v * k) fail('logistic shape');
  }
  if (a.reference.predictedLabels.length !== k) fail('reference label histogram shape');
}

/** The pieces `train` shares with serving, so hold-out metrics come from the same code. */
export interface Scorer {
  vectorize(termLists: readonly (readonly string[])[]): SparseRows;
  /** Row-major rows × labels. */
  probabilities(x: SparseRows): Float64Array;
  predictions(x: SparseRows, probabilities: Float64Array): Prediction[];
}

export function createScorer(a: Omit<ModelArtifact, 'reference'>): Scorer {
  const k = a.labels.length;
  const index = vocabularyIndex(a.vocabulary);
  const nb = a.algorithm === 'LOGISTIC_REGRESSION' ? undefined : a.naiveBayes;
  const lr = a.algorithm === 'NAIVE_BAYES' ? undefined : a.logistic;
  const explaining = (lr?.weights ?? nb?.logLikelihoodRatio)!;

  const probabilities = (x: SparseRows): Float64Array => {
    const fromBayes = nb && multiplyDense(x, nb.logLikelihoodRatio, nb.priorLogOdds).map(sigmoid);
    const fromLogistic = lr && multiplyDense(x, lr.weights, lr.bias).map(sigmoid);
    if (fromBayes && fromLogistic) return fromBayes.map((p, i) => (p + fromLogistic[i]!) / 2);
    return (fromBayes ?? fromLogistic)!;
  };

  const predictions = (x: SparseRows, p: Float64Array): Prediction[] => {
    const out: Prediction[] = [];
    for (let i = 0; i < x.rows; i++) {
      const scores = a.labels
        .map((label, l) => ({ label, probability: p[i * k + l]! }))
        .sort((s, t) => t.probability - s.probability || compareStrings(s.label, t.label));
      const top = scores[0]!;
      const topIndex = a.labels.indexOf(top.label);
      const explanation: FeatureWeight[] = [];
      for (let q = x.indptr[i]!, end = x.indptr[i + 1]!; q < end; q++) {
        const t = x.indices[q]!;
        const weight = x.values[q]! * explaining[t * k + topIndex]!;
        if (weight !== 0) explanation.push({ feature: a.vocabulary[t]!, weight });
      }
      explanation.sort(
        (s, t) => Math.abs(t.weight) - Math.abs(s.weight) || compareStrings(s.feature, t.feature),
      );
      explanation.length = Math.min(explanation.length, EXPLANATION_SIZE);
      out.push({ label: top.label, confidence: top.probability, scores, explanation });
    }
    return out;
  };

  return {
    vectorize: (termLists) => tfidfRows(termLists, index, a.idf),
    probabilities,
    predictions,
  };
}

export function loadModel(artifact: ModelArtifact): LoadedModel {
  checkArtifact(artifact);
  const scorer = createScorer(artifact);
  const vocabulary = new Set(artifact.vocabulary);
  const predictTerms = (termLists: readonly (readonly string[])[]): Prediction[] => {
    const x = scorer.vectorize(termLists);
    return scorer.predictions(x, scorer.probabilities(x));
  };
  return {
    algorithm: artifact.algorithm,
    labels: artifact.labels,
    vocabulary: artifact.vocabulary,
    reference: artifact.reference,
    predict: (texts) => predictTerms(texts.map((text) => textTerms(text))),
    predictTerms,
    featureStats: (texts) =>
      termFeatureStats(
        texts.map((text) => textTerms(text)),
        vocabulary,
      ),
    featureStatsOfTerms: (termLists) => termFeatureStats(termLists, vocabulary),
  };
}

/**
 * The hold-out metrics of any model on labelled examples (e.g. the production model on a
 * candidate's `testIds`, for a promotion gate on the same hold-out). Labels the model does not
 * know are ignored; examples left without a known label are skipped, as in training.
 */
export function evaluate(
  model: LoadedModel,
  examples: readonly Example[],
): { accuracy: number; macroF1: number; testSize: number } {
  const k = model.labels.length;
  const index = new Map(model.labels.map((label, l) => [label, l]));
  const usable = examples
    .map((e) => ({ text: e.text, labels: [...new Set(e.labels.flatMap((label) => index.get(label) ?? []))] }))
    .filter((e) => e.labels.length > 0);
  const probabilities = new Float64Array(usable.length * k);
  model.predict(usable.map((e) => e.text)).forEach((p, i) => {
    for (const s of p.scores) probabilities[i * k + index.get(s.label)!] = s.probability;
  });
  const metrics = multiLabelMetrics(
    probabilities,
    usable.map((e) => e.labels),
    k,
  );
  return { ...metrics, testSize: usable.length };
}
