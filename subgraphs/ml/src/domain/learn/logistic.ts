/**
 * L2-regularised logistic regression, one-vs-rest: for each label a binary model of "tagged with
 * it" over the TF-IDF rows, all labels fitted side by side (a feature-major weight matrix, so one
 * pass over the non-zeros serves every label).
 *
 * Per label, over n training rows x_i with targets y_i ∈ {0, 1}, weights w and an unpenalised bias b:
 *   z_i  = w·x_i + b
 *   f    = (1/n) Σ_i [ln(1 + e^{z_i}) − y_i z_i] + (λ/2)‖w‖²
 *   ∂f/∂w = (1/n) Σ_i (σ(z_i) − y_i) x_i + λw,   ∂f/∂b = (1/n) Σ_i (σ(z_i) − y_i)
 *
 * Optimisation is deterministic: full-batch Nesterov accelerated gradient with a fixed step η and
 * momentum k/(k+3), restarted (k = 0) for a label whenever its step goes against its gradient
 * (O'Donoghue & Candès' gradient restart). Because every row is L2-normalised, ‖(x_i, 1)‖² = 2 and
 * the loss's gradient is (2/4 + λ)-Lipschitz, so the default η = 1/(0.5 + λ) is always a safe
 * step. It stops after `epochs` steps or once every label's largest gradient component is below
 * `tolerance`. No randomness anywhere: the same rows give the same weights, bit for bit.
 */

import { multiplyDense, type SparseRows } from './sparse.js';
import type { LogisticWeights } from './types.js';

export interface LogisticOptions {
  l2: number;
  learningRate: number;
  epochs: number;
  tolerance: number;
  /** After each step, with the number of steps taken so far. */
  onEpoch?: (epoch: number) => void;
}

export const sigmoid = (z: number): number => {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
};

/** ln(1 + e^z) without overflow. */
const softplus = (z: number): number => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/** Row-major rows × labelCount 0/1 targets. */
export function targetMatrix(labelSets: readonly (readonly number[])[], labelCount: number): Uint8Array {
  const y = new Uint8Array(labelSets.length * labelCount);
  labelSets.forEach((set, i) => {
    for (const l of set) y[i * labelCount + l] = 1;
  });
  return y;
}

/**
 * The objective f and its gradient for every label at (weights, bias); gradients are written
 * into `gradWeights` (feature-major, like `weights`) and `gradBias`. Returns f per label.
 */
export function logisticObjective(
  x: SparseRows,
  targets: Uint8Array,
  weights: Float64Array,
  bias: Float64Array,
  l2: number,
  gradWeights: Float64Array,
  gradBias: Float64Array,
): Float64Array {
  const k = bias.length;
  const n = x.rows;
  const residual = multiplyDense(x, weights, bias);
  const loss = new Float64Array(k);
  gradBias.fill(0);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < k; l++) {
      const at = i * k + l;
      const z = residual[at]!;
      const y = targets[at]!;
      loss[l]! += softplus(z) - y * z;
      const r = (sigmoid(z) - y) / n;
      residual[at] = r;
      gradBias[l]! += r;
    }
  }
  const penalty = new Float64Array(k);
  for (let t = 0, size = weights.length; t < size; t++) {
    const w = weights[t]!;
    penalty[t % k]! += w * w;
    gradWeights[t] = l2 * w;
  }
  for (let l = 0; l < k; l++) loss[l] = loss[l]! / n + (l2 / 2) * penalty[l]!;
  for (let i = 0; i < n; i++) {
    const base = i * k;
    for (let p = x.indptr[i]!, end = x.indptr[i + 1]!; p < end; p++) {
      const v = x.values[p]!;
      const w = x.indices[p]! * k;
      for (let l = 0; l < k; l++) gradWeights[w + l]! += v * residual[base + l]!;
    }
  }
  return loss;
}

export interface LogisticFit extends LogisticWeights {
  /** Steps taken (≤ epochs). */
  epochsRun: number;
}

export function fitLogistic(
  x: SparseRows,
  labelSets: readonly (readonly number[])[],
  labelCount: number,
  options: LogisticOptions,
): LogisticFit {
  const k = labelCount;
  const size = x.cols * k;
  const targets = targetMatrix(labelSets, k);
  const eta = options.learningRate;
  let weights = new Float64Array(size);
  let previous = new Float64Array(size);
  let bias = new Float64Array(k);
  let previousBias = new Float64Array(k);
  const lookahead = new Float64Array(size);
  const lookaheadBias = new Float64Array(k);
  const gradWeights = new Float64Array(size);
  const gradBias = new Float64Array(k);
  const momentumStep = new Float64Array(k);
  const largestGradient = new Float64Array(k);
  const alignment = new Float64Array(k);
  let epoch = 0;
  while (epoch < options.epochs) {
    const beta = momentumStep.map((m) => m / (m + 3));
    for (let t = 0; t < size; t++) lookahead[t] = weights[t]! + beta[t % k]! * (weights[t]! - previous[t]!);
    for (let l = 0; l < k; l++) lookaheadBias[l] = bias[l]! + beta[l]! * (bias[l]! - previousBias[l]!);
    logisticObjective(x, targets, lookahead, lookaheadBias, options.l2, gradWeights, gradBias);
    // The step, written over the older iterate; then the restart test ⟨g, new − current⟩ > 0.
    largestGradient.fill(0);
    alignment.fill(0);
    for (let t = 0; t < size; t++) {
      const l = t % k;
      const g = gradWeights[t]!;
      const next = lookahead[t]! - eta * g;
      alignment[l]! += g * (next - weights[t]!);
      if (Math.abs(g) > largestGradient[l]!) largestGradient[l] = Math.abs(g);
      previous[t] = next;
    }
    for (let l = 0; l < k; l++) {
      const g = gradBias[l]!;
      const next = lookaheadBias[l]! - eta * g;
      alignment[l]! += g * (next - bias[l]!);
      if (Math.abs(g) > largestGradient[l]!) largestGradient[l] = Math.abs(g);
      previousBias[l] = next;
    }
    [weights, previous] = [previous, weights];
    [bias, previousBias] = [previousBias, bias];
    for (let l = 0; l < k; l++) momentumStep[l] = alignment[l]! > 0 ? 0 : momentumStep[l]! + 1;
    epoch++;
    options.onEpoch?.(epoch);
    if (largestGradient.every((g) => g < options.tolerance)) break;
  }
  return { bias, weights, epochsRun: epoch };
}
