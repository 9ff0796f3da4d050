/**
 * Multi-label hold-out metrics, over the test examples (each has at least one label of the model's
 * label set: train leaves out examples without one).
 *
 *   top label     the arg-max of the label probabilities (ties: the first label in label order).
 *   accuracy      share of test examples whose top label is one of their true labels.
 *   predicted set {labels with p ≥ 0.5} ∪ {top label}: never empty, so every example makes a guess.
 *   macro-F1      per label, over the test examples: TP = predicted and true, FP = predicted not
 *                 true, FN = true not predicted, F1 = 2TP / (2TP + FP + FN); then the unweighted
 *                 mean over the labels of the label set. A label with 2TP + FP + FN = 0 (neither
 *                 in the test part nor ever predicted) has no F1 and is left out of the mean; when
 *                 no label has one, macro-F1 is 0.
 * Both are 0 on an empty test part.
 */
export const PREDICTION_THRESHOLD = 0.5;

export interface MultiLabelMetrics {
  accuracy: number;
  macroF1: number;
}

/** Index of the largest of `k` values starting at `offset` (the first on ties). */
export function argMax(values: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let l = 1; l < k; l++) if (values[offset + l]! > values[offset + best]!) best = l;
  return best;
}

/**
 * `probabilities` is row-major, one row of `labelCount` per test example; `truth[i]` the label
 * indices of example i.
 */
export function multiLabelMetrics(
  probabilities: Float64Array,
  truth: readonly (readonly number[])[],
  labelCount: number,
): MultiLabelMetrics {
  const n = truth.length;
  if (n === 0) return { accuracy: 0, macroF1: 0 };
  const tp = new Array<number>(labelCount).fill(0);
  const fp = new Array<number>(labelCount).fill(0);
  const fn = new Array<number>(labelCount).fill(0);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const offset = i * labelCount;
    const top = argMax(probabilities, offset, labelCount);
    const actual = new Set(truth[i]);
    if (actual.has(top)) correct++;
    for (let l = 0; l < labelCount; l++) {
      const predicted = l === top || probabilities[offset + l]! >= PREDICTION_THRESHOLD;
      if (predicted && actual.has(l)) tp[l]!++;
      else if (predicted) fp[l]!++;
      else if (actual.has(l)) fn[l]!++;
    }
  }
  let sum = 0;
  let defined = 0;
  for (let l = 0; l < labelCount; l++) {
    const denominator = 2 * tp[l]! + fp[l]! + fn[l]!;
    if (denominator === 0) continue;
    sum += (2 * tp[l]!) / denominator;
    defined++;
  }
  return { accuracy: correct / n, macroF1: defined === 0 ? 0 : sum / defined };
}
