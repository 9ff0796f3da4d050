import { errors } from '@ukp/kit';
import type { VariantSpec } from '../../db/schema.js';
import { METRIC_NAME } from '../metrics/catalog.js';

/** Experiment keys: 1–100 characters of `[a-z0-9_.:-]`. */
export const EXPERIMENT_KEY = /^[a-z0-9_.:-]{1,100}$/;
/** Variant names: 1–50 characters of `[A-Za-z0-9_-]`. */
export const VARIANT_NAME = /^[A-Za-z0-9_-]{1,50}$/;
export const MIN_VARIANTS = 2;
export const MAX_VARIANTS = 10;
/** Weights come from clients as doubles: 0.1 + 0.2 + 0.7 must still count as 1. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

export interface CreateExperimentInput {
  key: string;
  metric: string;
  variants: readonly VariantSpec[];
  sequential?: boolean | null | undefined;
}

export interface ValidExperiment {
  key: string;
  metric: string;
  variants: VariantSpec[];
  sequential: boolean;
}

/** Checks a new experiment; the first broken rule is a BAD_USER_INPUT naming its field. */
export function checkExperimentInput(input: CreateExperimentInput): ValidExperiment {
  if (!EXPERIMENT_KEY.test(input.key))
    throw errors.badInput('An experiment key is 1 to 100 characters of a-z, 0-9, _ . : and -.', 'key');
  if (!METRIC_NAME.test(input.metric))
    throw errors.badInput('The metric is an event name: 1 to 100 characters of a-z, 0-9, _ and .', 'metric');
  const { variants } = input;
  if (variants.length < MIN_VARIANTS || variants.length > MAX_VARIANTS)
    throw errors.badInput(`An experiment has ${MIN_VARIANTS} to ${MAX_VARIANTS} variants.`, 'variants');
  const seen = new Set<string>();
  let sum = 0;
  for (const [index, variant] of variants.entries()) {
    if (!VARIANT_NAME.test(variant.name))
      throw errors.badInput(
        'A variant name is 1 to 50 characters of A-Z, a-z, 0-9, _ and -.',
        `variants[${index}].name`,
      );
    if (seen.has(variant.name))
      throw errors.badInput(`Variant "${variant.name}" is named twice.`, `variants[${index}].name`);
    seen.add(variant.name);
    if (!Number.isFinite(variant.weight) || variant.weight <= 0)
      throw errors.badInput('A variant weight is a number above 0.', `variants[${index}].weight`);
    sum += variant.weight;
  }
  if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE)
    throw errors.badInput(`The variant weights sum to ${sum}; they must sum to 1.`, 'variants');
  return {
    key: input.key,
    metric: input.metric,
    variants: variants.map(({ name, weight }) => ({ name, weight })),
    sequential: input.sequential ?? false,
  };
}
