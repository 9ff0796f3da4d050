import type { FetchNode, FlattenNode, PlanNode } from '@apollo/query-planner';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { listReuse } from './entity-lists.js';
import { executePlan, type SubgraphCall, type SubgraphReply } from './plan-executor.js';
import { planRun, rootFetch, userEntityFetch } from './testing/plan-nodes.js';

type Json = Record<string, unknown>;

const schema = buildSchema(
  'type Query { users: [User] me: User } type User { id: ID! name: String nick: String }',
);
const context = { requestId: 'r' } as GatewayContext;

const entityFetch = (serviceName: string, field: string) => userEntityFetch(serviceName, field);
const firstUsers = rootFetch('accounts', '{ users { __typename id } }');
const moreUsers = rootFetch('directory', '{ users { __typename id } }');
const elsewhere = rootFetch('directory', '{ me { __typename id } }');
const names: FlattenNode = { kind: 'Flatten', path: ['users', '@'], node: entityFetch('names', 'name') };
const nicks: FlattenNode = { kind: 'Flatten', path: ['users', '@'], node: entityFetch('nicks', 'nick') };

describe('listReuse', () => {
  it('keys the Flattens that share a path, and knows what may change their list', () => {
    const plan: PlanNode = { kind: 'Sequence', nodes: [firstUsers, names, moreUsers, elsewhere, nicks] };
    const reuse = listReuse(plan);
    expect(reuse.keys.get(names)).toBeDefined();
    expect(reuse.keys.get(nicks)).toBe(reuse.keys.get(names));
    expect(reuse.merging.has(moreUsers)).toBe(true);
    expect(reuse.merging.has(elsewhere)).toBe(false);
    expect(reuse.merging.has(names.node as FetchNode)).toBe(false);
    expect(reuse.sharing.size).toBe(0);
  });

  it('keys nothing when no two Flattens share a path', () => {
    expect(listReuse({ kind: 'Sequence', nodes: [firstUsers, names] }).keys.size).toBe(0);
  });
});

describe('executePlan reusing entity lists', () => {
  it('collects again after a fetch changed what the path holds', async () => {
    const sent: Record<string, string[]> = {};
    const transport = {
      call: async (subgraph: string, call: SubgraphCall): Promise<SubgraphReply> => {
        if (subgraph === 'accounts' || subgraph === 'directory') {
          // The second list is longer: merging it replaces the first, and its users are new objects.
          const ids = subgraph === 'accounts' ? ['1', '2'] : ['1', '2', '3'];
          return { data: { users: ids.map((id) => ({ __typename: 'User', id })) } };
        }
        const { variables } = JSON.parse(call.body) as { variables: { representations: Json[] } };
        sent[subgraph] = variables.representations.map((r) => String(r.id));
        const field = subgraph === 'names' ? 'name' : 'nick';
        return {
          data: { _entities: variables.representations.map((r) => ({ [field]: `${field} ${r.id}` })) },
        };
      },
    };
    const root: Json = {};
    const plan: PlanNode = { kind: 'Sequence', nodes: [firstUsers, names, moreUsers, nicks] };
    await executePlan(planRun(transport, schema, context), plan, root);
    expect(sent).toEqual({ names: ['1', '2'], nicks: ['1', '2', '3'] });
    expect((root.users as Json[]).map((u) => u.nick)).toEqual(['nick 1', 'nick 2', 'nick 3']);
  });
});
