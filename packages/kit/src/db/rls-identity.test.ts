import { describe, expect, it } from 'vitest';
import { identityStatement, inlinedIdentityStatement, placeholder, quoteLiteral } from './rls-identity.js';

describe('the identity statement', () => {
  const identity = { role: 'reader', userId: "o'hara", roles: ['EDITOR', 'ADMIN'] };

  it('sends the role, the id (empty for anonymous) and the roles as values', () => {
    const statement = identityStatement(identity, false, placeholder);
    expect(statement.params).toEqual(['reader', "o'hara", 'EDITOR,ADMIN']);
    expect(statement.text).toContain("set_config('role', $1, true)");
    expect(statement.text).not.toContain('transaction_read_only');
    expect(identityStatement({ ...identity, userId: null }, false, placeholder).params[1]).toBe('');
  });

  it('makes a read-only transaction READ ONLY', () => {
    expect(identityStatement(identity, true, placeholder).text).toContain(
      "set_config('transaction_read_only', 'on', true)",
    );
  });

  it('inlines the values as literals that cannot end early', () => {
    expect(quoteLiteral("o'hara")).toBe("E'o''hara'");
    expect(quoteLiteral('back\\slash')).toBe("E'back\\\\slash'");
    expect(inlinedIdentityStatement(identity, false)).toContain(
      "set_config('ukp.user_id', E'o''hara', true)",
    );
    expect(() => quoteLiteral('nul\0')).toThrow(/NUL/);
  });
});
