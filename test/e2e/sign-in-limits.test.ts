import { randomBytes } from 'node:crypto';
import { LoginDocument, RefreshSessionDocument, SignUpDocument } from '@ukp/client/documents';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../testkit/platform.js';

type Body = {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
};

/**
 * Sign-in limits as an office and an attacker meet them, through the gateway. One load balancer is
 * trusted in front (TRUST_PROXY_HOPS=1): the right-most X-Forwarded-For entry is the client, so each
 * request can come from an address of the test's choosing. Operations and refreshes keep their
 * default allowances; account creation comes from 127.0.0.1, which is allowed.
 */
const limits = {
  TRUST_PROXY_HOPS: '1',
  RATE_LIMIT_POINTS: '1000',
  SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS: '3',
  SIGN_IN_FAILURES_PER_ADDRESS: '20',
  REFRESH_RATE_LIMIT_PER_IP: '600',
  RATE_LIMIT_ALLOW_CIDRS: '127.0.0.1, ::1, 198.51.100.0/24',
  RATE_LIMIT_DENY_CIDRS: '203.0.113.0/24',
};

const ME = { query: 'query Me { me { id } }' };
const login = (email: string) => ({
  query: print(LoginDocument),
  variables: { input: { email, password: 'not the password 1!' } },
});
const email = (name: string) => `${name}-${randomBytes(4).toString('hex')}@e2e.test`;

async function post(
  url: string,
  body: object,
  options: { ip?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.ip ? { 'x-forwarded-for': options.ip } : {}),
      ...options.headers,
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Body };
}

const codeOf = (result: { body: Body }) => result.body.errors?.[0]?.extensions?.code;

