import { randomBytes } from 'node:crypto';
import {
  DocumentPublishedDocument,
  LoginDocument,
  RequestPasswordResetDocument,
} from '@ukp/client/documents';
import { testRedisUrl } from '@ukp/kit/testing';
import { print } from 'graphql';
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  adminToken,
  startTestPlatform,
  subgraphUrlsOf,
  type TestPlatform,
  userWithRoles,
} from '../testkit/platform.js';
import { freePort, type ServiceProcess, startService } from '../testkit/processes.js';

type Body = {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
};

// Tight limits, clients told apart by X-Forwarded-For as one load balancer in front would write it
// (TRUST_PROXY_HOPS=1: the right-most entry): each test uses addresses of its own, so the tests
// share no bucket. The suite's own setup traffic comes from 127.0.0.1, which is allowed.
const limits = {
  TRUST_PROXY_HOPS: '1',
  RATE_LIMIT_POINTS: '20',
  RATE_LIMIT_WINDOW_SECONDS: '60',
  PASSWORD_RESET_RATE_LIMIT_PER_EMAIL: '2',
  RATE_LIMIT_ALLOW_CIDRS: '127.0.0.1, ::1, 198.51.100.0/24, 2001:db8:a11::/48',
  RATE_LIMIT_DENY_CIDRS: '203.0.113.0/24, 2001:db8:dead::/48',
};

const ME = { query: 'query Me { me { id } }' }; // 1 + 1 root field = 2 points
const login = (email: string) => ({
  query: print(LoginDocument),
  variables: { input: { email, password: 'not the password 1!' } },
});
const email = (name: string) => `${name}-${randomBytes(4).toString('hex')}@e2e.test`;

