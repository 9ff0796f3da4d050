import { codeOf } from '@ukp/kit';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { checkSplitInput, type VersionWeight } from './traffic-input.js';

function refusal(split: VersionWeight[]): GraphQLError | undefined {
  try {
    checkSplitInput(split);
    return undefined;
  } catch (error) {
    return error as GraphQLError;
  }
}

const w = (...pairs: Array<[number, number]>) => pairs.map(([version, weight]) => ({ version, weight }));

describe('checkSplitInput', () => {
  it.each([
    ['an empty list (ends the split)', []],
    ['50/50', w([1, 0.5], [2, 0.5])],
    ['decimals that do not sum to exactly 1 in binary', w([1, 0.1], [2, 0.2], [3, 0.7])],
    ['a weight of exactly 1 beside a tiny one', w([1, 1 - 1e-10], [2, 1e-10])],
    ['ten versions', Array.from({ length: 10 }, (_, i) => ({ version: i + 1, weight: 0.1 }))],
  ])('accepts %s', (_why, split) => {
    expect(refusal(split)).toBeUndefined();
  });

  it.each([
    ['one version', w([1, 1])],
    ['eleven versions', Array.from({ length: 11 }, (_, i) => ({ version: i + 1, weight: 1 / 11 }))],
    ['a version twice', w([1, 0.5], [1, 0.5])],
    ['version 0', w([0, 0.5], [1, 0.5])],
    ['a fractional version', w([1.5, 0.5], [2, 0.5])],
    ['a weight of 0', w([1, 0], [2, 1])],
    ['a negative weight', w([1, -0.5], [2, 1.5])],
    ['a weight above 1', w([1, 1.5], [2, -0.5])],
    ['NaN', w([1, Number.NaN], [2, 0.5])],
    ['Infinity', w([1, Number.POSITIVE_INFINITY], [2, 0.5])],
    ['weights summing to 0.9', w([1, 0.45], [2, 0.45])],
    ['weights summing to 1 + 1e-8', w([1, 0.5], [2, 0.5 + 1e-8])],
  ])('refuses %s with BAD_USER_INPUT on split', (_why, split) => {
    const error = refusal(split);
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect(error?.extensions.field).toBe('split');
  });
});
