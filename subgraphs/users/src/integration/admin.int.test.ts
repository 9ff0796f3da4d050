import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditEvents, mailOutbox } from '../db/schema.js';
import {
  type AdminFixture,
  auditOf,
  auditRowsWithoutClient,
  errorCode,
  type GqlResult,
  gql,
  login,
  refresh,
  type Session,
  signUp,
  startUsersWithAdmin,
  TEST_IP,
  type UsersFixture,
} from '../test-support.js';

let users: UsersFixture;
let admin: Session;
let viewer: AdminFixture['viewer'];

beforeAll(async () => {
  ({ users, admin, viewer } = await startUsersWithAdmin());
});
afterAll(async () => {
  await users?.stop();
});

function firstError(result: GqlResult<unknown>) {
  return result.body.errors?.[0];
}

const USER_PUBLIC =
  'query ($id: ID!) { user(id: $id) { id displayName roles twoFactorEnabled createdAt deactivatedAt } }';
const SET_ROLES =
  'mutation ($id: ID!, $roles: [Role!]!) { setUserRoles(userId: $id, roles: $roles) { id roles email } }';
const DEACTIVATE = 'mutation ($id: ID!) { deactivateUser(userId: $id) { id deactivatedAt email } }';

describe('setUserRoles', () => {
  it('is for ADMINs only', async () => {
    const target = await signUp(users.url);
    expect(errorCode(await gql(users.url, SET_ROLES, { id: target.user.id, roles: ['ADMIN'] }))).toBe(
      'UNAUTHENTICATED',
    );
    const denied = await gql(
      users.url,
      SET_ROLES,
      { id: target.user.id, roles: ['ADMIN'] },
      target.accessToken,
    );
    expect(errorCode(denied)).toBe('FORBIDDEN');
    const [row] = await users.db.select().from(accounts).where(eq(accounts.id, target.user.id));
    expect(row!.roles).toEqual(['VIEWER']);
  });

  it('replaces the roles, audits it, and the next refresh carries them', async () => {
    const target = await signUp(users.url);
    const result = await gql<{ setUserRoles: { id: string; roles: string[]; email: string } }>(
      users.url,
      SET_ROLES,
      { id: target.user.id, roles: ['EDITOR', 'ANALYST', 'EDITOR'] },
      admin.accessToken,
    );
    expect(result.body.data!.setUserRoles).toEqual({
      id: target.user.id,
      roles: ['EDITOR', 'ANALYST'],
      email: target.email,
    });
    const [event] = await auditOf(users.db, result.requestId);
    expect(event).toMatchObject({
      action: 'user.roles_changed',
      actorId: admin.user.id,
      target: target.user.id,
      ip: TEST_IP,
    });
    expect(event!.detail).toMatchObject({ before: ['VIEWER'], after: ['EDITOR', 'ANALYST'] });

    const renewed = await refresh(users.url, target.refreshToken);
    expect(renewed.body.data!.refreshSession.user.roles).toEqual(['EDITOR', 'ANALYST']);
    const claims = JSON.parse(
      Buffer.from(renewed.body.data!.refreshSession.accessToken.split('.')[1]!, 'base64url').toString(),
    ) as { roles: string[] };
    expect(claims.roles).toEqual(['EDITOR', 'ANALYST']);
  });

  it('validates roles: unknown ones at the GraphQL level, an empty list as BAD_USER_INPUT', async () => {
    const literal = await gql(
      users.url,
      `mutation { setUserRoles(userId: "${viewer.user.id}", roles: [SUPERUSER]) { id } }`,
      {},
      admin.accessToken,
    );
    expect(literal.status).toBe(400);
    expect(errorCode(literal)).toBe('GRAPHQL_VALIDATION_FAILED');
    const variable = await gql(
      users.url,
      SET_ROLES,
      { id: viewer.user.id, roles: ['SUPERUSER'] },
      admin.accessToken,
    );
    expect(variable.status).toBe(400);
    expect(errorCode(variable)).toBe('BAD_USER_INPUT');

    const empty = await gql(users.url, SET_ROLES, { id: viewer.user.id, roles: [] }, admin.accessToken);
    expect(errorCode(empty)).toBe('BAD_USER_INPUT');
    expect(firstError(empty)!.extensions!.field).toBe('roles');
    const [row] = await users.db.select().from(accounts).where(eq(accounts.id, viewer.user.id));
    expect(row!.roles).toEqual(['VIEWER']);
  });

  it('answers NOT_FOUND for an unknown user', async () => {
    for (const id of [randomUUID(), 'nope']) {
      expect(errorCode(await gql(users.url, SET_ROLES, { id, roles: ['EDITOR'] }, admin.accessToken))).toBe(
        'NOT_FOUND',
      );
      expect(errorCode(await gql(users.url, DEACTIVATE, { id }, admin.accessToken))).toBe('NOT_FOUND');
    }
  });
});