async function post(url: string, body: object, options: { ip?: string; token?: string } = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.ip ? { 'x-forwarded-for': options.ip } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

const codeOf = (result: { body: Body }) => result.body.errors?.[0]?.extensions?.code;

describe('rate limits', () => {
  let t: TestPlatform;
  let second: ServiceProcess;

  beforeAll(async () => {
    t = await startTestPlatform(limits);
    // A second gateway in its own process, in front of the same subgraphs and the same Redis.
    const port = await freePort();
    const gateway = t.platform.config.gateway;
    const { TRUST_PROXY_HOPS: _hops, ...rest } = limits;
    second = await startService('gateway-b', 'gateway/src/main.ts', port, {
      ...rest,
      // The deprecated spelling of one trusted hop still works.
      TRUST_PROXY: 'true',
      NODE_ENV: 'test',
      PORT: String(port),
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: gateway.REDIS_KEY_PREFIX,
      JWT_SECRET: gateway.JWT_SECRET ?? '',
      SUBGRAPH_URLS: Object.entries(subgraphUrlsOf(t))
        .map(([name, url]) => `${name}=${url}`)
        .join(','),
    });
  });
  afterAll(async () => {
    await second?.stop();
    await t?.stop();
  });

  it('sends RateLimit headers with successful responses', async () => {
    const result = await post(t.url, ME, { ip: '192.0.2.1' });
    expect(result.status).toBe(200);
    expect(result.headers.get('ratelimit-limit')).toBe('20');
    expect(result.headers.get('ratelimit-remaining')).toBe('18');
    expect(Number(result.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    expect(Number(result.headers.get('ratelimit-reset'))).toBeLessThanOrEqual(60);
    expect(result.headers.get('retry-after')).toBeNull();
  });

  it('answers 429 RATE_LIMITED with Retry-After once the points are spent', async () => {
    for (let i = 1; i <= 10; i += 1) {
      const ok = await post(t.url, ME, { ip: '192.0.2.2' });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('ratelimit-remaining')).toBe(String(20 - 2 * i));
    }
    const limited = await post(t.url, ME, { ip: '192.0.2.2' });
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-limit')).toBe('20');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).toBe(String(retryAfter));
    expect(limited.headers.get('content-type')).toContain('application/json');
    expect(limited.body).toEqual({
      errors: [
        {
          message: `Too many requests. Retry in ${retryAfter} seconds.`,
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter, requestId: expect.any(String) },
        },
      ],
    });
    // Another address has its own bucket.
    expect((await post(t.url, ME, { ip: '192.0.2.3' })).status).toBe(200);
  });

  it('charges signed-in users per user, from wherever they connect', async () => {
    const user = await userWithRoles(t, await adminToken(t), ['VIEWER']);
    for (let i = 0; i < 10; i += 1) {
      expect((await post(t.url, ME, { ip: `192.0.2.${100 + i}`, token: user.token })).status).toBe(200);
    }
    const limited = await post(t.url, ME, { ip: '192.0.2.120', token: user.token });
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    // The same address, anonymous, is another bucket.
    expect((await post(t.url, ME, { ip: '192.0.2.120' })).status).toBe(200);
  });

  it('limits password-reset requests per email, whatever the address (the `email` argument)', async () => {
    const reset = (address: string) => ({
      query: print(RequestPasswordResetDocument),
      variables: { email: address },
    });
    const target = email('reset');
    expect((await post(t.url, reset(target), { ip: '192.0.2.13' })).body.data).toEqual({
      requestPasswordReset: true,
    });
    expect((await post(t.url, reset(target), { ip: '192.0.2.14' })).status).toBe(200);
    expect(codeOf(await post(t.url, reset(target), { ip: '192.0.2.15' }))).toBe('RATE_LIMITED');
  });

  it('never limits addresses on the allow list', async () => {
    for (let i = 0; i < 15; i += 1) {
      const result = await post(t.url, ME, { ip: '198.51.100.7' });
      expect(result.status).toBe(200);
      expect(result.headers.get('ratelimit-limit')).toBeNull();
    }
    for (let i = 0; i < 5; i += 1) {
      expect(codeOf(await post(t.url, login(email(`allowed${i}`)), { ip: '198.51.100.7' }))).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    expect((await post(t.url, ME, { ip: '2001:db8:a11:5::9' })).headers.get('ratelimit-limit')).toBeNull();
  });

  it('refuses addresses on the deny list with 403 FORBIDDEN', async () => {
    for (const ip of ['203.0.113.9', '2001:db8:dead:1::2']) {
      const denied = await post(t.url, ME, { ip });
      expect(denied.status).toBe(403);
      expect(denied.body.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(denied.body.data).toBeUndefined();
    }
    expect((await post(t.url, login(email('denied')), { ip: '203.0.113.10' })).status).toBe(403);
  });

  it('charges operations sent over the WebSocket against the same bucket', async () => {
    const ip = '192.0.2.20';
    for (let i = 0; i < 10; i += 1) expect((await post(t.url, ME, { ip })).status).toBe(200);
    const client = createClient({
      url: t.url.replace(/^http/, 'ws'),
      // graphql-ws builds the socket itself; a subclass is how upgrade headers get in.
      webSocketImpl: class extends WebSocket {
        constructor(address: string | URL, protocols?: string | string[]) {
          super(address, protocols, { headers: { 'x-forwarded-for': ip } });
        }
      },
      retryAttempts: 0,
      lazy: true,
    });
    try {
      // A subscription is refused by the subscription server…
      const refused = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: print(DocumentPublishedDocument), variables: {} },
          { next: () => resolve('unexpected event'), error: resolve, complete: () => resolve('completed') },
        );
      });
      expect(refused).toEqual([
        expect.objectContaining({
          extensions: expect.objectContaining({
            code: 'RATE_LIMITED',
            retryAfterSeconds: expect.any(Number),
          }),
        }),
      ]);
      // …and a query over the socket by Apollo's plugin, as over HTTP.
      const query = await new Promise<FormattedExecutionResult<unknown, unknown>>((resolve, reject) => {
        client.subscribe<unknown>(ME, { next: resolve, error: reject, complete: () => {} });
      });
      expect(query.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await client.dispose();
    }
  });

  it('holds the limit across two gateway instances sharing Redis', async () => {
    const ip = '192.0.2.30';
    const gateways = [t.url, second.url];
    for (let i = 1; i <= 10; i += 1) {
      const result = await post(gateways[i % 2]!, ME, { ip });
      expect(result.status).toBe(200);
      expect(result.headers.get('ratelimit-remaining')).toBe(String(20 - 2 * i));
    }
    for (const url of gateways) {
      const limited = await post(url, ME, { ip });
      expect(limited.status).toBe(429);
      expect(codeOf(limited)).toBe('RATE_LIMITED');
    }
  });
});