describe('sign-in limits', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform(limits);
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('counts failed sign-ins per account and address: the next is refused before the password is checked', async () => {
    const ip = '192.0.2.4';
    const target = email('a');
    const first = await post(t.url, login(target), { ip });
    expect(codeOf(first)).toBe('INVALID_CREDENTIALS');
    // The headers describe the bucket closest to running out: this account's from this address.
    expect(first.headers.get('ratelimit-limit')).toBe('3');
    expect(first.headers.get('ratelimit-remaining')).toBe('2');
    for (let i = 0; i < 2; i += 1)
      expect(codeOf(await post(t.url, login(target), { ip }))).toBe('INVALID_CREDENTIALS');
    const limited = await post(t.url, login(target), { ip });
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(limited.headers.get('ratelimit-limit')).toBe('3');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    // Other accounts from that address, and other operations, still run.
    expect(codeOf(await post(t.url, login(email('b')), { ip }))).toBe('INVALID_CREDENTIALS');
    expect((await post(t.url, ME, { ip })).status).toBe(200);
  });

  it('a spoofed left-most X-Forwarded-For entry does not change the bucket charged', async () => {
    // The client writes the left-most entries; the load balancer appends the address it saw. With
    // the old left-most rule each request here was a new client (and 198.51.100.x is allow-listed).
    const target = email('spoofed');
    const spoofed = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}, 192.0.2.5`;
    for (let i = 0; i < 3; i += 1)
      expect(codeOf(await post(t.url, login(target), { ip: spoofed() }))).toBe('INVALID_CREDENTIALS');
    const limited = await post(t.url, login(target), { ip: spoofed() });
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    // The deny list holds too, whatever the client puts in front of its real address.
    const denied = await post(t.url, ME, { ip: '192.0.2.77, 203.0.113.9' });
    expect(denied.status).toBe(403);
  });

  it('stops password spraying: one password against many accounts from one address', async () => {
    const ip = '192.0.2.6';
    for (let i = 0; i < 20; i += 1)
      expect(codeOf(await post(t.url, login(email(`spray${i}`)), { ip }))).toBe('INVALID_CREDENTIALS');
    const stopped = await post(t.url, login(email('spray-next')), { ip });
    expect(stopped.status).toBe(429);
    expect(codeOf(stopped)).toBe('RATE_LIMITED');
    expect(stopped.headers.get('ratelimit-limit')).toBe('20');
    // Another address is not affected.
    expect(codeOf(await post(t.url, login(email('spray-other')), { ip: '192.0.2.7' }))).toBe(
      'INVALID_CREDENTIALS',
    );
  });

  it('locks a targeted account (ACCOUNT_LOCKED) whatever the number of addresses', async () => {
    const owner = { email: email('targeted'), password: `Right-${randomBytes(9).toString('base64url')}` };
    const created = await post(t.url, {
      query: print(SignUpDocument),
      variables: { input: { ...owner, displayName: 'Target' } },
    });
    expect(created.body.data).toBeTruthy();
    const codes: unknown[] = [];
    for (let i = 0; i < 6; i += 1)
      codes.push(codeOf(await post(t.url, login(owner.email), { ip: `192.0.2.${200 + i}` })));
    expect(codes.slice(0, 4)).toEqual(Array(4).fill('INVALID_CREDENTIALS'));
    expect(codes.slice(4)).toEqual(['ACCOUNT_LOCKED', 'ACCOUNT_LOCKED']);
    // Even the right password, from yet another address, waits out the lock.
    const right = await post(
      t.url,
      { query: print(LoginDocument), variables: { input: owner } },
      { ip: '192.0.2.210' },
    );
    expect(codeOf(right)).toBe('ACCOUNT_LOCKED');
    expect(right.body.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('lets 50 people of one office sign in and refresh within a minute', async () => {
    const ip = '192.0.2.8';
    const people = Array.from({ length: 50 }, (_, i) => ({
      email: email(`office${i}`),
      password: `Office-${randomBytes(9).toString('base64url')}`,
    }));
    // Accounts are made from the allow-listed address: this test is about signing in.
    for (let i = 0; i < people.length; i += 10)
      await Promise.all(
        people.slice(i, i + 10).map(async (person) => {
          const made = await post(t.url, {
            query: print(SignUpDocument),
            variables: { input: { ...person, displayName: 'Office' } },
          });
          if (!made.body.data) throw new Error(JSON.stringify(made.body.errors));
        }),
      );
    const outcomes: unknown[] = [];
    for (let i = 0; i < people.length; i += 10)
      await Promise.all(
        people.slice(i, i + 10).map(async (person) => {
          const signedIn = await post(
            t.url,
            { query: print(LoginDocument), variables: { input: person } },
            { ip },
          );
          const session = (signedIn.body.data as { login?: { refreshToken: string } } | undefined)?.login;
          if (!session) return outcomes.push(codeOf(signedIn));
          const refreshed = await post(
            t.url,
            { query: print(RefreshSessionDocument), variables: { refreshToken: session.refreshToken } },
            { ip },
          );
          outcomes.push(refreshed.body.data ? 'ok' : codeOf(refreshed));
        }),
      );
    expect(outcomes).toEqual(Array(50).fill('ok'));
  });

  it('records the client address the gateway vouched for, and no address a direct caller chooses', async () => {
    const auditIp = async (requestId: string) => {
      const rows = await t.sql<Array<{ ip: string | null }>>`
        select ip from users.audit_events where detail->>'requestId' = ${requestId}`;
      return rows.map((row) => row.ip);
    };
    const viaGateway = `e2e-${randomBytes(6).toString('hex')}`;
    await post(t.url, login(email('audited')), {
      ip: '192.0.2.250, 192.0.2.99',
      headers: { 'x-request-id': viaGateway },
    });
    expect(await auditIp(viaGateway)).toEqual(['192.0.2.99']);

    // Straight to the users subgraph: neither X-Forwarded-For nor a forged signed header is believed.
    const direct = `e2e-${randomBytes(6).toString('hex')}`;
    const forged = `e2e-${randomBytes(6).toString('hex')}`;
    const users = t.platform.subgraphs.users.url;
    await post(users, login(email('direct')), {
      ip: '198.51.100.66',
      headers: { 'x-request-id': direct },
    });
    await post(users, login(email('forged')), {
      headers: {
        'x-request-id': forged,
        'x-ukp-client-address': `198.51.100.66;${Math.floor(Date.now() / 1000)};${'A'.repeat(43)}`,
      },
    });
    for (const requestId of [direct, forged]) {
      const ips = await auditIp(requestId);
      expect(ips).toHaveLength(1);
      expect(ips[0]).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    }
  });
});
