/**
 * A season counts as detectable when the lag-`seasonLength` autocorrelation of the series, after
 * removing its least-squares line, is above this and above 3/√(n − m) (three standard errors of
 * a white-noise autocorrelation over the n − m pairs, which is what matters for short series):
 * a weaker season is not worth Holt-Winters' extra parameters.
 */
export const SEASON_ACF_THRESHOLD = 0.3;

/**
 * Whether `values` has a season of m = `seasonLength` points: at least two full seasons, and the
 * detrended lag-m autocorrelation above the threshold and above the autocorrelation at half a
 * season. The last condition tells a season (a peak at lag m; a cycle is at its trough at m/2)
 * from a wandering level (a random walk's autocorrelation only decays, so it is higher at m/2).
 * The autocorrelation at lag k is the Pearson correlation of the series with itself k points
 * later: unlike the textbook estimator (normalised by the whole series' variance) it is not
 * shrunk towards 0 when only two or three seasons are available.
 */
export function detectSeason(values: readonly number[], seasonLength: number): boolean {
  if (!(Number.isInteger(seasonLength) && seasonLength >= 2)) {
    throw new RangeError(`seasonLength must be an integer ≥ 2, got ${seasonLength}`);
  }
  const n = values.length;
  if (n < 2 * seasonLength) return false;
  const residuals = detrend(values);
  // Residuals of an exact line are rounding noise, whose correlations mean nothing.
  const size = values.reduce((s, v) => s + Math.abs(v), 0);
  if (residuals.reduce((s, v) => s + Math.abs(v), 0) <= 1e-9 * (size + n)) return false;
  const atSeason = lagCorrelation(residuals, seasonLength);
  return (
    atSeason > Math.max(SEASON_ACF_THRESHOLD, 3 / Math.sqrt(n - seasonLength)) &&
    atSeason > lagCorrelation(residuals, Math.floor(seasonLength / 2))
  );
}

/** The residuals of the least-squares line through (t, yₜ). */
function detrend(y: readonly number[]): number[] {
  const n = y.length;
  const tMean = (n - 1) / 2;
  const yMean = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [t, v] of y.entries()) {
    sxy += (t - tMean) * (v - yMean);
    sxx += (t - tMean) ** 2;
  }
  const slope = sxx > 0 ? sxy / sxx : 0;
  return y.map((v, t) => v - (yMean + slope * (t - tMean)));
}

/** Pearson correlation of (r₀ … r_{n−1−lag}) with (r_lag … r_{n−1}); 0 when either part is constant. */
function lagCorrelation(r: readonly number[], lag: number): number {
  const pairs = r.length - lag;
  if (pairs < 2) return 0;
  let meanA = 0;
  let meanB = 0;
  for (let t = 0; t < pairs; t++) {
    meanA += r[t]!;
    meanB += r[t + lag]!;
  }
  meanA /= pairs;
  meanB /= pairs;
  let cov = 0;
  let varA = 0;
  let varB = 0;
  for (let t = 0; t < pairs; t++) {
    const a = r[t]! - meanA;
    const b = r[t + lag]! - meanB;
    cov += a * b;
    varA += a * a;
    varB += b * b;
  }
  return varA > 0 && varB > 0 ? cov / Math.sqrt(varA * varB) : 0;
}
