import { subscribe, within } from '@ukp/kit/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorld, type World } from './testing/world.js';
import { codeOf } from './testing/ws.js';

const waitOptions = { timeout: 5000, interval: 10 };

describe('federated subscriptions through the gateway', () => {
  let world: World;
  let adaToken: string;
  let nextId = 0;
  const reviewId = () => `rev-${++nextId}`;

  beforeAll(async () => {
    world = await startWorld();
    adaToken = await world.token('u1');
  });
  afterAll(() => world?.stop());

  /** Waits until the reviews subgraph serves `count` subscriptions, so a publish is not missed. */
  const upstreamActive = (count: number) =>
    vi.waitFor(() => expect(world.reviews.active()).toBe(count), waitOptions);

  it('runs a query over the socket through the Apollo pipeline', async () => {
    const client = world.client(adaToken);
    const result = await within(
      (async () => {
        for await (const value of client.iterate({ query: '{ user(id: "u2") { name } }' })) return value;
      })(),
      'the query result',
    );
    expect(result).toEqual({ data: { user: { name: 'Grace Hopper' } } });
  });

  it('runs a mutation over the socket, and its event reaches a subscriber', async () => {
    const client = world.client(adaToken);
    const sub = subscribe(client, 'subscription { reviewAdded(productId: "p9") { body author { name } } }');
    await upstreamActive(1);
    const mutation = subscribe(
      client,
      'mutation { addReview(productId: "p9", body: "Sturdy.", authorId: "u2") { body product { name } } }',
    );
    const [answer] = await mutation.take(1);
    expect(answer).toEqual({ data: { addReview: { body: 'Sturdy.', product: { name: 'Product p9' } } } });
    await mutation.ended();
    const [event] = await sub.take(1);
    expect(event).toEqual({ data: { reviewAdded: { body: 'Sturdy.', author: { name: 'Grace Hopper' } } } });
    await sub.close();
    await upstreamActive(0);
  });

  it('merges fields from two subgraphs into each event', async () => {
    const client = world.client(adaToken);
    const events = client.iterate({
      query: 'subscription { reviewAdded { id body product { id name } author { id name } } }',
    });
    const first = events.next();
    await upstreamActive(1);
    const id = reviewId();
    world.reviews.publish({ id, body: 'Five stars.', productId: 'p1', authorId: 'u1' });
    const { value } = await within(first, 'the first event');
    expect(value).toEqual({
      data: {
        reviewAdded: {
          id,
          body: 'Five stars.',
          product: { id: 'p1', name: 'Product p1' },
          author: { id: 'u1', name: 'Ada Lovelace' },
        },
      },
    });
    const id2 = reviewId();
    world.reviews.publish({ id: id2, body: 'Meh.', productId: 'p2', authorId: 'u2' });
    const second = await within(events.next(), 'the second event');
    expect(second.value).toMatchObject({
      data: { reviewAdded: { id: id2, author: { name: 'Grace Hopper' } } },
    });
    await events.return?.();
    await upstreamActive(0);
  });

  it('shapes results by the client operation: aliases, fragments, __typename, nulls', async () => {
    const client = world.client(adaToken);
    const query = /* GraphQL */ `
      subscription Shaped($product: ID) {
        added: reviewAdded(productId: $product) {
          __typename
          ...Basics
          writer: author {
            __typename
            ... on User { displayName: name }
          }
          editor { name }
        }
      }
      fragment Basics on Review {
        reviewId: id
        text: body
        product { __typename sku: id }
      }
    `;
    const sub = subscribe(client, query, { product: 'p3' });
    await upstreamActive(1);
    const id = reviewId();
    // A review for another product must not arrive; the editor points at a user accounts lacks.
    world.reviews.publish({ id: reviewId(), body: 'Other.', productId: 'p4', authorId: 'u1' });
    world.reviews.publish({ id, body: 'Solid.', productId: 'p3', authorId: 'u2', editorId: 'nobody' });
    const [event] = await sub.take(1);
    expect(event).toEqual({
      data: {
        added: {
          __typename: 'Review',
          reviewId: id,
          text: 'Solid.',
          product: { __typename: 'Product', sku: 'p3' },
          writer: { __typename: 'User', displayName: 'Grace Hopper' },
          editor: null,
        },
      },
    });
    expect(Object.keys((event?.data?.added ?? {}) as object)).toEqual([
      '__typename',
      'reviewId',
      'text',
      'product',
      'writer',
      'editor',
    ]);
    await sub.close();
    await upstreamActive(0);
  });

  it('forwards the identity upstream and on entity fetches, and passes registry errors through', async () => {
    const anonymous = subscribe(
      world.client(),
      'subscription { reviewAdded { seenBy secret author { email } } }',
    );
    const signedIn = subscribe(
      world.client(adaToken),
      'subscription { reviewAdded { seenBy secret author { email } } }',
    );
    await upstreamActive(2);
    world.reviews.publish({ id: reviewId(), body: 'x', productId: 'p1', authorId: 'u1' });

    const [asAda] = await signedIn.take(1);
    expect(asAda).toEqual({
      data: { reviewAdded: { seenBy: 'u1', secret: 'classified', author: { email: 'ada@example.test' } } },
    });

    const [asNobody] = await anonymous.take(1);
    expect(asNobody?.data).toEqual({ reviewAdded: { seenBy: null, secret: null, author: { email: null } } });
    const byPath = Object.fromEntries(
      (asNobody?.errors ?? []).map((e) => [(e.path ?? []).join('.'), e.extensions]),
    );
    expect(byPath['reviewAdded.secret']).toMatchObject({ code: 'FORBIDDEN', serviceName: 'reviews' });
    expect(byPath['reviewAdded.author.email']).toMatchObject({ code: 'FORBIDDEN', serviceName: 'accounts' });
    expect(byPath['reviewAdded.secret']?.requestId).toEqual(expect.any(String));
    await anonymous.close();
    await signedIn.close();
    await upstreamActive(0);
  });

  it('passes a refusal at subscribe time through, then completes', async () => {
    const sub = subscribe(world.client(), 'subscription { reviewAdded(productId: "secret") { id } }');
    const [result] = await sub.take(1);
    expect(result?.data).toBeNull();
    expect(result?.errors?.[0]).toMatchObject({
      message: 'Sign in to follow it.',
      path: ['reviewAdded'],
      extensions: { code: 'FORBIDDEN', serviceName: 'reviews' },
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

  it('carries one request id from the client socket to both subgraphs', async () => {
    const client = world.client(adaToken, { headers: { 'x-request-id': 'trace-me' } });
    const sub = subscribe(client, 'subscription { reviewAdded { requestId author { requestId } } }');
    await upstreamActive(1);
    world.reviews.publish({ id: reviewId(), body: 'x', productId: 'p1', authorId: 'u2' });
    const [event] = await sub.take(1);
    // The socket's id, suffixed per operation: upstream over graphql-ws, and on the entity fetch.
    expect(event).toEqual({
      data: { reviewAdded: { requestId: 'trace-me:1', author: { requestId: 'trace-me:1' } } },
    });
    await sub.close();
    await upstreamActive(0);
  });

  it('masks errors outside the registry as INTERNAL_SERVER_ERROR', async () => {
    const sub = subscribe(world.client(adaToken), 'subscription { reviewAdded { id broken } }');
    await upstreamActive(1);
    const id = reviewId();
    world.reviews.publish({ id, body: 'x', productId: 'p1', authorId: 'u1' });
    const [event] = await sub.take(1);
    expect(event?.data).toEqual({ reviewAdded: { id, broken: null } });
    expect(event?.errors).toHaveLength(1);
    expect(codeOf(event)).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(event)).not.toContain('hunter2');
    await sub.close();
    await upstreamActive(0);
  });

  it('refuses an invalid subscription with GRAPHQL_VALIDATION_FAILED and keeps the socket', async () => {
    const client = world.client(adaToken);
    const invalid = subscribe(client, 'subscription { reviewAdded { id nope } }');
    const error = await within(
      invalid.ended().then(
        () => undefined,
        (e: unknown) => e,
      ),
      'the validation error',
    );
    expect(codeOf(error)).toBe('GRAPHQL_VALIDATION_FAILED');
    const syntax = subscribe(client, 'subscription { reviewAdded { id ');
    const syntaxError = await within(
      syntax.ended().then(
        () => undefined,
        (e: unknown) => e,
      ),
      'the syntax error',
    );
    expect(codeOf(syntaxError)).toBe('GRAPHQL_PARSE_FAILED');
    const [answer] = await subscribe(client, '{ user(id: "u1") { name } }').take(1);
    expect(answer).toEqual({ data: { user: { name: 'Ada Lovelace' } } });
    expect(world.reviews.started()).toBeGreaterThan(0);
  });
});
