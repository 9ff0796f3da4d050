import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, loginThrottle, recoveryCodes } from '../db/schema.js';
import { open, parseKey } from '../domain/secret-box.js';
import { totpCode } from '../domain/totp.js';
import {
  auditOf,
  auditRowsWithoutClient,
  errorCode,
  gql,
  login,
  signUp,
  startUsers,
  type UsersFixture,
} from '../test-support.js';

let users: UsersFixture;

beforeAll(async () => {
  users = await startUsers();
});
afterAll(async () => {
  await users?.stop();
});

const BEGIN = 'mutation { beginTwoFactorSetup { secret otpauthUrl recoveryCodes } }';
const CONFIRM = 'mutation ($code: String!) { confirmTwoFactor(code: $code) }';
const DISABLE =
  'mutation ($code: String!, $password: String) { disableTwoFactor(code: $code, password: $password) }';

interface Setup {
  secret: string;
  otpauthUrl: string;
  recoveryCodes: string[];
}

/** The code for the clock's time, `steps` × 30 s away. */
function code(secret: string, steps = 0): string {
  return totpCode(secret, new Date(users.clock.now.getTime() + steps * 30_000));
}

async function begin(token: string): Promise<Setup> {
  const result = await gql<{ beginTwoFactorSetup: Setup }>(users.url, BEGIN, {}, token);
  if (!result.body.data) throw new Error(`beginTwoFactorSetup failed: ${JSON.stringify(result.body.errors)}`);
  return result.body.data.beginTwoFactorSetup;
}

/** A signed-up account with two-factor on; the clock is moved past the step used to confirm. */
async function accountWithTwoFactor(): Promise<Awaited<ReturnType<typeof signUp>> & Setup> {
  const account = await signUp(users.url);
  const setup = await begin(account.accessToken);
  const confirmed = await gql(users.url, CONFIRM, { code: code(setup.secret) }, account.accessToken);
  expect(confirmed.body.data).toEqual({ confirmTwoFactor: true });
  users.clock.advance(30);
  return { ...account, ...setup };
}

async function accountRow(id: string) {
  const [row] = await users.db.select().from(accounts).where(eq(accounts.id, id));
  return row!;
}

