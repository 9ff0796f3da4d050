import { errors } from '@ukp/kit';

/** A split names 2–10 versions (one is an alias, not a split; more is too thin to learn from). */
export const MIN_SPLIT_VERSIONS = 2;
export const MAX_SPLIT_VERSIONS = 10;
/** Weights given as decimals (0.1 + 0.2 …) do not add up to exactly 1 in binary. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

export interface VersionWeight {
  version: number;
  weight: number;
}

/**
 * The shape of a `setTrafficSplit` list, checked before any database work: empty (the split
 * ends), or 2–10 distinct versions ≥ 1 with finite weights in (0, 1] summing to 1. Every refusal is
 * BAD_USER_INPUT on `split`; whether the versions exist and are READY is the registry's to say.
 */
export function checkSplitInput(split: readonly VersionWeight[]): void {
  if (split.length === 0) return;
  if (split.length < MIN_SPLIT_VERSIONS || split.length > MAX_SPLIT_VERSIONS) {
    throw errors.badInput(
      `A split names ${MIN_SPLIT_VERSIONS}–${MAX_SPLIT_VERSIONS} versions (got ${split.length}); an empty list ends it.`,
      'split',
    );
  }
  const seen = new Set<number>();
  let sum = 0;
  split.forEach(({ version, weight }, i) => {
    if (!Number.isInteger(version) || version < 1)
      throw errors.badInput(`split[${i}].version must be ≥ 1.`, 'split');
    if (seen.has(version)) throw errors.badInput(`Version ${version} is in the split twice.`, 'split');
    seen.add(version);
    if (!(Number.isFinite(weight) && weight > 0 && weight <= 1))
      throw errors.badInput(`split[${i}].weight must be in (0, 1] (got ${weight}).`, 'split');
    sum += weight;
  });
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
    throw errors.badInput(`The weights must sum to 1 (they sum to ${sum}).`, 'split');
}
