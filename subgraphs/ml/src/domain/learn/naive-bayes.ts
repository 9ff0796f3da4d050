/**
 * Multinomial naive Bayes, one-vs-rest: for each label a two-class model, "label" (the training
 * documents tagged with it) against "rest" (all the others), over the TF-IDF rows (fractional
 * counts, as scikit-learn's MultinomialNB accepts them).
 *
 * For class c ∈ {label, rest}, with N(c, t) = the sum of feature t over the class's documents,
 * N(c) = Σ_t N(c, t), V features and smoothing α:
 *   log θ(t | c) = ln(N(c, t) + α) − ln(N(c) + α·V)
 *   log P(c)     = ln(documents in c / training documents)
 *   log P(c, x)  = log P(c) + Σ_t x(t) · log θ(t | c)          (the multinomial coefficient cancels)
 * so P(label | x) = σ(log P(label, x) − log P(rest, x))
 *                 = σ(priorLogOdds + Σ_t x(t) · LLR(t)),  LLR(t) = log θ(t | label) − log θ(t | rest).
 * A feature's contribution to the explanation is x(t) · LLR(t): its share of that log-odds.
 *
 * A label every training document has (or none has) gets an infinite prior log-odds: it is then
 * always (never) predicted, which is what the data says.
 */

import type { SparseRows } from './sparse.js';
import type { NaiveBayesWeights } from './types.js';

/**
 * Fits all labels at once. `labelSets[i]` lists the label indices (0 … labelCount − 1) of row i.
 * Weights are feature-major: `logLikelihoodRatio[t * labelCount + label]`.
 */
export function fitNaiveBayes(
  x: SparseRows,
  labelSets: readonly (readonly number[])[],
  labelCount: number,
  alpha: number,
): NaiveBayesWeights {
  const v = x.cols;
  const inLabel = new Float64Array(v * labelCount);
  const inRest = new Float64Array(v * labelCount);
  const documents = new Float64Array(labelCount);
  const member = new Uint8Array(labelCount);
  for (let i = 0; i < x.rows; i++) {
    member.fill(0);
    for (const l of labelSets[i] ?? []) member[l] = 1;
    for (let l = 0; l < labelCount; l++) documents[l]! += member[l]!;
    for (let p = x.indptr[i]!, end = x.indptr[i + 1]!; p < end; p++) {
      const value = x.values[p]!;
      const base = x.indices[p]! * labelCount;
      for (let l = 0; l < labelCount; l++) {
        if (member[l] === 1) inLabel[base + l]! += value;
        else inRest[base + l]! += value;
      }
    }
  }
  const totalLabel = new Float64Array(labelCount);
  const totalRest = new Float64Array(labelCount);
  for (let t = 0; t < v; t++) {
    for (let l = 0; l < labelCount; l++) {
      totalLabel[l]! += inLabel[t * labelCount + l]!;
      totalRest[l]! += inRest[t * labelCount + l]!;
    }
  }
  const priorLogOdds = new Float64Array(labelCount);
  const logDenominatorLabel = new Float64Array(labelCount);
  const logDenominatorRest = new Float64Array(labelCount);
  for (let l = 0; l < labelCount; l++) {
    priorLogOdds[l] = Math.log(documents[l]!) - Math.log(x.rows - documents[l]!);
    logDenominatorLabel[l] = Math.log(totalLabel[l]! + alpha * v);
    logDenominatorRest[l] = Math.log(totalRest[l]! + alpha * v);
  }
  const logLikelihoodRatio = new Float64Array(v * labelCount);
  for (let t = 0; t < v; t++) {
    for (let l = 0; l < labelCount; l++) {
      const k = t * labelCount + l;
      const logThetaLabel = Math.log(inLabel[k]! + alpha) - logDenominatorLabel[l]!;
      const logThetaRest = Math.log(inRest[k]! + alpha) - logDenominatorRest[l]!;
      logLikelihoodRatio[k] = logThetaLabel - logThetaRest;
    }
  }
  return { priorLogOdds, logLikelihoodRatio };
}
