import { randomBytes, randomUUID } from 'node:crypto';
import {
  type BusEvent,
  createTokenSigner,
  type Database,
  type EventBus,
  parseEnv,
  type Role,
  rowsOf,
  type TokenSigner,
  tokenConfigFromEnv,
  type Viewer,
  withRls,
} from '@ukp/kit';
import { createTestDatabase, type TestDatabase, testRedisUrl, uniqueRedisPrefix } from '@ukp/kit/testing';
import type { SQL } from 'drizzle-orm';
import { READER_ROLE } from './domain/deps.js';
import { createDocument, transition } from './domain/documents.js';
import { type KnowledgeEnv, knowledgeEnv } from './env.js';
import { createKnowledgeServer, type KnowledgeServer } from './server.js';

/**
 * Integration-test helpers: a knowledge server on port 0 over its own database and Redis prefix,
 * GraphQL over fetch, and access tokens signed with the server's own secret (this service only
 * verifies tokens; the users service issues them in production).
 */

export { dataOf, errorCode, type GqlError, type GqlResult, gql } from '@ukp/kit/testing';

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
  stop(): Promise<void>;
}

/** A knowledge server on port 0 with a fresh database and its own Redis key prefix. */
export async function startKnowledge(): Promise<KnowledgeFixture> {
  const database = await createTestDatabase();
  const env = parseEnv(knowledgeEnv, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: uniqueRedisPrefix(),
    JWT_SECRET: randomBytes(48).toString('base64url'),
  });
  let recording: string[] | null = null;
  let server: KnowledgeServer;
  try {
    server = await createKnowledgeServer({ env, port: 0, onQuery: (query) => recording?.push(query) });
  } catch (error) {
    await database.drop();
    throw error;
  }
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
    async stop() {
      try {
        await server.stop();
      } finally {
        await database.drop();
      }
    },
  };
}

/** Runs raw SQL as the request role under row-level security, as `user` (anonymous when null). */
export function asReader<T>(
  db: Database,
  user: Pick<TestUser, 'id' | 'roles'> | null,
  fn: (tx: Database) => Promise<T>,
): Promise<T> {
  return withRls(db, { role: READER_ROLE, userId: user?.id ?? null, roles: user?.roles ?? [] }, fn);
}

/** Rows of raw SQL run under row-level security as `user`. */
export async function readerRows<T>(db: Database, user: Pick<TestUser, 'id' | 'roles'> | null, query: SQL) {
  return rowsOf<T>(await asReader(db, user, (tx) => tx.execute(query)));
}

/**
 * Resolves with the first event on `topic` that `match` accepts, or rejects after `timeoutMs`.
 * Subscribes before returning, so the caller may act right after awaiting it.
 */
export async function nextEvent<T>(
  bus: EventBus,
  topic: string,
  match: (data: T) => boolean = () => true,
  timeoutMs = 5000,
): Promise<{ event: Promise<BusEvent<T>> }> {
  let settle: { resolve(event: BusEvent<T>): void; reject(error: Error): void } | undefined;
  const event = new Promise<BusEvent<T>>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let done = false;
  let timer: NodeJS.Timeout | undefined;
  const unsubscribe = await bus.subscribe<T>(topic, (received) => {
    if (done || !match(received.data)) return;
    done = true;
    clearTimeout(timer);
    void unsubscribe().finally(() => settle?.resolve(received));
  });
  timer = setTimeout(() => {
    if (done) return;
    done = true;
    void unsubscribe().finally(() => settle?.reject(new Error(`no ${topic} event within ${timeoutMs} ms`)));
  }, timeoutMs);
  return { event };
}

/** Who calls, in the access matrix: `author` wrote every document in it. */
export type Caller = 'anonymous' | 'viewer' | 'otherEditor' | 'author' | 'admin';
export const CALLERS: readonly Caller[] = ['anonymous', 'viewer', 'otherEditor', 'author', 'admin'];

