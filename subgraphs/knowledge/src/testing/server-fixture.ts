import { randomBytes, randomUUID } from 'node:crypto';
import {
  createTokenSigner,
  type Database,
  parseEnv,
  type Role,
  type TokenSigner,
  tokenConfigFromEnv,
  type Viewer,
} from '@ukp/kit';
import {
  createTestDatabase,
  type Recording,
  subscribe,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type WsClient,
  type WsClientOptions,
  wsClient,
} from '@ukp/kit/testing';
import { vi } from 'vitest';
import { createManualScheduler, type ManualScheduler } from '../domain/collab/scheduler.js';
import { type KnowledgeEnv, knowledgeEnv } from '../env.js';
import { createKnowledgeServer, type KnowledgeServer, type KnowledgeServerOptions } from '../server.js';

/**
 * A knowledge server on port 0 over its own database and Redis prefix, graphql-ws clients to it,
 * and access tokens signed with the server's own secret (this service only verifies tokens; the
 * users service issues them in production).
 */

/** A signed-in caller: the domain's `Viewer` and a bearer token for the same identity. */
export interface TestUser {
  id: string;
  roles: Role[];
  viewer: Viewer;
  token: string;
}

export interface KnowledgeFixture {
  server: KnowledgeServer;
  /** The GraphQL endpoint. */
  url: string;
  /** The owner's connection (bypasses row-level security): for arranging and checking rows. */
  db: Database;
  deps: KnowledgeServer['deps'];
  env: KnowledgeEnv;
  database: TestDatabase;
  signer: TokenSigner;
  /** A new user id with these roles and a valid access token for it. */
  user(roles: Role[]): Promise<TestUser>;
  /** The SQL statements the server runs while `fn` runs (its onQuery hook). */
  statementsDuring(fn: () => Promise<unknown>): Promise<string[]>;
  /** The clock `now` reads, when started with `manualClock`. */
  clock: { now: Date };
  /** Live editing's timers, when started with `manualClock`. */
  scheduler: ManualScheduler | null;
  /** Moves the manual clock, running due timers and awaiting the work each one starts. */
  advance(ms: number): Promise<void>;
  /** A graphql-ws client to this instance, disposed by stop(). */
  ws(token?: string, options?: WsClientOptions): WsClient;
  /**
   * Opens a subscription and resolves once the server has it live (graphql-ws does not
   * acknowledge a subscribe, and an event published before that would be missed).
   */
  subscribe<T>(query: string, variables?: Record<string, unknown>, token?: string): Promise<Recording<T>>;
  stop(): Promise<void>;
}

export interface StartKnowledgeOptions {
  /** `now` and the live-editing timers only move with `advance(ms)`. */
  manualClock?: boolean;
  /** A second instance over the same database, secret and Redis prefix as this fixture. */
  sameAs?: KnowledgeFixture;
  collaboration?: KnowledgeServerOptions['collaboration'];
  subscriptions?: KnowledgeServerOptions['subscriptions'];
  readGuards?: KnowledgeServerOptions['readGuards'];
}

const waitOptions = { timeout: 5000, interval: 5 };

/** A knowledge server on port 0 with a fresh database and its own Redis key prefix. */
export async function startKnowledge(options: StartKnowledgeOptions = {}): Promise<KnowledgeFixture> {
  const shared = options.sameAs;
  const database = shared?.database ?? (await createTestDatabase());
  const env =
    shared?.env ??
    parseEnv(knowledgeEnv, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: uniqueRedisPrefix(),
      JWT_SECRET: randomBytes(48).toString('base64url'),
    });
  const clock = { now: new Date() };
  const scheduler = options.manualClock ? createManualScheduler(clock) : null;
  let recording: string[] | null = null;
  let server: KnowledgeServer;
  try {
    server = await createKnowledgeServer({
      env,
      port: 0,
      onQuery: (query) => recording?.push(query),
      ...(scheduler ? { scheduler, now: () => clock.now } : {}),
      ...(options.collaboration ? { collaboration: options.collaboration } : {}),
      ...(options.subscriptions ? { subscriptions: options.subscriptions } : {}),
      ...(options.readGuards ? { readGuards: options.readGuards } : {}),
    });
  } catch (error) {
    if (!shared) await database.drop();
    throw error;
  }
  const clients: WsClient[] = [];
  const openWs = (token?: string, options?: WsClientOptions) => {
    const client = wsClient(server.url, token, options);
    clients.push(client);
    return client;
  };
  let subscribing: Promise<void> = Promise.resolve();
  const signer = await createTokenSigner(tokenConfigFromEnv(env));
  return {
    server,
    url: server.url,
    db: server.deps.db,
    deps: server.deps,
    env,
    database,
    signer,
    async user(roles) {
      const id = randomUUID();
      const sessionId = randomUUID();
      const { token } = await signer.sign({ sub: id, sid: sessionId, roles });
      return { id, roles, viewer: { userId: id, roles, sessionId }, token };
    },
    async statementsDuring(fn) {
      const statements: string[] = [];
      recording = statements;
      try {
        await fn();
      } finally {
        recording = null;
      }
      return statements;
    },
    clock,
    scheduler,
    async advance(ms) {
      if (!scheduler) throw new Error('started without manualClock');
      await scheduler.advance(ms, () => server.realtime.collab.settled());
    },
    ws: openWs,
    async subscribe<T>(query: string, variables: Record<string, unknown> = {}, token?: string) {
      // One at a time per fixture: the count of opened subscriptions tells when this one is live.
      const previous = subscribing;
      let release = () => {};
      subscribing = new Promise<void>((resolve) => {
        release = resolve;
      });
      await previous;
      try {
        const opened = () => Object.values(server.realtime.feeds.opened()).reduce((a, b) => a + b, 0);
        const before = opened();
        const events = subscribe<T>(openWs(token), query, variables);
        // The server counts a subscription once it is live; there is no event to await instead.
        await vi.waitFor(() => {
          if (opened() === before) throw new Error('the subscription was not live after 5 s');
        }, waitOptions);
        return events;
      } finally {
        release();
      }
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
