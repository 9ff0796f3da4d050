import { describe, expect, it } from 'vitest';
import type { ExperimentRow } from '../../db/schema.js';
import { type Arm, sequentialComparison, twoProportionZTest } from '../stats/proportions.js';
import { buildExperimentModel, winnerOf } from './results.js';
import { noResults } from './testing/variants.js';
import type { VariantResultModel } from './types.js';

/*
 * Golden values: computed independently with SciPy 1.17 (scipy.stats.norm.sf / norm.ppf for the
 * pooled z-test p-value and the unpooled Wald interval, scipy.stats.chisquare for the SRM test),
 * and the mixture-SPRT formulas of Johari et al. 2017 written out in Python with τ² = 1e-3:
 *   V = pc(1−pc)/nc + pv(1−pv)/nv, p = min(1, √((V+τ²)/V) · exp(−τ²d²/(2V(V+τ²)))),
 *   half-width = √(V(V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V))).
 */
const GOLDEN = {
  // control 100/1000 vs treatment 130/1000
  fixed: { diff: 0.03, ciLow: 0.00206793443938, ciHigh: 0.0579320655606, pValue: 0.0354884504665 },
  sequential: { diff: 0.03, ciLow: -0.0135740726717, ciHigh: 0.0735740726717, pValue: 0.385912591988 },
  // control 150/1000 vs treatment 100/1000
  worse: { ciLow: -0.0789053160076, ciHigh: -0.0210946839924, pValue: 0.00072323271643 },
  // users 1000 vs 850 at 50/50
  srm: { pValue: 0.0004876880960760176 },
};

function row(variants: Array<[string, number]>, sequential = false): ExperimentRow {
  const at = new Date('2026-01-01T00:00:00Z');
  return {
    key: 'exp',
    metric: 'search.performed',
    status: 'RUNNING',
    sequential,
    variants: variants.map(([name, weight]) => ({ name, weight })),
    createdBy: 'u1',
    concludedAt: null,
    createdAt: at,
    updatedAt: at,
  };
}

const halves = (sequential = false) =>
  row(
    [
      ['control', 0.5],
      ['treatment', 0.5],
    ],
    sequential,
  );
const counts = (entries: Record<string, Arm>) => new Map(Object.entries(entries));

