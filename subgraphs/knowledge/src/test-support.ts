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
import {
  createTestDatabase,
  dataOf,
  type GqlResult,
  gql,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  type WsClient,
  wsClient,
} from '@ukp/kit/testing';
import type { SQL } from 'drizzle-orm';
import * as Y from 'yjs';
import { createManualScheduler, type ManualScheduler } from './domain/collab/scheduler.js';
import { READER_ROLE } from './domain/deps.js';
import { createDocument, transition } from './domain/documents.js';
import { type KnowledgeEnv, knowledgeEnv } from './env.js';
import { createKnowledgeServer, type KnowledgeServer, type KnowledgeServerOptions } from './server.js';

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
  /** The clock `now` reads, when started with `manualClock`. */
  clock: { now: Date };
  /** Live editing's timers, when started with `manualClock`. */
  scheduler: ManualScheduler | null;
  /** Moves the manual clock, running due timers and awaiting the work each one starts. */
  advance(ms: number): Promise<void>;
  /** A graphql-ws client to this instance, disposed by stop(). */
  ws(token?: string, params?: Record<string, unknown>): WsClient;
  /**
   * Opens a subscription and resolves once the server has it live (graphql-ws does not
   * acknowledge a subscribe, and an event published before that would be missed).
   */
  subscribe<T>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ): Promise<EventStream<{ data?: T | null; errors?: readonly GqlErrorLike[] }>>;
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
  const openWs = (token?: string, params?: Record<string, unknown>) => {
    const client = wsClient(server.url, token, params);
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
        const events = stream<T>(openWs(token), query, variables);
        const deadline = Date.now() + 5000;
        while (opened() === before) {
          if (Date.now() > deadline) throw new Error('the subscription was not live after 5 s');
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
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

/** An event stream from `client.iterate()` that a test can await one event at a time. */
export interface EventStream<T> {
  /** The next event, or a rejection after `timeoutMs` (the pending pull is kept for the next call). */
  next(timeoutMs?: number): Promise<T>;
  /** How the stream ends: resolves when it completes, rejects with the server's errors. */
  ended(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export function stream<T = Record<string, unknown>>(
  client: WsClient,
  query: string,
  variables: Record<string, unknown> = {},
): EventStream<{ data?: T | null; errors?: readonly GqlErrorLike[] }> {
  type Result = { data?: T | null; errors?: readonly GqlErrorLike[] };
  const iterator = client.iterate<T>({ query, variables }) as AsyncIterator<Result>;
  // Pull at once: graphql-ws' iterate() misses an error or completion that arrives before its
  // first next() (its generator has not started waiting yet) and would then wait forever.
  let pull: Promise<IteratorResult<Result>> | null = iterator.next();
  pull.catch(() => undefined);
  const pullNext = (timeoutMs: number) => {
    pull ??= iterator.next();
    return withTimeout(pull, timeoutMs).then((result) => {
      pull = null;
      return result;
    });
  };
  return {
    async next(timeoutMs = 5000) {
      const result = await pullNext(timeoutMs);
      if (result.done) throw new Error('the subscription ended');
      return result.value;
    },
    async ended(timeoutMs = 5000) {
      const result = await pullNext(timeoutMs);
      if (!result.done) throw new Error(`expected the end, got ${JSON.stringify(result.value)}`);
    },
    async close() {
      await iterator.return?.();
    },
  };
}

export interface GqlErrorLike {
  message: string;
  extensions?: Record<string, unknown>;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const JOIN = `mutation ($id: ID!) { joinDocument(id: $id) { documentId state participants { id } } }`;
export const APPLY =
  'mutation ($id: ID!, $update: String!) { applyDocumentUpdate(id: $id, update: $update) }';
export const LEAVE = 'mutation ($id: ID!) { leaveDocument(id: $id) }';
export const HEARTBEAT = 'mutation ($id: ID!) { documentHeartbeat(id: $id) }';
export const DOCUMENT_EVENTS = `subscription ($id: ID!) {
  documentEvents(documentId: $id) {
    __typename
    ... on DocumentEdited { documentId update actor { id } }
    ... on PresenceChanged { documentId participants { id } }
    ... on DocumentSaved { document { id version body } }
  }
}`;

export interface DocumentEventData {
  documentEvents: {
    __typename: 'DocumentEdited' | 'PresenceChanged' | 'DocumentSaved';
    documentId?: string;
    update?: string;
    actor?: { id: string };
    participants?: Array<{ id: string }>;
    document?: { id: string; version: number; body: string };
  };
}

export const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
export const unb64 = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * A live-editing client as a browser would run one: its own Y.Doc, joined over GraphQL, sending
 * the update of each local edit and applying the updates it is given.
 */
export class LiveEditor {
  readonly doc = new Y.Doc();

  constructor(
    readonly user: TestUser,
    readonly documentId: string,
    private readonly url: string,
  ) {}

  /** Joins and loads the shared state; the participants' ids. */
  async join(): Promise<string[]> {
    const joined = dataOf(
      await gql<{ joinDocument: { state: string; participants: Array<{ id: string }> } }>(
        this.url,
        JOIN,
        { id: this.documentId },
        this.user.token,
      ),
    ).joinDocument;
    Y.applyUpdate(this.doc, unb64(joined.state));
    return joined.participants.map((p) => p.id);
  }

  text(): string {
    return this.doc.getText('body').toString();
  }

  /** Makes a local edit and returns its update (base64), without sending it. */
  edit(change: (text: Y.Text) => void): string {
    const before = Y.encodeStateVector(this.doc);
    change(this.doc.getText('body'));
    return b64(Y.encodeStateAsUpdate(this.doc, before));
  }

  send(update: string): Promise<GqlResult<{ applyDocumentUpdate: number }>> {
    return gql(this.url, APPLY, { id: this.documentId, update }, this.user.token);
  }

  /** Edits and sends; the version the server answers. */
  async type(change: (text: Y.Text) => void): Promise<number> {
    return dataOf(await this.send(this.edit(change))).applyDocumentUpdate;
  }

  receive(update: string): void {
    Y.applyUpdate(this.doc, unb64(update));
  }

  async leave(): Promise<boolean> {
    return dataOf(
      await gql<{ leaveDocument: boolean }>(this.url, LEAVE, { id: this.documentId }, this.user.token),
    ).leaveDocument;
  }
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

/**
 * The edit rule, written out: the title, body and tags (`content`) of a PUBLIC document, any
 * EDITOR; everything else (`manage`: visibility, publish, archive, restore, delete), and any
 * change to a PRIVATE document, only the author and ADMINs.
 */
export const WRITERS: Record<'content' | 'manage', Record<MatrixDoc, readonly Caller[]>> = {
  content: {
    publicPublished: ['otherEditor', 'author', 'admin'],
    publicDraft: ['otherEditor', 'author', 'admin'],
    publicArchived: ['otherEditor', 'author', 'admin'],
    privatePublished: ['author', 'admin'],
    privateDraft: ['author', 'admin'],
    privateArchived: ['author', 'admin'],
  },
  manage: {
    publicPublished: ['author', 'admin'],
    publicDraft: ['author', 'admin'],
    publicArchived: ['author', 'admin'],
    privatePublished: ['author', 'admin'],
    privateDraft: ['author', 'admin'],
    privateArchived: ['author', 'admin'],
  },
};

/**
 * What a change by `caller` must fail with: anonymous callers must sign in; someone who may read
 * the document but not change it this way is FORBIDDEN; someone who may not even read it gets
 * NOT_FOUND, so the answer does not reveal that it exists. Undefined when the change is allowed.
 */
export function expectedWriteError(
  doc: MatrixDoc,
  caller: Caller,
  change: 'content' | 'manage',
): string | undefined {
  if (WRITERS[change][doc].includes(caller)) return undefined;
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
