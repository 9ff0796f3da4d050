import type { PlanNode } from '@apollo/query-planner';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { batchHolds } from './batch-holds.js';
import {
  executePlan,
  type SubgraphCall,
  type SubgraphReply,
  type SubgraphTransport,
} from './plan-executor.js';
import { planRun, rootFetch, userEntityFetch } from './testing/plan-nodes.js';

type Json = Record<string, unknown>;

const schema = buildSchema(`type Query { users: [User] }
  type User { id: ID! name: String nick: String friends: [User] }`);
const context = { requestId: 'r' } as GatewayContext;

const entityFetch = (serviceName: string, name: string, field: string) =>
  userEntityFetch(serviceName, field, name);
const usersFetch = rootFetch('accounts', '{ users { __typename id } }');
const nameFetch = entityFetch('names', 'Q__names__1', 'name');
const friendsFetch = entityFetch('social', 'Q__social__2', 'friends { __typename id }');
const nickFetch = entityFetch('names', 'Q__names__3', 'nick');

// The names fetch is all its branch does; the other branch sends a names fetch later, after
// social answered.
const plan: PlanNode = {
  kind: 'Sequence',
  nodes: [
    usersFetch,
    {
      kind: 'Parallel',
      nodes: [
        { kind: 'Flatten', path: ['users', '@'], node: nameFetch },
        {
          kind: 'Sequence',
          nodes: [
            { kind: 'Flatten', path: ['users', '@'], node: friendsFetch },
            { kind: 'Flatten', path: ['users', '@', 'friends', '@'], node: nickFetch },
          ],
        },
      ],
    },
  ],
};

describe('batchHolds', () => {
  it('lets the last fetch of a branch wait for a later fetch to its subgraph in a sibling branch', () => {
    const holds = batchHolds(plan);
    expect([...holds.waitFor]).toEqual([[nameFetch, [nickFetch]]]);
    expect(holds.within.get(plan)).toEqual([nickFetch]);
  });

  it('never holds a fetch that its own branch still has to follow', () => {
    const followed: PlanNode = {
      kind: 'Parallel',
      nodes: [
        {
          kind: 'Sequence',
          nodes: [
            { kind: 'Flatten', path: ['users', '@'], node: nameFetch },
            { kind: 'Flatten', path: ['users', '@'], node: friendsFetch },
          ],
        },
        {
          kind: 'Sequence',
          nodes: [usersFetch, { kind: 'Flatten', path: ['users', '@'], node: nickFetch }],
        },
      ],
    };
    const holds = batchHolds(followed);
    expect(holds.waitFor.has(nameFetch)).toBe(false);
    // The nick fetch is last in its branch, but the other branch sends names only at its start.
    expect(holds.waitFor.has(nickFetch)).toBe(false);
  });
});

function subgraphs(friends: (id: string) => string[], batching?: boolean) {
  const calls: Array<{ subgraph: string; query: string }> = [];
  const transport: SubgraphTransport = {
    ...(batching === undefined ? {} : { batching }),
    async call(subgraph: string, call: SubgraphCall): Promise<SubgraphReply> {
      const body = JSON.parse(call.body) as { query: string; variables: Record<string, Json[]> };
      calls.push({ subgraph, query: body.query });
      if (subgraph === 'accounts') {
        return { data: { users: ['1', '2'].map((id) => ({ __typename: 'User', id })) } };
      }
      // Each entity list (alone, or under its alias in a merged request) answered in order.
      const answer = (list: Json[], field: string) =>
        list.map((r) =>
          field === 'friends'
            ? { friends: friends(String(r.id)).map((id) => ({ __typename: 'User', id })) }
            : { [field]: `${field} ${String(r.id)}` },
        );
      if (body.variables.representations) {
        const field = subgraph === 'social' ? 'friends' : body.query.includes('nick') ? 'nick' : 'name';
        return { data: { _entities: answer(body.variables.representations, field) } };
      }
      return {
        data: {
          _e0: answer(body.variables.__ukp_representations_0!, 'name'),
          _e1: answer(body.variables.__ukp_representations_1!, 'nick'),
        },
      };
    },
  };
  return { transport, calls };
}

async function run(transport: SubgraphTransport) {
  const root: Json = {};
  await executePlan(planRun(transport, schema, context), plan, root);
  return root;
}

describe('executePlan with held fetches', () => {
  it('sends a held fetch with the later one it waited for, as one request', async () => {
    const { transport, calls } = subgraphs((id) => (id === '1' ? ['2'] : []));
    const root = await run(transport);
    expect(calls.map((c) => c.subgraph)).toEqual(['accounts', 'social', 'names']);
    expect(calls[2]!.query).toContain('_e1: _entities');
    expect(root.users).toEqual([
      {
        __typename: 'User',
        id: '1',
        name: 'name 1',
        friends: [{ __typename: 'User', id: '2', nick: 'nick 2' }],
      },
      { __typename: 'User', id: '2', name: 'name 2', friends: [] },
    ]);
  });

  it('sends it alone once the other branch ends without the fetch it waited for', async () => {
    const { transport, calls } = subgraphs(() => []);
    const root = await run(transport);
    expect(calls.map((c) => c.subgraph)).toEqual(['accounts', 'social', 'names']);
    expect(calls[2]!.query).not.toContain('_e1');
    expect((root.users as Json[]).map((u) => u.name)).toEqual(['name 1', 'name 2']);
  });

  it('holds nothing when batching is off', async () => {
    const { transport, calls } = subgraphs((id) => (id === '1' ? ['2'] : []), false);
    await run(transport);
    expect(calls.map((c) => c.subgraph)).toEqual(['accounts', 'names', 'social', 'names']);
  });
});
