import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, type GraphQLError, graphql, OperationTypeNode, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { splitReply } from './entity-batching.js';
import {
  executePlan,
  type SubgraphCall,
  type SubgraphReply,
  type SubgraphTransport,
} from './plan-executor.js';
import { supergraphTypes } from './supergraph-types.js';
import { requiresUser, rootFetch, userEntityFetch } from './testing/plan-nodes.js';

const context = { requestId: 'r' } as GatewayContext;
const supergraph = buildSchema(
  'type Query { users: [User] } type User { id: ID! name: String nick(upper: Boolean): String }',
);

// A real subgraph: the merged operation must be one it validates and answers.
const names = buildSubgraphSchema({
  typeDefs: parse(`
    extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
    type Query { unused: String }
    type User @key(fields: "id") { id: ID! name: String nick(upper: Boolean): String }
  `),
  resolvers: {
    User: {
      __resolveReference: (user: { id: string }) => ({ id: user.id }),
      name: (user: { id: string }) => {
        if (user.id === 'err') throw new Error('no name for err');
        return `Name ${user.id}`;
      },
      nick: (user: { id: string }, args: { upper?: boolean }) =>
        args.upper ? `NICK-${user.id}` : `nick-${user.id}`,
    },
  } as never,
});

const usersFetch = rootFetch('accounts', '{ users { __typename id } }');
const nameFetch = userEntityFetch('names', 'name', 'Q__names__1');
// Its own fragment (same name as one the other fetch could have) and a client variable.
const nickFetch: FetchNode = {
  kind: 'Fetch',
  serviceName: 'names',
  operation:
    'query Q__names__2($representations:[_Any!]!,$upper:Boolean){_entities(representations:$representations){...F}} fragment F on User{nick(upper:$upper)}',
  operationName: 'Q__names__2',
  operationKind: OperationTypeNode.QUERY,
  variableUsages: ['upper'],
  requires: requiresUser,
};
const plan: PlanNode = {
  kind: 'Sequence',
  nodes: [
    usersFetch,
    {
      kind: 'Parallel',
      nodes: [
        { kind: 'Flatten', path: ['users', '@'], node: nameFetch },
        { kind: 'Flatten', path: ['users', '@'], node: nickFetch },
      ],
    },
  ],
};

function subgraphs(options: { batching?: boolean; failNames?: boolean } = {}) {
  const calls: Array<{ subgraph: string; query: string; variables: Record<string, unknown> }> = [];
  const transport: SubgraphTransport = {
    ...(options.batching === undefined ? {} : { batching: options.batching }),
    async call(subgraph: string, call: SubgraphCall): Promise<SubgraphReply> {
      const body = JSON.parse(call.body) as { query: string; variables: Record<string, unknown> };
      calls.push({ subgraph, ...body });
      if (subgraph === 'accounts') {
        return { data: { users: ['1', '2', 'err', '1'].map((id) => ({ __typename: 'User', id })) } };
      }
      if (options.failNames) throw new Error('names is down');
      const result = await graphql({ schema: names, source: body.query, variableValues: body.variables });
      return JSON.parse(JSON.stringify(result)) as SubgraphReply;
    },
  };
  return { transport, calls };
}

async function run(transport: SubgraphTransport) {
  const root: Record<string, unknown> = {};
  const errors: GraphQLError[] = [];
  await executePlan(
    {
      transport,
      types: supergraphTypes(supergraph),
      context,
      variables: { upper: true },
      variableDefinitions: [],
      errors,
    },
    plan,
    root,
  );
  return { root, errors };
}

describe('entity fetch batching', () => {
  it('sends sibling entity fetches to one subgraph as one operation and answers as if sent apart', async () => {
    const batched = subgraphs();
    const apart = subgraphs({ batching: false });
    const together = await run(batched.transport);
    const separately = await run(apart.transport);

    expect(batched.calls.filter((c) => c.subgraph === 'names')).toHaveLength(1);
    expect(apart.calls.filter((c) => c.subgraph === 'names')).toHaveLength(2);
    const [merged] = batched.calls.filter((c) => c.subgraph === 'names');
    expect(merged!.query).toContain('_e0: _entities');
    expect(merged!.query).toContain('_e1: _entities');
    expect(merged!.variables.upper).toBe(true);

    expect(together.root).toEqual(separately.root);
    expect(together.root.users).toEqual([
      { __typename: 'User', id: '1', name: 'Name 1', nick: 'NICK-1' },
      { __typename: 'User', id: '2', name: 'Name 2', nick: 'NICK-2' },
      { __typename: 'User', id: 'err', name: null, nick: 'NICK-err' },
      { __typename: 'User', id: '1', name: 'Name 1', nick: 'NICK-1' },
    ]);
    // The error of the name fetch, at the place of its entity, once — as without batching.
    const describe = (errors: GraphQLError[]) =>
      errors.map((e) => [e.message, e.path, e.extensions.serviceName]);
    expect(describe(together.errors)).toEqual(describe(separately.errors));
    expect(describe(together.errors)).toEqual([['no name for err', ['users', 2, 'name'], 'names']]);
  });

  it('fails every fetch of a batch when its request fails, each as it would have failed alone', async () => {
    const { errors, root } = await run(subgraphs({ failNames: true }).transport);
    expect(errors.map((e) => e.message)).toEqual(['names is down', 'names is down']);
    expect(root.users).toEqual(['1', '2', 'err', '1'].map((id) => ({ __typename: 'User', id })));
  });

  it('gives an error outside every alias to the first fetch only, and each fetch its own entities', () => {
    const parts = splitReply(
      {
        data: { _e0: [{ name: 'a' }], _e1: [null] },
        errors: [
          { message: 'request-level' },
          { message: 'second', path: ['_e1', 0, 'nick'] },
          { message: 'unknown alias', path: ['_e7', 0] },
        ],
        cacheHint: { maxAge: 30 },
      },
      2,
    );
    expect(parts).toEqual([
      {
        data: { _entities: [{ name: 'a' }] },
        cacheHint: { maxAge: 30 },
        errors: [{ message: 'request-level' }, { message: 'unknown alias', path: ['_e7', 0] }],
      },
      {
        data: { _entities: [null] },
        cacheHint: { maxAge: 30 },
        errors: [{ message: 'second', path: ['_entities', 0, 'nick'] }],
      },
    ]);
    expect(splitReply({ data: null, errors: [{ message: 'invalid' }] }, 2)).toEqual([
      { data: null, errors: [{ message: 'invalid' }] },
      { data: null },
    ]);
  });
});
