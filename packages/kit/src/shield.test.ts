import { buildSubgraphSchema } from '@apollo/subgraph';
import { type GraphQLObjectType, graphql, parse, subscribe } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { RequestContext } from './context.js';
import { allow, applyShield, hasRole } from './shield.js';

const typeDefs =
  'type Query { ok: Boolean } type Thing @key(fields: "id") { id: ID! } type Subscription { ticks: Int! }';

/** A subscription field with its own `resolve` (the event → field mapping) as well as `subscribe`. */
function schemaWithResolve(opened: { count: number }) {
  return buildSubgraphSchema({
    typeDefs: parse(typeDefs),
    resolvers: {
      Query: { ok: () => true },
      Subscription: {
        ticks: {
          subscribe: async function* () {
            opened.count += 1;
            yield { n: 1 };
          },
          resolve: (event: { n: number }) => event.n * 10,
        },
      },
    } as never,
  });
}

const context = (viewer: unknown) => ({ requestId: 'r', viewer, ip: null }) as unknown as RequestContext;

describe('applyShield on subscription fields', () => {
  it('checks the rule when the subscription opens, even when the field has a resolve', async () => {
    const opened = { count: 0 };
    const schema = applyShield(schemaWithResolve(opened), { Subscription: { ticks: hasRole('ANALYST') } });
    const viewer = { userId: 'u', roles: ['VIEWER'], sessionId: 's' };
    const refused = await subscribe({
      schema,
      document: parse('subscription { ticks }'),
      contextValue: context(viewer),
    });
    // Refused as a result, not as a stream of refusals: the subscribe never ran.
    expect(Symbol.asyncIterator in (refused as object)).toBe(false);
    expect(
      (refused as { errors?: Array<{ extensions?: { code?: string } }> }).errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(opened.count).toBe(0);
  });

  it('keeps the resolve for allowed callers', async () => {
    const opened = { count: 0 };
    const schema = applyShield(schemaWithResolve(opened), { Subscription: { ticks: hasRole('ANALYST') } });
    const analyst = { userId: 'u', roles: ['ANALYST'], sessionId: 's' };
    const stream = (await subscribe({
      schema,
      document: parse('subscription { ticks }'),
      contextValue: context(analyst),
    })) as AsyncIterableIterator<{ data?: { ticks: number } }>;
    const first = await stream.next();
    expect(first.value?.data).toEqual({ ticks: 10 });
    expect(opened.count).toBe(1);
    await stream.return?.();
  });
});

describe('applyShield on allowed fields', () => {
  it('leaves a field whose rule is allow unwrapped, and still denies what the tree does not name', async () => {
    const value = (point: { v: number }) => point.v;
    const schema = applyShield(
      buildSubgraphSchema({
        typeDefs: parse(
          'type Query { points: [Point!]! secret: Int } type Point { v: Int! hidden: Int } type Thing @key(fields: "id") { id: ID! }',
        ),
        resolvers: {
          Query: { points: () => [{ v: 1 }, { v: 2 }], secret: () => 42 },
          Point: { v: value },
        } as never,
      }),
      { Query: { points: allow }, Point: { v: allow } },
    );
    const point = schema.getType('Point') as GraphQLObjectType;
    expect(point.getFields().v?.resolve).toBe(value);
    const result = await graphql({
      schema,
      source: '{ points { v hidden } secret }',
      contextValue: context(null),
    });
    expect((result.data as { points: Array<{ v: number }> }).points.map((p) => p.v)).toEqual([1, 2]);
    expect(result.errors?.map((e) => e.path?.join('.')).sort()).toEqual([
      'points.0.hidden',
      'points.1.hidden',
      'secret',
    ]);
  });
});
