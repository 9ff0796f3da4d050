import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { canonicalHash, countTokens } from './canonical.js';

const hash = (source: string) => canonicalHash(parse(source));

describe('canonicalHash', () => {
  it('ignores whitespace, commas and comments', () => {
    expect(hash('query Q($id: ID!) { document(id: $id) { id title } }')).toBe(
      hash(`
        # a comment
        query Q( $id : ID! , ) {
          document(id: $id) { id, title }
        }
      `),
    );
  });

  it('ignores the order of fields, arguments, variables, directives and fragments', () => {
    const a = `
      query Q($a: Int, $b: String) { list(first: $a, after: $b) @x(p: 1, q: 2) @y { b ...F a { d c } } }
      fragment F on T { z y }
    `;
    const b = `
      fragment F on T { y z }
      query Q($b: String, $a: Int) { list(after: $b, first: $a) @y @x(q: 2, p: 1) { a { c d } ...F b } }
    `;
    expect(hash(a)).toBe(hash(b));
  });

  it('tells apart operations that ask for different things', () => {
    const base = hash('{ document(id: 1) { id title } }');
    expect(hash('{ document(id: 2) { id title } }')).not.toBe(base);
    expect(hash('{ document(id: 1) { id body } }')).not.toBe(base);
    expect(hash('{ document(id: 1) { id heading: title } }')).not.toBe(base);
    expect(hash('{ document(id: 1) { id title } me { id } }')).not.toBe(base);
  });

  it("keeps the order of a mutation's root fields, which run one after another", () => {
    expect(hash('mutation { a { x y } b }')).not.toBe(hash('mutation { b a { x y } }'));
    expect(hash('mutation { a { x y } b }')).toBe(hash('mutation { a { y x } b }'));
  });
});

describe('countTokens', () => {
  it('counts lexical tokens, not comments or commas', () => {
    expect(countTokens('{ a, b } # c')).toBe(4);
    expect(() => parse('{ a b c }', { maxTokens: countTokens('{ a b }') })).toThrow(/tokens/);
  });
});
