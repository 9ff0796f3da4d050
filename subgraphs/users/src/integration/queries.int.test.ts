import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../db/schema.js';
import {
  type AdminFixture,
  auditRowsWithoutClient,
  errorCode,
  type GqlResult,
  gql,
  login,
  type Session,
  signUp,
  startUsersWithAdmin,
  TEST_IP,
  type UsersFixture,
  uniqueEmail,
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

interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}
interface Connection<N> {
  edges: Array<{ cursor: string; node: N }>;
  pageInfo: PageInfo;
  totalCount: number;
}

const USER = 'query ($id: ID!) { user(id: $id) { id displayName roles email } }';
/** What any signed-in caller may read of anyone (twoFactorEnabled and email are the owner's). */
const USER_PUBLIC = 'query ($id: ID!) { user(id: $id) { id displayName roles createdAt deactivatedAt } }';
const TWO_FACTOR = 'query ($id: ID!) { user(id: $id) { id twoFactorEnabled } }';
const ENTITY_FIELD = (field: string) =>
  `query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { ${field} } } }`;
const USERS = `query ($first: Int, $after: String, $search: String) {
  users(first: $first, after: $after, search: $search) {
    edges { cursor node { id email displayName } } pageInfo { hasNextPage endCursor } totalCount
  }
}`;
const AUDIT = `query ($first: Int, $after: String, $actorId: ID, $action: String) {
  auditLog(first: $first, after: $after, actorId: $actorId, action: $action) {
    edges { cursor node { id at action target ip detail actor { id email } } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface AuditNode {
  id: string;
  at: string;
  action: string;
  target: string | null;
  ip: string | null;
  detail: { requestId?: string; [key: string]: unknown } | null;
  actor: { id: string; email: string } | null;
}

describe('me and user', () => {
  it('me is null for anonymous callers and the caller otherwise', async () => {
    expect((await gql(users.url, '{ me { id } }')).body).toEqual({ data: { me: null } });
    const me = await gql<{ me: { id: string; email: string; roles: string[] } }>(
      users.url,
      '{ me { id email roles } }',
      {},
      viewer.accessToken,
    );
    expect(me.body.data!.me).toEqual({ id: viewer.user.id, email: viewer.email, roles: ['VIEWER'] });
  });

  it('user needs a signed-in caller', async () => {
    const result = await gql(users.url, USER_PUBLIC, { id: viewer.user.id });
    expect(errorCode(result)).toBe('UNAUTHENTICATED');
    expect(result.body.data).toEqual({ user: null });
  });

  it('shows an email to its owner and ADMINs only; others get FORBIDDEN on that field', async () => {
    const other = await signUp(users.url);
    const pub = await gql<{ user: Record<string, unknown> }>(
      users.url,
      USER_PUBLIC,
      { id: other.user.id },
      viewer.accessToken,
    );
    expect(pub.body.errors).toBeUndefined();
    expect(pub.body.data!.user).toMatchObject({
      id: other.user.id,
      displayName: 'Test User',
      roles: ['VIEWER'],
    });

    const denied = await gql(users.url, USER, { id: other.user.id }, viewer.accessToken);
    expect(firstError(denied)).toMatchObject({ path: ['user', 'email'], extensions: { code: 'FORBIDDEN' } });
    expect(denied.body.data).toEqual({ user: null });

    const own = await gql<{ user: { email: string } }>(
      users.url,
      USER,
      { id: viewer.user.id },
      viewer.accessToken,
    );
    expect(own.body.data!.user.email).toBe(viewer.email);
    const asAdmin = await gql<{ user: { email: string } }>(
      users.url,
      USER,
      { id: other.user.id },
      admin.accessToken,
    );
    expect(asAdmin.body.errors).toBeUndefined();
    expect(asAdmin.body.data!.user.email).toBe(other.email);
  });

  it('guards the email on entity references too', async () => {
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email } } }';
    const r = [{ __typename: 'User', id: viewer.user.id }];
    expect(errorCode(await gql(users.url, query, { r }))).toBe('UNAUTHENTICATED');
    const other = await signUp(users.url);
    expect(errorCode(await gql(users.url, query, { r }, other.accessToken))).toBe('FORBIDDEN');
    const own = await gql<{ _entities: Array<{ email: string }> }>(
      users.url,
      query,
      { r },
      viewer.accessToken,
    );
    expect(own.body.data!._entities[0]!.email).toBe(viewer.email);
  });

  it('shows twoFactorEnabled to its owner and ADMINs only; others get FORBIDDEN on that field', async () => {
    const other = await signUp(users.url);
    const denied = await gql(users.url, TWO_FACTOR, { id: other.user.id }, viewer.accessToken);
    expect(firstError(denied)).toMatchObject({
      path: ['user', 'twoFactorEnabled'],
      extensions: { code: 'FORBIDDEN' },
    });
    expect(denied.body.data).toEqual({ user: null });
    for (const token of [other.accessToken, admin.accessToken]) {
      const allowed = await gql(users.url, TWO_FACTOR, { id: other.user.id }, token);
      expect(allowed.body).toEqual({ data: { user: { id: other.user.id, twoFactorEnabled: false } } });
    }
  });

  it('applies the same field rules to entity references (a document’s author)', async () => {
    const r = [{ __typename: 'User', id: viewer.user.id }];
    const other = await signUp(users.url);
    const read = (field: string, token?: string) => gql(users.url, ENTITY_FIELD(field), { r }, token);
    // Anonymous readers of a public document see who wrote it, and nothing more.
    expect((await read('id displayName')).body).toEqual({
      data: { _entities: [{ id: viewer.user.id, displayName: 'Test User' }] },
    });
    for (const field of ['roles', 'createdAt', 'deactivatedAt', 'twoFactorEnabled', 'email']) {
      const anonymous = await read(field);
      expect(firstError(anonymous), field).toMatchObject({
        path: ['_entities', 0, field],
        extensions: { code: 'UNAUTHENTICATED' },
      });
    }
    // Signed in: roles and dates of anyone; twoFactorEnabled and email of themself only.
    const signedIn = await read('roles createdAt deactivatedAt', other.accessToken);
    expect(signedIn.body.errors).toBeUndefined();
    expect(signedIn.body.data).toEqual({
      _entities: [{ roles: ['VIEWER'], createdAt: expect.any(String), deactivatedAt: null }],
    });
    expect(errorCode(await read('twoFactorEnabled', other.accessToken))).toBe('FORBIDDEN');
    expect((await read('twoFactorEnabled', viewer.accessToken)).body).toEqual({
      data: { _entities: [{ twoFactorEnabled: false }] },
    });
  });

  it('is null for unknown and malformed ids', async () => {
    for (const id of [randomUUID(), 'not-a-uuid']) {
      const result = await gql(users.url, USER_PUBLIC, { id }, viewer.accessToken);
      expect(result.body).toEqual({ data: { user: null } });
    }
  });
});

describe('users', () => {
  it('is for ADMINs only', async () => {
    expect(errorCode(await gql(users.url, USERS))).toBe('UNAUTHENTICATED');
    const denied = await gql(users.url, USERS, {}, viewer.accessToken);
    expect(errorCode(denied)).toBe('FORBIDDEN');
    expect(denied.body.data).toBeNull();
  });

  it('pages through a search in creation order', async () => {
    const tag = `page${randomUUID().slice(0, 8)}`;
    const created: string[] = [];
    for (let i = 0; i < 5; i += 1)
      created.push((await signUp(users.url, { email: uniqueEmail(tag) })).user.id);
    // The search matches display names too, case-insensitively.
    created.push((await signUp(users.url, { displayName: `Named ${tag.toUpperCase()}` })).user.id);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const result: GqlResult<{ users: Connection<{ id: string; email: string }> }> = await gql(
        users.url,
        USERS,
        { first: 4, after, search: tag },
        admin.accessToken,
      );
      expect(result.body.errors).toBeUndefined();
      const page = result.body.data!.users;
      expect(page.totalCount).toBe(6);
      seen.push(...page.edges.map((e) => e.node.id));
      pages += 1;
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(pages).toBe(2);
    expect(seen).toEqual(created);

    const all = await gql<{ users: Connection<{ id: string }> }>(
      users.url,
      USERS,
      { first: 100 },
      admin.accessToken,
    );
    expect(all.body.data!.users.totalCount).toBe((await users.db.select().from(accounts)).length);
    // LIKE wildcards in the search are literal.
    const literal = await gql<{ users: Connection<{ id: string }> }>(
      users.url,
      USERS,
      { search: '%' },
      admin.accessToken,
    );
    expect(literal.body.data!.users.totalCount).toBe(0);
  });

  it('refuses first outside 0..100 and cursors it did not issue', async () => {
    for (const first of [101, -1, 1000]) {
      const result = await gql(users.url, USERS, { first }, admin.accessToken);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(firstError(result)!.extensions!.field).toBe('first');
    }
    const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const crafted = [
      cursor({ t: 'yesterday', id: randomUUID() }),
      cursor({ t: new Date().toISOString(), id: '-'.repeat(36) }),
      cursor({ t: '+275760-09-13T00:00:00.000Z', id: randomUUID() }),
    ];
    for (const after of ['garbage', 'x'.repeat(600), ...crafted]) {
      for (const query of [USERS, AUDIT]) {
        const result = await gql(users.url, query, { after }, admin.accessToken);
        expect(errorCode(result)).toBe('BAD_USER_INPUT');
        expect(firstError(result)!.extensions!.field).toBe('after');
      }
    }
    // A well-formed cursor this service could have issued works, even for a time with no row.
    const old = await gql<{ users: Connection<{ id: string }> }>(
      users.url,
      USERS,
      { after: cursor({ t: '2001-01-01T00:00:00.000Z', id: randomUUID() }), first: 1 },
      admin.accessToken,
    );
    expect(old.body.errors).toBeUndefined();
    expect(old.body.data!.users.edges).toHaveLength(1);
  });
});

describe('auditLog', () => {
  it('is for ADMINs only', async () => {
    expect(errorCode(await gql(users.url, AUDIT))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(users.url, AUDIT, {}, viewer.accessToken))).toBe('FORBIDDEN');
  });

  it('lists an actor’s events newest first, with actor, ip and request id, in consistent pages', async () => {
    const actor = await signUp(users.url);
    await login(users.url, actor.email, 'Wrong-password-0');
    const signedIn = await login(users.url, actor.email, actor.password);
    await gql(users.url, 'mutation ($t: String!) { logout(refreshToken: $t) }', {
      t: signedIn.body.data!.login.refreshToken,
    });
    await gql(users.url, 'mutation { logoutEverywhere }', {}, actor.accessToken);

    const full = await gql<{ auditLog: Connection<AuditNode> }>(
      users.url,
      AUDIT,
      { actorId: actor.user.id, first: 100 },
      admin.accessToken,
    );
    const events = full.body.data!.auditLog;
    expect(events.edges.map((e) => e.node.action)).toEqual([
      'session.logout_everywhere',
      'session.logout',
      'login.succeeded',
      'login.failed',
      'user.signed_up',
    ]);
    expect(events.totalCount).toBe(5);
    expect(events.pageInfo.hasNextPage).toBe(false);
    for (const { node } of events.edges) {
      expect(node.actor).toEqual({ id: actor.user.id, email: actor.email });
      expect(node.ip).toBe(TEST_IP);
      expect(node.detail!.requestId).toMatch(/^test-/);
    }

    const paged: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: GqlResult<{ auditLog: Connection<AuditNode> }> = await gql(
        users.url,
        AUDIT,
        { actorId: actor.user.id, first: 2, after },
        admin.accessToken,
      );
      expect(result.body.errors).toBeUndefined();
      const page = result.body.data!.auditLog;
      expect(page.totalCount).toBe(5);
      paged.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(paged).toEqual(events.edges.map((e) => e.node.id));
  });

  it('filters by action, and an unknown actor id gives an empty page', async () => {
    const byAction = await gql<{ auditLog: Connection<AuditNode> }>(
      users.url,
      AUDIT,
      { action: 'user.signed_up', first: 100 },
      admin.accessToken,
    );
    const page = byAction.body.data!.auditLog;
    expect(page.totalCount).toBeGreaterThanOrEqual(2);
    expect(page.edges.every((e) => e.node.action === 'user.signed_up')).toBe(true);
    for (const actorId of [randomUUID(), 'garbage']) {
      const result = await gql<{ auditLog: Connection<AuditNode> }>(
        users.url,
        AUDIT,
        { actorId },
        admin.accessToken,
      );
      expect(result.body.data!.auditLog).toEqual({
        edges: [],
        pageInfo: { hasNextPage: false, endCursor: null },
        totalCount: 0,
      });
    }
  });

  it('refuses first over 100 and foreign cursors', async () => {
    expect(errorCode(await gql(users.url, AUDIT, { first: 101 }, admin.accessToken))).toBe('BAD_USER_INPUT');
    const result = await gql(users.url, AUDIT, { after: 'garbage' }, admin.accessToken);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(firstError(result)!.extensions!.field).toBe('after');
  });
});

describe('audit trail', () => {
  it('records the client address and the request id on every event', async () => {
    expect(await auditRowsWithoutClient(users.db)).toEqual([]);
  });
});
