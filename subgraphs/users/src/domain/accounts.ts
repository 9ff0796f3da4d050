import { appError, type Role } from '@ukp/kit';
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import { accounts, recoveryCodes } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { hashToken, normalizeRecoveryCode } from './opaque-tokens.js';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { open } from './secret-box.js';
import { type Account, type SessionTokens, startSession } from './sessions.js';
import { clearFailures, lockedFor, recordFailure } from './throttle.js';
import { matchTotp } from './totp.js';
import { checkDisplayName, checkEmail, emailKey } from './validate.js';

export interface SignUpInput {
  email: string;
  password: string;
  displayName: string;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

/** Creates an account with the given roles (VIEWER for sign-ups). Validates everything first. */
export async function createAccount(
  deps: UsersDeps,
  input: SignUpInput,
  roles: Role[] = ['VIEWER'],
): Promise<Account> {
  const email = checkEmail(input.email);
  const displayName = checkDisplayName(input.displayName);
  checkPasswordPolicy(input.password, 'password', email);
  const key = emailKey(email);
  const conflict = () =>
    appError('CONFLICT', 'An account with this email already exists.', { field: 'email' });
  const [existing] = await deps.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(eq(accounts.emailKey, key))
    .limit(1);
  if (existing) throw conflict();
  const passwordHash = await hashPassword(input.password);
  try {
    const [row] = await deps.db
      .insert(accounts)
      .values({ email, emailKey: key, displayName, passwordHash, roles })
      .returning();
    return row!;
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict();
    throw error;
  }
}

export async function signUp(deps: UsersDeps, input: SignUpInput, meta: RequestMeta): Promise<SessionTokens> {
  const user = await createAccount(deps, input);
  const session = await startSession(deps, deps.db, user);
  await audit(deps.db, meta, 'user.signed_up', { actorId: user.id, target: user.id });
  await deps.bus.publish('user.signed_up', { userId: user.id, at: deps.now().toISOString() });
  return session;
}

export interface LoginInput {
  email: string;
  password: string;
  totpCode?: string | null | undefined;
}

const invalidCredentials = () => appError('INVALID_CREDENTIALS', 'Email or password is incorrect.');
const locked = (seconds: number) =>
  appError('ACCOUNT_LOCKED', `Too many failed sign-ins. Try again in ${seconds} seconds.`, {
    retryAfterSeconds: seconds,
  });

/** Checks a TOTP code (each time step once) or an unused recovery code. */
async function checkSecondFactor(
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

async function fail(
  deps: UsersDeps,
  key: string,
  user: Account | undefined,
  meta: RequestMeta,
  reason: string,
) {
  const lockSeconds = await recordFailure(deps.db, key, deps.now());
  await audit(deps.db, meta, 'login.failed', { actorId: user?.id ?? null, target: key, detail: { reason } });
  if (lockSeconds > 0) {
    await audit(deps.db, meta, 'login.locked', {
      actorId: user?.id ?? null,
      target: key,
      detail: { lockSeconds },
    });
    return locked(lockSeconds);
  }
  return invalidCredentials();
}

/**
 * Signs in. An unknown email costs the same argon2 verification as a wrong password and gets
 * the same error, and failures are counted per email whether or not it has an account, so
 * neither the answer, its timing nor a lock tells whether an account exists.
 */
export async function login(deps: UsersDeps, input: LoginInput, meta: RequestMeta): Promise<SessionTokens> {
  if (input.email.length > 254 || input.password.length > 256) throw invalidCredentials();
  const key = emailKey(input.email);
  const lockSeconds = await lockedFor(deps.db, key, deps.now());
  if (lockSeconds > 0) throw locked(lockSeconds);

  const [user] = await deps.db.select().from(accounts).where(eq(accounts.emailKey, key)).limit(1);
  const passwordOk = await verifyPassword(user?.passwordHash ?? deps.dummyHash, input.password);
  if (!user || !passwordOk || user.deactivatedAt) {
    throw await fail(
      deps,
      key,
      user,
      meta,
      !user ? 'unknown_email' : user.deactivatedAt ? 'deactivated' : 'password',
    );
  }

  if (user.twoFactorEnabled) {
    if (!input.totpCode) {
      throw appError(
        'TWO_FACTOR_REQUIRED',
        'Enter the code from your authenticator app (or a recovery code).',
      );
    }
    if (!(await checkSecondFactor(deps, user, input.totpCode, meta))) {
      throw await fail(deps, key, user, meta, 'totp');
    }
  }

  await clearFailures(deps.db, key);
  if (needsRehash(user.passwordHash)) {
    await deps.db
      .update(accounts)
      .set({ passwordHash: await hashPassword(input.password), updatedAt: deps.now() })
      .where(eq(accounts.id, user.id));
    await audit(deps.db, meta, 'password.rehashed', { actorId: user.id, target: user.id });
  }
  const session = await startSession(deps, deps.db, user);
  await audit(deps.db, meta, 'login.succeeded', { actorId: user.id, target: user.id });
  await deps.bus.publish('user.logged_in', { userId: user.id, at: deps.now().toISOString() });
  return session;
}
