import { appError, errors } from '@ukp/kit';
import { and, eq } from 'drizzle-orm';
import { accounts, recoveryCodes } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { countFailure, refuseWhileLocked } from './lockout.js';
import { hashToken, newRecoveryCode, normalizeRecoveryCode } from './opaque-tokens.js';
import { PASSWORD_MAX, verifyPassword } from './passwords.js';
import { spendSecondFactor } from './second-factor.js';
import { open, seal } from './secret-box.js';
import type { Account } from './sessions.js';
import { clearFailures } from './throttle.js';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.js';

export const RECOVERY_CODE_COUNT = 10;

async function loadActive(deps: UsersDeps, userId: string): Promise<Account> {
  const [user] = await deps.db.select().from(accounts).where(eq(accounts.id, userId)).limit(1);
  if (!user || user.deactivatedAt) throw errors.unauthenticated();
  return user;
}

/** Makes a new secret and recovery codes; neither takes effect until `confirmTwoFactor`. */
export async function beginTwoFactorSetup(deps: UsersDeps, userId: string, meta: RequestMeta) {
  const user = await loadActive(deps, userId);
  if (user.twoFactorEnabled) {
    throw appError('CONFLICT', 'Two-factor sign-in is already on; disable it before setting it up again.');
  }
  const secret = newTotpSecret();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
  await deps.db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({ totpPendingSecret: seal(deps.config.totpKey, secret), updatedAt: deps.now() })
      .where(eq(accounts.id, userId));
    await tx
      .delete(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.active, false)));
    await tx
      .insert(recoveryCodes)
      .values(
        codes.map((code) => ({ userId, codeHash: hashToken(normalizeRecoveryCode(code)), active: false })),
      );
  });
  await audit(deps.db, meta, '2fa.setup_started', { target: userId });
  return { secret, otpauthUrl: otpauthUrl(secret, user.email, deps.config.totpIssuer), recoveryCodes: codes };
}

export async function confirmTwoFactor(deps: UsersDeps, userId: string, code: string, meta: RequestMeta) {
  const user = await loadActive(deps, userId);
  if (!user.totpPendingSecret) throw errors.badInput('Start two-factor setup first.', 'code');
  const secret = open(deps.config.totpKey, user.totpPendingSecret);
  const step = matchTotp(secret, code.trim(), deps.now());
  if (step === null) throw errors.badInput('That code is not valid for the new secret.', 'code');
  await deps.db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({
        totpSecret: user.totpPendingSecret,
        totpPendingSecret: null,
        totpLastStep: step,
        twoFactorEnabled: true,
        updatedAt: deps.now(),
      })
      .where(eq(accounts.id, userId));
    await tx
      .delete(recoveryCodes)
      .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.active, true)));
    await tx.update(recoveryCodes).set({ active: true }).where(eq(recoveryCodes.userId, userId));
  });
  await audit(deps.db, meta, '2fa.enabled', { target: userId });
  return true;
}

export interface DisableTwoFactorInput {
  code: string;
  /** Nullable in the schema only for documents written before it existed; required here. */
  password?: string | null | undefined;
}

const LOCKED_MESSAGE = 'Too many failed attempts.';
const wrongCredentials = () =>
  appError('INVALID_CREDENTIALS', 'The password or the two-factor code is incorrect.');

/**
 * Turns two-factor off with the password and a current code (or an unused recovery code). A
 * stolen session alone must not be enough to remove the second factor, nor a way to guess it:
 * every wrong password or code counts towards the sign-in lock of the account's email, and while
 * that lock lasts even the right pair is refused.
 */
export async function disableTwoFactor(
  deps: UsersDeps,
  userId: string,
  input: DisableTwoFactorInput,
  meta: RequestMeta,
) {
  const { password } = input;
  if (!password) throw errors.badInput('password is required to turn two-factor sign-in off.', 'password');
  const user = await loadActive(deps, userId);
  if (!user.twoFactorEnabled || !user.totpSecret)
    throw errors.badInput('Two-factor sign-in is not on.', 'code');
  await refuseWhileLocked(deps, user.emailKey, LOCKED_MESSAGE);

  const passwordOk = password.length <= PASSWORD_MAX && (await verifyPassword(user.passwordHash, password));
  // The code is only tried (and spent) after the right password: without it, nothing is learnt about the code.
  const codeOk = passwordOk && (await spendSecondFactor(deps, user, input.code, meta));
  if (!codeOk) {
    throw await countFailure(deps, meta, {
      emailKey: user.emailKey,
      actorId: user.id,
      action: '2fa.disable_failed',
      lockedAction: '2fa.disable_locked',
      reason: passwordOk ? 'code' : 'password',
      refusal: wrongCredentials,
      lockedMessage: LOCKED_MESSAGE,
    });
  }

  await deps.db.transaction(async (tx) => {
    await tx
      .update(accounts)
      .set({
        totpSecret: null,
        totpPendingSecret: null,
        totpLastStep: null,
        twoFactorEnabled: false,
        updatedAt: deps.now(),
      })
      .where(eq(accounts.id, userId));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
    await clearFailures(tx, user.emailKey);
  });
  await audit(deps.db, meta, '2fa.disabled', { target: userId });
  return true;
}
