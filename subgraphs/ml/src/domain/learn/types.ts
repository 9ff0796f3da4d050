/**
 * The public shapes of the learning core: what goes into `train`, what comes out, what a loaded
 * model answers. Plain data only (typed arrays for weights), so a `TrainedModel` crosses a worker
 * thread's `postMessage` by structured clone and an artifact round-trips through
 * `encodeArtifact` / `decodeArtifact`.
 */

export type Algorithm = 'NAIVE_BAYES' | 'LOGISTIC_REGRESSION' | 'ENSEMBLE';

export const ALGORITHMS: readonly Algorithm[] = ['NAIVE_BAYES', 'LOGISTIC_REGRESSION', 'ENSEMBLE'];

/** One training document; `labels` are its tags (multi-label; order and duplicates do not matter). */
export interface Example {
  id: string;
  text: string;
  labels: string[];
}

export interface TrainOptions {
  algorithm: Algorithm;
  /** Seeds the hold-out split (the only randomness; read as a uint32: `seed >>> 0`). */
  seed: number;
  /** Share of the examples held out for the metrics. Default 0.2. */
  testFraction?: number;
  /** Vocabulary cap: the terms in most training documents are kept, ties by term. Default 5000. */
  maxFeatures?: number;
  /** A term must occur in at least this many training documents. Default 2. */
  minDf?: number;
  /** Labels with fewer examples (in the whole data set) are dropped from the label set. Default 2. */
  minLabelCount?: number;
  /** Logistic regression: L2 penalty on the weights (not the bias), per mean example loss. Default 0.0003. */
  l2?: number;
  /** Logistic regression: gradient step. Default 1 / (0.5 + l2), the inverse of the loss's smoothness bound. */
  learningRate?: number;
  /** Logistic regression: at most this many full-batch accelerated gradient steps per label. Default 200. */
  epochs?: number;
  /** Naive Bayes: additive (Laplace / Lidstone) smoothing of the feature likelihoods. Default 0.1. */
  alpha?: number;
  /** Called with a non-decreasing fraction in [0, 1]; the last call is exactly 1. */
  onProgress?: (fraction: number) => void;
}

export interface ModelMetrics {
  /** Share of the test examples whose top label is one of their true labels. */
  accuracy: number;
  /** Mean over labels of F1, the predicted set being {labels with p ≥ 0.5} ∪ {top label}. */
  macroF1: number;
  trainSize: number;
  testSize: number;
}

/** Text length (in terms) and out-of-vocabulary histograms, with fixed bin edges (see drift.ts). */
export interface FeatureHistograms {
  /** Counts per bin of `LENGTH_BIN_EDGES`. */
  lengthBins: number[];
  /** Counts per bin of `OOV_BIN_EDGES` (each text's share of terms outside the vocabulary). */
  oovBins: number[];
  /** Out-of-vocabulary terms over all terms of the texts (0 when there are none). */
  oovRate: number;
  /** How many texts. */
  count: number;
}

/**
 * What drift is measured against: the training examples' feature histograms and the distribution
 * of the model's top label over them (counts, in `labels` order).
 */
export interface DriftReference extends FeatureHistograms {
  predictedLabels: number[];
}

export interface NaiveBayesWeights {
  /** Per label: log P(label) − log P(not label) in the training part. */
  priorLogOdds: Float64Array;
  /**
   * Feature-major (`feature * labels.length + label`): log θ(feature | label) − log θ(feature | rest),
   * the per-unit log-likelihood ratio.
   */
  logLikelihoodRatio: Float64Array;
}

export interface LogisticWeights {
  /** Per label. */
  bias: Float64Array;
  /** Feature-major (`feature * labels.length + label`). */
  weights: Float64Array;
}

/** Everything a prediction needs; versioned when encoded (`ARTIFACT_FORMAT_VERSION`). */
export interface ModelArtifact {
  algorithm: Algorithm;
  /** Sorted (code-unit order). */
  labels: string[];
  /** Sorted (code-unit order); a term's index is its feature index. */
  vocabulary: string[];
  /** Per feature: ln((1 + n) / (1 + df)) + 1 over the n training documents. */
  idf: Float64Array;
  naiveBayes?: NaiveBayesWeights;
  logistic?: LogisticWeights;
  reference: DriftReference;
}

export interface TrainedModel {
  algorithm: Algorithm;
  labels: string[];
  artifact: ModelArtifact;
  metrics: ModelMetrics;
  hyperParameters: Record<string, number | string>;
  /** sha256 (hex) of the examples sorted by id, in a canonical form (see `datasetHash`). */
  datasetHash: string;
  /** How many examples were given (including any left without a kept label). */
  rowCount: number;
  /** Ids of the held-out examples, sorted: lets a caller evaluate another model on the same hold-out. */
  testIds: string[];
}

export interface LabelScore {
  label: string;
  probability: number;
}

export interface FeatureWeight {
  feature: string;
  weight: number;
}

export interface Prediction {
  label: string;
  confidence: number;
  /** Every label, most probable first (ties by label). */
  scores: LabelScore[];
  /** Top 10 features by |contribution| to the top label's score (ties by feature). */
  explanation: FeatureWeight[];
}
