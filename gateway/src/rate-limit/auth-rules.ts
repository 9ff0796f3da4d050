import type { FieldNode } from 'graphql';
import type { Bucket, BucketFactory } from './buckets.js';
import { emailArgument } from './operation.js';
import { addressKey, emailKey, type RateLimitSubject } from './subject.js';

/** Mutations with limits of their own, beyond the operations bucket. */
export const AUTH_FIELDS = [
  'login',
  'disableTwoFactor',
  'signUp',
  'requestPasswordReset',
  'refreshSession',
] as const;

/**
 * Codes a sign-in answers with when it checked a secret and it was wrong: a wrong password or
 * two-factor code is INVALID_CREDENTIALS, and the failure that locks the account answers
 * ACCOUNT_LOCKED instead (users subgraph, domain/accounts.ts). TWO_FACTOR_REQUIRED means the
 * password was right and a code is missing: not a failure.
 */
export const SIGN_IN_FAILURE_CODES: ReadonlySet<string> = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED']);

export interface AuthLimits {
  failuresPerAccountAddress: number;
  failuresPerAddress: number;
  failureWindowSeconds: number;
  refreshPerAddress: number;
  signUpPerAddress: number;
  resetPerAddress: number;
  resetPerEmail: number;
}

/**
 * One limit on one mutation. `failures` rules hold a point while the attempt runs and get it back
 * unless the attempt failed (see rate-limiter.ts); the others charge every attempt.
 */
export interface AuthRule {
  bucket: Bucket;
  failures: boolean;
  /** The bucket key for this attempt; undefined when the rule does not apply. */
  key(subject: RateLimitSubject, field: FieldNode, variables: Record<string, unknown>): string | undefined;
}

const byAddress = (subject: RateLimitSubject) => addressKey(subject.ip);

export function authRules(buckets: BucketFactory, limits: AuthLimits): Map<string, AuthRule[]> {
  const window = limits.failureWindowSeconds;
  // Shared by login and disableTwoFactor: one address's failures count together, whichever it tries.
  const account = buckets('signIn:account', limits.failuresPerAccountAddress, window);
  const address = buckets('signIn:address', limits.failuresPerAddress, window);
  const addressFailures: AuthRule = { bucket: address, failures: true, key: byAddress };
  return new Map<string, AuthRule[]>([
    [
      'login',
      [
        {
          bucket: account,
          failures: true,
          key: (subject, field, variables) => {
            const email = emailArgument(field, variables);
            return email ? `${emailKey(email)}|${byAddress(subject)}` : undefined;
          },
        },
        addressFailures,
      ],
    ],
    [
      // Checks a code (and so guards the account like a password): an attacker holding a stolen
      // session must not get to guess it at the operations rate.
      'disableTwoFactor',
      [
        {
          bucket: account,
          failures: true,
          key: (subject) =>
            subject.viewer ? `user:${subject.viewer.userId}|${byAddress(subject)}` : undefined,
        },
        addressFailures,
      ],
    ],
    [
      'refreshSession',
      [
        {
          bucket: buckets('refreshSession:ip', limits.refreshPerAddress, 60),
          failures: false,
          key: byAddress,
        },
      ],
    ],
    [
      'signUp',
      [{ bucket: buckets('signUp:ip', limits.signUpPerAddress, 60), failures: false, key: byAddress }],
    ],
    [
      'requestPasswordReset',
      [
        {
          bucket: buckets('requestPasswordReset:ip', limits.resetPerAddress, 60),
          failures: false,
          key: byAddress,
        },
        {
          bucket: buckets('requestPasswordReset:email', limits.resetPerEmail, 3600),
          failures: false,
          key: (_subject, field, variables) => {
            const email = emailArgument(field, variables);
            return email ? emailKey(email) : undefined;
          },
        },
      ],
    ],
  ]);
}

interface ErrorLike {
  path?: ReadonlyArray<string | number> | undefined;
  extensions?: Record<string, unknown> | undefined;
}

/**
 * Which root fields (by response key: the alias, else the name) of an answer failed a sign-in.
 * A failure code without a path is charged to every attempt in the operation.
 */
export function failedSignIns(errors: readonly ErrorLike[] | undefined): (responseKey: string) => boolean {
  const failed = new Set<string>();
  let all = false;
  for (const error of errors ?? []) {
    const code = error.extensions?.code;
    if (typeof code !== 'string' || !SIGN_IN_FAILURE_CODES.has(code)) continue;
    const first = error.path?.[0];
    if (typeof first === 'string') failed.add(first);
    else all = true;
  }
  return (responseKey) => all || failed.has(responseKey);
}
