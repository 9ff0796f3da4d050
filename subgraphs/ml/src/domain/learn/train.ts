/**
 * Training: examples → label set → `terms()` → stratified hold-out → TF-IDF (fitted on the
 * training part) → naive Bayes and/or logistic regression (one-vs-rest) → hold-out metrics →
 * drift reference → artifact. Pure computation (no I/O), meant to run in a worker thread.
 *
 * Deterministic: the examples are put in content order first (content-order.ts: never by id,
 * which the store assigns at random), the split is the only randomness (seeded), every fit is a
 * fixed sequence of float operations; so the same texts and labels (in any order, under any ids)
 * and seed give the same artifact bytes, the same metrics and the same hold-out.
 *
 * The label set is every label with ≥ minLabelCount examples. Examples left without a label of
 * the set are not used at all (an untagged document says nothing about which tags would fit), but
 * are part of `rowCount` and `datasetHash`. The artifact is the model fitted on the training part:
 * the metrics describe exactly the model that serves.
 */
import { createHash } from 'node:crypto';
import { terms } from '@ukp/text';
import { contentOrder } from './content-order.js';
import { termFeatureStats } from './drift.js';
import { fitLogistic, type LogisticFit } from './logistic.js';
import { argMax, multiLabelMetrics } from './metrics.js';
import { createScorer } from './model.js';
import { fitNaiveBayes } from './naive-bayes.js';
import { compareStrings } from './prng.js';
import { selectRows } from './sparse.js';
import { stratifiedSplit } from './split.js';
import { fitVocabulary, tfidfRows, vocabularyIndex } from './tfidf.js';
import {
  ALGORITHMS,
  type Example,
  type ModelArtifact,
  type NaiveBayesWeights,
  type TrainedModel,
  type TrainOptions,
} from './types.js';

export const TRAIN_DEFAULTS = {
  testFraction: 0.2,
  maxFeatures: 5000,
  minDf: 2,
  minLabelCount: 2,
  l2: 0.0003,
  epochs: 200,
  alpha: 0.1,
  /** Logistic regression stops early once every gradient component is below this. */
  tolerance: 1e-6,
} as const;

/**
 * sha256 (hex) of the examples in canonical form: one line each of JSON `[id, text, labels sorted
 * and deduplicated]`, the lines sorted (code-unit order, i.e. by id for unique ids) and joined by
 * "\n", UTF-8. Independent of the order the examples come in.
 */
