import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './unavailable.js';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe('isDatabaseUnavailable', () => {
  it('recognises a refused or dropped connection and a server going away, however wrapped', () => {
    for (const code of ['ECONNREFUSED', 'CONNECTION_CLOSED', 'CONNECT_TIMEOUT', '57P01', '57P03', '08006']) {
      // drizzle's DrizzleQueryError keeps the driver's error in `cause`.
      const drizzle = new Error('Failed query', { cause: coded(code) });
      expect(isDatabaseUnavailable(new GraphQLError('x', { originalError: drizzle }))).toBe(true);
    }
  });

  it('leaves errors of the statement itself to the generic mask', () => {
    for (const code of ['23505', '42P01', '40001', 'ENOENT'])
      expect(isDatabaseUnavailable(coded(code))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
