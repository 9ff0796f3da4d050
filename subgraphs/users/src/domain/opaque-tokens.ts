import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random token for refresh and reset links; only its hash is ever stored. */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Recovery codes: 16 base32 characters in groups of four (80 bits), e.g. `k3m9-q2xd-…`. */
export function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(16);
  let code = '';
  for (let i = 0; i < 16; i += 1) {
    code += alphabet[bytes[i]! % alphabet.length];
    if (i % 4 === 3 && i < 15) code += '-';
  }
  return code;
}

export function normalizeRecoveryCode(input: string): string {
  return input.trim().toLowerCase().replace(/[\s-]/g, '');
}
