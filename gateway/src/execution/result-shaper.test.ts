import { createHash } from 'node:crypto';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { type PlanNode, QueryPlanner } from '@apollo/query-planner';
import { getOperationAST, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { GatewayContext } from '../context.js';
import { executePlan, type PlanRun, type SubgraphCall, type SubgraphReply } from './plan-executor.js';
import type { Planning } from './planning.js';
import { PreparedOperations, prepareOperation } from './prepare.js';

type Json = Record<string, unknown>;

// Reviews know only their product's key; products answer the rest (a null name for p2, which
// its schema forbids): every review's product is a place the plan may share.
const subgraphs = [
  {
    name: 'reviews',
    url: 'http://reviews',
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Query { reviews: [Review!]! }
      type Review { id: ID! product: Product }
      type Product @key(fields: "upc", resolvable: false) { upc: String! }
    `),
  },
  {
    name: 'products',
    url: 'http://products',
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Product @key(fields: "upc") { upc: String! name: String! price: Int }
    `),
  },
];

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

const transport = {
  call: async (subgraph: string, call: SubgraphCall): Promise<SubgraphReply> => {
    if (subgraph === 'reviews') {
      const upcs = ['p1', 'p2', 'p1', 'p2', 'p1'];
      return {
        data: { reviews: upcs.map((upc, i) => ({ id: `r${i}`, product: { __typename: 'Product', upc } })) },
      };
    }
    const { variables } = JSON.parse(call.body) as { variables: { representations: Json[] } };
    return {
      data: {
        _entities: variables.representations.map((r) => ({
          name: r.upc === 'p2' ? null : `name of ${String(r.upc)}`,
          price: 10,
        })),
      },
    };
  },
};

async function shaped(query: string) {
  const document = parse(query);
  const ready = prepareOperation(
    planning(),
    {
      document,
      operation: getOperationAST(document)!,
      operationName: undefined,
      queryHash: createHash('sha256').update(query).digest('hex'),
    },
    new PreparedOperations(),
  );
  const root: Json = {};
  const run: PlanRun = {
    transport,
    types: ready.types,
    context: { requestId: 'r' } as GatewayContext,
    variables: {},
    variableDefinitions: [],
    errors: [],
  };
  // A query's plan: never a subscription's.
  await executePlan(run, ready.plan.node as PlanNode, root);
  return {
    shared: run.shared ?? new Set(),
    once: ready.shaper.shape(root, {}, run.shared),
    everywhere: ready.shaper.shape(root, {}),
  };
}

describe('result shaping over shared places', () => {
  it('builds a shared object once and answers exactly as when built at each place', async () => {
    const { shared, once, everywhere } = await shaped('{ reviews { id product { upc price } } }');
    expect(shared.size).toBe(2);
    expect(JSON.stringify(once.data)).toBe(JSON.stringify(everywhere.data));
    const reviews = once.data!.reviews as Json[];
    expect(reviews[2]!.product).toBe(reviews[0]!.product);
    expect(reviews[4]!.product).toBe(reviews[0]!.product);
  });

  it('reports an error inside a shared object at every place, as when built at each', async () => {
    const { once, everywhere } = await shaped('{ reviews { id product { upc name } } }');
    expect(JSON.stringify(once.data)).toBe(JSON.stringify(everywhere.data));
    const paths = (errors: typeof once.errors) => errors.map((e) => e.path);
    expect(paths(once.errors)).toEqual(paths(everywhere.errors));
    expect(paths(once.errors)).toEqual([
      ['reviews', 1, 'product', 'name'],
      ['reviews', 3, 'product', 'name'],
    ]);
  });
});
