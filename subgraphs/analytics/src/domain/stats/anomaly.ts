/** A point whose robust z-score crossed the threshold. */
export interface FlaggedPoint {
  index: number;
  value: number;
  /** The median of the history window: what the point "should" have been. */
  expected: number;
  score: number;
}

export interface RobustZOptions {
  /** How many points before each one form its history (the rolling window). */
  window: number;
  /** A point with fewer prior points than this is never flagged. */
  minHistory: number;
  /** |score| above this is flagged (Iglewicz & Hoaglin recommend 3.5). */
  threshold: number;
  /** Score only the points from this index on (the earlier ones are history only): a caller that has already scored them saves the work. */
  from?: number;
}

export const DEFAULT_ANOMALY_THRESHOLD = 3.5;

/** MAD = 0.6745 σ for normal data, so 0.6745·(x − median)/MAD reads like a z-score (Iglewicz & Hoaglin 1993). */
const MAD_TO_SIGMA = 0.6745;
/** Mean absolute deviation = σ·√(2/π) for normal data; 1.253314 = √(π/2) (the fallback IBM SPSS uses when MAD is 0). */
const MEAN_AD_TO_SIGMA = 1.253314;
/**
 * When MAD is 0 the spread is never taken below 5% of the level, or 0.5 for a level near 0 (half an
 * event, for counts): a flat series then flags nothing but a spike off it (flat 100 → 118, or
 * 0 → 2) is flagged at 3.5, and one earlier spike in an otherwise flat history does not make every
 * later wobble an anomaly.
 */
const FLAT_RELATIVE_SPREAD = 0.05;
const FLAT_ABSOLUTE_SPREAD = 0.5;

/**
 * Robust z-score of each point against the median and MAD of the `window` points before it (the
 * point itself is not part of its own history, so a spike cannot mask itself):
 * score = 0.6745·(x − median)/MAD. When MAD is 0 (half the history or more equal, common for
 * sparse counts) the spread is 1.253314·mean absolute deviation from the median instead, floored
 * as above (which also covers a perfectly flat history). Both directions are flagged: a drop
 * to 0 is as much an anomaly as a spike. Returns the flagged points only, in order.
 */
export function robustZScores(values: readonly number[], options: RobustZOptions): FlaggedPoint[] {
  const { window, minHistory, threshold, from = 0 } = checkOptions(options);
  for (const [index, value] of values.entries()) {
    if (!Number.isFinite(value)) throw new RangeError(`values must be finite, got ${value} at ${index}`);
  }
  const flagged: FlaggedPoint[] = [];
  for (let index = Math.max(from, minHistory); index < values.length; index++) {
    const value = values[index]!;
    const history = values.slice(Math.max(0, index - window), index);
    if (history.length < minHistory) continue;
    const expected = median(history);
    const score = (value - expected) / spread(history, expected);
    if (Math.abs(score) > threshold) flagged.push({ index, value, expected, score });
  }
  return flagged;
}

/** The σ-equivalent spread of `history` around its median `centre`; always > 0. */
function spread(history: readonly number[], centre: number): number {
  const deviations = history.map((x) => Math.abs(x - centre));
  const mad = median(deviations);
  if (mad > 0) return mad / MAD_TO_SIGMA;
  const meanAd = deviations.reduce((sum, d) => sum + d, 0) / deviations.length;
  return Math.max(MEAN_AD_TO_SIGMA * meanAd, FLAT_RELATIVE_SPREAD * Math.abs(centre), FLAT_ABSOLUTE_SPREAD);
}

/** The median of a non-empty list (the mean of the middle two for an even length). */
export function median(values: readonly number[]): number {
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? Number.NaN) + upper) / 2;
}

function checkOptions(options: RobustZOptions): RobustZOptions {
  const { window, minHistory, threshold } = options;
  if (!(Number.isInteger(window) && window >= 1))
    throw new RangeError(`window must be an integer ≥ 1, got ${window}`);
  if (!(Number.isInteger(minHistory) && minHistory >= 1 && minHistory <= window)) {
    throw new RangeError(`minHistory must be an integer in [1, window], got ${minHistory}`);
  }
  if (!(Number.isFinite(threshold) && threshold > 0)) {
    throw new RangeError(`threshold must be a positive number, got ${threshold}`);
  }
  if (options.from !== undefined && !(Number.isInteger(options.from) && options.from >= 0)) {
    throw new RangeError(`from must be an integer ≥ 0, got ${options.from}`);
  }
  return options;
}
