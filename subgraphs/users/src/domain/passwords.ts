import { hash, verify } from '@node-rs/argon2';
import { errors } from '@ukp/kit';
import { passwordWeakness } from './password-strength.js';

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

/**
 * Throws BAD_USER_INPUT on `field` when the password is too short, too long or too easy to guess
 * (the message says why). `userInputs` are what an attacker would try first: the email, the
 * display name.
 */
export function checkPasswordPolicy(password: string, field: string, userInputs: readonly string[]): void {
  const length = [...password].length;
  if (length < PASSWORD_MIN)
    throw errors.badInput(`Password must be at least ${PASSWORD_MIN} characters.`, field);
  if (length > PASSWORD_MAX)
    throw errors.badInput(`Password must be at most ${PASSWORD_MAX} characters.`, field);
  const weakness = passwordWeakness(password, passwordUserInputs(userInputs));
  if (weakness) throw errors.badInput(weakness, field);
}

/**
 * What zxcvbn should treat as known: each input as given, and its parts (an email's local part,
 * the words of a name, the name run together), which zxcvbn would not find inside the whole.
 */
function passwordUserInputs(userInputs: readonly string[]): string[] {
  const inputs = new Set<string>();
  for (const input of userInputs) {
    const trimmed = input.trim();
    const at = trimmed.lastIndexOf('@');
    const name = at > 0 ? trimmed.slice(0, at) : trimmed;
    const words = name.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length >= 3);
    for (const value of [trimmed, name, words.join(''), ...words]) if (value) inputs.add(value);
  }
  return [...inputs];
}
