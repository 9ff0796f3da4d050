import { createHash, randomBytes, randomInt } from 'node:crypto';

/** A 256-bit random token for refresh and reset links; only its hash is ever stored. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** 31 characters: lower-case letters and digits without the look-alikes i, l, o, 0 and 1. */
export const RECOVERY_CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * Recovery codes: 16 characters of the alphabet in groups of four (about 79 bits), e.g.
 * `k3m9-q2xd-…`. Each character is an unbiased draw (`randomInt` rejects out-of-range values;
 * `byte % 31` would favour the first eight characters). `draw(n)` returns an integer in [0, n);
 * tests pass their own to see how the code is built.
 */
export function newRecoveryCode(draw: (n: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < 16; i += 1) {
    code += RECOVERY_CODE_ALPHABET[draw(RECOVERY_CODE_ALPHABET.length)];
    if (i % 4 === 3 && i < 15) code += '-';
  }
  return code;
}

export function normalizeRecoveryCode(input: string): string {
  return input.trim().toLowerCase().replace(/[\s-]/g, '');
}
