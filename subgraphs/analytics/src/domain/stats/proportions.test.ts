import { describe, expect, it } from 'vitest';
import { sampleRatioTest, twoProportionZTest } from './proportions.js';
import { expectClose } from './testing/close.js';
import { reference } from './testing/reference.js';

// Every expected value below is from golden/reference.py (scipy.stats), run into golden/reference.json.

describe('twoProportionZTest against scipy', () => {
  // Source: p-value = 2·scipy.stats.norm.sf(|z|) with the pooled z, confirmed by
  // scipy.stats.chi2_contingency(correction=False); interval = diff ± norm.ppf(1 − α/2)·unpooled se.
  it.each(reference.zTest)('$case', ({ control, variant, confidence, expected }) => {
    const result = twoProportionZTest(control, variant, confidence);
    expectClose(result.diff, expected.diff);
    expectClose(result.ciLow, expected.ciLow);
    expectClose(result.ciHigh, expected.ciHigh);
    expectClose(result.pValue, expected.pValue);
  });

  it('defaults to a 95% interval', () => {
    const [first] = reference.zTest;
    expect(first?.confidence).toBe(0.95);
    expect(twoProportionZTest(first!.control, first!.variant)).toEqual(
      twoProportionZTest(first!.control, first!.variant, 0.95),
    );
  });

  it('is antisymmetric: swapping the arms negates the difference and keeps p', () => {
    const a = { users: 5000, conversions: 250 };
    const b = { users: 3000, conversions: 180 };
    const ab = twoProportionZTest(a, b);
    const ba = twoProportionZTest(b, a);
    expectClose(ba.diff, -ab.diff);
    expectClose(ba.ciLow, -ab.ciHigh);
    expectClose(ba.pValue, ab.pValue);
  });

  it('gives no information for an empty arm', () => {
    expect(twoProportionZTest({ users: 0, conversions: 0 }, { users: 100, conversions: 10 })).toEqual({
      diff: 0.1,
      ciLow: -1,
      ciHigh: 1,
      pValue: 1,
    });
  });

  it('refuses impossible arms and confidences', () => {
    const ok = { users: 10, conversions: 1 };
    expect(() => twoProportionZTest({ users: 10, conversions: 11 }, ok)).toThrow(RangeError);
    expect(() => twoProportionZTest({ users: -1, conversions: 0 }, ok)).toThrow(RangeError);
    expect(() => twoProportionZTest({ users: 1.5, conversions: 0 }, ok)).toThrow(RangeError);
    expect(() => twoProportionZTest(ok, ok, 1)).toThrow(RangeError);
    expect(() => twoProportionZTest(ok, ok, 0)).toThrow(RangeError);
  });
});

describe('sampleRatioTest against scipy', () => {
  // Source: scipy.stats.chisquare(observed, f_exp = N·weights).
  it.each(reference.sampleRatio)('$case', ({ observed, weights, expected }) => {
    const result = sampleRatioTest(observed, weights);
    expectClose(result.chiSquare, expected.chiSquare);
    expectClose(result.pValue, expected.pValue);
  });

  it('flags the skewed three-way split at p < 0.001 and not the balanced one', () => {
    const skewed = reference.sampleRatio.find((c) => c.case.startsWith('skewed three-way'))!;
    const balanced = reference.sampleRatio.find((c) => c.case === 'balanced three-way')!;
    expect(sampleRatioTest(skewed.observed, skewed.weights).pValue).toBeLessThan(0.001);
    expect(sampleRatioTest(balanced.observed, balanced.weights).pValue).toBeGreaterThan(0.001);
  });

  it('normalises weights that do not sum to 1', () => {
    expect(sampleRatioTest([5000, 2600, 2400], [2, 1, 1])).toEqual(
      sampleRatioTest([5000, 2600, 2400], [0.5, 0.25, 0.25]),
    );
  });

  it('treats users in a variant of weight 0 as a certain mismatch, and no users as no evidence', () => {
    expect(sampleRatioTest([100, 100, 1], [0.5, 0.5, 0]).pValue).toBe(0);
    expect(sampleRatioTest([100, 100, 0], [0.5, 0.5, 0]).pValue).toBe(1);
    expect(sampleRatioTest([0, 0], [0.5, 0.5])).toEqual({ chiSquare: 0, pValue: 1 });
  });

  it('refuses mismatched lengths and bad counts', () => {
    expect(() => sampleRatioTest([1, 2], [1])).toThrow(RangeError);
    expect(() => sampleRatioTest([1, -2], [1, 1])).toThrow(RangeError);
    expect(() => sampleRatioTest([1, 2], [0, 0])).toThrow(RangeError);
  });
});
