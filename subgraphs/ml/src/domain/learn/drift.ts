/**
 * Drift: the population stability index between a reference histogram (the training data, kept
 * in the artifact) and a current one (a window of recent requests), over fixed bins, so
 * histograms of counts can be summed request by request and compared at any time.
 *
 * Three histograms per model (see `DriftReference`):
 *   - text length in terms (after `terms()`: stop words dropped), bins with lower edges
 *     LENGTH_BIN_EDGES, the last open-ended (bin 0 is the empty text);
 *   - out-of-vocabulary rate per text (terms outside the model's vocabulary / terms; 0 for a text
 *     without terms), bins with lower edges OOV_BIN_EDGES, the last closed at 1;
 *   - the predicted (top) label, one bin per label.
 *
 * PSI = Σ_b (q_b − p_b) · ln(q_b / p_b), p the reference proportions, q the current ones, each
 * floored at ε (default 1e-4, not renormalised: Evidently's and most write-ups' convention) so
 * an empty bin does not make it infinite. Rule of thumb: < 0.1 stable, 0.1–0.2 moderate, ≥ 0.2
 * drifted. Either histogram empty (all zero) gives 0: no evidence.
 */
import { terms } from '@ukp/text';
import type { FeatureHistograms } from './types.js';

export const LENGTH_BIN_EDGES: readonly number[] = [0, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500];
export const OOV_BIN_EDGES: readonly number[] = [0, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75];
export const PSI_EPSILON = 1e-4;
export const PSI_DRIFT_THRESHOLD = 0.2;

/** Index of the bin holding `value`: the last lower edge ≤ value (values below the first go to bin 0). */
export function binIndex(edges: readonly number[], value: number): number {
  let bin = 0;
  for (let b = 1; b < edges.length; b++) if (value >= edges[b]!) bin = b;
  return bin;
}

export function psi(reference: readonly number[], current: readonly number[], epsilon = PSI_EPSILON): number {
  if (reference.length !== current.length) {
    throw new RangeError(`psi: ${reference.length} reference bins against ${current.length} current bins`);
  }
  for (const v of [...reference, ...current]) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError('psi: bins must be finite and non-negative');
  }
  const total = (h: readonly number[]) => h.reduce((sum, v) => sum + v, 0);
  const p = total(reference);
  const q = total(current);
  if (p === 0 || q === 0) return 0;
  let sum = 0;
  for (let b = 0; b < reference.length; b++) {
    const pb = Math.max(reference[b]! / p, epsilon);
    const qb = Math.max(current[b]! / q, epsilon);
    sum += (qb - pb) * Math.log(qb / pb);
  }
  return sum;
}

/** Histograms of already-tokenised texts (the output of `terms()`) against a vocabulary. */
export function termFeatureStats(
  termLists: readonly (readonly string[])[],
  vocabulary: { has(term: string): boolean },
): FeatureHistograms {
  const lengthBins = new Array<number>(LENGTH_BIN_EDGES.length).fill(0);
  const oovBins = new Array<number>(OOV_BIN_EDGES.length).fill(0);
  let terms = 0;
  let outside = 0;
  for (const list of termLists) {
    let missing = 0;
    for (const term of list) if (!vocabulary.has(term)) missing++;
    terms += list.length;
    outside += missing;
    lengthBins[binIndex(LENGTH_BIN_EDGES, list.length)]!++;
    oovBins[binIndex(OOV_BIN_EDGES, list.length === 0 ? 0 : missing / list.length)]!++;
  }
  return { lengthBins, oovBins, oovRate: terms === 0 ? 0 : outside / terms, count: termLists.length };
}

/** Histograms of raw texts (through `terms()`) against a vocabulary (e.g. `new Set(artifact.vocabulary)`). */
export function featureStats(
  texts: readonly string[],
  vocabulary: { has(term: string): boolean },
): FeatureHistograms {
  return termFeatureStats(
    texts.map((text) => terms(text)),
    vocabulary,
  );
}

/** Bin-wise sum (a sliding window is the sum of its requests' histograms). */
export function addHistograms(a: readonly number[], b: readonly number[]): number[] {
  if (a.length !== b.length) throw new RangeError('addHistograms: different bin counts');
  return a.map((v, i) => v + b[i]!);
}

/** Counts of each label as the top label of `predictions`, in `labels` order. */
export function labelHistogram(
  predictions: readonly { label: string }[],
  labels: readonly string[],
): number[] {
  const at = new Map(labels.map((label, i) => [label, i]));
  const counts = new Array<number>(labels.length).fill(0);
  for (const p of predictions) {
    const i = at.get(p.label);
    if (i !== undefined) counts[i]!++;
  }
  return counts;
}
