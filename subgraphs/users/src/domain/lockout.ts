import { appError } from '@ukp/kit';
import type { GraphQLError } from 'graphql';
import { type AuditAction, audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { lockedFor, recordFailure } from './throttle.js';

/**
 * The account lock every credential check shares (sign-in, turning two-factor off): failures of
 * any of them count towards one lock per email (see throttle.ts), and the lock stops all of them,
 * so a guess cannot move to whichever check is not counted.
 */

export function lockedError(seconds: number, message = 'Too many failed sign-ins.'): GraphQLError {
  return appError('ACCOUNT_LOCKED', `${message} Try again in ${seconds} seconds.`, {
    retryAfterSeconds: seconds,
  });
}

/** Throws ACCOUNT_LOCKED while the email is locked. */
export async function refuseWhileLocked(deps: UsersDeps, emailKey: string, message?: string): Promise<void> {
  const seconds = await lockedFor(deps.db, emailKey, deps.now());
  if (seconds > 0) throw lockedError(seconds, message);
}

export interface Failure {
  emailKey: string;
  actorId: string | null;
  /** Audited for the failure; `lockedAction` when it starts (or lengthens) a lock. */
  action: AuditAction;
  lockedAction: AuditAction;
  reason: string;
  /** The error when no lock follows (one message whatever was wrong). */
  refusal: () => GraphQLError;
  lockedMessage?: string;
}

/** Counts the failure, audits it, and returns the error to throw: ACCOUNT_LOCKED once it locks. */
export async function countFailure(
  deps: UsersDeps,
  meta: RequestMeta,
  failure: Failure,
): Promise<GraphQLError> {
  const { emailKey, actorId } = failure;
  const lockSeconds = await recordFailure(deps.db, emailKey, deps.now());
  await audit(deps.db, meta, failure.action, {
    actorId,
    target: emailKey,
    detail: { reason: failure.reason },
  });
  if (lockSeconds === 0) return failure.refusal();
  await audit(deps.db, meta, failure.lockedAction, { actorId, target: emailKey, detail: { lockSeconds } });
  return lockedError(lockSeconds, failure.lockedMessage);
}
