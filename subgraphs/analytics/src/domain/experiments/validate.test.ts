import { codeOf } from '@ukp/kit';
import type { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badInput } from '../../testing/refusal.js';
import { type CreateExperimentInput, checkExperimentInput } from './validate.js';

const valid: CreateExperimentInput = {
  key: 'search-ranking-v2',
  metric: 'search.performed',
  variants: [
    { name: 'control', weight: 0.5 },
    { name: 'treatment', weight: 0.5 },
  ],
};

function refusal(input: Partial<CreateExperimentInput>): { code: string | undefined; field: unknown } {
  try {
    checkExperimentInput({ ...valid, ...input });
  } catch (error) {
    return { code: codeOf(error), field: (error as GraphQLError).extensions.field };
  }
  throw new Error('accepted');
}

const variants = (...weights: number[]) => weights.map((weight, i) => ({ name: `v${i}`, weight }));

describe('checkExperimentInput', () => {
  it('accepts a valid experiment, sequential off unless asked', () => {
    expect(checkExperimentInput(valid)).toEqual({ ...valid, sequential: false });
    expect(checkExperimentInput({ ...valid, sequential: true }).sequential).toBe(true);
    expect(checkExperimentInput({ ...valid, sequential: null }).sequential).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['101 characters', 'k'.repeat(101)],
    ['an upper-case letter', 'Search'],
    ['a space', 'a b'],
    ['a slash', 'a/b'],
  ])('refuses a key with %s', (_what, key) => {
    expect(refusal({ key })).toEqual(badInput('key'));
  });

  it('accepts keys of 1 and 100 characters of the whole alphabet', () => {
    expect(checkExperimentInput({ ...valid, key: 'a' }).key).toBe('a');
    expect(checkExperimentInput({ ...valid, key: 'a0_.:-'.padEnd(100, 'z') }).key).toHaveLength(100);
  });

  it.each([
    ['empty', ''],
    ['an upper-case letter', 'Search.performed'],
    ['a dash', 'search-performed'],
    ['101 characters', 'm'.repeat(101)],
  ])('refuses a metric with %s', (_what, metric) => {
    expect(refusal({ metric })).toEqual(badInput('metric'));
  });

  it('refuses fewer than 2 or more than 10 variants, accepts 2 and 10', () => {
    expect(refusal({ variants: variants(1) })).toEqual(badInput('variants'));
    expect(refusal({ variants: variants(...Array(11).fill(1 / 11)) })).toEqual(badInput('variants'));
    expect(
      checkExperimentInput({ ...valid, variants: variants(...Array(10).fill(0.1)) }).variants,
    ).toHaveLength(10);
  });

  it.each([
    ['empty', ''],
    ['51 characters', 'n'.repeat(51)],
    ['a dot', 'a.b'],
    ['a space', 'a b'],
  ])('refuses a variant name that is %s, naming the variant', (_what, name) => {
    expect(
      refusal({
        variants: [
          { name: 'control', weight: 0.5 },
          { name, weight: 0.5 },
        ],
      }),
    ).toEqual(badInput('variants[1].name'));
  });

  it('refuses a variant name given twice', () => {
    expect(
      refusal({
        variants: [
          { name: 'A', weight: 0.5 },
          { name: 'A', weight: 0.5 },
        ],
      }),
    ).toEqual(badInput('variants[1].name'));
  });

  it.each([
    ['0', [0, 1]],
    ['negative', [-0.5, 1.5]],
    ['NaN', [Number.NaN, 1]],
    ['infinite', [Number.POSITIVE_INFINITY, 1]],
  ])('refuses a weight that is %s', (_what, weights) => {
    expect(refusal({ variants: variants(...weights) })).toEqual(badInput('variants[0].weight'));
  });

  it('wants weights summing to 1 within 1e-9', () => {
    expect(refusal({ variants: variants(0.5, 0.4) })).toEqual(badInput('variants'));
    expect(refusal({ variants: variants(0.5, 0.5 + 1e-8) })).toEqual(badInput('variants'));
    // 0.1 + 0.2 + 0.7 is 0.9999999999999999 in doubles.
    expect(checkExperimentInput({ ...valid, variants: variants(0.1, 0.2, 0.7) }).variants).toHaveLength(3);
  });

  it('keeps only name and weight of each variant, in order', () => {
    const extra = [
      { name: 'b', weight: 0.25, colour: 'red' },
      { name: 'a', weight: 0.75 },
    ];
    expect(checkExperimentInput({ ...valid, variants: extra }).variants).toEqual([
      { name: 'b', weight: 0.25 },
      { name: 'a', weight: 0.75 },
    ]);
  });
});
