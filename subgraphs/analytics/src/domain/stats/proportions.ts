import { normaliseWeights } from '@ukp/kit';
import { chiSquareSf, normalQuantile, twoSidedNormalP } from './distributions.js';

/** One arm of an experiment: exposed users and how many of them converted. */
export interface Arm {
  users: number;
  conversions: number;
}

/** Variant vs control: the difference of conversion rates p_v − p_c, its interval, and a two-sided p-value. */
export interface Comparison {
  diff: number;
  ciLow: number;
  ciHigh: number;
  pValue: number;
}

export const DEFAULT_CONFIDENCE = 0.95;

/**
 * Default mixing variance τ² of the mixture SPRT: a N(0, τ²) prior on the absolute difference of
 * rates, i.e. effects of a few percentage points (τ ≈ 0.032). The confidence sequence is tightest
 * where the estimate's variance V ≈ τ²/8.2 (for α = 5%), that is at ~1,500 users per arm for a 10%
 * base rate and ~2,600 for 20%; elsewhere it is only logarithmically wider. Its validity does not
 * depend on τ², only its width does.
 */
export const DEFAULT_MIXING_VARIANCE = 1e-3;

/** Rates differ by at most 1, so no interval needs to be wider than this. */
const NO_INFORMATION = { ciLow: -1, ciHigh: 1, pValue: 1 } as const;

/**
 * Fixed horizon: the pooled two-proportion z-test p-value (two-sided) and the unpooled (Wald)
 * confidence interval of diff = p_v − p_c, clipped to [−1, 1].
 * An empty arm gives no information (interval [−1, 1], p = 1). When both arms convert at 0% (or
 * both at 100%) the pooled variance is 0 and p = 1; the Wald interval then collapses to the
 * observed difference, as the textbook formula does — callers withhold it below a minimum of
 * conversions anyway.
 */
export function twoProportionZTest(control: Arm, variant: Arm, confidence = DEFAULT_CONFIDENCE): Comparison {
  checkArm(control, 'control');
  checkArm(variant, 'variant');
  const z = criticalZ(confidence);
  const pc = rate(control);
  const pv = rate(variant);
  const diff = pv - pc;
  if (control.users === 0 || variant.users === 0) return { diff, ...NO_INFORMATION };

  const pooled = (control.conversions + variant.conversions) / (control.users + variant.users);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / control.users + 1 / variant.users));
  const pValue = pooledSe > 0 ? twoSidedNormalP(diff / pooledSe) : 1;

  const se = Math.sqrt(unpooledVariance(control, variant));
  return { diff, ciLow: clipDiff(diff - z * se), ciHigh: clipDiff(diff + z * se), pValue };
}

/**
 * Always valid: the normal-mixture SPRT of Johari, Koomen, Pekelis & Walsh ("Always Valid
 * Inference: Continuous Monitoring of A/B Tests", 2017), as GrowthBook runs it. With θ̂ = p_v − p_c
 * and V = p_c(1−p_c)/n_c + p_v(1−p_v)/n_v its estimated variance, the mixture likelihood ratio of
 * θ against θ₀ under a N(0, τ²) mixing distribution is
 *   Λ(θ₀) = √(V/(V+τ²)) · exp(τ²(θ̂−θ₀)² / (2V(V+τ²))).
 * The always-valid p-value is min(1, 1/Λ(0)); the confidence sequence is {θ₀ : Λ(θ₀) < 1/α}:
 *   θ̂ ± √( V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V)) ),
 * clipped to [−1, 1]. By Ville's inequality neither loses its guarantee however often it is looked
 * at, so a dashboard may stop the first time p < α. Both use the same V, so p < α exactly when
 * the interval excludes 0. A caller that keeps history may take the running minimum of p (and the
 * running intersection of intervals); a single snapshot, as here, is valid on its own.
 * An empty arm, or V = 0 (both rates 0% or 100%), gives no information (interval [−1, 1], p = 1).
 */
