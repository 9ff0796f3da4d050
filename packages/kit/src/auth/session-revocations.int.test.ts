import { afterAll, describe, expect, it } from 'vitest';
import type { EventBus } from '../bus/event-bus.js';
import { createEventBus, createMemoryBus } from '../bus/index.js';
import { createRedis } from '../redis.js';
import { testRedisUrl, uniqueRedisPrefix } from '../testing/test-env.js';
import { SessionRevocations, withSessionRevocations } from './session-revocations.js';
import { createTokenSigner } from './tokens.js';

const config = {
  algorithm: 'HS256' as const,
  issuer: 'ukp',
  audience: 'ukp-api',
  ttlSeconds: 900,
  secret: 'a-test-secret-that-is-long-enough-0123456789',
};

describe('session revocations', () => {
  const closers: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('refuses the tokens of an ended session in this service at once, and in others by the bus', async () => {
    const prefix = uniqueRedisPrefix();
    const buses: EventBus[] = [];
    for (let i = 0; i < 2; i += 1) {
      const bus = await createEventBus({ redisUrl: testRedisUrl, prefix });
      closers.push(() => bus.close());
      buses.push(bus);
    }
    const users = await SessionRevocations.start({ bus: buses[0]!, ttlSeconds: 900 });
    const gateway = await SessionRevocations.start({ bus: buses[1]!, ttlSeconds: 900 });
    closers.push(
      () => users.stop(),
      () => gateway.stop(),
    );

    const signer = await createTokenSigner(config);
    const ended = await signer.sign({ sub: 'u1', sid: 'session-a', roles: ['VIEWER'] });
    const alive = await signer.sign({ sub: 'u1', sid: 'session-b', roles: ['VIEWER'] });
    const atGateway = withSessionRevocations(signer, gateway);
    await expect(atGateway.verify(ended.token)).resolves.toMatchObject({ sid: 'session-a' });

    await users.revoke({ userId: 'u1', sessionIds: ['session-a'], reason: 'logout' });
    expect(users.isRevoked('session-a')).toBe(true);
    await expect.poll(() => gateway.isRevoked('session-a')).toBe(true);
    await expect(atGateway.verify(ended.token)).rejects.toMatchObject({
      extensions: { code: 'UNAUTHENTICATED' },
    });
    await expect(atGateway.verify(alive.token)).resolves.toMatchObject({ sid: 'session-b' });
  });

  it('forgets a session once no token of it can still be valid', async () => {
    let now = 1_000_000;
    const list = await SessionRevocations.start({ bus: createMemoryBus(), ttlSeconds: 60, now: () => now });
    closers.push(() => list.stop());
    await list.revoke({ userId: 'u1', sessionIds: ['s1', 's2'], reason: 'logout_everywhere' });
    expect(list.isRevoked('s1')).toBe(true);
    now += 59_000;
    expect(list.isRevoked('s2')).toBe(true);
    now += 2_000;
    expect(list.isRevoked('s1')).toBe(false);
    await list.revoke({ userId: 'u2', sessionIds: ['s3'], reason: 'logout' });
    expect(list.size).toBe(1);
  });

  it('remembers revocations across a restart when it has Redis', async () => {
    const keyPrefix = uniqueRedisPrefix();
    const redis = await createRedis({ url: testRedisUrl });
    closers.push(() => redis.quit());
    const bus = createMemoryBus();
    const before = await SessionRevocations.start({ bus, ttlSeconds: 900, redis, keyPrefix });
    await before.revoke({ userId: 'u1', sessionIds: ['s-kept'], reason: 'deactivated' });
    await before.stop();

    const after = await SessionRevocations.start({
      bus: createMemoryBus(),
      ttlSeconds: 900,
      redis,
      keyPrefix,
    });
    closers.push(() => after.stop());
    expect(after.isRevoked('s-kept')).toBe(true);
    expect(after.isRevoked('s-other')).toBe(false);
    // Entries carry their expiry: nothing is kept longer than a token lives.
    const score = Number(await redis.zscore(`${keyPrefix}revoked-sessions`, 's-kept'));
    expect(score - Date.now()).toBeLessThanOrEqual(900_000);
    expect(score - Date.now()).toBeGreaterThan(890_000);
  });

  it('keeps what another service announced, for instances that start later', async () => {
    const keyPrefix = uniqueRedisPrefix();
    const redis = await createRedis({ url: testRedisUrl });
    closers.push(() => redis.quit());
    const bus = createMemoryBus();
    // The announcing service (users) has no Redis client; the listening one (gateway) does.
    const users = await SessionRevocations.start({ bus, ttlSeconds: 900 });
    const gateway = await SessionRevocations.start({ bus, ttlSeconds: 900, redis, keyPrefix });
    closers.push(
      () => users.stop(),
      () => gateway.stop(),
    );
    await users.revoke({ userId: 'u1', sessionIds: ['s-announced'], reason: 'reuse' });
    await expect.poll(async () => redis.zscore(`${keyPrefix}revoked-sessions`, 's-announced')).not.toBeNull();
  });
});
