import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { accounts, recoveryCodes } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { hashToken, normalizeRecoveryCode } from './opaque-tokens.js';
import { open } from './secret-box.js';
import type { Account } from './sessions.js';
import { matchTotp } from './totp.js';

/**
 * Checks a TOTP code or an unused recovery code of an account with two-factor on, and spends it:
 * the TOTP time step (and every earlier one) or the recovery code is claimed atomically, so two
 * requests cannot both use the same code.
 */
export async function spendSecondFactor(
  deps: UsersDeps,
  user: Account,
  code: string,
  meta: RequestMeta,
): Promise<boolean> {
  const now = deps.now();
  if (user.totpSecret) {
    const secret = open(deps.config.totpKey, user.totpSecret);
    const step = matchTotp(secret, code.trim(), now);
    if (step !== null) {
      const accepted = await deps.db
        .update(accounts)
        .set({ totpLastStep: step, updatedAt: now })
        .where(
          and(eq(accounts.id, user.id), or(isNull(accounts.totpLastStep), lt(accounts.totpLastStep, step))),
        )
        .returning({ id: accounts.id });
      return accepted.length > 0;
    }
  }
  const normalized = normalizeRecoveryCode(code);
  if (normalized.length !== 16) return false;
  const used = await deps.db
    .update(recoveryCodes)
    .set({ usedAt: now, updatedAt: now })
    .where(
      and(
        eq(recoveryCodes.userId, user.id),
        eq(recoveryCodes.codeHash, hashToken(normalized)),
        eq(recoveryCodes.active, true),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id });
  if (used.length === 0) return false;
  await audit(deps.db, meta, '2fa.recovery_code_used', { actorId: user.id, target: user.id });
  return true;
}
