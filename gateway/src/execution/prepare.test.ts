import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { QueryPlanner } from '@apollo/query-planner';
import { GraphQLError, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Planning } from './planning.js';
import { EVENT_SOURCE, type OperationToPrepare, PreparedOperations, prepareOperation } from './prepare.js';

const subgraphs = [
  {
    name: 'users',
    url: 'http://users',
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query { users: [User!]! }
      type Subscription { userAdded: User! }
      type User @key(fields: "id") { id: ID! name: String! friends: [User!]! }
    `),
  },
  {
    name: 'posts',
    url: 'http://posts',
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type User @key(fields: "id") { id: ID! posts: [String!]! }
    `),
  },
];

/** What the gateway's current planner gives; a new call is a new supergraph (a reload). */
function planning(): Planning {
  const composed = composeServices(subgraphs);
  if (composed.errors) throw composed.errors[0];
  const planner = new QueryPlanner(Supergraph.build(composed.supergraphSdl));
  const apiSchema = planner.supergraph.apiSchema();
  return {
    planner,
    schema: apiSchema.toGraphQLJSSchema(),
    apiSchema,
    supergraphSchema: planner.supergraph.schema.toGraphQLJSSchema(),
  };
}

function request(source: string, operationName?: string): OperationToPrepare {
  const document = parse(source);
  return {
    document,
    operation: getOperationAST(document, operationName)!,
    operationName,
    queryHash: createHash('sha256').update(source).digest('hex'),
  };
}

describe('prepareOperation', () => {
  it('prepares an operation once per supergraph: plan, shaper and variable definitions', () => {
    const current = planning();
    const cache = new PreparedOperations();
    const query = request('query Q($n: Boolean!) { users { name @include(if: $n) posts } }', 'Q');
    const prepared = prepareOperation(current, query, cache);
    expect(prepared.plan.node?.kind).toBe('Sequence');
    expect(prepared.variableDefinitions).toHaveLength(1);
    expect(prepared.subscription).toBeUndefined();
    expect(prepareOperation(current, request(query.document.loc!.source.body, 'Q'), cache)).toBe(prepared);
    expect(cache.size).toBe(1);
  });

  it('splits a subscription plan: the primary fetch, and per event the event then the rest', () => {
    const prepared = prepareOperation(
      planning(),
      request('subscription { userAdded { name posts } }'),
      new PreparedOperations(),
    );
    const split = prepared.subscription!;
    expect(split.primary.serviceName).toBe('users');
    expect(split.perEvent.kind).toBe('Sequence');
    const [event] = split.perEvent.kind === 'Sequence' ? split.perEvent.nodes : [];
    expect(event).toMatchObject({
      kind: 'Fetch',
      serviceName: EVENT_SOURCE,
      operation: split.primary.operation,
    });
  });

  it('keeps at most `max` operations, dropping the least recently used', () => {
    const current = planning();
    const cache = new PreparedOperations(2);
    const a = prepareOperation(current, request('{ users { id } }'), cache);
    const b = prepareOperation(current, request('{ users { name } }'), cache);
    expect(prepareOperation(current, request('{ users { id } }'), cache)).toBe(a);
    prepareOperation(current, request('{ users { posts } }'), cache);
    expect(cache.size).toBe(2);
    expect(prepareOperation(current, request('{ users { id } }'), cache)).toBe(a);
    expect(prepareOperation(current, request('{ users { name } }'), cache)).not.toBe(b);
  });

  it('drops every prepared operation when the supergraph (its planner) changes', () => {
    const cache = new PreparedOperations();
    const before = planning();
    const query = request('{ users { id posts } }');
    const old = prepareOperation(before, query, cache);
    prepareOperation(before, request('{ users { name } }'), cache);
    const after = planning();
    const fresh = prepareOperation(after, query, cache);
    expect(fresh).not.toBe(old);
    expect(fresh.schema).toBe(after.schema);
    expect(cache.size).toBe(1);
  });

  it('refuses an operation too large to plan with QUERY_TOO_COMPLEX', () => {
    const current = planning();
    // Each fragment selects the next under two aliases: 2^24 selections once expanded.
    const fragments = Array.from(
      { length: 24 },
      (_, i) => `fragment F${i} on User { a: friends { ...F${i + 1} } b: friends { ...F${i + 1} } }`,
    ).join('\n');
    const query = request(`{ users { ...F0 } }\n${fragments}\nfragment F24 on User { id }`);
    let thrown: unknown;
    try {
      prepareOperation(current, query, new PreparedOperations());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'selections',
    });
  });
});
