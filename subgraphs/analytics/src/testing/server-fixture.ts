import { randomBytes, randomUUID } from 'node:crypto';
import { createTokenSigner, parseEnv, type Role, type TokenSigner, tokenConfigFromEnv } from '@ukp/kit';
import {
  createTestDatabase,
  type GqlResult,
  gql,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type WsClient,
  wsClient,
} from '@ukp/kit/testing';
import { type AnalyticsEnv, analyticsEnv } from '../env.js';
import { type AnalyticsServer, createAnalyticsServer } from '../server.js';

/** A signed-in caller of the analytics subgraph: its id and a bearer token signed with the server's secret. */
export interface TestCaller {
  id: string;
  roles: Role[];
  token: string;
}

export interface AnalyticsFixture {
  server: AnalyticsServer;
  url: string;
  env: AnalyticsEnv;
  database: TestDatabase;
  signer: TokenSigner;
  /** The clock the server reads. */
  clock: { now: Date };
  user(roles: Role[]): Promise<TestCaller>;
  /** GraphQL over HTTP to this instance. */
  query<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<GqlResult<T>>;
  /** A graphql-ws client to this instance, disposed by stop(). */
  ws(token?: string): WsClient;
  stop(): Promise<void>;
}

export interface StartAnalyticsOptions {
  /** A second instance over the same database, secret and Redis prefix. */
  sameAs?: AnalyticsFixture;
  /** Extra environment (e.g. ANALYTICS_CLAIM_IDLE_MS). */
  env?: Record<string, string>;
  /** false: no Redis (in-process bus, embedded-mode code paths) on the test Postgres. */
  redis?: boolean;
  /** Start the minute timers (default: off; tests call `server.tick()`). */
  timers?: boolean;
}

/** An analytics server on port 0 over a database of its own (or `sameAs`'s) and a Redis prefix of its own. */
export async function startAnalytics(options: StartAnalyticsOptions = {}): Promise<AnalyticsFixture> {
  const shared = options.sameAs;
  const database = shared?.database ?? (await createTestDatabase());
  const env =
    shared?.env ??
    parseEnv(analyticsEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      ...(options.redis === false ? {} : { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: uniqueRedisPrefix() }),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      ANALYTICS_WEBHOOK_ALLOW_PRIVATE: 'true',
      ...options.env,
    });
  const clock = shared?.clock ?? { now: new Date() };
  let server: AnalyticsServer;
  try {
    server = await createAnalyticsServer({
      env,
      port: 0,
      now: () => clock.now,
      timers: options.timers ?? false,
    });
  } catch (error) {
    if (!shared) await database.drop();
    throw error;
  }
  const signer = await createTokenSigner(tokenConfigFromEnv(env));
  const clients: WsClient[] = [];
  return {
    server,
    url: server.url,
    env,
    database,
    signer,
    clock,
    async user(roles) {
      const id = randomUUID();
      const { token } = await signer.sign({ sub: id, sid: randomUUID(), roles });
      return { id, roles, token };
    },
    query: (query, variables, token) => gql(server.url, query, variables ?? {}, token),
    ws(token) {
      const client = wsClient(server.url, token);
      clients.push(client);
      return client;
    },
    async stop() {
      try {
        await Promise.all(clients.splice(0).map((client) => client.dispose()));
        await server.stop();
      } finally {
        if (!shared) await database.drop();
      }
    },
  };
}
