import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, loginThrottle } from '../db/schema.js';
import {
  auditOf,
  auditRowsWithoutClient,
  errorCode,
  gql,
  login,
  type Session,
  SIGN_UP,
  signUp,
  startUsers,
  strongPassword,
  TEST_IP,
  type UsersFixture,
  uniqueEmail,
} from '../test-support.js';

let users: UsersFixture;

beforeAll(async () => {
  users = await startUsers();
});
afterAll(async () => {
  await users?.stop();
});

const INVALID = 'Email or password is incorrect.';

function claimsOf(jwt: string): Record<string, unknown> {
  const [, payload] = jwt.split('.');
  return JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
}

function signUpWith(input: { email: string; password: string; displayName?: string }) {
  return gql<{ signUp: Session }>(users.url, SIGN_UP, { input: { displayName: 'Someone', ...input } });
}

describe('signUp', () => {
  it('creates a VIEWER, signs it in and shows the email to the new user', async () => {
    const email = uniqueEmail('Fresh');
    const result = await signUpWith({ email, password: strongPassword(), displayName: '  Ada  ' });
    expect(result.body.errors).toBeUndefined();
    const payload = result.body.data!.signUp;
    expect(payload.user).toMatchObject({
      email,
      displayName: 'Ada',
      roles: ['VIEWER'],
      twoFactorEnabled: false,
    });
    expect(payload.expiresIn).toBe(900);
    expect(payload.refreshToken.length).toBeGreaterThanOrEqual(40);

    const claims = claimsOf(payload.accessToken);
    expect(claims).toMatchObject({ sub: payload.user.id, roles: ['VIEWER'], iss: 'ukp', aud: 'ukp-api' });
    expect(typeof claims.sid).toBe('string');
    expect(typeof claims.jti).toBe('string');
    expect(Number(claims.exp) - Number(claims.iat)).toBe(900);

    const [row] = await users.db.select().from(accounts).where(eq(accounts.id, payload.user.id));
    expect(row!.emailKey).toBe(email.toLowerCase());
    expect(row!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

    const events = await auditOf(users.db, result.requestId);
    expect(events.map((e) => e.action)).toEqual(['user.signed_up']);
    expect(events[0]).toMatchObject({ actorId: payload.user.id, target: payload.user.id, ip: TEST_IP });
  });

  it('rejects a malformed email on the email field', async () => {
    for (const email of ['not-an-email', 'a@', '', `${'x'.repeat(250)}@example.com`]) {
      const result = await signUpWith({ email, password: strongPassword() });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.extensions!.field).toBe('email');
    }
  });

  it('rejects short, long and easily guessed passwords on the password field, saying why', async () => {
    const cases: Array<[string, RegExp]> = [
      ['Short-pw-11', /at least 12/],
      [`${'Ab1-'.repeat(64)}x`, /at most 256/],
      ['Password1234', /too easy to guess.*commonly used password/],
      ['qwerty123456', /too easy to guess.*commonly used password/],
      ['qwertyuiop12', /too easy to guess.*commonly used password/],
      ['1111111111111', /too easy to guess.*[Rr]epeated/],
    ];
    for (const [password, message] of cases) {
      const result = await signUpWith({ email: uniqueEmail(), password });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.extensions!.field).toBe('password');
      expect(result.body.errors![0]!.message).toMatch(message);
    }
    // The email itself is not a password either, nor the display name with a year.
    const email = uniqueEmail('same-as-password');
    const same = await signUpWith({ email, password: email });
    expect(errorCode(same)).toBe('BAD_USER_INPUT');
    expect(same.body.errors![0]!.message).toMatch(/personal/);
    const named = await signUpWith({ email, password: 'Marguerite1987', displayName: 'Marguerite' });
    expect(errorCode(named)).toBe('BAD_USER_INPUT');
    expect(named.body.errors![0]!.message).toMatch(/personal/);
    // Nothing was created by any of them.
    const rows = await users.db.select().from(accounts).where(eq(accounts.emailKey, email));
    expect(rows).toHaveLength(0);
  });

  it('accepts exactly 12 and exactly 256 characters', async () => {
    expect(errorCode(await signUpWith({ email: uniqueEmail(), password: 'Twelve-chars' }))).toBeUndefined();
    const long = randomBytes(192).toString('base64url');
    expect(long).toHaveLength(256);
    expect(errorCode(await signUpWith({ email: uniqueEmail(), password: long }))).toBeUndefined();
  });

  it('rejects an empty or overlong display name on the displayName field', async () => {
    for (const displayName of ['   ', 'x'.repeat(81), 'tab\there']) {
      const result = await signUpWith({ email: uniqueEmail(), password: strongPassword(), displayName });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.extensions!.field).toBe('displayName');
    }
  });

  it('refuses an email that is taken, whatever its case, with CONFLICT', async () => {
    const email = uniqueEmail('taken');
    await signUp(users.url, { email });
    const again = await signUpWith({ email: `  ${email.toUpperCase()} `, password: strongPassword() });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.body.errors![0]!.extensions!.field).toBe('email');
    const rows = await users.db.select().from(accounts).where(eq(accounts.emailKey, email.toLowerCase()));
    expect(rows).toHaveLength(1);
  });
});

