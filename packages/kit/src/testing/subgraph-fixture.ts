import { randomBytes, randomUUID } from 'node:crypto';
import { createTokenSigner, type TokenSigner, tokenConfigFromEnv } from '../auth/tokens.js';
import type { Role } from '../roles.js';
import { type GqlResult, gql } from './graphql-client.js';
import { createTestDatabase, type TestDatabase, testRedisUrl, uniqueRedisPrefix } from './test-env.js';
import { type WsClient, wsClient } from './ws-client.js';

/** A signed-in caller of a subgraph under test: its id and a bearer token signed with the subgraph's secret. */
export interface TestCaller {
  id: string;
  roles: Role[];
  token: string;
}

type TokenEnv = Parameters<typeof tokenConfigFromEnv>[0];

/** A subgraph on port 0 over a database of its own, with callers, clients and one `stop()`. */
export interface SubgraphFixture<S extends { url: string; stop(): Promise<void> }, E extends TokenEnv> {
  server: S;
  url: string;
  env: E;
  database: TestDatabase;
  signer: TokenSigner;
  /** A new user id with these roles and a valid access token for it. */
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

export interface SubgraphFixtureOptions<
  S extends { url: string; stop(): Promise<void> },
  E extends TokenEnv,
> {
  /** A second instance over the same database, secret and Redis prefix (its env is reused). */
  sameAs?: SubgraphFixture<S, E> | undefined;
  /** Parses the subgraph's environment from the test defaults (`parseEnv(shape, source)`). */
  parseEnv(source: Record<string, string>): E;
  /** false: no Redis (in-process bus) on the test Postgres. */
  redis?: boolean | undefined;
  /** Variables besides the test defaults (they win). */
  env?: Record<string, string> | undefined;
  /** Starts the server on port 0 with the parsed env. */
  start(env: E): Promise<S>;
}

/**
 * The start every subgraph's test fixture shares: a fresh database (or `sameAs`'s), a quiet test
 * env with a fresh JWT secret and Redis prefix, the server, a signer for callers, and a `stop()`
 * that closes clients, the server and the database in that order.
 */
export async function startSubgraphFixture<
  S extends { url: string; stop(): Promise<void> },
  E extends TokenEnv,
>(options: SubgraphFixtureOptions<S, E>): Promise<SubgraphFixture<S, E>> {
  const shared = options.sameAs;
  const database = shared?.database ?? (await createTestDatabase());
  const env =
    shared?.env ??
    options.parseEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      ...(options.redis === false ? {} : { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: uniqueRedisPrefix() }),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      ...options.env,
    });
  let server: S;
  try {
    server = await options.start(env);
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
