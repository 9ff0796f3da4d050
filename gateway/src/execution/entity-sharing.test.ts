import type { PlanNode } from '@apollo/query-planner';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { placeEntities, shareableFetches, shareIdenticalEntities } from './entity-sharing.js';
import { executePlan, type SubgraphCall, type SubgraphReply } from './plan-executor.js';
import { flatRequires } from './representations.js';
import { planRun, rootFetch, userEntityFetch } from './testing/plan-nodes.js';

type Json = Record<string, unknown>;

const schema = buildSchema('type Query { users: [User] } type User { id: ID! name: String }');
const context = { requestId: 'r' } as GatewayContext;

const accountsFetch = (operation: string) => rootFetch('accounts', operation);
const usersFetch = accountsFetch('{ users { __typename id } }');
const namesFetch = userEntityFetch('names', 'name');
const names: PlanNode = { kind: 'Flatten', path: ['users', '@'], node: namesFetch };

describe('shareableFetches', () => {
  it('shares the places of an entity fetch that nothing else merges into', () => {
    const plan: PlanNode = { kind: 'Sequence', nodes: [usersFetch, names] };
    expect(shareableFetches(plan).has(namesFetch)).toBe(true);
  });

  it('does not share when a fetch beside it may merge different data into those places', () => {
    // Its answer reaches `users` again: it could bring each place something different.
    const beside = accountsFetch('{ users { name } }');
    const plan: PlanNode = {
      kind: 'Sequence',
      nodes: [usersFetch, { kind: 'Parallel', nodes: [names, beside] }],
    };
    expect(shareableFetches(plan).has(namesFetch)).toBe(false);
  });

  it('shares when that fetch ran before, or answers only other fields', () => {
    const before: PlanNode = {
      kind: 'Sequence',
      nodes: [usersFetch, accountsFetch('{ users { name } }'), names],
    };
    expect(shareableFetches(before).has(namesFetch)).toBe(true);
    const elsewhere: PlanNode = {
      kind: 'Sequence',
      nodes: [usersFetch, { kind: 'Parallel', nodes: [names, accountsFetch('{ me { name } }')] }],
    };
    expect(shareableFetches(elsewhere).has(namesFetch)).toBe(true);
  });
});

describe('shareIdenticalEntities and placeEntities', () => {
  const flat = flatRequires(namesFetch)!;

  it('puts one object at every place whose content is exactly the same representation', () => {
    const root: Json = {
      users: [
        { __typename: 'User', id: '1' },
        { __typename: 'User', id: '2' },
        { __typename: 'User', id: '1' },
        { __typename: 'User', id: '1', name: 'has more than its key' },
      ],
    };
    const entities = [...(root.users as Json[])];
    const shared = new Set<Json>();
    const changed = shareIdenticalEntities(entities, [[0, 2, 3], [1]], flat, shared);
    expect(changed).toBe(true);
    placeEntities([root], ['users', '@'], entities);
    const users = root.users as Json[];
    expect(users[2]).toBe(users[0]);
    expect(users[3]).not.toBe(users[0]);
    expect([...shared]).toEqual([users[0]]);
  });

  it('changes nothing when no two identical places are found', () => {
    const entities: Json[] = [
      { __typename: 'User', id: '1', name: 'a' },
      { __typename: 'User', id: '1', name: 'b' },
    ];
    expect(shareIdenticalEntities(entities, [[0, 1]], flat, new Set())).toBe(false);
  });
});

describe('executePlan with shared places', () => {
  it('answers every place as before, merging once into the object they share', async () => {
    const calls: string[] = [];
    const transport = {
      call: async (subgraph: string, call: SubgraphCall): Promise<SubgraphReply> => {
        calls.push(subgraph);
        if (subgraph === 'accounts') {
          return {
            data: { users: ['1', '2', '1', null, '1'].map((id) => id && { __typename: 'User', id }) },
          };
        }
        const { variables } = JSON.parse(call.body) as { variables: { representations: Json[] } };
        return { data: { _entities: variables.representations.map((r) => ({ name: `user ${r.id}` })) } };
      },
    };
    const root: Json = {};
    const run = planRun(transport, schema, context);
    await executePlan(run, { kind: 'Sequence', nodes: [usersFetch, names] }, root);
    const users = root.users as Array<Json | null>;
    expect(users.map((u) => u?.name ?? null)).toEqual(['user 1', 'user 2', 'user 1', null, 'user 1']);
    expect(users[2]).toBe(users[0]);
    expect(users[4]).toBe(users[0]);
    expect(run).toMatchObject({ shared: new Set([users[0]]) });
    expect(calls).toEqual(['accounts', 'names']);
  });
});
