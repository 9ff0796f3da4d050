import chiSquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';

/**
 * The distribution functions the statistics need, from stdlib (`@stdlib/stats-base-dists-*`), in
 * one place so the formulas never depend on which package supplies them.
 */

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p), p in (0, 1). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Two-sided normal tail probability P(|Z| ≥ |z|), computed from the lower tail so tiny p-values keep their digits. */
export function twoSidedNormalP(z: number): number {
  return Math.min(1, 2 * normalCdf(-Math.abs(z)));
}

/**
 * Chi-square survival function P(X ≥ x) with k degrees of freedom. stdlib has no chi-square
 * survival function, so this is 1 − CDF: absolute error ~1e-16, which is all a p < 0.001 decision
 * needs (p-values below ~1e-16 read as 0).
 */
export function chiSquareSf(x: number, k: number): number {
  if (!(x > 0)) return 1;
  return Math.min(1, Math.max(0, 1 - chiSquareCdf(x, k)));
}
