import { randomBytes } from 'node:crypto';
import {
  AuditLogDocument,
  BeginTwoFactorSetupDocument,
  ConfirmTwoFactorDocument,
  DeactivateUserDocument,
  DisableTwoFactorDocument,
  LoginDocument,
  LogoutEverywhereDocument,
  MeDocument,
  RefreshSessionDocument,
  RequestPasswordResetDocument,
  ResetPasswordDocument,
  SetUserRolesDocument,
  SignUpDocument,
  UserEmailDocument,
  UsersDocument,
} from '@ukp/client/documents';
import { TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorCode, execute, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

/** A person signed up on the platform; the tokens are those of their latest sign-in. */
interface Person {
  id: string;
  email: string;
  password: string;
  access: string;
  refresh: string;
}

/**
 * One person's life on the platform, through the gateway, with the typed operations a frontend
 * would use: sign up → log in → me → refresh → reuse detection → lockout → 2FA → reset via the
 * outbox → role change → forbidden paths → deactivation. Each test brings its own person (the
 * platform is shared), so the tests pass in any order; the admin's test lives the whole life
 * first, since it reads that life back from the audit log.
 */
describe('users through the gateway', () => {
  let t: TestPlatform;
  let adminAccess = '';

  const newEmail = () => `Ada.${randomBytes(3).toString('hex')}@Example.com`;
  const firstPassword = 'correct horse battery staple 42';
  const advance = (seconds: number) => {
    t.clock.now = new Date(t.clock.now.getTime() + seconds * 1000);
  };
  const login = (
    who: { email: string; password: string },
    extra: { totpCode?: string; password?: string } = {},
  ) =>
    execute(t.url, LoginDocument, {
      input: { email: who.email.toLowerCase(), password: who.password, ...extra },
    });

  /** Signs up a fresh person (a VIEWER) and signs them in. */
  const signedUpAndIn = async (): Promise<Person> => {
    const email = newEmail();
    const password = firstPassword;
    const signUp = await execute(t.url, SignUpDocument, { input: { email, password, displayName: ' Ada ' } });
    expect(signUp.errors).toBeUndefined();
    const signedIn = await login({ email, password });
    expect(signedIn.errors).toBeUndefined();
    return {
      id: signUp.data!.signUp.user.id,
      email,
      password,
      access: signedIn.data!.login.accessToken,
      refresh: signedIn.data!.login.refreshToken,
    };
  };

  /** Refresh rotation, a second tab's concurrent refresh, then reuse detection after the grace window. */
  const rotateThenReplay = async (ada: Person) => {
    const { refresh } = ada;
    const first = await execute(t.url, RefreshSessionDocument, { refreshToken: refresh });
    expect(first.errors).toBeUndefined();
    const child = first.data!.refreshSession.refreshToken;
    expect(child).not.toBe(refresh);

    // A second tab presenting the same token at once gets the same pair.
    const secondTab = await execute(t.url, RefreshSessionDocument, { refreshToken: refresh });
    expect(secondTab.data?.refreshSession.refreshToken).toBe(child);

    advance(11);
    const replay = await execute(t.url, RefreshSessionDocument, { refreshToken: refresh });
    expect(errorCode(replay)).toBe('REFRESH_TOKEN_REUSED');
    const afterRevoke = await execute(t.url, RefreshSessionDocument, { refreshToken: child });
    expect(errorCode(afterRevoke)).toBe('UNAUTHENTICATED');
  };

  /** Five failures lock the email; after the lock the right password signs in again. */
  const lockOutThenIn = async (ada: Person) => {
    const codes: unknown[] = [];
    for (let i = 0; i < 5; i += 1)
      codes.push(errorCode(await login(ada, { password: `wrong password ${i}!!` })));
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    const fifth = codes[4];
    expect(fifth).toBe('ACCOUNT_LOCKED');
    const whileLocked = await login(ada);
    expect(errorCode(whileLocked)).toBe('ACCOUNT_LOCKED');
    expect(whileLocked.errors?.[0]?.extensions?.retryAfterSeconds).toBe(60);
    advance(61);
    const ok = await login(ada);
    expect(ok.errors).toBeUndefined();
    ada.access = ok.data!.login.accessToken;
    ada.refresh = ok.data!.login.refreshToken;
  };

  /** Turns two-factor sign-in on (fresh codes, a recovery code), then off again. */
  const twoFactorOnThenOff = async (ada: Person) => {
    const setup = await execute(t.url, BeginTwoFactorSetupDocument, {}, ada.access);
    expect(setup.errors).toBeUndefined();
    const { secret, otpauthUrl, recoveryCodes } = setup.data!.beginTwoFactorSetup;
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(recoveryCodes).toHaveLength(10);
    const totp = new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 });
    const code = () => totp.generate({ timestamp: t.clock.now.getTime() });

    const confirmed = await execute(t.url, ConfirmTwoFactorDocument, { code: code() }, ada.access);
    expect(confirmed.data?.confirmTwoFactor).toBe(true);

    expect(errorCode(await login(ada))).toBe('TWO_FACTOR_REQUIRED');
    // The confirming code's time step is spent; the next step's code signs in once.
    advance(30);
    const withCode = await login(ada, { totpCode: code() });
    expect(withCode.errors).toBeUndefined();
    expect(withCode.data?.login.user.twoFactorEnabled).toBe(true);
    expect(errorCode(await login(ada, { totpCode: code() }))).toBe('INVALID_CREDENTIALS');

    const withRecovery = await login(ada, { totpCode: recoveryCodes[0]! });
    expect(withRecovery.errors).toBeUndefined();
    ada.access = withRecovery.data!.login.accessToken;
    ada.refresh = withRecovery.data!.login.refreshToken;

    advance(30);
    const disabled = await execute(
      t.url,
      DisableTwoFactorDocument,
      { code: code(), password: ada.password },
      ada.access,
    );
    expect(disabled.data?.disableTwoFactor).toBe(true);
    expect((await login(ada)).errors).toBeUndefined();
  };

  /** Resets a forgotten password with the token from the mail outbox; the token works once. */
  const resetPassword = async (ada: Person) => {
    const unknown = await execute(t.url, RequestPasswordResetDocument, { email: 'nobody@nowhere.test' });
    expect(unknown.data?.requestPasswordReset).toBe(true);
    const asked = await execute(t.url, RequestPasswordResetDocument, { email: ada.email });
    expect(asked.data?.requestPasswordReset).toBe(true);

    // The mail is written after the answer (which therefore takes as long for unknown emails).
    const token = await vi.waitFor(async () => {
      const [mail] = await t.sql<{ body: string }[]>`
        select body from users.mail_outbox where to_address = ${ada.email} order by created_at desc limit 1`;
      const found = /token=([A-Za-z0-9_-]+)/.exec(mail?.body ?? '')?.[1];
      expect(found).toBeDefined();
      return found;
    });

    const weak = await execute(t.url, ResetPasswordDocument, { token: token!, newPassword: 'short' });
    expect(errorCode(weak)).toBe('BAD_USER_INPUT');
    expect(weak.errors?.[0]?.extensions?.field).toBe('newPassword');

    const newPassword = 'a brand new passphrase 2026';
    const reset = await execute(t.url, ResetPasswordDocument, { token: token!, newPassword });
    expect(reset.data?.resetPassword).toBe(true);
    expect(errorCode(await login(ada))).toBe('INVALID_CREDENTIALS');
    ada.password = newPassword;
    const ok = await login(ada);
    expect(ok.errors).toBeUndefined();
    ada.access = ok.data!.login.accessToken;
    ada.refresh = ok.data!.login.refreshToken;
    const reused = await execute(t.url, ResetPasswordDocument, {
      token: token!,
      newPassword: 'yet another passphrase 77',
    });
    expect(errorCode(reused)).toBe('BAD_USER_INPUT');
  };

  beforeAll(async () => {
    t = await startTestPlatform();
    const admin = await execute(t.url, LoginDocument, { input: t.admin });
    expect(admin.errors).toBeUndefined();
    adminAccess = admin.data!.login.accessToken;
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('signs up as a VIEWER and sees its own email', async () => {
    const email = newEmail();
    const result = await execute(t.url, SignUpDocument, {
      input: { email, password: firstPassword, displayName: ' Ada ' },
    });
    expect(result.errors).toBeUndefined();
    const payload = result.data!.signUp;
    expect(payload.user).toMatchObject({
      email,
      displayName: 'Ada',
      roles: ['VIEWER'],
      twoFactorEnabled: false,
    });
    expect(payload.expiresIn).toBe(900);
    expect(payload.refreshToken).not.toBe(payload.accessToken);
  });

  it('refuses the same email in another case', async () => {
    const ada = await signedUpAndIn();
    const again = await execute(t.url, SignUpDocument, {
      input: { email: ada.email.toUpperCase(), password: ada.password, displayName: 'Copy' },
    });
    expect(errorCode(again)).toBe('CONFLICT');
    expect(again.errors?.[0]?.extensions?.requestId).toEqual(expect.any(String));
  });

  it('logs in and reads me', async () => {
    const email = newEmail();
    const password = firstPassword;
    const signUp = await execute(t.url, SignUpDocument, { input: { email, password, displayName: ' Ada ' } });
    expect(signUp.errors).toBeUndefined();
    const userId = signUp.data!.signUp.user.id;

    const result = await login({ email, password });
    expect(result.errors).toBeUndefined();
    const access = result.data!.login.accessToken;
    const me = await execute(t.url, MeDocument, {}, access);
    expect(me.data?.me).toMatchObject({ id: userId, email, roles: ['VIEWER'], deactivatedAt: null });
    const anonymous = await execute(t.url, MeDocument, {});
    expect(anonymous.data?.me).toBeNull();
  });

  it('rotates the refresh token, and a replay after the grace window ends the session', async () => {
    await rotateThenReplay(await signedUpAndIn());
  });

  it('locks the email after five failures and unlocks after the lock', async () => {
    await lockOutThenIn(await signedUpAndIn());
  });

  it('turns on two-factor sign-in and requires a fresh code', async () => {
    await twoFactorOnThenOff(await signedUpAndIn());
  });

  it('resets a forgotten password with the mailed token', async () => {
    await resetPassword(await signedUpAndIn());
  });

  it('keeps admin operations and other people’s emails from a viewer', async () => {
    const { id: userId, email, access } = await signedUpAndIn();
    const list = await execute(t.url, UsersDocument, { first: 10 }, access);
    expect(errorCode(list)).toBe('FORBIDDEN');
    const anonymousList = await execute(t.url, UsersDocument, { first: 10 });
    expect(errorCode(anonymousList)).toBe('UNAUTHENTICATED');
    const promote = await execute(t.url, SetUserRolesDocument, { userId, roles: ['ADMIN'] }, access);
    expect(errorCode(promote)).toBe('FORBIDDEN');

    const adminId = (await execute(t.url, MeDocument, {}, adminAccess)).data!.me!.id;
    const peek = await execute(t.url, UserEmailDocument, { id: adminId }, access);
    expect(errorCode(peek)).toBe('FORBIDDEN');
    expect(peek.errors?.[0]?.path).toEqual(['user', 'email']);
    const own = await execute(t.url, UserEmailDocument, { id: userId }, access);
    expect(own.data?.user?.email).toBe(email);
  });

  it('lets an admin change roles, read the audit log and deactivate', async () => {
    // The audit log below must show a whole life, so this person lives it first.
    const ada = await signedUpAndIn();
    await rotateThenReplay(ada);
    await lockOutThenIn(ada);
    await twoFactorOnThenOff(ada);
    await resetPassword(ada);
    const { id: userId, email, access, refresh } = ada;

    const promoted = await execute(
      t.url,
      SetUserRolesDocument,
      { userId, roles: ['EDITOR', 'ANALYST'] },
      adminAccess,
    );
    expect(promoted.data?.setUserRoles.roles).toEqual(['EDITOR', 'ANALYST']);
    const refreshed = await execute(t.url, RefreshSessionDocument, { refreshToken: refresh });
    expect(refreshed.data?.refreshSession.user.roles).toEqual(['EDITOR', 'ANALYST']);

    const search = await execute(t.url, UsersDocument, { first: 5, search: email.slice(0, 6) }, adminAccess);
    expect(search.data?.users.edges.map((e) => e.node.id)).toContain(userId);

    const audit = await execute(t.url, AuditLogDocument, { first: 100, actorId: userId }, adminAccess);
    const actions = new Set(audit.data?.auditLog.edges.map((e) => e.node.action));
    for (const action of [
      'user.signed_up',
      'login.succeeded',
      'login.failed',
      'login.locked',
      'session.refresh_reused',
      '2fa.enabled',
      '2fa.disabled',
      'password.reset',
    ]) {
      expect(actions, action).toContain(action);
    }
    const roleChanges = await execute(
      t.url,
      AuditLogDocument,
      { first: 5, action: 'user.roles_changed' },
      adminAccess,
    );
    expect(roleChanges.data?.auditLog.edges[0]?.node.target).toBe(userId);

    expect((await execute(t.url, LogoutEverywhereDocument, {}, access)).data?.logoutEverywhere).toBe(true);
    expect(errorCode(await execute(t.url, RefreshSessionDocument, { refreshToken: refresh }))).toBe(
      'UNAUTHENTICATED',
    );
    // The access tokens of the ended sessions stop now, not when they expire: the users service
    // refuses at once, the gateway as soon as the bus has told it (401 at the edge).
    expect(errorCode(await execute(t.url, MeDocument, {}, access))).toBe('UNAUTHENTICATED');
    await expect.poll(async () => (await execute(t.url, MeDocument, {}, access)).status).toBe(401);

    const again = await login(ada);
    const fresh = again.data!.login.accessToken;
    expect((await execute(t.url, MeDocument, {}, fresh)).data?.me?.id).toBe(userId);
    const deactivated = await execute(t.url, DeactivateUserDocument, { userId }, adminAccess);
    expect(deactivated.data?.deactivateUser.deactivatedAt).toEqual(expect.any(String));
    expect(errorCode(await login(ada))).toBe('INVALID_CREDENTIALS');
    expect(errorCode(await execute(t.url, MeDocument, {}, fresh))).toBe('UNAUTHENTICATED');
    await expect.poll(async () => (await execute(t.url, MeDocument, {}, fresh)).status).toBe(401);
  });

  it('rejects forged and malformed tokens with 401 UNAUTHENTICATED', async () => {
    const [header, payload] = adminAccess.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not the signature').toString('base64url')}`;
    const result = await execute(t.url, MeDocument, {}, forged);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const unsigned = await execute(t.url, MeDocument, {}, none);
    expect(errorCode(unsigned)).toBe('UNAUTHENTICATED');
  });
});