export function datasetHash(examples: readonly Example[]): string {
  const lines = examples
    .map((e) => JSON.stringify([e.id, e.text, [...new Set(e.labels)].sort(compareStrings)]))
    .sort(compareStrings);
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

interface Resolved {
  testFraction: number;
  maxFeatures: number;
  minDf: number;
  minLabelCount: number;
  l2: number;
  learningRate: number;
  epochs: number;
  alpha: number;
}

function resolveOptions(o: TrainOptions): Resolved {
  const fail = (what: string): never => {
    throw new RangeError(`train: ${what}`);
  };
  if (!ALGORITHMS.includes(o.algorithm)) fail(`unknown algorithm ${String(o.algorithm)}`);
  if (!Number.isFinite(o.seed)) fail('seed must be a finite number');
  const l2 = o.l2 ?? TRAIN_DEFAULTS.l2;
  const r: Resolved = {
    testFraction: o.testFraction ?? TRAIN_DEFAULTS.testFraction,
    maxFeatures: o.maxFeatures ?? TRAIN_DEFAULTS.maxFeatures,
    minDf: o.minDf ?? TRAIN_DEFAULTS.minDf,
    minLabelCount: o.minLabelCount ?? TRAIN_DEFAULTS.minLabelCount,
    l2,
    learningRate: o.learningRate ?? 1 / (0.5 + l2),
    epochs: o.epochs ?? TRAIN_DEFAULTS.epochs,
    alpha: o.alpha ?? TRAIN_DEFAULTS.alpha,
  };
  if (!(r.testFraction > 0 && r.testFraction < 1)) fail('testFraction must be in (0, 1)');
  for (const key of ['maxFeatures', 'minDf', 'minLabelCount', 'epochs'] as const) {
    if (!Number.isInteger(r[key]) || r[key] < 1) fail(`${key} must be a positive integer`);
  }
  if (!(r.l2 >= 0 && Number.isFinite(r.l2))) fail('l2 must be ≥ 0');
  if (!(r.learningRate > 0 && Number.isFinite(r.learningRate))) fail('learningRate must be > 0');
  if (!(r.alpha > 0 && Number.isFinite(r.alpha))) fail('alpha must be > 0');
  return r;
}

/** Non-decreasing, at most ~200 calls, and the last one exactly 1. */
function progressReporter(onProgress: ((fraction: number) => void) | undefined) {
  let last = 0;
  return (fraction: number): void => {
    const f = Math.min(1, Math.max(last, fraction));
    if (onProgress && (f === 1 ? last < 1 : f - last >= 0.005)) {
      last = f;
      onProgress(f);
    }
  };
}

export function train(examples: readonly Example[], options: TrainOptions): TrainedModel {
  const o = resolveOptions(options);
  const { algorithm, seed } = options;
  const progress = progressReporter(options.onProgress);
  const ids = new Set<string>();
  for (const e of examples) {
    if (ids.has(e.id)) throw new RangeError(`train: duplicate example id ${e.id}`);
    ids.add(e.id);
  }
  const sorted = contentOrder(examples);

  const counts = new Map<string, number>();
  for (const e of sorted)
    for (const label of new Set(e.labels)) counts.set(label, (counts.get(label) ?? 0) + 1);
  const labels = [...counts]
    .filter(([, n]) => n >= o.minLabelCount)
    .map(([label]) => label)
    .sort(compareStrings);
  const labelIndex = new Map(labels.map((label, l) => [label, l]));
  const used = sorted.filter((e) => e.labels.some((label) => labelIndex.has(label)));
  if (labels.length === 0) throw new RangeError(`train: no label has ${o.minLabelCount} examples`);
  if (used.length < 2) throw new RangeError('train: fewer than 2 labelled examples');
  const k = labels.length;
  const labelSets = used.map((e) =>
    [...new Set(e.labels.flatMap((label) => labelIndex.get(label) ?? []))].sort((a, b) => a - b),
  );

  const termLists = used.map((e, i) => {
    progress((0.3 * (i + 1)) / used.length);
    return terms(e.text);
  });

  const split = stratifiedSplit(labelSets, k, seed, o.testFraction);
  const vocabulary = fitVocabulary(
    split.train.map((i) => termLists[i]!),
    o,
  );
  const xAll = tfidfRows(termLists, vocabularyIndex(vocabulary.terms), vocabulary.idf);
  const xTrain = selectRows(xAll, split.train);
  const xTest = selectRows(xAll, split.test);
  const trainLabelSets = split.train.map((i) => labelSets[i]!);
  progress(0.35);

  const needsLogistic = algorithm !== 'NAIVE_BAYES';
  let naiveBayes: NaiveBayesWeights | undefined;
  if (algorithm !== 'LOGISTIC_REGRESSION') naiveBayes = fitNaiveBayes(xTrain, trainLabelSets, k, o.alpha);
  progress(needsLogistic ? 0.4 : 0.9);
  let logistic: LogisticFit | undefined;
  if (needsLogistic) {
    logistic = fitLogistic(xTrain, trainLabelSets, k, {
      l2: o.l2,
      learningRate: o.learningRate,
      epochs: o.epochs,
      tolerance: TRAIN_DEFAULTS.tolerance,
      onEpoch: (epoch) => progress(0.4 + (0.5 * epoch) / o.epochs),
    });
  }
  progress(0.9);

  const weights = {
    algorithm,
    labels,
    vocabulary: vocabulary.terms,
    idf: vocabulary.idf,
    ...(naiveBayes && { naiveBayes }),
    ...(logistic && { logistic: { bias: logistic.bias, weights: logistic.weights } }),
  };
  const scorer = createScorer(weights);
  const scores = multiLabelMetrics(
    scorer.probabilities(xTest),
    split.test.map((i) => labelSets[i]!),
    k,
  );
  const all = scorer.probabilities(xAll);
  const predictedLabels = new Array<number>(k).fill(0);
  for (let i = 0; i < xAll.rows; i++) predictedLabels[argMax(all, i * k, k)]!++;
  const artifact: ModelArtifact = {
    ...weights,
    reference: { ...termFeatureStats(termLists, new Set(vocabulary.terms)), predictedLabels },
  };

  const hyperParameters: Record<string, number | string> = {
    seed,
    testFraction: o.testFraction,
    maxFeatures: o.maxFeatures,
    minDf: o.minDf,
    minLabelCount: o.minLabelCount,
    features: vocabulary.terms.length,
  };
  if (naiveBayes) hyperParameters.alpha = o.alpha;
  if (logistic) {
    Object.assign(hyperParameters, {
      l2: o.l2,
      learningRate: o.learningRate,
      epochs: o.epochs,
      tolerance: TRAIN_DEFAULTS.tolerance,
      epochsRun: logistic.epochsRun,
    });
  }
  progress(1);
  return {
    algorithm,
    labels,
    artifact,
    metrics: { ...scores, trainSize: split.train.length, testSize: split.test.length },
    hyperParameters,
    datasetHash: datasetHash(examples),
    rowCount: examples.length,
    testIds: split.test.map((i) => used[i]!.id).sort(compareStrings),
  };
}
