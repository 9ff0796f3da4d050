import { createTokenSigner } from '@ukp/kit';
import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, refreshTokens } from '../db/schema.js';
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
  TEST_IP,
  type UsersFixture,
} from '../test-support.js';

let users: UsersFixture;

beforeAll(async () => {
  users = await startUsers();
});
afterAll(async () => {
  await users?.stop();
});

async function tokenRow(token: string) {
  const [row] = await users.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashToken(token)));
  return row;
}

function tokensOf(userId: string) {
  return users.db.select().from(refreshTokens).where(eq(refreshTokens.userId, userId));
}

async function refreshToken(token: string): Promise<string> {
  const result = await refresh(users.url, token);
  if (!result.body.data) throw new Error(`refresh failed: ${JSON.stringify(result.body.errors)}`);
  return result.body.data.refreshSession.refreshToken;
}

const ME = '{ me { id email roles } }';

describe('refreshSession', () => {
  it('rotates: a new refresh token, a new access token, the old one stored as rotated', async () => {
    const account = await signUp(users.url);
    const result = await refresh(users.url, account.refreshToken);
    expect(result.body.errors).toBeUndefined();
    const next = result.body.data!.refreshSession;
    expect(next.refreshToken).not.toBe(account.refreshToken);
    expect(next.accessToken).not.toBe(account.accessToken);
    expect(next.user).toMatchObject({ id: account.user.id, email: account.email });
    expect(next.expiresIn).toBe(900);

    const parent = await tokenRow(account.refreshToken);
    const child = await tokenRow(next.refreshToken);
    expect(parent!.rotatedAt).toEqual(users.clock.now);
    expect(child).toMatchObject({
      parentId: parent!.id,
      familyId: parent!.familyId,
      rotatedAt: null,
      revokedAt: null,
    });
    // Only hashes are stored.
    const stored = await tokensOf(account.user.id);
    expect(
      stored.some((r) => r.tokenHash === next.refreshToken || r.tokenHash === account.refreshToken),
    ).toBe(false);

    const me = await gql<{ me: { id: string } }>(users.url, ME, {}, next.accessToken);
    expect(me.body.data!.me.id).toBe(account.user.id);
  });

  it('gives the same child back to the parent within 10 s, and treats it as reuse after', async () => {
    const account = await signUp(users.url);
    const child = await refreshToken(account.refreshToken);

    users.clock.advance(9.999);
    const twin = await refresh(users.url, account.refreshToken);
    expect(twin.body.errors).toBeUndefined();
    expect(twin.body.data!.refreshSession.refreshToken).toBe(child);
    expect(await tokensOf(account.user.id)).toHaveLength(2);

    users.clock.advance(0.002);
    const replay = await refresh(users.url, account.refreshToken);
    expect(errorCode(replay)).toBe('REFRESH_TOKEN_REUSED');
    expect(replay.body.data).toBeNull();

    // The whole family is revoked, the child included.
    const rows = await tokensOf(account.user.id);
    expect(
      rows.every((r) => r.revokedAt !== null && r.revokeReason === 'reuse' && r.childSealed === null),
    ).toBe(true);
    expect(errorCode(await refresh(users.url, child))).toBe('UNAUTHENTICATED');

    const events = await auditOf(users.db, replay.requestId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: 'session.refresh_reused',
      actorId: account.user.id,
      target: account.user.id,
      ip: TEST_IP,
    });
    expect(events[0]!.detail).toEqual({ familyId: rows[0]!.familyId, requestId: replay.requestId });
  });

  it('lets the parent of the current token use the grace window, but not the grandparent', async () => {
    const account = await signUp(users.url);
    const first = await refreshToken(account.refreshToken);
    users.clock.advance(1);
    const second = await refreshToken(first);
    users.clock.advance(1);
    // `first` is the parent of the current token: it gets the current pair.
    const again = await refresh(users.url, first);
    expect(again.body.data!.refreshSession.refreshToken).toBe(second);
    // The original token is two generations back: reuse, although well inside 10 s.
    expect(errorCode(await refresh(users.url, account.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
    expect(errorCode(await refresh(users.url, second))).toBe('UNAUTHENTICATED');
  });

  it('does not give the grace copy to a parent whose child was already rotated', async () => {
    const account = await signUp(users.url);
    const first = await refreshToken(account.refreshToken);
    await refreshToken(first);
    // account.refreshToken's child (`first`) has been rotated: the original is a replay.
    expect(errorCode(await refresh(users.url, account.refreshToken))).toBe('REFRESH_TOKEN_REUSED');
  });

  it('makes exactly one child when ten requests race with the same token', async () => {
    const account = await signUp(users.url);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => refresh(users.url, account.refreshToken)),
    );
    for (const result of results) expect(result.body.errors).toBeUndefined();
    const children = new Set(results.map((r) => r.body.data!.refreshSession.refreshToken));
    expect(children.size).toBe(1);
    const parent = await tokenRow(account.refreshToken);
    const rows = await users.db.select().from(refreshTokens).where(eq(refreshTokens.parentId, parent!.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toBe(hashToken([...children][0]!));
    // And the child works.
    expect(errorCode(await refresh(users.url, [...children][0]!))).toBeUndefined();
  });

  it('refuses unknown, malformed and expired tokens with UNAUTHENTICATED', async () => {
    for (const token of ['', 'short', 'x'.repeat(43), 'y'.repeat(300)]) {
      const result = await refresh(users.url, token);
      expect(errorCode(result)).toBe('UNAUTHENTICATED');
      expect(result.body.errors![0]!.message).toBe('Refresh token is invalid or expired: sign in again.');
    }
    const account = await signUp(users.url);
    users.clock.advance(30 * 86_400 + 1);
    expect(errorCode(await refresh(users.url, account.refreshToken))).toBe('UNAUTHENTICATED');
  });
});

describe('logout', () => {
  it('ends the session of the token: its family cannot refresh any more', async () => {
    const account = await signUp(users.url);
    const other = await login(users.url, account.email, account.password);
    const child = await refreshToken(account.refreshToken);

    // Logging out with the (rotated) parent ends the family, child included.
    const result = await gql<{ logout: boolean }>(
      users.url,
      'mutation ($t: String!) { logout(refreshToken: $t) }',
      { t: account.refreshToken },
    );
    expect(result.body.data!.logout).toBe(true);
    expect(errorCode(await refresh(users.url, child))).toBe('UNAUTHENTICATED');
    expect(errorCode(await refresh(users.url, account.refreshToken))).toBe('UNAUTHENTICATED');
    const events = await auditOf(users.db, result.requestId);
    expect(events.map((e) => e.action)).toEqual(['session.logout']);
    expect(events[0]).toMatchObject({ actorId: account.user.id, target: account.user.id, ip: TEST_IP });

    // The other sign-in is a different family and still works.
    expect(errorCode(await refresh(users.url, other.body.data!.login.refreshToken))).toBeUndefined();
  });

  it('is true for unknown and already-ended tokens, and audits nothing then', async () => {
    const account = await signUp(users.url);
    const logout = (t: string) =>
      gql<{ logout: boolean }>(users.url, 'mutation ($t: String!) { logout(refreshToken: $t) }', { t });
    expect((await logout(account.refreshToken)).body.data!.logout).toBe(true);
    for (const token of [account.refreshToken, 'no-such-token-0123456789abcdef', 'z'.repeat(500)]) {
      const result = await logout(token);
      expect(result.body.data!.logout).toBe(true);
      expect(await auditOf(users.db, result.requestId)).toHaveLength(0);
    }
  });
});

describe('logoutEverywhere', () => {
  it('revokes every session family of the caller and no one else', async () => {
    const account = await signUp(users.url);
    const bystander = await signUp(users.url);
    const second = await login(users.url, account.email, account.password);
    const rotated = await refreshToken(second.body.data!.login.refreshToken);

    const result = await gql<{ logoutEverywhere: boolean }>(
      users.url,
      'mutation { logoutEverywhere }',
      {},
      account.accessToken,
    );
    expect(result.body.data!.logoutEverywhere).toBe(true);
    for (const token of [account.refreshToken, rotated]) {
      expect(errorCode(await refresh(users.url, token))).toBe('UNAUTHENTICATED');
    }
    const live = await users.db
      .select()
      .from(refreshTokens)
      .where(and(eq(refreshTokens.userId, account.user.id), isNull(refreshTokens.revokedAt)));
    expect(live).toHaveLength(0);
    expect(new Set((await tokensOf(account.user.id)).map((r) => r.familyId)).size).toBe(2);

    const events = await auditOf(users.db, result.requestId);
    expect(events.map((e) => e.action)).toEqual(['session.logout_everywhere']);
    expect(events[0]).toMatchObject({ actorId: account.user.id, target: account.user.id, ip: TEST_IP });

    expect(errorCode(await refresh(users.url, bystander.refreshToken))).toBeUndefined();
  });

  it('needs a signed-in caller', async () => {
    const result = await gql(users.url, 'mutation { logoutEverywhere }');
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
  });
});

describe('access tokens', () => {
  it('answers a malformed bearer token with HTTP 401 UNAUTHENTICATED, even where anonymous would do', async () => {
    for (const authorization of ['Bearer not-a-jwt', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'Bearer']) {
      const result = await gql(users.url, ME, {}, undefined, { authorization });
      expect(result.status).toBe(401);
      expect(errorCode(result)).toBe('UNAUTHENTICATED');
      expect(result.body.data ?? null).toBeNull();
    }
  });

  it('refuses a token signed with another secret, and a tampered one', async () => {
    const account = await signUp(users.url);
    const forger = await createTokenSigner({
      algorithm: 'HS256',
      issuer: users.env.JWT_ISSUER,
      audience: users.env.JWT_AUDIENCE,
      ttlSeconds: 900,
      secret: 'a-different-secret-that-is-long-enough-to-sign',
    });
    const forged = await forger.sign({ sub: account.user.id, sid: 'x', roles: ['ADMIN'] });
    const result = await gql(users.url, '{ users { totalCount } }', {}, forged.token);
    expect(result.status).toBe(401);
    expect(errorCode(result)).toBe('UNAUTHENTICATED');

    const [header, payload, signature] = account.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
    const tampered = await gql(
      users.url,
      '{ users { totalCount } }',
      {},
      `${header}.${promoted}.${signature}`,
    );
    expect(tampered.status).toBe(401);
    expect(errorCode(tampered)).toBe('UNAUTHENTICATED');

    // The genuine token works (and is a VIEWER's, so users is FORBIDDEN, not UNAUTHENTICATED).
    expect(errorCode(await gql(users.url, '{ users { totalCount } }', {}, account.accessToken))).toBe(
      'FORBIDDEN',
    );
  });

  it('writes no audit rows for refused tokens', async () => {
    const before = await users.db.select().from(auditEvents);
    await gql(users.url, 'mutation { logoutEverywhere }', {}, undefined, { authorization: 'Bearer nope' });
    expect(await users.db.select().from(auditEvents)).toHaveLength(before.length);
  });
});

describe('audit trail', () => {
  it('records the client address and the request id on every event', async () => {
    expect(await auditRowsWithoutClient(users.db)).toEqual([]);
  });
});
