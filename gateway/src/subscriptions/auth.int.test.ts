import { SessionRevocations } from '@ukp/kit';
import { subscribe, within } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accessClaims, startWorld, type World } from './testing/world.js';
import { codeOf, rawSocket } from './testing/ws.js';

const waitOptions = { timeout: 5000, interval: 10 };

describe('who may open a subscription socket', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.stop());

  it('closes a socket that sends no connection_init within 3 s with 4408', async () => {
    const raw = rawSocket(world.wsUrl);
    await within(raw.opened, 'the socket to open');
    const started = Date.now();
    const closed = await within(raw.closed, 'the init timeout', 6000);
    expect(closed.code).toBe(4408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
  });

  const refused: Array<[string, (w: World) => Promise<unknown>]> = [
    ['a forged signature', async (w) => `Bearer ${w.rawToken(accessClaims('u1', 600), 'x'.repeat(40))}`],
    ['an expired token', async (w) => `Bearer ${w.rawToken(accessClaims('u1', -60))}`],
    ['garbage', async () => 'Bearer not-a-token'],
    ['a three-part garbage token', async () => 'Bearer a.b.c'],
    ['another scheme', async (w) => `Basic ${await w.token('u1')}`],
    ['a number', async () => 42],
  ];
  it.each(refused)('closes with 4403 for %s', async (_what, authorization) => {
    const raw = rawSocket(world.wsUrl);
    await within(raw.opened, 'the socket to open');
    raw.send({ type: 'connection_init', payload: { authorization: await authorization(world) } });
    const closed = await within(raw.closed, 'the refusal');
    expect(closed.code).toBe(4403);
  });

  it('lets an anonymous socket subscribe to public fields', async () => {
    const sub = subscribe(world.client(), 'subscription { reviewAdded { body author { name } } }');
    await vi.waitFor(() => expect(world.reviews.active()).toBe(1), waitOptions);
    world.reviews.publish({ id: 'a1', body: 'Open to all.', productId: 'p1', authorId: 'u2' });
    const [event] = await sub.take(1);
    expect(event).toEqual({
      data: { reviewAdded: { body: 'Open to all.', author: { name: 'Grace Hopper' } } },
    });
    await sub.close();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), waitOptions);
  });

  it('ends subscriptions with UNAUTHENTICATED, then complete, when the token expires', async () => {
    // Signed by hand: the kit's signer will not issue a token shorter than 30 s.
    const token = world.rawToken(accessClaims('u1', 2));
    const client = world.client(token, { lazy: false });
    const sub = subscribe(client, 'subscription { reviewAdded { seenBy } }');
    await vi.waitFor(() => expect(world.reviews.active()).toBe(1), waitOptions);
    world.reviews.publish({ id: 'e1', body: 'before', productId: 'p1', authorId: 'u1' });
    const [before] = await sub.take(1);
    expect(before).toEqual({ data: { reviewAdded: { seenBy: 'u1' } } });

    const [expired] = await sub.take(1);
    expect(expired?.data).toBeUndefined();
    expect(codeOf(expired)).toBe('UNAUTHENTICATED');
    await sub.ended();
    expect(world.gateway.subscriptionStats().subscriptions).toBe(0);
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), waitOptions);

    // The socket stays, but it no longer speaks for anyone: new operations are refused.
    const again = subscribe(client, 'subscription { reviewAdded { seenBy } }');
    const refusal = await within(
      again.ended().then(
        () => undefined,
        (e: unknown) => e,
      ),
      'the refusal after expiry',
    );
    expect(codeOf(refusal)).toBe('UNAUTHENTICATED');
  });

  it('ends the subscriptions of a session that ends (sign-out, deactivation) and refuses new ones', async () => {
    const claims = accessClaims('u1', 600);
    const client = world.client(world.rawToken(claims), { lazy: false });
    const other = world.client(await world.token('u1'), { lazy: false });
    const sub = subscribe(client, 'subscription { reviewAdded { seenBy } }');
    const untouched = subscribe(other, 'subscription { reviewAdded { seenBy } }');
    await vi.waitFor(() => expect(world.reviews.active()).toBe(2), waitOptions);

    // What the users service does on logoutEverywhere, announced on the bus the gateway follows.
    const users = await SessionRevocations.start({ bus: world.bus, ttlSeconds: 900 });
    await users.revoke({ userId: 'u1', sessionIds: [String(claims.sid)], reason: 'logout_everywhere' });
    await users.stop();

    const [ended] = await sub.take(1);
    expect(codeOf(ended)).toBe('UNAUTHENTICATED');
    await sub.ended();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(1), waitOptions);

    // Another session of the same user goes on.
    world.reviews.publish({ id: 'r1', body: 'still here', productId: 'p1', authorId: 'u1' });
    const [event] = await untouched.take(1);
    expect(event).toEqual({ data: { reviewAdded: { seenBy: 'u1' } } });

    const again = subscribe(client, 'subscription { reviewAdded { seenBy } }');
    const refusal = await within(
      again.ended().then(
        () => undefined,
        (e: unknown) => e,
      ),
      'the refusal after the session ended',
    );
    expect(codeOf(refusal)).toBe('UNAUTHENTICATED');
    await untouched.close();
  });
});
