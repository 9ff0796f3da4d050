import { buildSchema, parse, type ValidationRule, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Rejection } from './errors.js';
import { guardedRule } from './guarded-rule.js';

const schema = buildSchema('type Query { a: Int b: Int }');

function run(rule: ValidationRule) {
  const rejections: Rejection[] = [];
  const errors = validate(schema, parse('{ a b }'), [
    guardedRule(rule, (context, rejection) => {
      rejections.push(rejection);
      context.reportError(rejection.error);
    }),
  ]);
  return { errors, rejections };
}

describe('a guarded limit rule', () => {
  it('turns an exception while visiting into one masked QUERY_TOO_COMPLEX, and stops visiting', () => {
    let calls = 0;
    const { errors, rejections } = run(() => ({
      Field: {
        enter() {
          calls += 1;
          throw new RangeError('Maximum call stack size exceeded');
        },
      },
    }));
    expect(calls).toBe(1);
    expect(rejections.map((r) => r.limit)).toEqual(['unmeasurable']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'unmeasurable' });
    expect(errors[0]?.message).not.toMatch(/stack/);
  });

  it('covers visitors written as functions and the rule factory itself', () => {
    expect(
      run(() => ({
        Field() {
          throw new Error('boom');
        },
      })).rejections,
    ).toHaveLength(1);
    expect(
      run(() => {
        throw new Error('boom');
      }).errors[0]?.extensions?.limit,
    ).toBe('unmeasurable');
  });

  it('passes through what a working rule does', () => {
    const seen: string[] = [];
    const { errors } = run(() => ({
      Field: { leave: (node) => void seen.push(node.name.value) },
    }));
    expect(errors).toEqual([]);
    expect(seen).toEqual(['a', 'b']);
  });
});
