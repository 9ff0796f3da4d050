import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { responseKey } from './key.js';

const document = parse(
  'query Docs($first: Int, $tags: [String!]) { documents(first: $first, tags: $tags) { id } }',
);
const operation = getOperationAST(document)!;
const key = (variables: Record<string, unknown>) => responseKey(document, operation, 'Docs', variables);

describe('responseKey', () => {
  it('ignores variable order and variables the operation does not declare', () => {
    expect(key({ first: 5, tags: ['a'] })).toBe(key({ tags: ['a'], first: 5 }));
    expect(key({ first: 5, unused: { anything: true } })).toBe(key({ first: 5 }));
    expect(key({ first: 5 })).not.toBe(key({ first: 6 }));
  });

  it('gives no key for variables nested too deep to be worth caching', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 10_000; i += 1) deep = [deep];
    expect(key({ tags: deep })).toBeUndefined();
    expect(key({ unused: deep })).toEqual(expect.any(String));
  });
});
