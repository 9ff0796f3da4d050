import { silentLogger, type Viewer } from '@ukp/kit';
import { getOperationAST, parse } from 'graphql';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parseAddressList } from './address-list.js';
import { memoryBuckets, redisBuckets } from './buckets.js';
import type { LimitedOperation } from './operation.js';
import { createRateLimiter, type RateLimiterOptions } from './rate-limiter.js';

function operation(source: string, variables: Record<string, unknown> = {}): LimitedOperation {
  const document = parse(source);
  const definition = getOperationAST(document);
  if (!definition) throw new Error('no operation');
  return { document, operation: definition, variables };
}

const LOGIN = 'mutation ($input: LoginInput!) { login(input: $input) { accessToken } }';
const login = (email: string) => operation(LOGIN, { input: { email, password: 'wrong' } });
const me = operation('{ me { id } }');
const anonymous = (ip: string) => ({ viewer: null, ip });
const viewer: Viewer = { userId: 'user-1', roles: ['VIEWER'], sessionId: 's' };

function limiter(overrides: Partial<RateLimiterOptions> = {}) {
  const rejected: string[] = [];
  const instance = createRateLimiter({
    buckets: memoryBuckets(),
    points: 100,
    windowSeconds: 60,
    authPerIp: 10,
    authPerEmail: 5,
    allow: parseAddressList(''),
    deny: parseAddressList(''),
    logger: silentLogger(),
    onRejected: (rule) => rejected.push(rule),
    ...overrides,
  });
  return { instance, rejected };
}

describe('rate limiter', () => {
  it('charges 1 + root fields per operation and reports the bucket in RateLimit headers', async () => {
    const { instance } = limiter({ points: 10 });
    const first = await instance.consume(anonymous('10.0.0.1'), me);
    expect(first).toEqual({
      allowed: true,
      headers: { 'ratelimit-limit': '10', 'ratelimit-remaining': '8', 'ratelimit-reset': '60' },
    });
    const second = await instance.consume(anonymous('10.0.0.1'), operation('{ a: me { id } b: me { id } }'));
    expect(second.headers['ratelimit-remaining']).toBe('5');
  });

  it('refuses with RATE_LIMITED, retryAfterSeconds and Retry-After once the points are spent', async () => {
    const { instance, rejected } = limiter({ points: 4 });
    for (let i = 0; i < 2; i += 1)
      expect((await instance.consume(anonymous('10.0.0.1'), me)).allowed).toBe(true);
    const refused = await instance.consume(anonymous('10.0.0.1'), me);
    if (refused.allowed) throw new Error('expected a refusal');
    expect(refused.status).toBe(429);
    expect(refused.error.extensions).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    expect(refused.headers).toEqual({
      'ratelimit-limit': '4',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '60',
      'retry-after': '60',
    });
    expect(rejected).toEqual(['operations']);
  });

  it('keeps a bucket per user when signed in, per address when not', async () => {
    const { instance } = limiter({ points: 2 });
    expect((await instance.consume({ viewer, ip: '10.0.0.1' }, me)).allowed).toBe(true);
    expect((await instance.consume({ viewer, ip: '10.0.0.2' }, me)).allowed).toBe(false);
    expect((await instance.consume(anonymous('10.0.0.1'), me)).allowed).toBe(true);
  });

  it('uses the charge function it is given', async () => {
    const { instance } = limiter({ points: 100, charge: () => 40 });
    await instance.consume(anonymous('10.0.0.1'), me);
    const second = await instance.consume(anonymous('10.0.0.1'), me);
    expect(second.headers['ratelimit-remaining']).toBe('20');
  });

  it('limits login per email, whatever the address', async () => {
    const { instance, rejected } = limiter({ authPerEmail: 2 });
    expect((await instance.consume(anonymous('10.0.0.1'), login('ada@x.io'))).allowed).toBe(true);
    expect((await instance.consume(anonymous('10.0.0.2'), login('ADA@x.io'))).allowed).toBe(true);
    const third = await instance.consume(anonymous('10.0.0.3'), login('ada@x.io'));
    expect(third.allowed).toBe(false);
    expect(rejected).toEqual(['login:email']);
    expect((await instance.consume(anonymous('10.0.0.3'), login('bob@x.io'))).allowed).toBe(true);
  });

  it('limits login per address, whatever the email, and shows that tighter bucket in the headers', async () => {
    const { instance, rejected } = limiter({ authPerIp: 2 });
    const first = await instance.consume(anonymous('10.0.0.1'), login('a@x.io'));
    expect(first.headers).toMatchObject({ 'ratelimit-limit': '2', 'ratelimit-remaining': '1' });
    await instance.consume(anonymous('10.0.0.1'), login('b@x.io'));
    expect((await instance.consume(anonymous('10.0.0.1'), login('c@x.io'))).allowed).toBe(false);
    expect(rejected).toEqual(['login:ip']);
    // Other operations from that address still run.
    expect((await instance.consume(anonymous('10.0.0.1'), me)).allowed).toBe(true);
  });

  it('charges every aliased attempt in one operation', async () => {
    const { instance } = limiter({ authPerIp: 2 });
    const sprayed = operation(
      `mutation {
        a: login(input: { email: "a@x.io", password: "1" }) { accessToken }
        b: login(input: { email: "b@x.io", password: "2" }) { accessToken }
        c: login(input: { email: "c@x.io", password: "3" }) { accessToken }
      }`,
    );
    expect((await instance.consume(anonymous('10.0.0.1'), sprayed)).allowed).toBe(false);
  });

  it('gives each auth mutation its own buckets', async () => {
    const { instance } = limiter({ authPerIp: 1 });
    expect((await instance.consume(anonymous('10.0.0.1'), login('a@x.io'))).allowed).toBe(true);
    const reset = operation('mutation ($email: String!) { requestPasswordReset(email: $email) }', {
      email: 'a@x.io',
    });
    expect((await instance.consume(anonymous('10.0.0.1'), reset)).allowed).toBe(true);
    expect((await instance.consume(anonymous('10.0.0.1'), reset)).allowed).toBe(false);
  });

  it('never limits the allow list and always refuses the deny list with FORBIDDEN', async () => {
    const { instance, rejected } = limiter({
      points: 1,
      allow: parseAddressList('192.0.2.0/24'),
      deny: parseAddressList('203.0.113.0/24, 2001:db8::/32'),
    });
    for (let i = 0; i < 5; i += 1)
      expect(await instance.consume(anonymous('192.0.2.9'), me)).toEqual({ allowed: true, headers: {} });
    const denied = await instance.consume({ viewer, ip: '2001:db8::7' }, me);
    if (denied.allowed) throw new Error('expected a refusal');
    expect(denied.status).toBe(403);
    expect(denied.error.extensions).toEqual({ code: 'FORBIDDEN' });
    expect(rejected).toEqual(['deny']);
  });

  it('falls back to in-memory buckets while Redis is not reachable', async () => {
    // A client that never connected: the limiter must answer at once, from memory.
    const redis = new Redis('redis://127.0.0.1:1/0', { lazyConnect: true });
    try {
      const { instance } = limiter({ buckets: redisBuckets(redis, 'unit:'), points: 4 });
      expect((await instance.consume(anonymous('10.0.0.1'), me)).allowed).toBe(true);
      expect((await instance.consume(anonymous('10.0.0.1'), me)).allowed).toBe(true);
      expect((await instance.consume(anonymous('10.0.0.1'), me)).allowed).toBe(false);
    } finally {
      redis.disconnect();
    }
  });
});
