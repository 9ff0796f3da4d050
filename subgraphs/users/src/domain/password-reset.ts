import { errors } from '@ukp/kit';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { accounts, passwordResets } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { hashToken, newOpaqueToken } from './opaque-tokens.js';
import { checkPasswordPolicy, hashPassword } from './passwords.js';
import { endAccessTokens, revokeAllSessions } from './sessions.js';
import { clearFailures } from './throttle.js';
import { emailKey } from './validate.js';

/**
 * Mails a single-use reset link when an active account has this email. Always true, and in the
 * same time either way: the token and the mail are written after the answer, so how long the
 * answer takes does not tell whether the email has an account.
 */
export async function requestPasswordReset(
  deps: UsersDeps,
  email: string,
  meta: RequestMeta,
): Promise<boolean> {
  if (email.length > 254) return true;
  const key = emailKey(email);
  const [user] = await deps.db.select().from(accounts).where(eq(accounts.emailKey, key)).limit(1);
  if (!user || user.deactivatedAt) {
    deps.logger.info(
      { requestId: meta.requestId },
      'password reset requested for an unknown or inactive email',
    );
    return true;
  }
  deps.background.run('password reset mail', () => issueReset(deps, user, meta));
  return true;
}

async function issueReset(deps: UsersDeps, user: typeof accounts.$inferSelect, meta: RequestMeta) {
  const token = newOpaqueToken();
  const expiresAt = new Date(deps.now().getTime() + deps.config.resetTtlSeconds * 1000);
  const minutes = Math.round(deps.config.resetTtlSeconds / 60);
  await deps.db.transaction(async (tx) => {
    await tx.insert(passwordResets).values({ userId: user.id, tokenHash: hashToken(token), expiresAt });
    await deps.mailer.send(
      {
        to: user.email,
        subject: 'Reset your UKP password',
        text: [
          `Hello ${user.displayName},`,
          '',
          `Someone asked to reset the password of this account. The link works once, for ${minutes} minutes:`,
          `${deps.config.resetUrl}?token=${token}`,
          '',
          `Reset token: ${token}`,
          '',
          'If it was not you, ignore this mail: your password stays as it is.',
        ].join('\n'),
      },
      tx,
    );
  });
  await audit(deps.db, meta, 'password.reset_requested', { actorId: user.id, target: user.id });
}

const invalidToken = () =>
  errors.badInput('This reset link is invalid, used or expired: request a new one.', 'token');

/** Sets the new password, retires the token and every reset token of the user, ends all sessions. */
export async function resetPassword(
  deps: UsersDeps,
  token: string,
  newPassword: string,
  meta: RequestMeta,
): Promise<boolean> {
  if (token.length < 20 || token.length > 200) throw invalidToken();
  const now = deps.now();
  const [reset] = await deps.db
    .select()
    .from(passwordResets)
    .where(
      and(
        eq(passwordResets.tokenHash, hashToken(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .limit(1);
  if (!reset) throw invalidToken();
  const [user] = await deps.db.select().from(accounts).where(eq(accounts.id, reset.userId)).limit(1);
  if (!user || user.deactivatedAt) throw invalidToken();
  checkPasswordPolicy(newPassword, 'newPassword', [user.email, user.displayName]);
  const passwordHash = await hashPassword(newPassword);

  const ended = await deps.db.transaction(async (tx) => {
    const claimed = await tx
      .update(passwordResets)
      .set({ usedAt: now, updatedAt: now })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (claimed.length === 0) throw invalidToken();
    await tx
      .update(passwordResets)
      .set({ usedAt: now, updatedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.update(accounts).set({ passwordHash, updatedAt: now }).where(eq(accounts.id, user.id));
    const revoked = await revokeAllSessions(tx, user.id, 'password_reset', now);
    await clearFailures(tx, user.emailKey);
    return revoked;
  });
  await endAccessTokens(deps, user.id, ended, 'password_reset');
  await audit(deps.db, meta, 'password.reset', { actorId: user.id, target: user.id });
  return true;
}
