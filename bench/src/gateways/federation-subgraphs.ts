// The four subgraphs of the federation-gateways benchmark (accounts, inventory, products,
// reviews), each a lean graphql-js server on its own port, counting the requests it serves so the report
// can show how many subgraph calls one client request costs through each gateway.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type DocumentNode, execute, type GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';
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

/**
 * A subgraph as lean as the public benchmark's (which are not Node servers at all): graphql-js
 * over node:http, each distinct query parsed and validated once. The gateways are measured, so
 * the subgraphs must not be what limits a run — they share this process with the load generator
 * on a small machine.
 */
function serve(schema: GraphQLSchema): { server: Server; served: () => number } {
  // Also answered on GET /requests, for a subgraph running in its own process.
  let served = 0;
  const documents = new Map<string, DocumentNode | readonly GraphQLError[]>();
  const documentFor = (query: string) => {
    let known = documents.get(query);
    if (!known) {
      try {
        const document = parse(query);
        const errors = validate(schema, document);
        known = errors.length > 0 ? errors : document;
      } catch (error) {
        known = [error as GraphQLError];
      }
      documents.set(query, known);
    }
    return known;
  };
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/requests') {
      res.end(String(served));
      return;
    }
    served += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const { query, variables, operationName } = JSON.parse(Buffer.concat(chunks).toString()) as {
          query: string;
          variables?: Record<string, unknown>;
          operationName?: string;
        };
        const document = documentFor(query);
        const result = Array.isArray(document)
          ? { errors: document }
          : await execute({
              schema,
              document: document as DocumentNode,
              variableValues: variables ?? null,
              operationName: operationName ?? null,
            });
        const body = JSON.stringify(result);
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })();
    });
  });
  return { server, served: () => served };
}

export interface RunningSubgraph {
  url: string;
  /** GraphQL requests served so far. */
  requests(): number;
  stop(): Promise<void>;
}

/** One of the four subgraphs on `port` (0: any free port). */
export async function startFederationSubgraph(name: string, port = 0): Promise<RunningSubgraph> {
  if (!typeDefs[name]) throw new Error(`no federation subgraph named ${name}`);
  const { server, served } = serve(
    buildSubgraphSchema({ typeDefs: typeDefs[name]!, resolvers: resolvers[name]! }),
  );
  // Longer than any gateway's pooled-socket idle time, so no gateway ever reuses a socket the
  // subgraph is closing (that shows as "socket hang up").
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    requests: served,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** All four in this process. */
export async function startFederationSubgraphs(): Promise<RunningSubgraphs> {
  const running: RunningSubgraph[] = [];
  const urls: Record<string, string> = {};
  for (const name of Object.keys(typeDefs)) {
    const subgraph = await startFederationSubgraph(name);
    running.push(subgraph);
    urls[name] = subgraph.url;
  }
  return {
    urls,
    requests: () => running.reduce((sum, s) => sum + s.requests(), 0),
    stop: async () => {
      await Promise.all(running.map((s) => s.stop()));
    },
  };
}
