import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { LoginDocument, SetUserRolesDocument, SignUpDocument } from '@ukp/client/documents';
import { createLogger, type Logger, silentLogger } from '@ukp/kit';
import { createTestDatabase, type TestDatabase, testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import { type Platform, type StartPlatformOptions, startPlatform } from '@ukp/platform';
import { print } from 'graphql';
import postgres from 'postgres';

/** What every test platform runs with: free ports, its own database and Redis prefix, fresh secrets. */
export function platformTestEnv(databaseUrl: string, dataDir: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: uniqueRedisPrefix(),
    JWT_SECRET: randomBytes(48).toString('base64url'),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every test signs in from 127.0.0.1, often as one account: limits far above any file's
    // traffic, so only the rate-limit tests (which set their own) ever meet one.
    RATE_LIMIT_POINTS: '1000000',
    SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS: '100000',
    SIGN_IN_FAILURES_PER_ADDRESS: '100000',
    REFRESH_RATE_LIMIT_PER_IP: '100000',
    SIGN_UP_RATE_LIMIT_PER_IP: '100000',
    PASSWORD_RESET_RATE_LIMIT_PER_IP: '100000',
    PASSWORD_RESET_RATE_LIMIT_PER_EMAIL: '100000',
    // Training a model costs a core for a second or two: only the ML tests ask for it.
    ML_AUTO_TRAIN: 'false',
  };
}

export interface TestPlatform {
  platform: Platform;
  url: string;
  database: TestDatabase;
  /** SQL on the platform's database, for what a client cannot see (the mail outbox). */
  sql: postgres.Sql;
  admin: { email: string; password: string };
  clock: { now: Date };
  /** Every SQL statement the platform's database has run so far, but the analytics subgraph's own. */
  statements: string[];
  stop(): Promise<void>;
}

/**
 * The whole platform in this process on real Postgres (a database of its own) and real Redis
 * (a key prefix of its own), every service on a free port, as `pnpm start` runs it.
 */
export async function startTestPlatform(
  env: Record<string, string> = {},
  options: { logger?: Logger; spanProcessors?: StartPlatformOptions['spanProcessors'] } = {},
): Promise<TestPlatform> {
  const database = await createTestDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'ukp-e2e-'));
  const admin = {
    email: `admin-${randomBytes(4).toString('hex')}@e2e.test`,
    password: `Adm1n-${randomBytes(12).toString('base64url')}`,
  };
  const clock = { now: new Date() };
  const statements: string[] = [];
  let platform: Platform;
  try {
    platform = await startPlatform(
      {
        ...platformTestEnv(database.url, dataDir),
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
        LOG_LEVEL: 'silent',
        ...env,
      },
      {
        // UKP_TEST_LOG=debug shows the platform's log while debugging a test; a test that reads
        // the log passes its own.
        logger:
          options.logger ??
          (process.env.UKP_TEST_LOG
            ? createLogger({ service: 'e2e', level: process.env.UKP_TEST_LOG })
            : silentLogger()),
        now: () => clock.now,
        // The analytics pipeline ingests every request's sample in the background: its
        // statements would make per-request counts of the other services' SQL flaky.
        onQuery: (query) => {
          if (!/"analytics"\.|\banalytics\./.test(query)) statements.push(query);
        },
        ...(options.spanProcessors ? { spanProcessors: options.spanProcessors } : {}),
      },
    );
  } catch (error) {
    await database.drop();
    throw error;
  }
  const sql = postgres(database.url, { max: 2, onnotice: () => {} });
  return {
    platform,
    url: platform.url,
    database,
    sql,
    admin,
    clock,
    statements,
    async stop() {
      await platform.stop();
      await sql.end();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface GraphQLResult<T> {
  status: number;
  data: T | null | undefined;
  errors:
    | Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>
    | undefined;
}

/** Sends a typed operation over HTTP the way a client would. */
export async function execute<T, V>(
  url: string,
  document: TypedDocumentNode<T, V>,
  ...[variables, token]: V extends Record<string, never> ? [V?, string?] : [V, string?]
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: print(document), variables: variables ?? {} }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLResult<T>['errors'] };
  return { status: response.status, data: body.data, errors: body.errors };
}

/** The single error's code, for terse assertions. */
export function errorCode(result: GraphQLResult<unknown>): unknown {
  return result.errors?.[0]?.extensions?.code;
}

/** Signs up a user, gives them `roles` as the admin, and signs them in again to get those roles. */
export async function userWithRoles(
  t: TestPlatform,
  adminToken: string,
  roles: Array<'VIEWER' | 'EDITOR' | 'ANALYST' | 'ADMIN'>,
): Promise<{ id: string; token: string; email: string; password: string }> {
  const email = `${roles.join('-').toLowerCase()}-${randomBytes(4).toString('hex')}@e2e.test`;
  const password = `pass-${randomBytes(12).toString('base64url')}`;
  const signUp = await execute(t.url, SignUpDocument, {
    input: { email, password, displayName: roles.join(' ') },
  });
  const id = signUp.data!.signUp.user.id;
  if (!(roles.length === 1 && roles[0] === 'VIEWER')) {
    const changed = await execute(t.url, SetUserRolesDocument, { userId: id, roles }, adminToken);
    if (changed.errors) throw new Error(JSON.stringify(changed.errors));
  }
  const login = await execute(t.url, LoginDocument, { input: { email, password } });
  return { id, token: login.data!.login.accessToken, email, password };
}

export async function adminToken(t: TestPlatform): Promise<string> {
  const login = await execute(t.url, LoginDocument, { input: t.admin });
  if (!login.data) throw new Error(JSON.stringify(login.errors));
  return login.data.login.accessToken;
}

/** Where each of the platform's subgraphs listens, for a second gateway in front of them. */
export function subgraphUrlsOf(t: TestPlatform): Record<string, string> {
  return Object.fromEntries(Object.entries(t.platform.subgraphs).map(([name, s]) => [name, s.url]));
}
