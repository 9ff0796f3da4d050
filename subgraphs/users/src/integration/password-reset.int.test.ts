import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mailOutbox, passwordResets, refreshTokens } from '../db/schema.js';
import { hashToken } from '../domain/opaque-tokens.js';
import {
  auditOf,
  auditRowsWithoutClient,
  errorCode,
  gql,
  login,
  refresh,
  signUp,
  startUsers,
  strongPassword,
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

const REQUEST = 'mutation ($email: String!) { requestPasswordReset(email: $email) }';
const RESET = 'mutation ($token: String!, $pw: String!) { resetPassword(token: $token, newPassword: $pw) }';

function outboxFor(address: string) {
  return users.db.select().from(mailOutbox).where(eq(mailOutbox.to, address)).orderBy(mailOutbox.createdAt);
}

/** The mails to `address` once there are `count` (the reset mail is written after the answer). */
function mailsOnce(address: string, count: number) {
  return vi.waitFor(async () => {
    const mails = await outboxFor(address);
    expect(mails).toHaveLength(count);
    return mails;
  });
}

/** Asks for a reset and returns the token from the mail it wrote. */
async function requestToken(email: string): Promise<string> {
  const before = (await outboxFor(email)).length;
  const result = await gql<{ requestPasswordReset: boolean }>(users.url, REQUEST, { email });
  expect(result.body.data).toEqual({ requestPasswordReset: true });
  const mails = await mailsOnce(email, before + 1);
  const token = /Reset token: (\S+)/.exec(mails.at(-1)!.body)?.[1];
  if (!token) throw new Error(`no token in mail: ${mails.at(-1)!.body}`);
  return token;
}

function reset(token: string, pw: string) {
  return gql<{ resetPassword: boolean }>(users.url, RESET, { token, pw });
}

describe('requestPasswordReset', () => {
  it('is true for an unknown email and writes no mail', async () => {
    const email = uniqueEmail('unknown');
    const result = await gql(users.url, REQUEST, { email });
    expect(result.body).toEqual({ data: { requestPasswordReset: true } });
    expect(await outboxFor(email)).toHaveLength(0);
    expect(await auditOf(users.db, result.requestId)).toHaveLength(0);
    // Even nonsense is answered the same way.
    const nonsense = await gql(users.url, REQUEST, { email: 'x'.repeat(300) });
    expect(nonsense.body).toEqual({ data: { requestPasswordReset: true } });
  });

  it('mails a single-use link to a known email, storing only the token hash', async () => {
    const account = await signUp(users.url, { displayName: 'Grace' });
    const result = await gql(users.url, REQUEST, { email: `  ${account.email.toUpperCase()}` });
    expect(result.body).toEqual({ data: { requestPasswordReset: true } });
    const [mail] = await mailsOnce(account.email, 1);
    expect(mail!.subject).toBe('Reset your UKP password');
    expect(mail!.body).toContain('Hello Grace,');
    expect(mail!.body).toContain('30 minutes');
    const token = /Reset token: (\S+)/.exec(mail!.body)![1]!;
    expect(mail!.body).toContain(`${users.env.PASSWORD_RESET_URL}?token=${token}`);

    const rows = await users.db
      .select()
      .from(passwordResets)
      .where(eq(passwordResets.userId, account.user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken(token));
    expect(rows[0]!.tokenHash).not.toContain(token);
    expect(rows[0]!.expiresAt.getTime()).toBe(users.clock.now.getTime() + 30 * 60 * 1000);

    const events = await auditOf(users.db, result.requestId);
    expect(events.map((e) => e.action)).toEqual(['password.reset_requested']);
    expect(events[0]).toMatchObject({ actorId: account.user.id, target: account.user.id });
  });

  it('answers before it writes the token and the mail, so the answer does not tell who has an account', async () => {
    const account = await signUp(users.url);
    let answer: unknown;
    // While this transaction holds the reset table, nothing can be written to it: a request that
    // waited for its writes could not answer until the lock is gone (and the test would time out).
    await users.db.transaction(async (tx) => {
      await tx.execute(sql`lock table users.password_resets in access exclusive mode`);
      // Bounded, so that a request which does wait fails this test instead of the whole file.
      answer = await Promise.race([
        gql(users.url, REQUEST, { email: account.email }).then((r) => r.body),
        new Promise((resolve) => setTimeout(() => resolve('no answer while the writes were blocked'), 5_000)),
      ]);
      expect(
        await tx.select().from(passwordResets).where(eq(passwordResets.userId, account.user.id)),
      ).toEqual([]);
    });
    expect(answer).toEqual({ data: { requestPasswordReset: true } });
    // Then the writes go through, and the mail is there.
    await mailsOnce(account.email, 1);
    await vi.waitFor(() => expect(users.server.deps.background.pending).toBe(0));
  });
});

describe('resetPassword', () => {
  it('refuses a weak password on newPassword and keeps the token usable', async () => {
    const account = await signUp(users.url);
    const token = await requestToken(account.email);
    for (const pw of ['short-pw', 'password1234', account.email]) {
      const result = await reset(token, pw);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.extensions!.field).toBe('newPassword');
    }
    expect((await reset(token, strongPassword())).body.data).toEqual({ resetPassword: true });
  });

  it('sets the new password, ends every session and works once', async () => {
    const account = await signUp(users.url);
    const other = await login(users.url, account.email, account.password);
    const token = await requestToken(account.email);
    const newPassword = strongPassword();

    const result = await reset(token, newPassword);
    expect(result.body).toEqual({ data: { resetPassword: true } });
    const events = await auditOf(users.db, result.requestId);
    expect(events.map((e) => e.action)).toEqual(['password.reset']);
    expect(events[0]).toMatchObject({ actorId: account.user.id, target: account.user.id });

    expect(errorCode(await login(users.url, account.email, account.password))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await login(users.url, account.email, newPassword))).toBeUndefined();
    for (const old of [account.refreshToken, other.body.data!.login.refreshToken]) {
      expect(errorCode(await refresh(users.url, old))).toBe('UNAUTHENTICATED');
    }
    const revoked = await users.db
      .select()
      .from(refreshTokens)
      .where(
        and(eq(refreshTokens.userId, account.user.id), eq(refreshTokens.revokeReason, 'password_reset')),
      );
    expect(revoked).toHaveLength(2);

    const again = await reset(token, strongPassword());
    expect(errorCode(again)).toBe('BAD_USER_INPUT');
    expect(again.body.errors![0]!.extensions!.field).toBe('token');
    expect(errorCode(await login(users.url, account.email, newPassword))).toBeUndefined();
  });

  it('retires every other outstanding reset token of the user', async () => {
    const account = await signUp(users.url);
    const first = await requestToken(account.email);
    const second = await requestToken(account.email);
    expect(second).not.toBe(first);
    expect((await reset(second, strongPassword())).body.data).toEqual({ resetPassword: true });
    expect(errorCode(await reset(first, strongPassword()))).toBe('BAD_USER_INPUT');
    const open = await users.db
      .select()
      .from(passwordResets)
      .where(and(eq(passwordResets.userId, account.user.id), isNull(passwordResets.usedAt)));
    expect(open).toHaveLength(0);
  });

  it('expires after 30 minutes', async () => {
    const account = await signUp(users.url);
    const early = await requestToken(account.email);
    const late = await requestToken(account.email);
    users.clock.advance(30 * 60 - 1);
    expect((await reset(early, strongPassword())).body.data).toEqual({ resetPassword: true });

    const account2 = await signUp(users.url);
    const token = await requestToken(account2.email);
    users.clock.advance(30 * 60 + 1);
    const expired = await reset(token, strongPassword());
    expect(errorCode(expired)).toBe('BAD_USER_INPUT');
    expect(expired.body.errors![0]!.message).toBe(
      'This reset link is invalid, used or expired: request a new one.',
    );
    expect(errorCode(await login(users.url, account2.email, account2.password))).toBeUndefined();
    // (`late` was retired by the reset above.)
    expect(errorCode(await reset(late, strongPassword()))).toBe('BAD_USER_INPUT');
  });

  it('refuses unknown and malformed tokens with BAD_USER_INPUT on token', async () => {
    for (const token of ['', 'abc', 'q'.repeat(43), 'w'.repeat(500)]) {
      const result = await reset(token, strongPassword());
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.extensions!.field).toBe('token');
    }
  });

  it('lifts a sign-in lock on the account', async () => {
    const account = await signUp(users.url);
    for (let i = 0; i < 5; i += 1) await login(users.url, account.email, 'Wrong-password-0');
    expect(errorCode(await login(users.url, account.email, account.password))).toBe('ACCOUNT_LOCKED');
    const token = await requestToken(account.email);
    const newPassword = strongPassword();
    await reset(token, newPassword);
    expect(errorCode(await login(users.url, account.email, newPassword))).toBeUndefined();
  });
});

describe('audit trail', () => {
  it('records the client address and the request id on every event', async () => {
    expect(await auditRowsWithoutClient(users.db)).toEqual([]);
  });
});
