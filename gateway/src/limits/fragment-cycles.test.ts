import { buildSchema, type GraphQLError, parse, specifiedRules, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from './config.js';
import { collapseAbortedValidation, fragmentOnCycle } from './fragment-cycles.js';
import { createOperationLimits } from './index.js';

const schema = buildSchema('type Query { a: Int }');

/** `count` fragments in a ring, each also spreading another: graphql-js alone overflows its stack. */
function ring(count: number): string {
  const parts = Array.from(
    { length: count },
    (_, i) => `fragment C${i} on Query { __typename ...C${(i + 1) % count} ...C${(i * 7 + 3) % count} }`,
  );
  return `query Q { ...C0 }\n${parts.join('\n')}`;
}

describe('fragment cycles', () => {
  it('finds a cycle, and none where there is none', () => {
    expect(
      fragmentOnCycle(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }')),
    ).toBeDefined();
    expect(
      fragmentOnCycle(parse('{ ...A } fragment A on Query { ...B ...B } fragment B on Query { a }')),
    ).toBeUndefined();
    expect(fragmentOnCycle(parse(ring(5000)))).toBeDefined();
  });

  it('overflow graphql-js validation on their own', () => {
    expect(() => validate(schema, parse(ring(150)), specifiedRules)).toThrow(RangeError);
  });

  it('end validation with the limits rules, leaving one validation error', () => {
    const limits = createOperationLimits(DEFAULT_LIMITS, { production: true });
    const errors = [...validate(schema, parse(ring(150)), [...specifiedRules, ...limits.validationRules])];
    collapseAbortedValidation(errors as GraphQLError[]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(errors[0]?.message).toMatch(/^Cannot spread fragment "C\d+" within itself\.$/);
  });
});
