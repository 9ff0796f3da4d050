import { appError, type Role } from '@ukp/kit';
import { eq } from 'drizzle-orm';
import { accounts } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { countFailure, refuseWhileLocked } from './lockout.js';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { spendSecondFactor } from './second-factor.js';
import { type Account, type SessionTokens, startSession } from './sessions.js';
import { clearFailures } from './throttle.js';
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
  checkPasswordPolicy(input.password, 'password', [email, displayName]);
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

function fail(deps: UsersDeps, key: string, user: Account | undefined, meta: RequestMeta, reason: string) {
  return countFailure(deps, meta, {
    emailKey: key,
    actorId: user?.id ?? null,
    action: 'login.failed',
    lockedAction: 'login.locked',
    reason,
    refusal: invalidCredentials,
  });
}

/**
 * Signs in. An unknown email costs the same argon2 verification as a wrong password and gets
 * the same error, and failures are counted per email whether or not it has an account, so
 * neither the answer, its timing nor a lock tells whether an account exists.
 */
export async function login(deps: UsersDeps, input: LoginInput, meta: RequestMeta): Promise<SessionTokens> {
  if (input.email.length > 254 || input.password.length > 256) throw invalidCredentials();
  const key = emailKey(input.email);
  await refuseWhileLocked(deps, key);

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
    if (!(await spendSecondFactor(deps, user, input.totpCode, meta))) {
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
