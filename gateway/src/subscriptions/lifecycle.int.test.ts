import { subscribe, within } from '@ukp/kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from './testing/world.js';
import { codeOf, rawSocket } from './testing/ws.js';

const waitOptions = { timeout: 5000, interval: 10 };
// "At once": no event is published meanwhile, so nothing but the unsubscribe can end it.
const promptly = { timeout: 1000, interval: 5 };

describe('subscription lifecycle, sharing and limits', () => {
  let world: World;
  let token: string;
  let n = 0;

  beforeAll(async () => {
    world = await startWorld();
    token = await world.token('u1');
  });
  afterAll(() => world?.stop());
  afterEach(async () => {
    // Every test leaves nothing behind: no client or upstream subscription, no upstream socket.
    await vi.waitFor(() => {
      expect(world.reviews.active()).toBe(0);
      expect(world.gateway.subscriptionStats()).toMatchObject({
        connections: 0,
        subscriptions: 0,
        upstream: { connections: 0, streams: 0, subscribers: 0 },
      });
    }, waitOptions);
  });

  const publish = (productId = 'p1') =>
    world.reviews.publish({ id: `l${++n}`, body: 'b', productId, authorId: 'u2' });

  it('ends the upstream subscription as soon as the client completes', async () => {
    const client = world.client(token, { lazy: false });
    const events = client.iterate({ query: 'subscription { reviewAdded { id } }' });
    const first = events.next();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(1), waitOptions);
    publish();
    await within(first, 'the first event');
    await events.return?.();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), promptly);
    expect(world.gateway.subscriptionStats().subscriptions).toBe(0);
    await client.dispose();
  });

  it('ends upstream subscriptions as soon as the client socket closes', async () => {
    const client = world.client(token);
    subscribe(client, 'subscription { reviewAdded { id } }');
    subscribe(client, 'subscription { reviewAdded(productId: "p2") { id author { name } } }');
    await vi.waitFor(() => expect(world.reviews.active()).toBe(2), waitOptions);
    expect(world.gateway.subscriptionStats()).toMatchObject({ connections: 1, subscriptions: 2 });
    await client.dispose();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), promptly);
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().connections).toBe(0), promptly);
  });

  it('shares one upstream subscription between identical subscriptions of one identity', async () => {
    const started = world.reviews.started();
    const query = 'subscription { reviewAdded { id author { name } } }';
    const a = subscribe(world.client(token), query);
    const b = subscribe(world.client(token), query);
    // Identical subscriptions of one identity share the execution too: one pool subscriber.
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().subscriptions).toBe(2), waitOptions);
    expect(world.gateway.subscriptionStats().upstream).toEqual({
      connections: 1,
      streams: 1,
      subscribers: 1,
    });
    await vi.waitFor(() => expect(world.reviews.active()).toBe(1), waitOptions);
    expect(world.reviews.started() - started).toBe(1);
    publish();
    const [[fromA], [fromB]] = await Promise.all([a.take(1), b.take(1)]);
    expect(fromA).toEqual(fromB);
    expect(fromA).toMatchObject({ data: { reviewAdded: { author: { name: 'Grace Hopper' } } } });

    // The first one out leaves the stream to the other; the last one out ends it.
    await a.close();
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().upstream.subscribers).toBe(1), promptly);
    expect(world.reviews.active()).toBe(1);
    publish();
    await b.take(1);
    await b.close();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), promptly);
  });

  it('keeps separate upstream subscriptions for different variables and identities', async () => {
    const query = 'subscription ($p: ID) { reviewAdded(productId: $p) { id } }';
    const other = await world.token('u2');
    const subs = [
      subscribe(world.client(token), query, { p: 'p1' }),
      subscribe(world.client(token), query, { p: 'p2' }),
      subscribe(world.client(other), query, { p: 'p1' }),
    ];
    await vi.waitFor(() => expect(world.reviews.active()).toBe(3), waitOptions);
    // One upstream socket per identity; three streams.
    expect(world.gateway.subscriptionStats().upstream).toEqual({
      connections: 2,
      streams: 3,
      subscribers: 3,
    });
    publish('p2');
    const [event] = await subs[1]!.take(1);
    expect(event).toMatchObject({ data: { reviewAdded: { id: `l${n}` } } });
    expect(subs[0]!.results).toHaveLength(0);
    for (const sub of subs) await sub.close();
  });

  it('refuses the 101st subscription on a socket and keeps the socket open', async () => {
    const client = world.client(token, { lazy: false });
    const subs = Array.from({ length: 100 }, (_, i) =>
      subscribe(client, 'subscription ($p: ID) { reviewAdded(productId: $p) { id } }', { p: `p${i % 2}` }),
    );
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().subscriptions).toBe(100), waitOptions);
    const extra = subscribe(client, 'subscription { reviewAdded { id } }');
    const refusal = await within(
      extra.ended().then(
        () => undefined,
        (e: unknown) => e,
      ),
      'the refusal',
    );
    expect(codeOf(refusal)).toBe('QUERY_TOO_COMPLEX');
    expect((refusal as Array<{ extensions: unknown }>)[0]?.extensions).toMatchObject({
      limit: 'subscriptionsPerConnection',
      max: 100,
    });
    // Deduplicated: 100 client subscriptions, 2 upstream ones.
    await vi.waitFor(() => expect(world.reviews.active()).toBe(2), waitOptions);
    expect(world.gateway.subscriptionStats()).toMatchObject({ connections: 1, subscriptions: 100 });

    // Still open and usable; and once one ends there is room again.
    const [answer] = await subscribe(client, '{ user(id: "u1") { name } }').take(1);
    expect(answer).toEqual({ data: { user: { name: 'Ada Lovelace' } } });
    await subs[0]!.close();
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().subscriptions).toBe(99), promptly);
    const room = subscribe(client, 'subscription { reviewAdded { id } }');
    await vi.waitFor(() => expect(world.reviews.active()).toBe(3), waitOptions);
    publish('p1');
    await room.take(1);
    for (const sub of [...subs, room]) await sub.close();
    await client.dispose();
  });

  it('closes a socket that sends a message over 1 MB with 1009', async () => {
    const raw = rawSocket(world.wsUrl);
    await within(raw.opened, 'the socket to open');
    raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
    await raw.message('connection_ack');
    raw.send({
      id: '1',
      type: 'subscribe',
      payload: { query: `subscription { reviewAdded { id } } # ${'x'.repeat(1024 * 1024)}` },
    });
    const closed = await within(raw.closed, 'the close');
    expect(closed.code).toBe(1009);
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().connections).toBe(0), promptly);
  });

  it('accepts a message just under 1 MB', async () => {
    const client = world.client(token);
    // In a variable: a document that long is over the gateway's document-size limit (gateway/src/limits).
    const padding = ' '.repeat(1024 * 1024 - 200);
    const [answer] = await subscribe(client, '{ user(id: "u2") { name } }', { padding }).take(1);
    expect(answer).toEqual({ data: { user: { name: 'Grace Hopper' } } });
  });
});
