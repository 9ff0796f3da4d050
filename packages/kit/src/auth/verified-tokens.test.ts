import { describe, expect, it } from 'vitest';
import type { AccessClaims } from './tokens.js';
import { VerifiedTokens } from './verified-tokens.js';

const claims = (sub: string): AccessClaims => ({ sub, sid: `s-${sub}`, roles: ['VIEWER'], jti: `j-${sub}` });

describe('VerifiedTokens', () => {
  it('recalls a remembered token until its exp, then forgets it', () => {
    let now = 1000;
    const tokens = new VerifiedTokens(10, () => now);
    tokens.remember('t1', claims('a'), 1002);
    expect(tokens.recall('t1')).toEqual({ state: 'valid', claims: claims('a') });
    now = 1001;
    expect(tokens.recall('t1').state).toBe('valid');
    // jose's rule: exp <= now is expired.
    now = 1002;
    expect(tokens.recall('t1')).toEqual({ state: 'expired' });
    expect(tokens.size).toBe(0);
    expect(tokens.recall('t1')).toEqual({ state: 'unknown' });
  });

  it('knows a token only by its exact text', () => {
    const tokens = new VerifiedTokens(10, () => 0);
    tokens.remember('header.payload.signature', claims('a'), 10);
    expect(tokens.recall('header.payload.signaturf').state).toBe('unknown');
    expect(tokens.recall('header.payload.signature').state).toBe('valid');
  });

  it('hands out copies: changing one caller’s roles changes no other’s', () => {
    const tokens = new VerifiedTokens(10, () => 0);
    const original = claims('a');
    tokens.remember('t1', original, 10);
    original.roles.push('ADMIN');
    const first = tokens.recall('t1');
    if (first.state !== 'valid') throw new Error('expected the token to be remembered');
    first.claims.roles.push('ADMIN');
    expect(tokens.recall('t1')).toEqual({ state: 'valid', claims: claims('a') });
  });

  it('forgets the oldest token past its capacity', () => {
    const tokens = new VerifiedTokens(2, () => 0);
    tokens.remember('t1', claims('a'), 10);
    tokens.remember('t2', claims('b'), 10);
    // Remembering a known token again does not evict another.
    tokens.remember('t2', claims('b'), 10);
    expect(tokens.size).toBe(2);
    tokens.remember('t3', claims('c'), 10);
    expect(tokens.size).toBe(2);
    expect(tokens.recall('t1').state).toBe('unknown');
    expect(tokens.recall('t2').state).toBe('valid');
    expect(tokens.recall('t3').state).toBe('valid');
  });
});