describe('two-factor setup', () => {
  it('begins with a new secret and ten recovery codes, and changes nothing until confirmed', async () => {
    const account = await signUp(users.url);
    const result = await gql<{ beginTwoFactorSetup: Setup }>(users.url, BEGIN, {}, account.accessToken);
    const setup = result.body.data!.beginTwoFactorSetup;
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(setup.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(setup.secret);
    expect(url.searchParams.get('issuer')).toBe('UKP');
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(url.pathname)).toContain(account.email);
    expect(setup.recoveryCodes).toHaveLength(10);
    expect(new Set(setup.recoveryCodes).size).toBe(10);
    for (const c of setup.recoveryCodes) expect(c).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect((await auditOf(users.db, result.requestId)).map((e) => e.action)).toEqual(['2fa.setup_started']);

    // Sealed at rest: no plaintext secret, no plaintext codes; two-factor still off.
    const row = await accountRow(account.user.id);
    expect(row.twoFactorEnabled).toBe(false);
    expect(row.totpSecret).toBeNull();
    expect(row.totpPendingSecret).toMatch(/^v1\./);
    expect(row.totpPendingSecret).not.toContain(setup.secret);
    expect(open(parseKey(users.env.TOTP_ENCRYPTION_KEY!), row.totpPendingSecret!)).toBe(setup.secret);
    const codes = await users.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, account.user.id));
    expect(codes).toHaveLength(10);
    expect(codes.every((c) => !c.active)).toBe(true);
    const stored = codes.map((c) => c.codeHash).join(' ');
    for (const c of setup.recoveryCodes) {
      expect(stored).not.toContain(c);
      expect(stored).not.toContain(c.replaceAll('-', ''));
    }
    expect(errorCode(await login(users.url, account.email, account.password))).toBeUndefined();
  });

  it('needs a signed-in caller for every two-factor mutation', async () => {
    for (const [query, variables] of [
      [BEGIN, {}],
      [CONFIRM, { code: '123456' }],
      [DISABLE, { code: '123456', password: 'whatever-it-is' }],
    ] as const) {
      expect(errorCode(await gql(users.url, query, variables))).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses a wrong code and confirming before setup with BAD_USER_INPUT', async () => {
    const account = await signUp(users.url);
    const early = await gql(users.url, CONFIRM, { code: '123456' }, account.accessToken);
    expect(errorCode(early)).toBe('BAD_USER_INPUT');
    expect(early.body.errors![0]!.extensions!.field).toBe('code');

    const setup = await begin(account.accessToken);
    for (const wrong of [code(setup.secret, 3), 'abcdef', '12345', '']) {
      const result = await gql(users.url, CONFIRM, { code: wrong }, account.accessToken);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.extensions!.field).toBe('code');
    }
    expect((await accountRow(account.user.id)).twoFactorEnabled).toBe(false);
  });

  it('confirms with a current code: sealed secret, active recovery codes, TWO_FACTOR_REQUIRED on login', async () => {
    const account = await signUp(users.url);
    const setup = await begin(account.accessToken);
    const result = await gql(users.url, CONFIRM, { code: ` ${code(setup.secret)} ` }, account.accessToken);
    expect(result.body.data).toEqual({ confirmTwoFactor: true });
    expect((await auditOf(users.db, result.requestId)).map((e) => e.action)).toEqual(['2fa.enabled']);

    const row = await accountRow(account.user.id);
    expect(row.twoFactorEnabled).toBe(true);
    expect(row.totpPendingSecret).toBeNull();
    expect(row.totpSecret).not.toContain(setup.secret);
    expect(open(parseKey(users.env.TOTP_ENCRYPTION_KEY!), row.totpSecret!)).toBe(setup.secret);
    const codes = await users.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, account.user.id));
    expect(codes.filter((c) => c.active)).toHaveLength(10);

    const me = await gql<{ me: { twoFactorEnabled: boolean } }>(
      users.url,
      '{ me { twoFactorEnabled } }',
      {},
      account.accessToken,
    );
    expect(me.body.data!.me.twoFactorEnabled).toBe(true);

    const noCode = await login(users.url, account.email, account.password);
    expect(errorCode(noCode)).toBe('TWO_FACTOR_REQUIRED');
    expect(noCode.body.errors![0]!.message).toMatch(/authenticator app/);
    // The code that confirmed the setup is spent: it does not sign in.
    expect(errorCode(await login(users.url, account.email, account.password, code(setup.secret)))).toBe(
      'INVALID_CREDENTIALS',
    );
    // A wrong password still says only INVALID_CREDENTIALS, so the second factor reveals nothing.
    expect(errorCode(await login(users.url, account.email, `${account.password}x`))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(errorCode(await login(users.url, account.email, `${account.password}x`, code(setup.secret)))).toBe(
      'INVALID_CREDENTIALS',
    );
    // Setting up again while it is on is a conflict.
    expect(errorCode(await gql(users.url, BEGIN, {}, account.accessToken))).toBe('CONFLICT');
  });

  it('confirms only the latest setup: an earlier secret and its recovery codes are dropped', async () => {
    const account = await signUp(users.url);
    const first = await begin(account.accessToken);
    const second = await begin(account.accessToken);
    expect(second.secret).not.toBe(first.secret);
    const stale = await gql(users.url, CONFIRM, { code: code(first.secret) }, account.accessToken);
    expect(errorCode(stale)).toBe('BAD_USER_INPUT');
    await gql(users.url, CONFIRM, { code: code(second.secret) }, account.accessToken);
    users.clock.advance(30);
    const codes = await users.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, account.user.id));
    expect(codes).toHaveLength(10);
    expect(errorCode(await login(users.url, account.email, account.password, first.recoveryCodes[0]))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect(
      errorCode(await login(users.url, account.email, account.password, second.recoveryCodes[0])),
    ).toBeUndefined();
  });
});

