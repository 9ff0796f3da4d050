import { randomBytes } from 'node:crypto';
import {
  ApplyDocumentUpdateDocument,
  CreateDocumentDocument,
  DocumentEventsDocument,
  JoinDocumentDocument,
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
  wsClient,
} from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { errorCode, execute } from '../testkit/platform.js';
import { freePort, type ServiceProcess, startService } from '../testkit/processes.js';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'));

/**
 * Real processes, as in production: one users service, two knowledge instances and two gateways
 * (A in front of knowledge A, B in front of knowledge B), sharing one Postgres and one Redis.
 */
describe('live editing across instances', () => {
  let database: TestDatabase;
  const services: ServiceProcess[] = [];
  let knowledgeA: ServiceProcess;
  let gatewayA: ServiceProcess;
  let gatewayB: ServiceProcess;
  let knowledgeAEnv: Record<string, string>;
  let knowledgeAPort = 0;
  let editor1 = { id: '', token: '' };
  let editor2 = { id: '', token: '' };
  let viewerToken = '';
  let docId = '';

  const common = (): Record<string, string> => ({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: secret,
  });
  const prefix = uniqueRedisPrefix();
  const secret = randomBytes(48).toString('base64url');
  const admin = {
    email: `admin-${randomBytes(3).toString('hex')}@e2e.test`,
    password: `Adm1n-${randomBytes(10).toString('hex')}`,
  };

  async function person(url: string, adminToken: string, role: 'EDITOR' | 'VIEWER') {
    const email = `${role.toLowerCase()}-${randomBytes(4).toString('hex')}@e2e.test`;
    const password = `pass-${randomBytes(12).toString('hex')}`;
    const signUp = await execute(url, SignUpDocument, {
      input: { email, password, displayName: `${role} ${email.slice(7, 11)}` },
    });
    const id = signUp.data!.signUp.user.id;
    if (role !== 'VIEWER')
      await execute(url, SetUserRolesDocument, { userId: id, roles: [role] }, adminToken);
    const login = await execute(url, LoginDocument, { input: { email, password } });
    return { id, token: login.data!.login.accessToken };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    const [usersPort, kA, kB, gA, gB] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    knowledgeAPort = kA;
    const users = await startService('users', 'subgraphs/users/src/main.ts', usersPort, {
      ...common(),
      USERS_PORT: String(usersPort),
      TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });
    services.push(users);
    knowledgeAEnv = { ...common(), KNOWLEDGE_PORT: String(kA) };
    [knowledgeA] = await Promise.all([
      startService('knowledge A', 'subgraphs/knowledge/src/main.ts', kA, knowledgeAEnv),
      startService('knowledge B', 'subgraphs/knowledge/src/main.ts', kB, {
        ...common(),
        KNOWLEDGE_PORT: String(kB),
      }).then((s) => services.push(s)),
    ]);
    services.push(knowledgeA);
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
    const gateway = (port: number, knowledgePort: number) => ({
      ...common(),
      PORT: String(port),
      SUBGRAPH_URLS: `users=${users.url},knowledge=http://127.0.0.1:${knowledgePort}/graphql,analytics=${analytics.url},ml=${ml.url}`,
    });
    [gatewayA, gatewayB] = await Promise.all([
      startService('gateway A', 'gateway/src/main.ts', gA, gateway(gA, kA)),
      startService('gateway B', 'gateway/src/main.ts', gB, gateway(gB, kB)),
    ]);
    services.push(gatewayA, gatewayB);

    const adminLogin = await execute(gatewayA.url, LoginDocument, { input: admin });
    const adminToken = adminLogin.data!.login.accessToken;
    editor1 = await person(gatewayA.url, adminToken, 'EDITOR');
    editor2 = await person(gatewayB.url, adminToken, 'EDITOR');
    viewerToken = (await person(gatewayA.url, adminToken, 'VIEWER')).token;
    const created = await execute(
      gatewayA.url,
      CreateDocumentDocument,
      { input: { title: 'Shared notes', body: 'Hello', tags: ['notes'] } },
      editor1.token,
    );
    docId = created.data!.createDocument.id;
    await execute(gatewayA.url, PublishDocumentDocument, { id: docId }, editor1.token);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await database?.drop();
  });

  /** A Yjs client: a local doc kept in step through one gateway, sending its own changes. */
  async function editor(url: string, token: string) {
    const joined = await execute(url, JoinDocumentDocument, { id: docId }, token);
    expect(joined.errors).toBeUndefined();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes(joined.data!.joinDocument.state), 'remote');
    const client = wsClient(url, token);
    const events = subscribe(client, DocumentEventsDocument, { documentId: docId });
    const sent: Array<Promise<unknown>> = [];
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === 'remote') return;
      sent.push(execute(url, ApplyDocumentUpdateDocument, { id: docId, update: b64(update) }, token));
    });
    return {
      doc,
      text: () => doc.getText('body').toString(),
      events,
      /**
       * Applies incoming edits until `done()` holds. Like a real client, it re-syncs from
       * joinDocument when the stream is quiet: an edit made before this subscription was live
       * is never replayed, and Yjs merges a full state idempotently.
       */
      async pumpUntil(done: () => boolean, timeoutMs = 15_000) {
        const deadline = Date.now() + timeoutMs;
        while (!done()) {
          if (Date.now() > deadline) throw new Error(`did not converge: ${doc.getText('body').toString()}`);
          try {
            const payload = (await events.next(1500)).data?.documentEvents;
            if (payload?.__typename === 'DocumentEdited') Y.applyUpdate(doc, bytes(payload.update), 'remote');
          } catch {
            const again = await execute(url, JoinDocumentDocument, { id: docId }, token);
            Y.applyUpdate(doc, bytes(again.data!.joinDocument.state), 'remote');
          }
        }
      },
      async flush() {
        const results = await Promise.all(sent.splice(0));
        for (const r of results) expect((r as { errors?: unknown }).errors).toBeUndefined();
      },
      async close() {
        await events.close();
        await client.dispose();
      },
    };
  }

  it('delivers an edit made through gateway A on knowledge A to a subscriber of gateway B, with the actor from users', async () => {
    const client = wsClient(gatewayB.url, editor2.token);
    const events = subscribe(client, DocumentEventsDocument, { documentId: docId });
    const writer = await editor(gatewayA.url, editor1.token);
    // graphql-ws does not acknowledge a subscribe, so edit until one edit is heard (the first may
    // be made before the subscription has reached knowledge B and Redis).
    let edited: { actor: { id: string; displayName: string } } | undefined;
    for (let attempt = 0; attempt < 10 && !edited; attempt += 1) {
      writer.doc.getText('body').insert(writer.text().length, ` w${attempt}`);
      await writer.flush();
      try {
        for (;;) {
          const event = (await events.next(1000)).data?.documentEvents;
          if (event?.__typename === 'DocumentEdited') {
            edited = event;
            break;
          }
        }
      } catch {}
    }
    expect(edited?.actor.id).toBe(editor1.id);
    expect(edited?.actor.displayName).toMatch(/^EDITOR /);
    await events.close();
    await client.dispose();
    await writer.close();
  });

  it('converges when two editors type at the same place through different gateways', async () => {
    const a = await editor(gatewayA.url, editor1.token);
    const b = await editor(gatewayB.url, editor2.token);
    await a.pumpUntil(() => a.text() === b.text());
    a.doc.getText('body').insert(0, 'AAA ');
    b.doc.getText('body').insert(0, 'BBB ');
    await Promise.all([a.flush(), b.flush()]);
    const both = (text: string) => text.includes('AAA ') && text.includes('BBB ');
    await Promise.all([a.pumpUntil(() => both(a.text())), b.pumpUntil(() => both(b.text()))]);
    expect(a.text()).toBe(b.text());
    await a.close();
    await b.close();
  });

  it('refuses a viewer’s update and broadcasts nothing', async () => {
    const update = new Y.Doc();
    update.getText('body').insert(0, 'vandal');
    const result = await execute(
      gatewayA.url,
      ApplyDocumentUpdateDocument,
      { id: docId, update: b64(Y.encodeStateAsUpdate(update)) },
      viewerToken,
    );
    expect(errorCode(result)).toBe('FORBIDDEN');
  });

  it('keeps every acknowledged update when knowledge A is killed with SIGKILL', async () => {
    const a = await editor(gatewayA.url, editor1.token);
    a.doc.getText('body').insert(a.text().length, ' [durable-1]');
    a.doc.getText('body').insert(a.text().length, ' [durable-2]');
    await a.flush();
    const expected = a.text();
    await a.close();
    // Killed at once: no compaction, no graceful stop.
    await knowledgeA.kill();
    knowledgeA = await startService(
      'knowledge A again',
      'subgraphs/knowledge/src/main.ts',
      knowledgeAPort,
      knowledgeAEnv,
    );
    services.push(knowledgeA);
    const joined = await execute(gatewayA.url, JoinDocumentDocument, { id: docId }, editor1.token);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes(joined.data!.joinDocument.state));
    expect(doc.getText('body').toString()).toBe(expected);
    expect(expected).toContain('[durable-2]');
  });
});
