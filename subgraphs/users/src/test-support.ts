import { randomBytes } from 'node:crypto';
import { CLIENT_ADDRESS_HEADER, createClientAddressSigner, type Database, parseEnv } from '@ukp/kit';
import {
  gql as baseGql,
  createTestDatabase,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
} from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { auditEvents } from './db/schema.js';
import { type UsersEnv, usersEnv } from './env.js';
import { createUsersServer, type UsersServer } from './server.js';

/** Integration-test helpers: a users server on port 0 over its own database, and GraphQL over fetch. */

/**
 * Vouched for with every request as the gateway does (signed `x-ukp-client-address`), so audit
 * rows can be checked for the client address.
 */
export const TEST_IP = '203.0.113.7';

/** The servers of a test file share one secret, so the helper can sign as the gateway would. */
const TEST_JWT_SECRET = randomBytes(48).toString('base64url');
const addressSigner = createClientAddressSigner(TEST_JWT_SECRET);

/** The server's `now()`: moved by hand, so time windows are tested without sleeping. */
export interface TestClock {
  now: Date;
  advance(seconds: number): void;
}

/** Starts in the middle of a 30 s TOTP step, so ±1 step is never ambiguous. */
export function createClock(): TestClock {
  const clock: TestClock = {
    now: new Date(Math.floor(Date.now() / 30_000) * 30_000 + 15_000),
    advance(seconds) {
      clock.now = new Date(clock.now.getTime() + seconds * 1000);
    },
  };
  return clock;
}

export { errorCode, type GqlError, type GqlResult } from '@ukp/kit/testing';

/** GraphQL over HTTP from a fixed client address, so audit rows can be checked for it. */
export const gql: typeof baseGql = (url, query, variables = {}, token, headers = {}) =>
  baseGql(url, query, variables, token, { [CLIENT_ADDRESS_HEADER]: addressSigner.sign(TEST_IP), ...headers });

export interface UsersFixture {
  server: UsersServer;
  url: string;
  /** The server's own drizzle handle, for reading and arranging rows. */
  db: Database;
  clock: TestClock;
  env: UsersEnv;
  database: TestDatabase;
  stop(): Promise<void>;
}

/**
 * A users server on port 0 with a fresh database (or `database`, shared with another fixture:
 * then the database is left for its owner to drop) and its own Redis prefix.
 */
export async function startUsers(
  options: { database?: TestDatabase; env?: Record<string, string>; clock?: TestClock } = {},
): Promise<UsersFixture> {
  const database = options.database ?? (await createTestDatabase());
  const clock = options.clock ?? createClock();
  const env = parseEnv(usersEnv, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: uniqueRedisPrefix(),
    JWT_SECRET: TEST_JWT_SECRET,
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    ...options.env,
  });
  let server: UsersServer;
  try {
    server = await createUsersServer({ env, port: 0, now: () => clock.now });
  } catch (error) {
    if (!options.database) await database.drop();
    throw error;
  }
  return {
    server,
    url: server.url,
    db: server.deps.db,
    clock,
    env,
    database,
    async stop() {
      await server.stop();
      if (!options.database) await database.drop();
    },
  };
}

let counter = 0;

/** An email no other test uses. */
export function uniqueEmail(tag = 'user'): string {
  counter += 1;
  return `${tag}-${counter}-${randomBytes(4).toString('hex')}@example.com`;
}

/** A password that passes the policy. */
export function strongPassword(): string {
  return `Tidal-Harbor-${randomBytes(6).toString('hex')}`;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; displayName: string; roles: string[]; twoFactorEnabled: boolean };
}

const SESSION_FIELDS =
  'accessToken refreshToken expiresIn user { id email displayName roles twoFactorEnabled }';

export const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ${SESSION_FIELDS} } }`;
export const LOGIN = `mutation ($input: LoginInput!) { login(input: $input) { ${SESSION_FIELDS} } }`;
export const REFRESH = `mutation ($t: String!) { refreshSession(refreshToken: $t) { ${SESSION_FIELDS} } }`;

/** Signs up a new account; fails the test when that does not work. */
export async function signUp(
  url: string,
  input: { email?: string; password?: string; displayName?: string } = {},
): Promise<Session & { email: string; password: string }> {
  const email = input.email ?? uniqueEmail();
  const password = input.password ?? strongPassword();
  const result = await gql<{ signUp: Session }>(url, SIGN_UP, {
    input: { email, password, displayName: input.displayName ?? 'Test User' },
  });
  if (!result.body.data?.signUp) throw new Error(`signUp failed: ${JSON.stringify(result.body.errors)}`);
  return { ...result.body.data.signUp, email, password };
}

export function login(url: string, email: string, password: string, totpCode?: string) {
  return gql<{ login: Session }>(url, LOGIN, {
    input: { email, password, ...(totpCode ? { totpCode } : {}) },
  });
}

export function refresh(url: string, refreshToken: string) {
  return gql<{ refreshSession: Session }>(url, REFRESH, { t: refreshToken });
}

/** The audit rows one request wrote (found by the request id it sent). */
export function auditOf(db: Database, requestId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(sql`${auditEvents.detail}->>'requestId' = ${requestId}`)
    .orderBy(auditEvents.action);
}

/** Audit rows missing the client address or request id that every request of these tests sends. */
export async function auditRowsWithoutClient(db: Database) {
  const rows = await db.select().from(auditEvents);
  if (rows.length === 0) throw new Error('no audit rows at all');
  return rows.filter(
    (row) =>
      row.ip !== TEST_IP || !/^test-/.test(String((row.detail as { requestId?: unknown } | null)?.requestId)),
  );
}

export interface AdminFixture {
  users: UsersFixture;
  admin: Session;
  viewer: Awaited<ReturnType<typeof signUp>>;
}

/** A server whose first ADMIN comes from the environment, signed in, plus one signed-up VIEWER. */
export async function startUsersWithAdmin(): Promise<AdminFixture> {
  const email = uniqueEmail('admin');
  const password = strongPassword();
  const users = await startUsers({ env: { ADMIN_EMAIL: email, ADMIN_PASSWORD: password } });
  const signedIn = await login(users.url, email, password);
  return { users, admin: signedIn.body.data!.login, viewer: await signUp(users.url) };
}