export function sequentialComparison(
  control: Arm,
  variant: Arm,
  confidence = DEFAULT_CONFIDENCE,
  tau2 = DEFAULT_MIXING_VARIANCE,
): Comparison {
  checkArm(control, 'control');
  checkArm(variant, 'variant');
  const alpha = 1 - checkConfidence(confidence);
  if (!(Number.isFinite(tau2) && tau2 > 0))
    throw new RangeError(`tau2 must be a positive number, got ${tau2}`);
  const diff = rate(variant) - rate(control);
  if (control.users === 0 || variant.users === 0) return { diff, ...NO_INFORMATION };
  const v = unpooledVariance(control, variant);
  if (!(v > 0)) return { diff, ...NO_INFORMATION };

  // ln Λ(0), kept in logs: exp() of a large effect overflows long before the p-value stops mattering.
  const logLambda = 0.5 * Math.log(v / (v + tau2)) + (tau2 * diff * diff) / (2 * v * (v + tau2));
  const pValue = Math.min(1, Math.exp(-logLambda));
  const half = Math.sqrt(((v * (v + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((v + tau2) / v)));
  return { diff, ciLow: clipDiff(diff - half), ciHigh: clipDiff(diff + half), pValue };
}

/**
 * Sample-ratio mismatch: Pearson's chi-square goodness of fit of the observed users per variant
 * against N·wᵢ, with (variants − 1) degrees of freedom. Weights are normalised by their sum. A
 * variant of weight 0 is left out of the test, unless it has users: that is a certain mismatch
 * (χ² = ∞, p = 0). No users at all, or fewer than two weighted variants, is no evidence (p = 1).
 */
export function sampleRatioTest(
  observed: readonly number[],
  weights: readonly number[],
): { chiSquare: number; pValue: number } {
  if (observed.length !== weights.length) {
    throw new RangeError(`observed has ${observed.length} variants but weights has ${weights.length}`);
  }
  for (const n of observed) {
    if (!(Number.isInteger(n) && n >= 0))
      throw new RangeError(`observed counts must be integers ≥ 0, got ${n}`);
  }
  const share = normaliseWeights(weights);
  const total = observed.reduce((sum, n) => sum + n, 0);
  let chiSquare = 0;
  let categories = 0;
  for (const [i, n] of observed.entries()) {
    const w = share[i] ?? 0;
    if (w === 0) {
      if (n > 0) return { chiSquare: Number.POSITIVE_INFINITY, pValue: 0 };
      continue;
    }
    categories += 1;
    const expected = total * w;
    if (expected > 0) chiSquare += (n - expected) ** 2 / expected;
  }
  if (total === 0 || categories < 2) return { chiSquare: 0, pValue: 1 };
  return { chiSquare, pValue: chiSquareSf(chiSquare, categories - 1) };
}

function rate(arm: Arm): number {
  return arm.users === 0 ? 0 : arm.conversions / arm.users;
}

function unpooledVariance(control: Arm, variant: Arm): number {
  const pc = rate(control);
  const pv = rate(variant);
  return (pc * (1 - pc)) / control.users + (pv * (1 - pv)) / variant.users;
}

function criticalZ(confidence: number): number {
  return normalQuantile(1 - (1 - checkConfidence(confidence)) / 2);
}

function checkConfidence(confidence: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  return confidence;
}

function checkArm(arm: Arm, which: string): void {
  const { users, conversions } = arm;
  if (!(Number.isInteger(users) && users >= 0 && Number.isInteger(conversions) && conversions >= 0)) {
    throw new RangeError(`${which}: users and conversions must be integers ≥ 0`);
  }
  if (conversions > users) throw new RangeError(`${which}: ${conversions} conversions of ${users} users`);
}

function clipDiff(x: number): number {
  return Math.min(1, Math.max(-1, x));
}
