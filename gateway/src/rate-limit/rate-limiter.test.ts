import { silentLogger, type Viewer } from '@ukp/kit';
import { getOperationAST, parse } from 'graphql';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { parseAddressList } from './address-list.js';
import { type AuthLimits, failedSignIns } from './auth-rules.js';
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

const AUTH: AuthLimits = {
  failuresPerAccountAddress: 5,
  failuresPerAddress: 100,
  failureWindowSeconds: 900,
  refreshPerAddress: 600,
  signUpPerAddress: 30,
  resetPerAddress: 30,
  resetPerEmail: 10,
};

function limiter(overrides: Partial<RateLimiterOptions> = {}, auth: Partial<AuthLimits> = {}) {
  const rejected: string[] = [];
  const instance = createRateLimiter({
    buckets: memoryBuckets(),
    points: 100,
    windowSeconds: 60,
    auth: { ...AUTH, ...auth },
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

  /** Runs a login through the limiter and settles it as the answer would. */
  async function attempt(
    instance: ReturnType<typeof limiter>['instance'],
    ip: string,
    email: string,
    outcome: 'INVALID_CREDENTIALS' | 'ACCOUNT_LOCKED' | 'ok',
  ) {
    const decision = await instance.consume(anonymous(ip), login(email));
    if (decision.allowed)
      await decision.attempts?.settle(
        failedSignIns(outcome === 'ok' ? [] : [{ path: ['login'], extensions: { code: outcome } }]),
      );
    return decision;
  }

  it('counts failed sign-ins per account and address, and never successes', async () => {
    const { instance, rejected } = limiter({}, { failuresPerAccountAddress: 2 });
    for (let i = 0; i < 20; i += 1)
      expect((await attempt(instance, '10.0.0.1', 'ada@x.io', 'ok')).allowed).toBe(true);
    expect((await attempt(instance, '10.0.0.1', 'ada@x.io', 'INVALID_CREDENTIALS')).allowed).toBe(true);
    expect((await attempt(instance, '10.0.0.1', 'ADA@x.io', 'ACCOUNT_LOCKED')).allowed).toBe(true);
    const refused = await attempt(instance, '10.0.0.1', 'ada@x.io', 'ok');
    if (refused.allowed) throw new Error('expected a refusal');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('900');
    expect(rejected).toEqual(['signIn:account']);
    // Another address, or another account from this one, is another bucket.
    expect((await attempt(instance, '10.0.0.2', 'ada@x.io', 'ok')).allowed).toBe(true);
    expect((await attempt(instance, '10.0.0.1', 'bob@x.io', 'ok')).allowed).toBe(true);
  });

  it('stops one address spraying one password over many accounts', async () => {
    const { instance, rejected } = limiter({}, { failuresPerAddress: 3 });
    for (let i = 0; i < 3; i += 1)
      expect((await attempt(instance, '10.0.0.1', `u${i}@x.io`, 'INVALID_CREDENTIALS')).allowed).toBe(true);
    expect((await attempt(instance, '10.0.0.1', 'u9@x.io', 'ok')).allowed).toBe(false);
    expect(rejected).toEqual(['signIn:address']);
    expect((await attempt(instance, '10.0.0.2', 'u9@x.io', 'ok')).allowed).toBe(true);
  });

  it('holds a point while an attempt runs, so parallel guesses cannot all pass the check', async () => {
    const { instance } = limiter({}, { failuresPerAccountAddress: 3 });
    const running = await Promise.all(
      Array.from({ length: 5 }, () => instance.consume(anonymous('10.0.0.1'), login('ada@x.io'))),
    );
    expect(running.map((d) => d.allowed)).toEqual([true, true, true, false, false]);
    // They all succeed: every point comes back.
    for (const decision of running) if (decision.allowed) await decision.attempts?.settle(() => false);
    expect((await instance.consume(anonymous('10.0.0.1'), login('ada@x.io'))).allowed).toBe(true);
  });

  it('charges only the aliased attempts that failed', async () => {
    const { instance } = limiter({}, { failuresPerAddress: 3 });
    const sprayed = operation(
      `mutation {
        a: login(input: { email: "a@x.io", password: "1" }) { accessToken }
        b: login(input: { email: "b@x.io", password: "2" }) { accessToken }
      }`,
    );
    const decision = await instance.consume(anonymous('10.0.0.1'), sprayed);
    if (!decision.allowed) throw new Error('expected it allowed');
    await decision.attempts?.settle(
      failedSignIns([{ path: ['b'], extensions: { code: 'INVALID_CREDENTIALS' } }]),
    );
    // One failure kept of three allowed: two single attempts left, the third refused.
    expect((await attempt(instance, '10.0.0.1', 'c@x.io', 'INVALID_CREDENTIALS')).allowed).toBe(true);
    expect((await attempt(instance, '10.0.0.1', 'd@x.io', 'INVALID_CREDENTIALS')).allowed).toBe(true);
    expect((await attempt(instance, '10.0.0.1', 'e@x.io', 'ok')).allowed).toBe(false);
  });

  it('puts disableTwoFactor in the sign-in failure limits, per user and address', async () => {
    const { instance } = limiter({}, { failuresPerAccountAddress: 1 });
    const disable = operation('mutation { disableTwoFactor(code: "000000") }');
    const first = await instance.consume({ viewer, ip: '10.0.0.1' }, disable);
    if (!first.allowed) throw new Error('expected it allowed');
    await first.attempts?.settle(
      failedSignIns([{ path: ['disableTwoFactor'], extensions: { code: 'INVALID_CREDENTIALS' } }]),
    );
    expect((await instance.consume({ viewer, ip: '10.0.0.1' }, disable)).allowed).toBe(false);
  });

  it('gives refreshSession, signUp and requestPasswordReset buckets of their own', async () => {
    const { instance, rejected } = limiter(
      {},
      { refreshPerAddress: 2, signUpPerAddress: 1, resetPerAddress: 5, resetPerEmail: 1 },
    );
    const refresh = operation('mutation { refreshSession(refreshToken: "x") { accessToken } }');
    const signUp = operation(
      'mutation { signUp(input: { email: "n@x.io", password: "p", displayName: "N" }) { accessToken } }',
    );
    const reset = (email: string) =>
      operation('mutation ($email: String!) { requestPasswordReset(email: $email) }', { email });
    const ip = anonymous('10.0.0.1');
    expect((await instance.consume(ip, refresh)).allowed).toBe(true);
    expect((await instance.consume(ip, refresh)).allowed).toBe(true);
    expect((await instance.consume(ip, refresh)).allowed).toBe(false);
    expect((await instance.consume(ip, signUp)).allowed).toBe(true);
    expect((await instance.consume(ip, signUp)).allowed).toBe(false);
    expect((await instance.consume(ip, reset('a@x.io'))).allowed).toBe(true);
    expect((await instance.consume(anonymous('10.0.0.9'), reset('A@x.io'))).allowed).toBe(false);
    expect((await instance.consume(ip, reset('b@x.io'))).allowed).toBe(true);
    expect(rejected).toEqual(['refreshSession:ip', 'signUp:ip', 'requestPasswordReset:email']);
  });

  it('gives a held point back when another bucket refuses the operation', async () => {
    const { instance } = limiter({ points: 3 }, { failuresPerAccountAddress: 1 });
    // Signed in, the operations bucket is the user's; the account bucket is ada's at this address.
    expect((await instance.consume({ viewer, ip: '10.0.0.1' }, me)).allowed).toBe(true);
    expect((await instance.consume({ viewer, ip: '10.0.0.1' }, login('ada@x.io'))).allowed).toBe(false);
    // The refused login never ran: ada's one attempt from 10.0.0.1 is still there.
    expect((await instance.consume(anonymous('10.0.0.1'), login('ada@x.io'))).allowed).toBe(true);
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
