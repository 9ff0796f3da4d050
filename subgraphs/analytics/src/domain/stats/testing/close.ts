import { expect } from 'vitest';

/**
 * |actual − expected| ≤ relative·|expected| + absolute: relative to 1e-6 by default, with an
 * absolute floor of 1e-12 so a reference of exactly 0 (or a p-value below double precision's
 * reach in 1 − CDF) is still comparable.
 */
export function expectClose(actual: number, expected: number, relative = 1e-6, absolute = 1e-12): void {
  const bound = relative * Math.abs(expected) + absolute;
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(bound);
}