describe('login', () => {
  it('signs in with the right password, whatever the case of the email', async () => {
    const account = await signUp(users.url);
    const result = await login(users.url, account.email.toUpperCase(), account.password);
    expect(result.body.errors).toBeUndefined();
    const payload = result.body.data!.login;
    expect(payload.user).toMatchObject({ id: account.user.id, email: account.email, roles: ['VIEWER'] });
    expect(payload.refreshToken).not.toBe(account.refreshToken);
    // A new session family: the access token's sid differs from the sign-up session's.
    expect(claimsOf(payload.accessToken).sid).not.toBe(claimsOf(account.accessToken).sid);

    const events = await auditOf(users.db, result.requestId);
    expect(events.map((e) => e.action)).toEqual(['login.succeeded']);
    expect(events[0]).toMatchObject({ actorId: account.user.id, ip: TEST_IP });
    expect(events[0]!.detail).toEqual({ requestId: result.requestId });
  });

  it('answers a wrong password and an unknown email with the same error', async () => {
    const account = await signUp(users.url);
    const wrong = await login(users.url, account.email, `${account.password}x`);
    const unknown = await login(users.url, uniqueEmail('nobody'), account.password);
    for (const result of [wrong, unknown]) {
      expect(result.body.data).toBeNull();
      expect(result.body.errors).toHaveLength(1);
      expect(result.body.errors![0]!.message).toBe(INVALID);
      expect(result.body.errors![0]!.extensions).toEqual({
        code: 'INVALID_CREDENTIALS',
        requestId: result.requestId,
      });
    }
    expect(wrong.status).toBe(unknown.status);

    const [failed] = await auditOf(users.db, wrong.requestId);
    expect(failed).toMatchObject({ action: 'login.failed', actorId: account.user.id, ip: TEST_IP });
    expect(failed!.detail).toMatchObject({ reason: 'password' });
    const [unknownFailed] = await auditOf(users.db, unknown.requestId);
    expect(unknownFailed).toMatchObject({ action: 'login.failed', actorId: null });
    expect(unknownFailed!.detail).toMatchObject({ reason: 'unknown_email' });
  });
});

describe('lockout', () => {
  async function failTimes(email: string, times: number) {
    for (let i = 0; i < times; i += 1) {
      const result = await login(users.url, email, 'Wrong-password-0');
      expect(errorCode(result)).toBe('INVALID_CREDENTIALS');
    }
  }

  async function expectLocked(email: string, password: string, seconds: number) {
    const result = await login(users.url, email, password);
    expect(errorCode(result)).toBe('ACCOUNT_LOCKED');
    expect(result.body.errors![0]!.extensions!.retryAfterSeconds).toBe(seconds);
    expect(result.body.errors![0]!.message).toBe(
      `Too many failed sign-ins. Try again in ${seconds} seconds.`,
    );
    return result;
  }

  it('locks after five failures for 60 s, then 60 s more per failure up to 15 min; success resets', async () => {
    const { email, password } = await signUp(users.url);
    await failTimes(email, 4);
    const fifth = await expectLocked(email, 'Wrong-password-0', 60);
    expect((await auditOf(users.db, fifth.requestId)).map((e) => e.action)).toEqual([
      'login.failed',
      'login.locked',
    ]);

    // While locked even the right password is refused, and the wait counts down.
    await expectLocked(email, password, 60);
    users.clock.advance(45);
    await expectLocked(email, password, 15);

    // Each failure after a lock expires locks for one more minute.
    users.clock.advance(16);
    for (let minutes = 2; minutes <= 15; minutes += 1) {
      await expectLocked(email, 'Wrong-password-0', minutes * 60);
      users.clock.advance(minutes * 60 + 1);
    }
    await expectLocked(email, 'Wrong-password-0', 900);
    users.clock.advance(901);

    // Success clears the count: the next lock again needs five failures and lasts 60 s.
    expect(errorCode(await login(users.url, email, password))).toBeUndefined();
    expect(await users.db.select().from(loginThrottle).where(eq(loginThrottle.emailKey, email))).toHaveLength(
      0,
    );
    await failTimes(email, 4);
    await expectLocked(email, 'Wrong-password-0', 60);
  });

  it('forgets failures older than 12 hours', async () => {
    const { email, password } = await signUp(users.url);
    await failTimes(email, 4);
    users.clock.advance(12 * 3600 + 1);
    await failTimes(email, 4);
    await expectLocked(email, 'Wrong-password-0', 60);
    users.clock.advance(61);
    expect(errorCode(await login(users.url, email, password))).toBeUndefined();
  });

  it('counts every failure of the last 12 hours, not only those since the first one', async () => {
    const { email } = await signUp(users.url);
    await failTimes(email, 1);
    users.clock.advance(6 * 3600);
    await failTimes(email, 3);
    users.clock.advance(6 * 3600 + 1);
    // The first failure is now older than 12 h; the three from 6 h ago still count: 3 + 1 = 4.
    await failTimes(email, 1);
    await expectLocked(email, 'Wrong-password-0', 60);
  });

  it('counts failures that arrive at the same time', async () => {
    const { email, password } = await signUp(users.url);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => login(users.url, email, 'Wrong-password-0')),
    );
    const codes = results.map(errorCode).sort();
    expect(codes).toEqual(['ACCOUNT_LOCKED', ...Array(4).fill('INVALID_CREDENTIALS')]);
    await expectLocked(email, password, 60);
  });

  it('locks an unknown email exactly like a known one', async () => {
    const email = uniqueEmail('ghost');
    await failTimes(email, 4);
    const locked = await expectLocked(email, 'Wrong-password-0', 60);
    expect(locked.body.errors![0]!.extensions).toEqual({
      code: 'ACCOUNT_LOCKED',
      retryAfterSeconds: 60,
      requestId: locked.requestId,
    });
    users.clock.advance(61);
    await expectLocked(email, 'Wrong-password-0', 120);
  });

  it('keeps emails apart: one locked email does not lock another', async () => {
    const victim = await signUp(users.url);
    const other = await signUp(users.url);
    await failTimes(victim.email, 4);
    await expectLocked(victim.email, 'Wrong-password-0', 60);
    expect(errorCode(await login(users.url, other.email, other.password))).toBeUndefined();
  });
});