describe('deactivateUser', () => {
  it('is for ADMINs only', async () => {
    const target = await signUp(users.url);
    expect(errorCode(await gql(users.url, DEACTIVATE, { id: target.user.id }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(users.url, DEACTIVATE, { id: target.user.id }, viewer.accessToken))).toBe(
      'FORBIDDEN',
    );
    const [row] = await users.db.select().from(accounts).where(eq(accounts.id, target.user.id));
    expect(row!.deactivatedAt).toBeNull();
  });

  it('stops sign-in, refresh and password reset at once, and keeps the row', async () => {
    const target = await signUp(users.url);
    const result = await gql<{ deactivateUser: { id: string; deactivatedAt: string } }>(
      users.url,
      DEACTIVATE,
      { id: target.user.id },
      admin.accessToken,
    );
    expect(result.body.data!.deactivateUser.deactivatedAt).toBe(users.clock.now.toISOString());
    const [event] = await auditOf(users.db, result.requestId);
    expect(event).toMatchObject({
      action: 'user.deactivated',
      actorId: admin.user.id,
      target: target.user.id,
      ip: TEST_IP,
    });

    const denied = await login(users.url, target.email, target.password);
    expect(errorCode(denied)).toBe('INVALID_CREDENTIALS');
    expect(firstError(denied)!.message).toBe('Email or password is incorrect.');
    expect(errorCode(await refresh(users.url, target.refreshToken))).toBe('UNAUTHENTICATED');

    const reset = await gql(users.url, 'mutation ($e: String!) { requestPasswordReset(email: $e) }', {
      e: target.email,
    });
    expect(reset.body.data).toEqual({ requestPasswordReset: true });
    expect(await users.db.select().from(mailOutbox).where(eq(mailOutbox.to, target.email))).toHaveLength(0);

    const [row] = await users.db.select().from(accounts).where(eq(accounts.id, target.user.id));
    expect(row!.deactivatedAt).toEqual(users.clock.now);
    const seen = await gql<{ user: { deactivatedAt: string } }>(
      users.url,
      USER_PUBLIC,
      { id: target.user.id },
      admin.accessToken,
    );
    expect(seen.body.data!.user.deactivatedAt).toBe(users.clock.now.toISOString());

    // The access token it still holds no longer sets anything up.
    expect(
      errorCode(await gql(users.url, 'mutation { beginTwoFactorSetup { secret } }', {}, target.accessToken)),
    ).toBe('UNAUTHENTICATED');

    // Again: nothing changes.
    users.clock.advance(60);
    const again = await gql<{ deactivateUser: { deactivatedAt: string } }>(
      users.url,
      DEACTIVATE,
      { id: target.user.id },
      admin.accessToken,
    );
    expect(again.body.data!.deactivateUser.deactivatedAt).toBe(row!.deactivatedAt!.toISOString());
  });
});

describe('the last active ADMIN', () => {
  it('cannot be demoted or deactivated; a deactivated ADMIN does not count', async () => {
    const demote = await gql(
      users.url,
      SET_ROLES,
      { id: admin.user.id, roles: ['VIEWER'] },
      admin.accessToken,
    );
    expect(errorCode(demote)).toBe('CONFLICT');
    expect(errorCode(await gql(users.url, DEACTIVATE, { id: admin.user.id }, admin.accessToken))).toBe(
      'CONFLICT',
    );
    // Keeping ADMIN among other roles is fine.
    const widened = await gql<{ setUserRoles: { roles: string[] } }>(
      users.url,
      SET_ROLES,
      { id: admin.user.id, roles: ['ADMIN', 'EDITOR'] },
      admin.accessToken,
    );
    expect(widened.body.data!.setUserRoles.roles).toEqual(['ADMIN', 'EDITOR']);

    // A second ADMIN makes demoting possible; once deactivated, it no longer does.
    const deputy = await signUp(users.url);
    await gql(users.url, SET_ROLES, { id: deputy.user.id, roles: ['ADMIN'] }, admin.accessToken);
    expect(
      errorCode(await gql(users.url, DEACTIVATE, { id: deputy.user.id }, admin.accessToken)),
    ).toBeUndefined();
    expect(
      errorCode(await gql(users.url, SET_ROLES, { id: admin.user.id, roles: ['VIEWER'] }, admin.accessToken)),
    ).toBe('CONFLICT');

    const second = await signUp(users.url);
    await gql(users.url, SET_ROLES, { id: second.user.id, roles: ['ADMIN'] }, admin.accessToken);
    const demoted = await gql<{ setUserRoles: { roles: string[] } }>(
      users.url,
      SET_ROLES,
      { id: second.user.id, roles: ['ANALYST'] },
      admin.accessToken,
    );
    expect(demoted.body.data!.setUserRoles.roles).toEqual(['ANALYST']);
    const [row] = await users.db.select().from(accounts).where(eq(accounts.id, admin.user.id));
    expect(row!.roles).toEqual(['ADMIN', 'EDITOR']);
  });
});

describe('two ADMINs demoting each other at once', () => {
  it('leaves one of them ADMIN', async () => {
    const one = await signUp(users.url);
    const two = await signUp(users.url);
    for (const id of [one.user.id, two.user.id]) {
      await gql(users.url, SET_ROLES, { id, roles: ['ADMIN'] }, admin.accessToken);
    }
    // The original admin steps down, so these two are the only active ADMINs.
    expect(
      errorCode(await gql(users.url, SET_ROLES, { id: admin.user.id, roles: ['EDITOR'] }, admin.accessToken)),
    ).toBeUndefined();
    const tokens = await Promise.all(
      [one, two].map(
        async (a) => (await refresh(users.url, a.refreshToken)).body.data!.refreshSession.accessToken,
      ),
    );
    const results = await Promise.all([
      gql(users.url, SET_ROLES, { id: two.user.id, roles: ['VIEWER'] }, tokens[0]),
      gql(users.url, SET_ROLES, { id: one.user.id, roles: ['VIEWER'] }, tokens[1]),
    ]);
    expect(results.map(errorCode).sort()).toEqual(['CONFLICT', undefined]);
    const admins = (await users.db.select().from(accounts)).filter(
      (a) => a.roles.includes('ADMIN') && !a.deactivatedAt,
    );
    expect(admins).toHaveLength(1);
    // Restore the original admin for the tests that follow.
    const survivor = results[0]!.body.errors ? tokens[1] : tokens[0];
    await gql(users.url, SET_ROLES, { id: admin.user.id, roles: ['ADMIN'] }, survivor);
  });
});

describe('audit trail', () => {
  it('records the client address and the request id on every event', async () => {
    const actions = new Set((await users.db.select().from(auditEvents)).map((r) => r.action));
    for (const action of [
      'user.signed_up',
      'login.succeeded',
      'login.failed',
      'user.roles_changed',
      'user.deactivated',
    ]) {
      expect(actions).toContain(action);
    }
    expect(await auditRowsWithoutClient(users.db)).toEqual([]);
  });
});
