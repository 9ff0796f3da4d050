import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { appError, codeOf, ERROR_CODES, errors, isErrorCode } from './errors.js';

describe('error registry', () => {
  it('every code has an HTTP status and a description', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^[A-Z][A-Z_]+$/);
      expect(entry.http).toBeGreaterThanOrEqual(200);
      expect(entry.http).toBeLessThan(600);
      expect(entry.description.length).toBeGreaterThan(10);
    }
  });

  it('isErrorCode accepts registry codes only', () => {
    expect(isErrorCode('FORBIDDEN')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode('forbidden')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
  });

  it('appError always sets the code, even over a conflicting extension', () => {
    const error = appError('CONFLICT', 'taken', { code: 'SOMETHING_ELSE', field: 'email' });
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.message).toBe('taken');
    expect(error.extensions).toEqual({ code: 'CONFLICT', field: 'email' });
  });

  it('shortcut constructors carry their codes', () => {
    expect(codeOf(errors.unauthenticated())).toBe('UNAUTHENTICATED');
    expect(codeOf(errors.forbidden())).toBe('FORBIDDEN');
    expect(errors.badInput('bad', 'title').extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'title' });
    expect(errors.badInput('bad').extensions).toEqual({ code: 'BAD_USER_INPUT' });
    expect(errors.notFound('Article').message).toBe('Article not found.');
    expect(codeOf(errors.internal())).toBe('INTERNAL_SERVER_ERROR');
  });

  it('codeOf ignores errors without a registry code', () => {
    expect(codeOf(new Error('x'))).toBeUndefined();
    expect(codeOf(new GraphQLError('x', { extensions: { code: 'NOPE' } }))).toBeUndefined();
    expect(codeOf(null)).toBeUndefined();
  });
});
