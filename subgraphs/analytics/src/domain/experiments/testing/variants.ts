import type { VariantResultModel } from '../types.js';

/** A variant's results before anyone was exposed: zero rates, no lift, no statistics. */
export function noResults(name: string): VariantResultModel {
  return {
    name,
    users: 0,
    conversions: 0,
    rate: 0,
    liftVsControl: null,
    ciLow: null,
    ciHigh: null,
    pValue: null,
  };
}
