import { describe, expect, it } from 'vitest';
import { DEFAULT_MIXING_VARIANCE, sequentialComparison, twoProportionZTest } from './proportions.js';
import { expectClose } from './testing/close.js';
import { reference } from './testing/reference.js';

// Expected values from golden/reference.py: the mixture likelihood ratio of Johari et al. (2017)
// integrated numerically over the N(0, τ²) mixing distribution (scipy.integrate.quad), the
// p-value as min(1, 1/Λ(0)) and the interval ends as the roots of Λ(θ₀) = 1/α (scipy.optimize.brentq).

describe('sequentialComparison against the mixture SPRT computed by quadrature', () => {
  it.each(reference.sequential)('$case', ({ control, variant, confidence, tau2, expected }) => {
    const result = sequentialComparison(control, variant, confidence, tau2);
    expectClose(result.diff, expected.diff);
    expectClose(result.ciLow, expected.ciLow);
    expectClose(result.ciHigh, expected.ciHigh);
    expectClose(result.pValue, expected.pValue);
  });
});

describe('sequentialComparison', () => {
  const control = { users: 5000, conversions: 500 };

  it('rejects exactly when its interval excludes 0', () => {
    for (let conversions = 450; conversions <= 650; conversions += 5) {
      const { ciLow, ciHigh, pValue } = sequentialComparison(control, { users: 5000, conversions });
      expect(pValue < 0.05, `conversions ${conversions}`).toBe(ciLow > 0 || ciHigh < 0);
    }
  });

  it('is wider than the fixed-horizon interval at the same data: the price of peeking', () => {
    const variant = { users: 5000, conversions: 560 };
    const fixed = twoProportionZTest(control, variant);
    const always = sequentialComparison(control, variant);
    expect(always.ciLow).toBeLessThan(fixed.ciLow);
    expect(always.ciHigh).toBeGreaterThan(fixed.ciHigh);
    expect(always.pValue).toBeGreaterThan(fixed.pValue);
  });

  it('uses the documented default mixing variance', () => {
    const variant = { users: 5000, conversions: 600 };
    expect(sequentialComparison(control, variant)).toEqual(
      sequentialComparison(control, variant, 0.95, DEFAULT_MIXING_VARIANCE),
    );
  });

  it('gives no information without variance or users', () => {
    const none = { ciLow: -1, ciHigh: 1, pValue: 1 };
    expect(sequentialComparison({ users: 300, conversions: 0 }, { users: 300, conversions: 0 })).toEqual({
      diff: 0,
      ...none,
    });
    expect(sequentialComparison({ users: 0, conversions: 0 }, { users: 10, conversions: 5 })).toEqual({
      diff: 0.5,
      ...none,
    });
  });

  it('keeps tiny p-values finite and never above 1', () => {
    const huge = sequentialComparison(
      { users: 100_000, conversions: 10_000 },
      { users: 100_000, conversions: 20_000 },
    );
    expect(huge.pValue).toBeGreaterThanOrEqual(0);
    expect(huge.pValue).toBeLessThan(1e-100);
    expect(sequentialComparison(control, control).pValue).toBe(1);
  });

  it('refuses a non-positive mixing variance', () => {
    expect(() => sequentialComparison(control, control, 0.95, 0)).toThrow(RangeError);
  });
});
