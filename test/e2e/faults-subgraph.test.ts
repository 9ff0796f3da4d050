import { randomBytes } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import {
  CreateDocumentDocument,
  DocumentPublishedDocument,
  LoginDocument,
  PublishDocumentDocument,
  SetUserRolesDocument,
  SignUpDocument,
} from '@ukp/client/documents';
import {
  createTestDatabase,
  subscribe,
  type TestDatabase,
  testRedisUrl,
  uniqueRedisPrefix,
  within,
  wsClient,
} from '@ukp/kit/testing';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { codesOf, startLoad } from '../testkit/load.js';
import { execute } from '../testkit/platform.js';
import { freePort, type ServiceProcess, startService } from '../testkit/processes.js';

const SUBGRAPH_TIMEOUT_MS = 3000;

/**
 * One field from each subgraph, the knowledge one nullable: with knowledge gone the users half
 * still answers (a non-null knowledge field would null the whole parent, as GraphQL requires).
 */
const MeAndDocument = parse(
  'query MeAndDocument($id: ID!) { me { id } document(id: $id) { id title } }',
) as TypedDocumentNode<
  { me: { id: string } | null; document: { id: string; title: string } | null },
  { id: string }
>;
/** A bound, not a speed claim: a query's fetches each end at the subgraph timeout. */
const REQUEST_BOUND_MS = 2 * SUBGRAPH_TIMEOUT_MS + 2000;

/**
 * Real processes (users, knowledge, gateway) on the shared Postgres and Redis; the knowledge
 * process is killed with SIGKILL under a steady load of queries over both subgraphs while
 * subscriptions are open, then started again on the same port.
 */