/** One document per (visibility, status) pair, all by the same EDITOR. */
export type MatrixDoc =
  | 'publicPublished'
  | 'publicDraft'
  | 'publicArchived'
  | 'privatePublished'
  | 'privateDraft'
  | 'privateArchived';

/**
 * The rules, written out: PUBLISHED + PUBLIC is for anyone; PRIVATE only for its author and
 * ADMINs, whatever its status; PUBLIC drafts and archived documents also for any EDITOR.
 */
export const READERS: Record<MatrixDoc, readonly Caller[]> = {
  publicPublished: CALLERS,
  publicDraft: ['otherEditor', 'author', 'admin'],
  publicArchived: ['otherEditor', 'author', 'admin'],
  privatePublished: ['author', 'admin'],
  privateDraft: ['author', 'admin'],
  privateArchived: ['author', 'admin'],
};

/** Only the author and ADMINs change a document. */
export const WRITERS: readonly Caller[] = ['author', 'admin'];

/**
 * What a change by `caller` must fail with: anonymous callers must sign in; someone who may read
 * the document but not change it is FORBIDDEN; someone who may not even read it gets NOT_FOUND,
 * so the answer does not reveal that it exists. Undefined when the change is allowed.
 */
export function expectedWriteError(doc: MatrixDoc, caller: Caller): string | undefined {
  if (WRITERS.includes(caller)) return undefined;
  if (caller === 'anonymous') return 'UNAUTHENTICATED';
  return READERS[doc].includes(caller) ? 'FORBIDDEN' : 'NOT_FOUND';
}

export interface AccessMatrix {
  users: Record<Exclude<Caller, 'anonymous'>, TestUser>;
  docs: Record<MatrixDoc, string>;
  /** The matrix document ids `caller` may read. */
  readable(caller: Caller): string[];
}

/** Writes the matrix documents through the domain layer, as their author would. */
export async function arrangeAccessMatrix(k: KnowledgeFixture): Promise<AccessMatrix> {
  const users = {
    viewer: await k.user(['VIEWER']),
    otherEditor: await k.user(['EDITOR']),
    author: await k.user(['EDITOR']),
    admin: await k.user(['ADMIN']),
  };
  const author = users.author.viewer;
  const make = async (visibility: 'PUBLIC' | 'PRIVATE', status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED') => {
    const row = await createDocument(k.deps, author, {
      title: `Matrix ${visibility} ${status}`,
      body: `A ${status.toLowerCase()} ${visibility.toLowerCase()} document.`,
      tags: ['matrix'],
      visibility,
    });
    if (status !== 'DRAFT') await transition(k.deps, author, row.id, 'publish');
    if (status === 'ARCHIVED') await transition(k.deps, author, row.id, 'archive');
    return row.id;
  };
  const docs: Record<MatrixDoc, string> = {
    publicPublished: await make('PUBLIC', 'PUBLISHED'),
    publicDraft: await make('PUBLIC', 'DRAFT'),
    publicArchived: await make('PUBLIC', 'ARCHIVED'),
    privatePublished: await make('PRIVATE', 'PUBLISHED'),
    privateDraft: await make('PRIVATE', 'DRAFT'),
    privateArchived: await make('PRIVATE', 'ARCHIVED'),
  };
  return {
    users,
    docs,
    readable: (caller) =>
      (Object.keys(docs) as MatrixDoc[])
        .filter((doc) => READERS[doc].includes(caller))
        .map((doc) => docs[doc]),
  };
}

/** The caller's token (undefined for anonymous), for GraphQL over HTTP. */
export function tokenOf(matrix: AccessMatrix, caller: Caller): string | undefined {
  return caller === 'anonymous' ? undefined : matrix.users[caller].token;
}

/** The caller's domain `Viewer` (null for anonymous). */
export function viewerOf(matrix: AccessMatrix, caller: Caller): Viewer | null {
  return caller === 'anonymous' ? null : matrix.users[caller].viewer;
}