describe('login with two-factor', () => {
  it('accepts each code once, one step of drift either way, and not two', async () => {
    const account = await accountWithTwoFactor();
    const ok = await login(users.url, account.email, account.password, code(account.secret));
    expect(ok.body.errors).toBeUndefined();
    expect(ok.body.data!.login.user.twoFactorEnabled).toBe(true);

    const replay = await login(users.url, account.email, account.password, code(account.secret));
    expect(errorCode(replay)).toBe('INVALID_CREDENTIALS');
    expect(replay.body.errors![0]!.message).toBe('Email or password is incorrect.');
    expect((await auditOf(users.db, replay.requestId))[0]!.detail).toMatchObject({ reason: 'totp' });

    users.clock.advance(60);
    expect(
      errorCode(await login(users.url, account.email, account.password, code(account.secret, -1))),
    ).toBeUndefined();
    expect(
      errorCode(await login(users.url, account.email, account.password, code(account.secret, 1))),
    ).toBeUndefined();
    // The +1 step is used now, so the current one (older) is refused too.
    expect(errorCode(await login(users.url, account.email, account.password, code(account.secret)))).toBe(
      'INVALID_CREDENTIALS',
    );

    users.clock.advance(5 * 30);
    for (const steps of [-2, 2]) {
      const result = await login(users.url, account.email, account.password, code(account.secret, steps));
      expect(errorCode(result)).toBe('INVALID_CREDENTIALS');
    }
    expect(
      errorCode(await login(users.url, account.email, account.password, code(account.secret))),
    ).toBeUndefined();
  });

  it('accepts each recovery code once, in any case and without dashes', async () => {
    const account = await accountWithTwoFactor();
    const [first, second] = account.recoveryCodes;
    const result = await login(users.url, account.email, account.password, first);
    expect(result.body.errors).toBeUndefined();
    expect((await auditOf(users.db, result.requestId)).map((e) => e.action)).toEqual([
      '2fa.recovery_code_used',
      'login.succeeded',
    ]);
    expect(errorCode(await login(users.url, account.email, account.password, first))).toBe(
      'INVALID_CREDENTIALS',
    );
    const shouted = second!.toUpperCase().replaceAll('-', '');
    expect(errorCode(await login(users.url, account.email, account.password, shouted))).toBeUndefined();

    const codes = await users.db
      .select()
      .from(recoveryCodes)
      .where(eq(recoveryCodes.userId, account.user.id));
    expect(codes.filter((c) => c.usedAt !== null)).toHaveLength(2);
  });

  it('counts wrong codes towards the lockout', async () => {
    const account = await accountWithTwoFactor();
    for (let i = 0; i < 4; i += 1) {
      expect(errorCode(await login(users.url, account.email, account.password, '000000'))).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    const locked = await login(users.url, account.email, account.password, code(account.secret, 3));
    expect(errorCode(locked)).toBe('ACCOUNT_LOCKED');
    expect(locked.body.errors![0]!.extensions!.retryAfterSeconds).toBe(60);
    // While locked, even a right code does not get in.
    expect(errorCode(await login(users.url, account.email, account.password, code(account.secret)))).toBe(
      'ACCOUNT_LOCKED',
    );
    users.clock.advance(61);
    expect(
      errorCode(await login(users.url, account.email, account.password, code(account.secret))),
    ).toBeUndefined();
  });
});

describe('disableTwoFactor', () => {
  it('needs a valid, unused code, then turns two-factor off', async () => {
    const account = await accountWithTwoFactor();
    const signedIn = await login(users.url, account.email, account.password, code(account.secret));
    const token = signedIn.body.data!.login.accessToken;

    const { password } = account;
    for (const wrong of ['000000', code(account.secret), 'aaaa-bbbb-cccc-dddd']) {
      const result = await gql(users.url, DISABLE, { code: wrong, password }, token);
      expect(errorCode(result)).toBe('INVALID_CREDENTIALS');
    }
    expect((await accountRow(account.user.id)).twoFactorEnabled).toBe(true);

    users.clock.advance(30);
    const result = await gql(users.url, DISABLE, { code: code(account.secret), password }, token);
    expect(result.body.data).toEqual({ disableTwoFactor: true });
    expect((await auditOf(users.db, result.requestId)).map((e) => e.action)).toEqual(['2fa.disabled']);

    const row = await accountRow(account.user.id);
    expect(row).toMatchObject({ twoFactorEnabled: false, totpSecret: null, totpPendingSecret: null });
    expect(
      await users.db.select().from(recoveryCodes).where(eq(recoveryCodes.userId, account.user.id)),
    ).toHaveLength(0);
    expect(errorCode(await login(users.url, account.email, account.password))).toBeUndefined();
    // Off already: nothing to disable.
    expect(errorCode(await gql(users.url, DISABLE, { code: code(account.secret, 1), password }, token))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('accepts an unused recovery code but not one already spent on a login', async () => {
    const account = await accountWithTwoFactor();
    const [spent, fresh] = account.recoveryCodes;
    const signedIn = await login(users.url, account.email, account.password, spent);
    const token = signedIn.body.data!.login.accessToken;

    const { password } = account;
    expect(errorCode(await gql(users.url, DISABLE, { code: spent, password }, token))).toBe(
      'INVALID_CREDENTIALS',
    );
    expect((await accountRow(account.user.id)).twoFactorEnabled).toBe(true);
    const result = await gql<{ disableTwoFactor: boolean }>(
      users.url,
      DISABLE,
      { code: fresh, password },
      token,
    );
    expect(result.body.data).toEqual({ disableTwoFactor: true });
  });

  it('refuses a call without the password with BAD_USER_INPUT, counting nothing', async () => {
    const account = await accountWithTwoFactor();
    for (const variables of [{ code: code(account.secret) }, { code: code(account.secret), password: '' }]) {
      const result = await gql(users.url, DISABLE, variables, account.accessToken);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.body.errors![0]!.message).toMatch(/password is required/);
      expect(result.body.errors![0]!.extensions!.field).toBe('password');
    }
    // The old document shape (no password argument at all) still validates, and is refused the same way.
    const old = await gql(
      users.url,
      'mutation ($code: String!) { disableTwoFactor(code: $code) }',
      { code: code(account.secret) },
      account.accessToken,
    );
    expect(errorCode(old)).toBe('BAD_USER_INPUT');
    expect((await accountRow(account.user.id)).twoFactorEnabled).toBe(true);
    expect(
      await users.db.select().from(loginThrottle).where(eq(loginThrottle.emailKey, account.email)),
    ).toEqual([]);
  });

  it('needs the right password: a stolen session alone does not turn two-factor off', async () => {
    const account = await accountWithTwoFactor();
    const wrong = await gql(
      users.url,
      DISABLE,
      { code: code(account.secret), password: `${account.password}x` },
      account.accessToken,
    );
    expect(errorCode(wrong)).toBe('INVALID_CREDENTIALS');
    expect((await auditOf(users.db, wrong.requestId)).map((e) => [e.action, e.detail])).toEqual([
      ['2fa.disable_failed', expect.objectContaining({ reason: 'password' })],
    ]);
    expect((await accountRow(account.user.id)).twoFactorEnabled).toBe(true);
    // The code was not spent on the failed attempt: with the password it still works.
    const right = await gql(
      users.url,
      DISABLE,
      { code: code(account.secret), password: account.password },
      account.accessToken,
    );
    expect(right.body.data).toEqual({ disableTwoFactor: true });
  });

  it('counts wrong codes and passwords towards the sign-in lock, which then refuses even the right pair', async () => {
    const account = await accountWithTwoFactor();
    const disable = (variables: { code: string; password: string }) =>
      gql(users.url, DISABLE, variables, account.accessToken);
    const { password } = account;
    const answers: unknown[] = [];
    for (const attempt of [
      { code: '000000', password },
      { code: '111111', password },
      { code: code(account.secret), password: 'not-the-password-1' },
      { code: 'aaaa-bbbb-cccc-dddd', password },
    ]) {
      answers.push(errorCode(await disable(attempt)));
    }
    expect(answers).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    const fifth = await disable({ code: '222222', password });
    expect(errorCode(fifth)).toBe('ACCOUNT_LOCKED');
    expect(fifth.body.errors![0]!.extensions!.retryAfterSeconds).toBe(60);
    expect((await auditOf(users.db, fifth.requestId)).map((e) => e.action)).toEqual([
      '2fa.disable_failed',
      '2fa.disable_locked',
    ]);

    // Locked: the right code and password are refused, here and at sign-in.
    const right = await disable({ code: code(account.secret), password });
    expect(errorCode(right)).toBe('ACCOUNT_LOCKED');
    expect(right.body.errors![0]!.extensions!.retryAfterSeconds).toBe(60);
    expect(errorCode(await login(users.url, account.email, account.password, code(account.secret)))).toBe(
      'ACCOUNT_LOCKED',
    );
    expect((await accountRow(account.user.id)).twoFactorEnabled).toBe(true);

    users.clock.advance(61);
    const after = await disable({ code: code(account.secret), password });
    expect(after.body.data).toEqual({ disableTwoFactor: true });
    // Success clears the count, as a sign-in does.
    expect(
      await users.db.select().from(loginThrottle).where(eq(loginThrottle.emailKey, account.email)),
    ).toEqual([]);
  });
});

describe('audit trail', () => {
  it('records the client address and the request id on every event', async () => {
    expect(await auditRowsWithoutClient(users.db)).toEqual([]);
  });
});
