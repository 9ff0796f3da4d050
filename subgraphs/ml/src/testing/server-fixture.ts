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
import type { CorpusSource } from '../domain/training/corpus.js';
import { type MlEnv, mlEnv } from '../env.js';
import { createMlServer, type MlServer } from '../server.js';

/** A signed-in caller of the ml subgraph: its id and a bearer token signed with the server's secret. */
export interface TestCaller {
  id: string;
  roles: Role[];
  token: string;
}

export interface MlFixture {
  server: MlServer;
  url: string;
  env: MlEnv;
  database: TestDatabase;
  signer: TokenSigner;
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

export interface StartMlOptions {
  /** A second instance over the same database, secret and Redis prefix. */
  sameAs?: MlFixture;
  /** Extra environment. */
  env?: Record<string, string>;
  /** false: no Redis (in-process bus, LRU-only cache) on the test Postgres. */
  redis?: boolean;
  /** The documents training reads (default: none, so nothing trains). */
  corpus?: CorpusSource;
  /** Auto-train on start (default: off). */
  autoTrain?: boolean;
}

/** An ml server on port 0 over a database of its own (or `sameAs`'s) and a Redis prefix of its own. */
export async function startMl(options: StartMlOptions = {}): Promise<MlFixture> {
  const shared = options.sameAs;
  const database = shared?.database ?? (await createTestDatabase());
  const env =
    shared?.env ??
    parseEnv(mlEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      ...(options.redis === false ? {} : { REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: uniqueRedisPrefix() }),
      JWT_SECRET: randomBytes(48).toString('base64url'),
      ML_AUTO_TRAIN_RETRY_MS: '50',
      ML_AUTO_TRAIN_MAX_RETRY_MS: '200',
      ...options.env,
    });
  let server: MlServer;
  try {
    server = await createMlServer({
      env,
      port: 0,
      corpus: options.corpus ?? { examples: async () => [] },
      autoTrain: options.autoTrain ?? false,
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
