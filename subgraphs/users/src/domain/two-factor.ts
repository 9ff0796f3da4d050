import { appError, errors } from '@ukp/kit';
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, recoveryCodes } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { hashToken, newRecoveryCode, normalizeRecoveryCode } from './opaque-tokens.js';
import { open, seal } from './secret-box.js';
import type { Account } from './sessions.js';
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
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
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

export async function disableTwoFactor(deps: UsersDeps, userId: string, code: string, meta: RequestMeta) {
  const user = await loadActive(deps, userId);
  if (!user.twoFactorEnabled || !user.totpSecret)
    throw errors.badInput('Two-factor sign-in is not on.', 'code');
  const secret = open(deps.config.totpKey, user.totpSecret);
  const step = matchTotp(secret, code.trim(), deps.now());
  let ok = step !== null && (user.totpLastStep === null || step > user.totpLastStep);
  if (!ok) {
    const normalized = normalizeRecoveryCode(code);
    const [match] = await deps.db
      .select({ id: recoveryCodes.id })
      .from(recoveryCodes)
      .where(
        and(
          eq(recoveryCodes.userId, userId),
          eq(recoveryCodes.codeHash, hashToken(normalized)),
          eq(recoveryCodes.active, true),
          isNull(recoveryCodes.usedAt),
        ),
      )
      .limit(1);
    ok = Boolean(match);
  }
  if (!ok) throw appError('INVALID_CREDENTIALS', 'That two-factor code is not valid.');
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
  });
  await audit(deps.db, meta, '2fa.disabled', { target: userId });
  return true;
}