describe('a subgraph process SIGKILLed under load while subscriptions are open', () => {
  let database: TestDatabase;
  const services: ServiceProcess[] = [];
  let knowledge: ServiceProcess;
  let gateway: ServiceProcess;
  let knowledgeEnv: Record<string, string> = {};
  let knowledgePort = 0;
  let editor = '';
  const prefix = uniqueRedisPrefix();
  const secret = randomBytes(48).toString('base64url');
  const admin = {
    email: `admin-${randomBytes(3).toString('hex')}@e2e.test`,
    password: `Adm1n-${randomBytes(10).toString('hex')}`,
  };

  const common = (): Record<string, string> => ({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: secret,
  });
  const startKnowledge = () =>
    startService('knowledge', 'subgraphs/knowledge/src/main.ts', knowledgePort, knowledgeEnv);

  const publish = async (title: string) => {
    const created = await execute(
      gateway.url,
      CreateDocumentDocument,
      { input: { title, body: 'b', tags: ['fault'] } },
      editor,
    );
    const id = created.data!.createDocument.id;
    const published = await execute(gateway.url, PublishDocumentDocument, { id }, editor);
    expect(published.errors).toBeUndefined();
    return id;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const [usersPort, kPort, gPort] = await Promise.all([freePort(), freePort(), freePort()]);
    knowledgePort = kPort;
    const users = await startService('users', 'subgraphs/users/src/main.ts', usersPort, {
      ...common(),
      USERS_PORT: String(usersPort),
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      RATE_LIMIT_POINTS: '1000000',
    });
    services.push(users);
    knowledgeEnv = { ...common(), KNOWLEDGE_PORT: String(kPort) };
    knowledge = await startKnowledge();
    services.push(knowledge);
    const analyticsPort = await freePort();
    const analytics = await startService('analytics', 'subgraphs/analytics/src/main.ts', analyticsPort, {
      ...common(),
      ANALYTICS_PORT: String(analyticsPort),
    });
    services.push(analytics);
    const mlPort = await freePort();
    const ml = await startService('ml', 'subgraphs/ml/src/main.ts', mlPort, {
      ...common(),
      ML_PORT: String(mlPort),
      ML_AUTO_TRAIN: 'false',
    });
    services.push(ml);
    gateway = await startService('gateway', 'gateway/src/main.ts', gPort, {
      ...common(),
      PORT: String(gPort),
      SUBGRAPH_URLS: `users=${users.url},knowledge=${knowledge.url},analytics=${analytics.url},ml=${ml.url}`,
      SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS),
      SUBGRAPH_BREAKER_HALF_OPEN_MS: '500',
      RATE_LIMIT_POINTS: '1000000',
    });
    services.push(gateway);
    const adminToken = (await execute(gateway.url, LoginDocument, { input: admin })).data!.login.accessToken;
    const email = `editor-${randomBytes(4).toString('hex')}@e2e.test`;
    const password = `pass-${randomBytes(12).toString('hex')}`;
    const signUp = await execute(gateway.url, SignUpDocument, {
      input: { email, password, displayName: 'Editor' },
    });
    await execute(
      gateway.url,
      SetUserRolesDocument,
      { userId: signUp.data!.signUp.user.id, roles: ['EDITOR'] },
      adminToken,
    );
    editor = (await execute(gateway.url, LoginDocument, { input: { email, password } })).data!.login
      .accessToken;
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await database?.drop();
  });

  it('answers with partial results, ends subscriptions with a registry error, and recovers when it is back', async () => {
    const client = wsClient(gateway.url, editor);
    const subscriptions = [0, 1, 2].map(() =>
      subscribe(client, DocumentPublishedDocument, { tags: ['fault'] }),
    );
    const documentId = await publish('the document the load reads');
    // Subscribing is not acknowledged: publish until every subscription has heard an event.
    await vi.waitFor(
      async () => {
        if (subscriptions.some((s) => s.results.length === 0))
          await publish(`warm-up ${randomBytes(2).toString('hex')}`);
        expect(subscriptions.every((s) => s.results.length > 0)).toBe(true);
      },
      { timeout: 20_000, interval: 300 },
    );

    const load = startLoad({
      workers: 2,
      maxRequestsPerWorker: 500,
      pauseMs: 25,
      async step() {
        const result = await within(
          execute(gateway.url, MeAndDocument, { id: documentId }, editor),
          'a query',
          REQUEST_BOUND_MS,
        );
        const partial = result.data?.me?.id !== undefined;
        return { kind: partial ? 'me answered' : 'no me', codes: codesOf(result) };
      },
    });
    try {
      await vi.waitFor(() => expect(load.outcomes.length).toBeGreaterThan(5), { timeout: 10_000 });
      await knowledge.kill();
      const killed = Date.now();

      // Every open subscription ends with an error the client can act on, not a silent hang: a
      // last result carrying SUBGRAPH_UNAVAILABLE, then `complete` (graphql-ws keeps its `error`
      // message for operations that never started).
      await Promise.all(subscriptions.map((s) => within(s.finished, 'the subscription to end', 15_000)));
      for (const s of subscriptions) {
        const last = s.results.at(-1);
        expect(last?.data ?? null, JSON.stringify(last)).toBeNull();
        expect(last?.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
      }

      // Queries over both subgraphs keep the users half and name the missing subgraph.
      await vi.waitFor(
        () => {
          const since = load.after(killed).filter((o) => o.codes.includes('SUBGRAPH_UNAVAILABLE'));
          expect(since.length).toBeGreaterThan(3);
        },
        { timeout: 15_000, interval: 100 },
      );
      for (const o of load.after(killed)) {
        expect(o.transportError).toBeUndefined();
        expect(o.kind).toBe('me answered');
        expect(o.codes.every((c) => c === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
      }
      const sample = await execute(gateway.url, MeAndDocument, { id: documentId }, editor);
      expect(sample.data?.me?.id).toEqual(expect.any(String));
      expect(sample.data?.document).toBeNull();
      if (sample.errors)
        expect(sample.errors[0]?.extensions).toMatchObject({
          code: 'SUBGRAPH_UNAVAILABLE',
          subgraph: 'knowledge',
        });

      knowledge = await startKnowledge();
      services.push(knowledge);
      const back = Date.now();
      await vi.waitFor(
        () => expect(load.after(back).filter((o) => o.codes.length === 0).length).toBeGreaterThan(3),
        { timeout: 20_000, interval: 100 },
      );
    } finally {
      const outcomes = await load.stop();
      expect(outcomes.filter((o) => o.ms > REQUEST_BOUND_MS || o.transportError)).toEqual([]);
    }

    // A new subscription gets events again.
    const fresh = subscribe(client, DocumentPublishedDocument, { tags: ['fault'] });
    await vi.waitFor(
      async () => {
        if (fresh.results.length === 0) await publish(`after ${randomBytes(2).toString('hex')}`);
        expect(fresh.results.length).toBeGreaterThan(0);
      },
      { timeout: 20_000, interval: 300 },
    );
    expect(fresh.results[0]?.data?.documentPublished.tags).toContain('fault');
    await fresh.close();
    await client.dispose();
  });
});
