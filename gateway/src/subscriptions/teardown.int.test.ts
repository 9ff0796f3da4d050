import { subscribe, within } from '@ukp/kit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from './testing/world.js';
import { codeOf, rawSocket } from './testing/ws.js';

const waitOptions = { timeout: 5000, interval: 10 };

describe('when things go away', () => {
  let world: World;
  let token: string;

  beforeEach(async () => {
    world = await startWorld();
    token = await world.token('u1');
  });
  afterEach(() => world?.stop());

  it('ends subscriptions with SUBGRAPH_UNAVAILABLE, then complete, when the upstream drops', async () => {
    const query = 'subscription ($p: ID) { reviewAdded(productId: $p) { id author { name } } }';
    const shared = [subscribe(world.client(token), query), subscribe(world.client(token), query)];
    const other = subscribe(world.client(), query, { p: 'p2' });
    await vi.waitFor(() => expect(world.reviews.active()).toBe(2), waitOptions);
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().subscriptions).toBe(3), waitOptions);
    // The two identical ones share one execution, so the pool sees two subscribers.
    expect(world.gateway.subscriptionStats().upstream).toEqual({
      connections: 2,
      streams: 2,
      subscribers: 2,
    });

    await world.reviews.stop();

    for (const sub of [...shared, other]) {
      const [result] = await sub.take(1);
      expect(result?.data).toBeUndefined();
      expect(codeOf(result)).toBe('SUBGRAPH_UNAVAILABLE');
      expect(result?.errors?.[0]?.extensions).toMatchObject({ subgraph: 'reviews' });
      await sub.ended();
      expect(sub.results).toHaveLength(1);
    }
    await vi.waitFor(
      () =>
        expect(world.gateway.subscriptionStats()).toEqual({
          sockets: 0,
          connections: 0,
          subscriptions: 0,
          upstream: { connections: 0, streams: 0, subscribers: 0 },
        }),
      waitOptions,
    );
  });

  it('reports SUBGRAPH_UNAVAILABLE at once when the owning subgraph is down at subscribe time', async () => {
    await world.reviews.stop();
    const sub = subscribe(world.client(token), 'subscription { reviewAdded { id } }');
    const [result] = await sub.take(1);
    expect(result?.errors?.[0]?.extensions).toMatchObject({
      code: 'SUBGRAPH_UNAVAILABLE',
      subgraph: 'reviews',
    });
    await sub.ended();
    await vi.waitFor(
      () =>
        expect(world.gateway.subscriptionStats().upstream).toEqual({
          connections: 0,
          streams: 0,
          subscribers: 0,
        }),
      waitOptions,
    );
  });

  it('on shutdown sends each subscriber SHUTTING_DOWN, then complete, then closes with 1001', async () => {
    const client = world.client(token, { lazy: false });
    const closed = new Promise<number>((resolve) =>
      client.on('closed', (event) => resolve((event as { code: number }).code)),
    );
    const order: string[] = [];
    const subs = [
      subscribe(client, 'subscription { reviewAdded { id } }'),
      subscribe(client, 'subscription { reviewAdded(productId: "p1") { id author { name } } }'),
    ];
    for (const [i, sub] of subs.entries()) {
      sub.finished.then(
        () => order.push(`complete ${i}`),
        () => order.push(`error ${i}`),
      );
    }
    void closed.then((code) => order.push(`closed ${code}`));
    await vi.waitFor(() => expect(world.reviews.active()).toBe(2), waitOptions);

    await world.gateway.stop();

    for (const sub of subs) {
      const [result] = await sub.take(1);
      expect(codeOf(result)).toBe('SHUTTING_DOWN');
      await sub.ended();
    }
    expect(await within(closed, 'the socket to close')).toBe(1001);
    expect(order).toEqual(['complete 0', 'complete 1', 'closed 1001']);
    // The gateway let go of its upstream subscriptions too.
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), waitOptions);
    expect(world.gateway.subscriptionStats()).toEqual({
      sockets: 0,
      connections: 0,
      subscriptions: 0,
      upstream: { connections: 0, streams: 0, subscribers: 0 },
    });
  });
});

describe('keep-alive', () => {
  let world: World;

  beforeAll(async () => {
    world = await startWorld({ WS_KEEPALIVE_MS: '200' });
  });
  afterAll(() => world?.stop());

  it('terminates a socket that does not answer pings, and keeps one that does', async () => {
    const token = await world.token('u1');
    const open = async (autoPong: boolean) => {
      const raw = rawSocket(world.wsUrl, { autoPong });
      await within(raw.opened, 'the socket to open');
      raw.send({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } });
      await raw.message('connection_ack');
      raw.send({ id: '1', type: 'subscribe', payload: { query: 'subscription { reviewAdded { id } }' } });
      return raw;
    };
    const healthy = await open(true);
    const silent = await open(false);
    await vi.waitFor(() => expect(world.reviews.active()).toBe(1), waitOptions);
    expect(world.gateway.subscriptionStats().subscriptions).toBe(2);

    // Terminated, not closed: no close frame, so the client sees 1006.
    const closed = await within(silent.closed, 'the silent socket to be dropped', 3000);
    expect(closed.code).toBe(1006);
    await vi.waitFor(() => expect(world.gateway.subscriptionStats().subscriptions).toBe(1), waitOptions);
    expect(healthy.socket.readyState).toBe(healthy.socket.OPEN);
    expect(world.reviews.active()).toBe(1);
    healthy.socket.close();
    await vi.waitFor(() => expect(world.reviews.active()).toBe(0), waitOptions);
  });
});
