import { AuditLogDocument, LoginDocument } from '@ukp/client/documents';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { errorCode, execute, startTestPlatform, type TestPlatform } from '../testkit/platform.js';

const INTROSPECTION = '{ __schema { queryType { name } } }';

async function post(url: string, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      data?: unknown;
      errors?: Array<{ extensions?: Record<string, unknown> }>;
    },
  };
}

describe('development mode', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ NODE_ENV: 'development' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('never lets @apollo/gateway export telemetry or probe cloud metadata endpoints', () => {
    expect(process.env.APOLLO_TELEMETRY_DISABLED).toBe('true');
  });

  it('serves Apollo Sandbox to browsers and answers introspection', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('embeddable-sandbox');
    const introspection = await post(t.url, INTROSPECTION);
    expect(introspection.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('seeds one demo account per role, each able to sign in', async () => {
    expect(t.platform.demoAccounts.map((a) => a.roles[0]).sort()).toEqual([
      'ADMIN',
      'ANALYST',
      'EDITOR',
      'VIEWER',
    ]);
    for (const account of t.platform.demoAccounts) {
      const login = await execute(t.url, LoginDocument, {
        input: { email: account.email, password: account.password },
      });
      expect(login.data?.login.user.roles).toEqual(account.roles);
    }
  });

  it('points subscriptions sent over HTTP to the WebSocket transport with a 400', async () => {
    const result = await post(t.url, 'subscription { documentPublished { id } }');
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
  });

  it('reports ready only while every subgraph is', async () => {
    const ready = await fetch(new URL('/readyz', t.url));
    expect(ready.status).toBe(200);
    await t.platform.subgraphs.users.stop();
    const notReady = await fetch(new URL('/readyz', t.url));
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({ checks: { 'subgraph:users': { ok: false } } });
    const unavailable = await post(t.url, '{ me { id } }');
    expect(unavailable.body.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: 'users',
    });
    // Back on the same port, so the other tests in this file find users running whatever the order.
    await t.platform.subgraphs.users.restart();
    await vi.waitFor(async () => expect((await fetch(new URL('/readyz', t.url))).status).toBe(200), {
      timeout: 10_000,
      interval: 100,
    });
  });
});

describe('production mode', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await startTestPlatform({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('serves no Sandbox and refuses introspection', async () => {
    const page = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('embeddable-sandbox');
    const introspection = await post(t.url, INTROSPECTION);
    expect(introspection.status).toBe(400);
    expect(introspection.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('seeds no demo accounts', async () => {
    expect(t.platform.demoAccounts).toEqual([]);
    const [row] = await t.sql<
      { n: number }[]
    >`select count(*)::int as n from users.accounts where email_key like '%@ukp.local'`;
    expect(row?.n).toBe(0);
  });

  it('forwards the request id to the subgraph that did the work', async () => {
    const requestId = `e2e-${Date.now()}`;
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
      body: JSON.stringify({
        query: 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }',
        variables: { input: t.admin },
      }),
    });
    expect(response.headers.get('x-request-id')).toBe(requestId);
    const { data } = (await response.json()) as { data: { login: { accessToken: string } } };
    const audit = await execute(
      t.url,
      AuditLogDocument,
      { first: 1, action: 'login.succeeded' },
      data.login.accessToken,
    );
    expect(audit.data?.auditLog.edges[0]?.node.detail).toMatchObject({ requestId });
    expect(errorCode(await execute(t.url, AuditLogDocument, { first: 1 }))).toBe('UNAUTHENTICATED');
  });
});
