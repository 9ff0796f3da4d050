import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { emailArgument, type LimitedOperation, rootFieldCharge, rootFields } from './operation.js';

function operation(source: string, variables: Record<string, unknown> = {}): LimitedOperation {
  const document = parse(source);
  const definition = getOperationAST(document);
  if (!definition) throw new Error('no operation');
  return { document, operation: definition, variables };
}

describe('operation charge', () => {
  it('is 1 per operation plus 1 per root field, aliases included', () => {
    expect(rootFieldCharge(operation('{ me { id } }'))).toBe(2);
    expect(rootFieldCharge(operation('{ a: me { id } b: me { id } __typename }'))).toBe(4);
  });

  it('counts root fields inside fragments and inline fragments', () => {
    const op = operation(`
      query { ...Root ... on Query { documents { totalCount } } }
      fragment Root on Query { me { id } search(query: "x") { score } }
    `);
    expect(rootFields(op).map((f) => f.name.value)).toEqual(['me', 'search', 'documents']);
    expect(rootFieldCharge(op)).toBe(4);
  });

  it('does not loop on a fragment cycle (validation would refuse it, the limiter still must not hang)', () => {
    const op = operation('{ ...A } fragment A on Query { me { id } ...B } fragment B on Query { ...A }');
    expect(rootFields(op)).toHaveLength(1);
  });
});

describe('email argument', () => {
  const field = (op: LimitedOperation, index = 0) => {
    const found = rootFields(op)[index];
    if (!found) throw new Error('no field');
    return found;
  };

  it('reads input.email from variables, normalised', () => {
    const op = operation('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }', {
      input: { email: ' Ada@Example.COM ', password: 'x' },
    });
    expect(emailArgument(field(op), op.variables)).toBe('ada@example.com');
  });

  it('reads inline input objects, with variables inside them', () => {
    const inline = operation('mutation { login(input: { email: "a@x.io", password: "p" }) { accessToken } }');
    expect(emailArgument(field(inline), inline.variables)).toBe('a@x.io');
    const mixed = operation(
      'mutation ($e: String!) { login(input: { email: $e, password: "p" }) { accessToken } }',
      { e: 'b@x.io' },
    );
    expect(emailArgument(field(mixed), mixed.variables)).toBe('b@x.io');
  });

  it('reads a plain email argument', () => {
    const op = operation('mutation ($email: String!) { requestPasswordReset(email: $email) }', {
      email: 'c@x.io',
    });
    expect(emailArgument(field(op), op.variables)).toBe('c@x.io');
  });

  it('is undefined when there is none', () => {
    const op = operation('mutation ($t: String!) { refreshSession(refreshToken: $t) { accessToken } }', {
      t: 'x',
    });
    expect(emailArgument(field(op), op.variables)).toBeUndefined();
    const missing = operation('mutation ($input: LoginInput!) { login(input: $input) { accessToken } }');
    expect(emailArgument(field(missing), missing.variables)).toBeUndefined();
  });
});
