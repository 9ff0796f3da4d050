/** Weights as shares of their sum; each must be finite and ≥ 0, and their sum > 0. */
export function normaliseWeights(weights: readonly number[]): number[] {
  if (weights.length === 0) throw new RangeError('weights must not be empty');
  let sum = 0;
  for (const w of weights) {
    if (!(Number.isFinite(w) && w >= 0)) throw new RangeError(`weights must be finite and ≥ 0, got ${w}`);
    sum += w;
  }
  if (!(sum > 0)) throw new RangeError('weights must not all be 0');
  return weights.map((w) => w / sum);
}