describe('buildExperimentModel', () => {
  it('with no users: zero rates, no lift, no statistics, no SRM verdict', () => {
    const model = buildExperimentModel(halves(), new Map());
    expect(model.variants).toEqual([noResults('control'), noResults('treatment')]);
    expect(model).toMatchObject({ sampleRatioMismatch: false, sampleRatioPValue: null, winner: null });
  });

  it('fixed horizon: the z-test of the stats module, equal to the hand-computed values', () => {
    const arms = { control: { users: 1000, conversions: 100 }, treatment: { users: 1000, conversions: 130 } };
    const model = buildExperimentModel(halves(), counts(arms));
    const [control, treatment] = model.variants;
    expect(control).toMatchObject({
      rate: 0.1,
      liftVsControl: null,
      ciLow: null,
      ciHigh: null,
      pValue: null,
    });
    const expected = twoProportionZTest(arms.control, arms.treatment, 0.95);
    expect(treatment).toMatchObject({
      ciLow: expected.ciLow,
      ciHigh: expected.ciHigh,
      pValue: expected.pValue,
    });
    expect(treatment!.rate).toBe(0.13);
    expect(treatment!.liftVsControl).toBeCloseTo(0.3, 12);
    expect(treatment!.ciLow).toBeCloseTo(GOLDEN.fixed.ciLow, 9);
    expect(treatment!.ciHigh).toBeCloseTo(GOLDEN.fixed.ciHigh, 9);
    expect(treatment!.pValue).toBeCloseTo(GOLDEN.fixed.pValue, 9);
    expect(model.winner).toBe('treatment');
    expect(model.sampleRatioMismatch).toBe(false);
    expect(model.sampleRatioPValue).toBe(1);
  });

  it('sequential: the mixture SPRT numbers, which do not call the same data a win', () => {
    const arms = { control: { users: 1000, conversions: 100 }, treatment: { users: 1000, conversions: 130 } };
    const model = buildExperimentModel(halves(true), counts(arms));
    const treatment = model.variants[1]!;
    const expected = sequentialComparison(arms.control, arms.treatment, 0.95);
    expect(treatment).toMatchObject({
      ciLow: expected.ciLow,
      ciHigh: expected.ciHigh,
      pValue: expected.pValue,
    });
    expect(treatment.ciLow).toBeCloseTo(GOLDEN.sequential.ciLow, 9);
    expect(treatment.ciHigh).toBeCloseTo(GOLDEN.sequential.ciHigh, 9);
    expect(treatment.pValue).toBeCloseTo(GOLDEN.sequential.pValue, 9);
    expect(treatment.liftVsControl).toBeCloseTo(0.3, 12);
    expect(model.winner).toBeNull();
  });

  it('the control wins when every other variant is significantly worse', () => {
    const arms = { control: { users: 1000, conversions: 150 }, treatment: { users: 1000, conversions: 100 } };
    const model = buildExperimentModel(halves(), counts(arms));
    expect(model.variants[1]!.ciHigh).toBeCloseTo(GOLDEN.worse.ciHigh, 9);
    expect(model.variants[1]!.pValue).toBeCloseTo(GOLDEN.worse.pValue, 9);
    expect(model.winner).toBe('control');
  });

  it.each([
    ['49 users in a variant', { users: 49, conversions: 20 }],
    ['4 conversions in a variant', { users: 1000, conversions: 4 }],
  ])('withholds statistics and winner with %s, but shows counts and lift', (_what, treatment) => {
    const model = buildExperimentModel(
      halves(),
      counts({ control: { users: 1000, conversions: 100 }, treatment }),
    );
    for (const v of model.variants) expect([v.ciLow, v.ciHigh, v.pValue]).toEqual([null, null, null]);
    expect(model.winner).toBeNull();
    expect(model.variants[1]!.liftVsControl).toBeCloseTo(
      (treatment.conversions / treatment.users - 0.1) / 0.1,
      12,
    );
  });

  it('shows statistics at exactly 50 users and 5 conversions in every variant', () => {
    const arm = { users: 50, conversions: 5 };
    const model = buildExperimentModel(halves(), counts({ control: arm, treatment: arm }));
    expect(model.variants[1]!.pValue).toBe(1);
    expect(model.winner).toBeNull();
  });

  it('has no lift when the control converts nobody', () => {
    const model = buildExperimentModel(
      halves(),
      counts({ control: { users: 100, conversions: 0 }, treatment: { users: 100, conversions: 10 } }),
    );
    expect(model.variants[1]!.liftVsControl).toBeNull();
  });

  it('flags a sample-ratio mismatch: 1000 vs 850 users at 50/50', () => {
    const model = buildExperimentModel(
      halves(),
      counts({ control: { users: 1000, conversions: 100 }, treatment: { users: 850, conversions: 85 } }),
    );
    expect(model.sampleRatioPValue).toBeCloseTo(GOLDEN.srm.pValue, 9);
    expect(model.sampleRatioMismatch).toBe(true);
  });

  it('counts a variant nobody was exposed to as zero, in order, against its weight', () => {
    const model = buildExperimentModel(
      row([
        ['control', 0.5],
        ['a', 0.25],
        ['b', 0.25],
      ]),
      counts({ control: { users: 200, conversions: 20 }, b: { users: 100, conversions: 10 } }),
    );
    expect(model.variants.map((v) => [v.name, v.users])).toEqual([
      ['control', 200],
      ['a', 0],
      ['b', 100],
    ]);
    expect(model.sampleRatioMismatch).toBe(true);
  });
});

describe('winnerOf', () => {
  const v = (name: string, rate: number, pValue: number | null, ciLow: number, ciHigh: number) =>
    ({
      name,
      users: 0,
      conversions: 0,
      rate,
      liftVsControl: null,
      ciLow,
      ciHigh,
      pValue,
    }) as VariantResultModel;
  const control = v('control', 0.1, null, 0, 0);

  it('is the significant variant with the highest rate', () => {
    expect(winnerOf([control, v('a', 0.12, 0.01, 0.01, 0.03), v('b', 0.14, 0.001, 0.02, 0.06)])).toBe('b');
  });
  it('ignores a higher rate that is not significant', () => {
    expect(winnerOf([control, v('a', 0.12, 0.01, 0.01, 0.03), v('b', 0.2, 0.06, -0.01, 0.2)])).toBe('a');
  });
  it('is nobody when one variant is worse and another inconclusive', () => {
    expect(winnerOf([control, v('a', 0.05, 0.001, -0.08, -0.02), v('b', 0.11, 0.5, -0.02, 0.04)])).toBeNull();
  });
  it('is the control when all others are significantly worse', () => {
    expect(winnerOf([control, v('a', 0.05, 0.001, -0.08, -0.02), v('b', 0.07, 0.01, -0.05, -0.01)])).toBe(
      'control',
    );
  });
});
