import { hash, verify } from '@node-rs/argon2';
import { errors } from '@ukp/kit';
import { COMMON_PASSWORDS } from './common-passwords.js';

/** OWASP's argon2id recommendation: 19 MiB memory, 2 iterations, 1 lane. */
export const ARGON2_PARAMS = {
  // Algorithm.Argon2id; the package declares a `const enum`, which isolated modules cannot import.
  algorithm: 2,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_PARAMS);
}

export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/** True when a stored hash was made with weaker parameters than today's (rehash on next sign-in). */
export function needsRehash(phc: string): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
  if (!match) return true;
  const [, m, t, p] = match.map(Number);
  return m! < ARGON2_PARAMS.memoryCost || t! < ARGON2_PARAMS.timeCost || p! < ARGON2_PARAMS.parallelism;
}

/** Throws BAD_USER_INPUT on `field` when the password is too short, too long or too common. */
export function checkPasswordPolicy(password: string, field: string, email?: string): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    throw errors.badInput(`Password must be at least ${PASSWORD_MIN} characters.`, field);
  if (length > PASSWORD_MAX)
    throw errors.badInput(`Password must be at most ${PASSWORD_MAX} characters.`, field);
  const lowered = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lowered) || (email && lowered === email.toLowerCase())) {
    throw errors.badInput('This password is too common; choose another.', field);
  }
  if (new Set(password).size < 4)
    throw errors.badInput('Password must use more than three different characters.', field);
}
