// The four subgraphs of the federation-gateways benchmark (accounts, inventory, products,
// reviews), each an Apollo Server on its own port, counting the requests it serves so the report
// can show how many subgraph calls one client request costs through each gateway.
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type DocumentNode, parse } from 'graphql';
import { inventory, type Product, products, reviews, users } from './federation-data.js';

const link =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key", "@external", "@requires", "@provides", "@shareable"])';

export const typeDefs: Record<string, DocumentNode> = {
  accounts: parse(`${link}
    type Query { me: User users: [User] }
    type User @key(fields: "id") { id: ID! name: String username: String @shareable birthday: Int }`),
  inventory: parse(`${link}
    type Product @key(fields: "upc") {
      upc: String! weight: Int @external price: Int @external inStock: Boolean
      shippingEstimate: Int @requires(fields: "price weight")
    }`),
  products: parse(`${link}
    type Query { topProducts(first: Int = 5): [Product] }
    type Product @key(fields: "upc") { upc: String! name: String price: Int weight: Int }`),
  reviews: parse(`${link}
    type Review @key(fields: "id") { id: ID! body: String author: User @provides(fields: "username") product: Product }
    type User @key(fields: "id") { id: ID! username: String @external reviews: [Review] }
    type Product @key(fields: "upc") { upc: String! reviews: [Review] }`),
};

const byId = <T>(list: T[], key: (t: T) => string) => new Map(list.map((t) => [key(t), t]));
const userById = byId(users, (u) => u.id);
const productByUpc = byId(products, (p) => p.upc);
const reviewById = byId(reviews, (r) => r.id);

const resolvers: Record<string, GraphQLResolverMap<unknown>> = {
  accounts: {
    Query: { me: () => users[0], users: () => users },
    User: { __resolveReference: (ref: { id: string }) => userById.get(ref.id) },
  },
  inventory: {
    Product: {
      __resolveReference: (ref: { upc: string }) => ({ ...ref, ...inventory.get(ref.upc) }),
      // The benchmark's rule: expensive goods ship free, others by weight.
      shippingEstimate: (p: Product) => (p.price > 1000 ? 0 : Math.round(p.weight * 0.5)),
    },
  },
  products: {
    Query: { topProducts: (_: unknown, args: { first: number }) => products.slice(0, args.first) },
    Product: { __resolveReference: (ref: { upc: string }) => productByUpc.get(ref.upc) },
  },
  reviews: {
    Review: {
      __resolveReference: (ref: { id: string }) => reviewById.get(ref.id),
      author: (r: { authorID: string }) => ({ __typename: 'User', id: r.authorID }),
      product: (r: { productUpc: string }) => ({ __typename: 'Product', upc: r.productUpc }),
    },
    User: {
      reviews: (u: { id: string }) => reviews.filter((r) => r.authorID === u.id),
      // Provided: the reviews subgraph knows authors' usernames without a hop to accounts.
      username: (u: { id: string }) => userById.get(u.id)?.username,
    },
    Product: { reviews: (p: { upc: string }) => reviews.filter((r) => r.productUpc === p.upc) },
  },
};

export interface RunningSubgraphs {
  urls: Record<string, string>;
  /** Requests served by all four subgraphs so far. */
  requests(): number;
  stop(): Promise<void>;
}

export async function startFederationSubgraphs(): Promise<RunningSubgraphs> {
  let requests = 0;
  const counter: ApolloServerPlugin = {
    async requestDidStart() {
      requests += 1;
    },
  };
  const servers: ApolloServer[] = [];
  const urls: Record<string, string> = {};
  for (const name of Object.keys(typeDefs)) {
    const server = new ApolloServer({
      schema: buildSubgraphSchema({ typeDefs: typeDefs[name]!, resolvers: resolvers[name]! }),
      // No usage reporting anywhere here: traces would only add noise to the subgraphs' cost.
      plugins: [counter, ApolloServerPluginInlineTraceDisabled()],
    });
    const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
    servers.push(server);
    urls[name] = url;
  }
  return {
    urls,
    requests: () => requests,
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