describe('password hashing', () => {
  it('rehashes a weaker argon2id hash on the next successful login', async () => {
    const email = uniqueEmail('legacy');
    const password = strongPassword();
    const weak = await hash(password, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    expect(weak).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);
    const [row] = await users.db
      .insert(accounts)
      .values({ email, emailKey: email, displayName: 'Legacy', passwordHash: weak })
      .returning();

    // A failed attempt leaves the hash alone.
    expect(errorCode(await login(users.url, email, `${password}!`))).toBe('INVALID_CREDENTIALS');
    let [stored] = await users.db.select().from(accounts).where(eq(accounts.id, row!.id));
    expect(stored!.passwordHash).toBe(weak);

    const result = await login(users.url, email, password);
    expect(result.body.errors).toBeUndefined();
    [stored] = await users.db.select().from(accounts).where(eq(accounts.id, row!.id));
    expect(stored!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(stored!.passwordHash).not.toContain(password);
    expect((await auditOf(users.db, result.requestId)).map((e) => e.action)).toEqual([
      'login.succeeded',
      'password.rehashed',
    ]);

    // The new hash still verifies, and is not replaced again.
    const again = await login(users.url, email, password);
    expect(again.body.errors).toBeUndefined();
    const [after] = await users.db.select().from(accounts).where(eq(accounts.id, row!.id));
    expect(after!.passwordHash).toBe(stored!.passwordHash);
  });
});

describe('first admin from ADMIN_EMAIL / ADMIN_PASSWORD', () => {
  it('creates the admin on start, once, on a database shared with another instance', async () => {
    const adminEmail = uniqueEmail('root');
    const adminPassword = strongPassword();
    const env = { ADMIN_EMAIL: adminEmail, ADMIN_PASSWORD: adminPassword };
    const second = await startUsers({ database: users.database, env });
    try {
      const result = await login(second.url, adminEmail, adminPassword);
      expect(result.body.errors).toBeUndefined();
      expect(result.body.data!.login.user.roles).toEqual(['ADMIN']);
      expect(claimsOf(result.body.data!.login.accessToken).roles).toEqual(['ADMIN']);
      // The first server sees the same account.
      const viaFirst = await login(users.url, adminEmail, adminPassword);
      expect(viaFirst.body.data!.login.user.id).toBe(result.body.data!.login.user.id);
    } finally {
      await second.stop();
    }
    // Starting again with the same variables leaves the existing account as it is.
    const third = await startUsers({
      database: users.database,
      env: { ...env, ADMIN_PASSWORD: strongPassword() },
    });
    await third.stop();
    const rows = await users.db.select().from(accounts).where(eq(accounts.emailKey, adminEmail));
    expect(rows).toHaveLength(1);
    expect(errorCode(await login(users.url, adminEmail, adminPassword))).toBeUndefined();
  });

  it('refuses to start with an ADMIN_PASSWORD that breaks the policy', async () => {
    await expect(
      startUsers({
        database: users.database,
        env: { ADMIN_EMAIL: uniqueEmail('weak'), ADMIN_PASSWORD: 'short' },
      }),
    ).rejects.toThrow(/ADMIN_EMAIL\/ADMIN_PASSWORD: Password must be at least 12/);
  });
});

describe('audit trail', () => {
  it('records the client address and the request id on every event', async () => {
    expect(await auditRowsWithoutClient(users.db)).toEqual([]);
  });
});
