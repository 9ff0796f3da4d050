import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './config.js';
import { createOperationLimits } from './index.js';
import { expandedSelections } from './selections.js';

/** The hostile document of issue 8: A0/B0 select __typename, An and Bn spread A(n-1) and B(n-1). */
export function fanOutDocument(levels: number, operation = `query Q { ...A${levels} ...B${levels} }`) {
  const parts = [operation, 'fragment A0 on Query { __typename }', 'fragment B0 on Query { __typename }'];
  for (let n = 1; n <= levels; n += 1) {
    parts.push(`fragment A${n} on Query { ...A${n - 1} ...B${n - 1} }`);
    parts.push(`fragment B${n} on Query { ...A${n - 1} ...B${n - 1} }`);
  }
  return parts.join('\n');
}

describe('expanded selections', () => {
  it('counts each selection once per place a fragment is spread', () => {
    const counts = expandedSelections(
      parse(`
        query Q { a { ...F ...F } ...G }
        fragment F on T { x y { z } }
        fragment G on Query { b }
      `),
      1000,
    );
    // a, 2 spreads, 2 × (x, y, z), the spread of G, b.
    expect(counts.get('Q')).toBe(1 + 2 + 2 * 3 + 1 + 1);
  });

  it('counts 2^30-fold fan-out in linear time, stopping at the cap', () => {
    // An = 2 + 2·A(n-1) with A0 = 1: A3 = 22, so the operation's two spreads give 2 + 2 × 22.
    expect(expandedSelections(parse(fanOutDocument(3)), 1e9).get('Q')).toBe(46);
    expect(expandedSelections(parse(fanOutDocument(30)), 10_001).get('Q')).toBe(10_001);
  });

  it('counts cycles and unknown fragments as nothing (graphql-js reports them)', () => {
    const counts = expandedSelections(
      parse('query Q { ...A ...Missing } fragment A on Query { x ...B } fragment B on Query { y ...A }'),
      100,
    );
    expect(counts.get('Q')).toBe(2 + 4);
  });

  it('walks a chain of fragments longer than any call stack', () => {
    const chain = Array.from({ length: 50_000 }, (_, n) => `fragment F${n} on Query { x ...F${n + 1} }`);
    const document = parse(`query Q { ...F0 } ${chain.join(' ')} fragment F50000 on Query { x }`);
    expect(expandedSelections(document, 1e9).get('Q')).toBe(1 + 50_000 * 2 + 1);
  });
});

describe('the selections limit', () => {
  const schema = buildSchema('type Query { x: Int }');
  const limits = createOperationLimits(DEFAULT_LIMITS, { production: true });

  it('refuses the 2^30 fan-out of fragments as QUERY_TOO_COMPLEX before anything plans it', () => {
    const errors = validate(schema, parse(fanOutDocument(30)), [...limits.validationRules]);
    expect(errors.map((e) => e.extensions)).toEqual([
      expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit: 'selections', max: 10_000 }),
    ]);
  });

  it('lets a modest fan-out through', () => {
    expect(validate(schema, parse(fanOutDocument(8)), [...limits.validationRules])).toEqual([]);
  });
});
