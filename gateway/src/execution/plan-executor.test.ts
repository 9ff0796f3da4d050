import type { PlanNode } from '@apollo/query-planner';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { executePlan, type SubgraphCall, type SubgraphReply } from './plan-executor.js';
import { supergraphTypes } from './supergraph-types.js';
import { rootFetch, userEntityFetch } from './testing/plan-nodes.js';

const schema = buildSchema('type Query { users: [User] } type User { id: ID! name: String }');
const context = { requestId: 'r' } as GatewayContext;

const usersFetch = rootFetch('accounts', '{ users { __typename id } }');
const namesFetch = userEntityFetch('names', 'name');
const plan: PlanNode = {
  kind: 'Sequence',
  nodes: [usersFetch, { kind: 'Flatten', path: ['users', '@'], node: namesFetch }],
};

function transport(replies: Record<string, (body: { variables: Record<string, unknown> }) => SubgraphReply>) {
  const calls: Array<{ subgraph: string; body: { variables: Record<string, unknown> } }> = [];
  return {
    calls,
    call: async (subgraph: string, call: SubgraphCall) => {
      const body = JSON.parse(call.body) as { variables: Record<string, unknown> };
      calls.push({ subgraph, body });
      return replies[subgraph]!(body);
    },
  };
}

async function run(replies: Parameters<typeof transport>[0]) {
  const t = transport(replies);
  const root: Record<string, unknown> = Object.create(null);
  const errors: Parameters<typeof executePlan>[0]['errors'] = [];
  await executePlan(
    { transport: t, types: supergraphTypes(schema), context, variables: {}, variableDefinitions: [], errors },
    plan,
    root,
  );
  return { root, errors, calls: t.calls };
}

const users = ['1', '2', '1', null, '1', '3'].map((id) => (id ? { __typename: 'User', id } : null));

describe('executePlan', () => {
  it('sends each distinct representation once and answers every place it stands for', async () => {
    const { root, calls } = await run({
      accounts: () => ({ data: { users } }),
      names: ({ variables }) => ({
        data: {
          _entities: (variables.representations as Array<{ id: string }>).map((r) => ({
            name: `user ${r.id}`,
          })),
        },
      }),
    });
    expect(calls[1]?.body.variables.representations).toEqual([
      { __typename: 'User', id: '1' },
      { __typename: 'User', id: '2' },
      { __typename: 'User', id: '3' },
    ]);
    expect((root.users as Array<{ name?: string } | null>).map((u) => u?.name ?? null)).toEqual([
      'user 1',
      'user 2',
      'user 1',
      null,
      'user 1',
      'user 3',
    ]);
  });

  it('fans an entity error back out to every place the representation stood for', async () => {
    const { errors } = await run({
      accounts: () => ({ data: { users } }),
      names: () => ({
        data: { _entities: [null, { name: 'two' }, { name: 'three' }] },
        errors: [{ message: 'no such user', path: ['_entities', 0, 'name'] }],
      }),
    });
    expect(errors.map((e) => e.path)).toEqual([
      ['users', 0, 'name'],
      ['users', 2, 'name'],
      ['users', 4, 'name'],
    ]);
    expect(errors[0]?.extensions).toMatchObject({ code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'names' });
  });

  it('records a fetch that throws as an error without a path and runs the rest of the plan', async () => {
    const { root, errors } = await run({
      accounts: () => ({ data: { users } }),
      names: () => {
        throw new Error('down');
      },
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.path).toBeUndefined();
    expect((root.users as unknown[]).length).toBe(6);
  });

  it('decides a Condition by the variable, or by its default when the client sent none', async () => {
    const definitions =
      getOperationAST(parse('query ($on: Boolean = true, $off: Boolean = false) { a }'))
        ?.variableDefinitions ?? [];
    const conditional = (condition: string): PlanNode => ({
      kind: 'Condition',
      condition,
      ifClause: usersFetch,
    });
    const sent = async (condition: string, variables: Record<string, unknown>) => {
      const t = transport({ accounts: () => ({ data: { users: [] } }) });
      const errors: Parameters<typeof executePlan>[0]['errors'] = [];
      await executePlan(
        {
          transport: t,
          types: supergraphTypes(schema),
          context,
          variables,
          variableDefinitions: definitions,
          errors,
        },
        conditional(condition),
        Object.create(null),
      );
      return t.calls.length;
    };
    expect(await sent('on', {})).toBe(1);
    expect(await sent('off', {})).toBe(0);
    expect(await sent('off', { off: true })).toBe(1);
    expect(await sent('on', { on: false })).toBe(0);
  });

  it('refuses an answer with the wrong number of entities', async () => {
    const { errors } = await run({
      accounts: () => ({ data: { users } }),
      names: () => ({ data: { _entities: [{ name: 'only one' }] } }),
    });
    expect(errors[0]?.message).toBe('Expected "data._entities" to contain 3 elements');
  });
});
