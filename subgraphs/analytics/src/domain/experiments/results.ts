import type { ExperimentRow } from '../../db/schema.js';
import {
  type Arm,
  type Comparison,
  sampleRatioTest,
  sequentialComparison,
  twoProportionZTest,
} from '../stats/proportions.js';
import type { ExperimentModel, VariantResultModel } from './types.js';

/** Below these, per variant, the statistics and the winner are withheld: too little data to say. */
export const MIN_USERS_PER_VARIANT = 50;
export const MIN_CONVERSIONS_PER_VARIANT = 5;
/** The interval is 95%; a difference is significant when p < 5% (the two agree). */
export const CONFIDENCE = 0.95;
export const SIGNIFICANCE = 1 - CONFIDENCE;
/** A chi-square p-value below this flags a sample-ratio mismatch (GrowthBook's and Optimizely's cut-off). */
export const SRM_THRESHOLD = 0.001;

/** Exposed users and converted users of each variant, by variant name; missing means none. */
export type VariantCounts = ReadonlyMap<string, Arm>;

const NONE: Arm = { users: 0, conversions: 0 };

/** A statistic that is not a finite number (rates of exactly 0 or 1 leave no variance) is unknown. */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Whether every variant has enough users and conversions for its statistics to be shown. */
export function hasEnoughData(arms: readonly Arm[]): boolean {
  return arms.every((a) => a.users >= MIN_USERS_PER_VARIANT && a.conversions >= MIN_CONVERSIONS_PER_VARIANT);
}

/**
 * An experiment's results from its counts: pure, so the rules are tested without a database.
 * Fixed-horizon experiments compare each variant with the control by the two-proportion z-test;
 * sequential ones by the mixture SPRT's confidence sequence, which stays valid however often it
 * is looked at.
 */
export function buildExperimentModel(row: ExperimentRow, counts: VariantCounts): ExperimentModel {
  const arms = row.variants.map((v) => counts.get(v.name) ?? NONE);
  const control = arms[0] ?? NONE;
  const controlRate = rateOf(control);
  const enough = hasEnoughData(arms);
  const compare = row.sequential ? sequentialComparison : twoProportionZTest;

  const variants = row.variants.map((spec, index): VariantResultModel => {
    const arm = arms[index] ?? NONE;
    const rate = rateOf(arm);
    const isControl = index === 0;
    const comparison: Comparison | null = enough && !isControl ? compare(control, arm, CONFIDENCE) : null;
    return {
      name: spec.name,
      users: arm.users,
      conversions: arm.conversions,
      rate,
      liftVsControl: isControl || controlRate === 0 ? null : (rate - controlRate) / controlRate,
      ciLow: comparison ? finite(comparison.ciLow) : null,
      ciHigh: comparison ? finite(comparison.ciHigh) : null,
      pValue: comparison ? finite(comparison.pValue) : null,
    };
  });

  const sampleRatioPValue = sampleRatioPValueOf(
    arms.map((a) => a.users),
    row.variants.map((v) => v.weight),
  );
  return {
    row,
    variants,
    sampleRatioMismatch: sampleRatioPValue !== null && sampleRatioPValue < SRM_THRESHOLD,
    sampleRatioPValue,
    winner: enough ? winnerOf(variants) : null,
  };
}

function rateOf(arm: Arm): number {
  return arm.users === 0 ? 0 : arm.conversions / arm.users;
}

function sampleRatioPValueOf(users: readonly number[], weights: readonly number[]): number | null {
  if (users.every((n) => n === 0)) return null;
  return finite(sampleRatioTest(users, weights).pValue);
}

const significant = (v: VariantResultModel) => v.pValue !== null && v.pValue < SIGNIFICANCE;

/**
 * The best variant that beats the control significantly (p < 5% and the whole interval above 0);
 * the control when every other variant is significantly worse; otherwise nobody yet.
 */
export function winnerOf(variants: readonly VariantResultModel[]): string | null {
  const [control, ...others] = variants;
  if (!control || others.length === 0) return null;
  let best: VariantResultModel | null = null;
  for (const v of others) {
    if (significant(v) && v.ciLow !== null && v.ciLow > 0 && (best === null || v.rate > best.rate)) best = v;
  }
  if (best) return best.name;
  const controlWins = others.every((v) => significant(v) && v.ciHigh !== null && v.ciHigh < 0);
  return controlWins ? control.name : null;
}
