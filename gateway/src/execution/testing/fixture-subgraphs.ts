// Five in-memory subgraphs (accounts, products, inventory, reviews, media) plus one that is never
// up (legacy), built to exercise every part of query-plan execution: single and compound keys,
// entities resolvable from two subgraphs, @provides, @external + @requires (nested too),
// @override, an entity interface with an @interfaceObject, unions across subgraphs, abstract types
// inside entity fetches, duplicated entities in (nested) lists, null items, errors at every
// level, custom scalars, enums, input objects and mutations whose order is recorded.
//
// All data is static and deterministic; `reset()` puts the mutable bits (the mutation log, stock)
// back, so two gateways asked the same operation one after the other see the same world.
import { createServer } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type DocumentNode, GraphQLError, GraphQLScalarType, Kind, parse } from 'graphql';

const link = (imports: string[]) =>
  `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: [${imports
    .map((i) => `"${i}"`)
    .join(', ')}])`;

export const fixtureTypeDefs: Record<string, string> = {
  accounts: `${link(['@key', '@shareable'])}
    scalar DateTime
    scalar JSON
    enum Role { ADMIN EDITOR VIEWER }
    type Query {
      me: User
      user(id: ID!): User
      users(ids: [ID!]): [User]
      usersByRole(roles: [Role!]! = [ADMIN, EDITOR]): [User!]!
      echo(value: JSON, at: DateTime): JSON
      mutationLog: [String!]!
    }
    type Mutation {
      logEvent(input: EventInput!): LogResult!
    }
    input EventInput { name: String!, tags: [String!] = [], priority: Int = 1, meta: JSON }
    type LogResult { seq: Int! name: String! tags: [String!]! priority: Int! meta: JSON }
    type User @key(fields: "id") {
      id: ID!
      name: String!
      username: String @shareable
      "Refused (FORBIDDEN) for u3: nullable, so null + an error."
      email: String
      "Fails for u4: non-null, so the whole User goes null."
      badge: String!
      role: Role!
      createdAt: DateTime!
      preferences: JSON
      friends: [User]
    }`,
  products: `${link(['@key', '@shareable'])}
    scalar DateTime
    type Query {
      topProducts(first: Int = 5): [Product]
      product(upc: String!): Product
      productsByUpc(upcs: [String!]!): [Product]!
      search(term: String!): [SearchResult!]!
      "A list of lists: rows with duplicates, an empty row, a null row and a null item."
      catalog: [[Product]]
    }
    union SearchResult = Product | User
    type User @key(fields: "id", resolvable: false) { id: ID! }
    type Region @shareable { code: String! name: String }
    type Dimensions @shareable { size: Int weight: Float }
    type Product @key(fields: "upc") @key(fields: "sku region { code }") {
      upc: String!
      sku: String!
      region: Region!
      name: String!
      price: Int
      weight: Int
      dimensions: Dimensions
      releasedAt: DateTime
      tags: [String]
      bundles: [[Product!]!]
      "Overridden by reviews; products' own answer (-1) must never show."
      reviewCount: Int
    }`,
  inventory: `${link(['@key', '@shareable', '@external', '@requires'])}
    scalar DateTime
    type Region @shareable { code: String! }
    type Dimensions @shareable { size: Int weight: Float }
    type Product @key(fields: "sku region { code }") {
      sku: String!
      region: Region!
      price: Int @external
      weight: Int @external
      dimensions: Dimensions @external
      inStock: Boolean
      "Fails for SKU-5: non-null, so the Product goes null."
      stock: Int!
      shippingEstimate: Int @requires(fields: "price weight")
      packaging: String @requires(fields: "dimensions { size weight }")
      warehouse: Warehouse
    }
    type Warehouse { code: String! openedAt: DateTime }
    type Mutation {
      restock(sku: String!, region: String!, amount: Int = 1): Product
    }`,
  reviews: `${link(['@key', '@shareable', '@external', '@provides', '@override', '@interfaceObject'])}
    type Query {
      review(id: ID!): Review
      latestReviews(limit: Int = 3): [Review!]!
    }
    type Review @key(fields: "id") {
      id: ID!
      body: String!
      rating: Int!
      author: User @provides(fields: "username")
      product: Product
      subject: Media
      attachments: [Attachment]
    }
    union Attachment = Photo | Quote
    type Photo { url: String! width: Int }
    type Quote { text: String! by: User }
    type User @key(fields: "id") {
      id: ID!
      username: String @external
      reviews(minRating: Int = 0): [Review!]!
      favorite: Media
      recentlyViewed: [Product]
    }
    type Product @key(fields: "upc") {
      upc: String!
      reviews: [Review!]!
      reviewCount: Int @override(from: "products")
      topReviewer: User
    }
    type Media @key(fields: "id") @interfaceObject {
      id: ID!
      reviews: [Review!]!
      averageRating: Float
    }`,
  media: `${link(['@key'])}
    interface Media @key(fields: "id") { id: ID! title: String! }
    type Book implements Media @key(fields: "id") { id: ID! title: String! author: User pages: Int }
    type Movie implements Media @key(fields: "id") { id: ID! title: String! director: String runtime: Int cast: [User] }
    type User @key(fields: "id", resolvable: false) { id: ID! }
    type Query { media(ids: [ID!]!): [Media]! allMedia: [Media!]! }`,
  // Composed in, but its URL refuses connections: whatever it owns comes back null + an error.
  legacy: `${link(['@key'])}
    type Product @key(fields: "upc") { upc: String! legacyCode: String }
    type Query { legacyStatus: String }`,
};

/** The subgraph whose URL refuses connections. */
export const DOWN_SUBGRAPH = 'legacy';

// ---------------------------------------------------------------------------------------------
// Data

interface UserRow {
  id: string;
  name: string;
  username: string;
  role: 'ADMIN' | 'EDITOR' | 'VIEWER';
  createdAt: string;
  preferences: unknown;
  friends: Array<string | null>;
}
const users: UserRow[] = [
  {
    id: 'u1',
    name: 'Ada Lovelace',
    username: 'ada',
    role: 'ADMIN',
    createdAt: '1815-12-10T00:00:00.000Z',
    preferences: { theme: 'dark', langs: ['en', 'fr'], nested: { a: 1, b: [true, null] } },
    friends: ['u2', 'u3', 'u2', null, 'u404'],
  },
  {
    id: 'u2',
    name: 'Grace Hopper',
    username: 'grace',
    role: 'EDITOR',
    createdAt: '1906-12-09T00:00:00.000Z',
    preferences: null,
    friends: ['u1'],
  },
  {
    id: 'u3',
    name: 'Linus Torvalds',
    username: 'linus',
    role: 'VIEWER',
    createdAt: '1969-12-28T00:00:00.000Z',
    preferences: { theme: 'light' },
    friends: [],
  },
  {
    id: 'u4',
    name: 'Barbara Liskov',
    username: 'barbara',
    role: 'EDITOR',
    createdAt: '1939-11-07T00:00:00.000Z',
    preferences: [1, 'two', { three: 3 }],
    friends: ['u1', 'u1'],
  },
];

interface ProductRow {
  upc: string;
  sku: string;
  region: string;
  name: string;
  price: number;
  weight: number;
  size: number;
  releasedAt: string | null;
  tags: Array<string | null>;
  bundles: string[][] | null;
}
const products: ProductRow[] = [
  {
    upc: 'p1',
    sku: 'SKU-1',
    region: 'EU',
    name: 'Table',
    price: 899,
    weight: 100,
    size: 12,
    releasedAt: '2020-01-01',
    tags: ['wood', null, 'big'],
    bundles: [['p2', 'p3'], [], ['p2']],
  },
  {
    upc: 'p2',
    sku: 'SKU-2',
    region: 'US',
    name: 'Couch',
    price: 1299,
    weight: 1000,
    size: 40,
    releasedAt: null,
    tags: [],
    bundles: null,
  },
  {
    upc: 'p3',
    sku: 'SKU-3',
    region: 'EU',
    name: 'Chair',
    price: 54,
    weight: 50,
    size: 6,
    releasedAt: '2021-06-30',
    tags: ['wood'],
    bundles: [['p1', 'p1', 'p1']],
  },
  {
    upc: 'p4',
    sku: 'SKU-1',
    region: 'US',
    name: 'Table (US)',
    price: 950,
    weight: 110,
    size: 12,
    releasedAt: '2020-03-01',
    tags: ['wood'],
    bundles: [],
  },
  {
    upc: 'p5',
    sku: 'SKU-5',
    region: 'EU',
    name: 'Lamp',
    price: 20,
    weight: 2,
    size: 1,
    releasedAt: '2022-02-02',
    tags: [null],
    bundles: null,
  },
  {
    upc: 'p6',
    sku: 'SKU-6',
    region: 'MARS',
    name: 'Rover',
    price: 1_000_000,
    weight: 900,
    size: 30,
    releasedAt: null,
    tags: ['space'],
    bundles: null,
  },
];
const regions: Record<string, string> = { EU: 'Europe', US: 'United States', MARS: 'Mars' };

interface StockRow {
  inStock: boolean | null;
  stock: number;
  warehouse: { code: string; openedAt: string | null } | null;
}
const initialStock: Record<string, StockRow> = {
  'SKU-1:EU': { inStock: true, stock: 3, warehouse: { code: 'W-EU', openedAt: '2001-01-01' } },
  'SKU-2:US': { inStock: false, stock: 0, warehouse: { code: 'W-US', openedAt: null } },
  'SKU-3:EU': { inStock: true, stock: 40, warehouse: { code: 'W-EU', openedAt: '2001-01-01' } },
  'SKU-1:US': { inStock: null, stock: 1, warehouse: null },
  'SKU-5:EU': { inStock: true, stock: 9, warehouse: null },
  'SKU-6:MARS': { inStock: true, stock: 1, warehouse: null },
};

interface ReviewRow {
  id: string;
  body: string;
  rating: number;
  authorId: string;
  productUpc: string;
  mediaId: string | null;
  attachments: Array<
    | { kind: 'photo'; url: string; width: number | null }
    | { kind: 'quote'; text: string; by: string | null }
    | null
  >;
}
const reviews: ReviewRow[] = [
  { id: 'r1', body: 'Love it!', rating: 5, authorId: 'u1', productUpc: 'p1', mediaId: 'm1', attachments: [] },
  {
    id: 'r2',
    body: 'Too expensive.',
    rating: 2,
    authorId: 'u1',
    productUpc: 'p2',
    mediaId: 'm2',
    attachments: [
      { kind: 'photo', url: 'https://img/2.png', width: 640 },
      null,
      { kind: 'quote', text: 'meh', by: 'u2' },
    ],
  },
  {
    id: 'r3',
    body: 'Could be better.',
    rating: 3,
    authorId: 'u2',
    productUpc: 'p3',
    mediaId: null,
    attachments: [],
  },
  {
    id: 'r4',
    body: 'Prefer something else.',
    rating: 1,
    authorId: 'u2',
    productUpc: 'p1',
    mediaId: 'm1',
    attachments: [{ kind: 'quote', text: 'no', by: null }],
  },
  { id: 'r5', body: 'Solid.', rating: 4, authorId: 'u4', productUpc: 'p3', mediaId: 'm3', attachments: [] },
  {
    id: 'r6',
    body: 'Who wrote this?',
    rating: 3,
    authorId: 'u404',
    productUpc: 'p1',
    mediaId: 'm404',
    attachments: [],
  },
  {
    id: 'r7',
    body: 'Bright.',
    rating: 5,
    authorId: 'u1',
    productUpc: 'p5',
    mediaId: null,
    attachments: [{ kind: 'photo', url: 'https://img/7.png', width: null }],
  },
  {
    id: 'r8',
    body: 'Out of this world.',
    rating: 5,
    authorId: 'u3',
    productUpc: 'p4',
    mediaId: 'm2',
    attachments: null as never,
  },
];

interface MediaRow {
  __typename: 'Book' | 'Movie';
  id: string;
  title: string;
  authorId?: string;
  pages?: number;
  director?: string | null;
  runtime?: number;
  cast?: Array<string | null>;
}
const media: MediaRow[] = [
  { __typename: 'Book', id: 'm1', title: 'Notes on the Analytical Engine', authorId: 'u1', pages: 65 },
  {
    __typename: 'Movie',
    id: 'm2',
    title: 'Hackers',
    director: null,
    runtime: 105,
    cast: ['u2', 'u1', 'u2', null],
  },
  { __typename: 'Book', id: 'm3', title: 'Program Development in Java', authorId: 'u4', pages: 464 },
];

const favorites: Record<string, string> = { u1: 'm2', u2: 'm1', u3: 'm404', u4: 'm3' };
const recentlyViewed: Record<string, Array<string | null>> = {
  u1: ['p1', 'p2', 'p1', null, 'p-gone', 'p1'],
  u2: ['p3', 'p3'],
  u3: [],
  u4: ['p5', 'p1'],
};

const byKey = <T>(rows: T[], key: (t: T) => string) => new Map(rows.map((row) => [key(row), row]));
const userById = byKey(users, (u) => u.id);
const productByUpc = byKey(products, (p) => p.upc);
const productBySkuRegion = byKey(products, (p) => `${p.sku}:${p.region}`);
const reviewById = byKey(reviews, (r) => r.id);
const mediaById = byKey(media, (m) => m.id);

// ---------------------------------------------------------------------------------------------
// Mutable state: what mutations change, reset between requests.

export interface FixtureState {
  /** Root mutation fields in the order they ran, e.g. `logEvent:first`. */
  log: string[];
  /** How many times each mutation field ran. */
  calls: Record<string, number>;
  stock: Record<string, StockRow>;
}

const freshState = (): FixtureState => ({
  log: [],
  calls: {},
  stock: structuredClone(initialStock),
});

// ---------------------------------------------------------------------------------------------
// Resolvers

type Obj = Record<string, unknown>;

const dateTime = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: (value) => String(value),
  parseLiteral: (ast) => (ast.kind === Kind.STRING ? ast.value : null),
});
const json = new GraphQLScalarType({
  name: 'JSON',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast) => {
    const literal = (node: typeof ast): unknown => {
      switch (node.kind) {
        case Kind.STRING:
        case Kind.BOOLEAN:
          return node.value;
        case Kind.INT:
          return Number.parseInt(node.value, 10);
        case Kind.FLOAT:
          return Number.parseFloat(node.value);
        case Kind.LIST:
          return node.values.map(literal);
        case Kind.OBJECT:
          return Object.fromEntries(node.fields.map((f) => [f.name.value, literal(f.value)]));
        default:
          return null;
      }
    };
    return literal(ast);
  },
});

const userRef = (id: string | null | undefined) => (id ? { __typename: 'User', id } : null);
const productRef = (upc: string | null | undefined) => (upc ? { __typename: 'Product', upc } : null);
const mediaRef = (id: string | null | undefined) => (id ? { __typename: 'Media', id } : null);
const productOut = (p: ProductRow | undefined) => (p ? { ...p, region: { code: p.region } } : null);

function resolversFor(state: () => FixtureState): Record<string, GraphQLResolverMap<unknown>> {
  const record = (field: string, label: string) => {
    const s = state();
    s.calls[field] = (s.calls[field] ?? 0) + 1;
    s.log.push(`${field}:${label}`);
    return s.log.length;
  };
  return {
    accounts: {
      DateTime: dateTime,
      JSON: json,
      Query: {
        me: () => users[0],
        user: (_: unknown, args: { id: string }) => userById.get(args.id) ?? null,
        users: (_: unknown, args: { ids?: string[] | null }) =>
          args.ids ? args.ids.map((id) => userById.get(id) ?? null) : users,
        usersByRole: (_: unknown, args: { roles: string[] }) =>
          users.filter((u) => args.roles.includes(u.role)),
        echo: (_: unknown, args: { value?: unknown; at?: string }) => ({
          value: args.value ?? null,
          at: args.at ?? null,
        }),
        mutationLog: () => state().log,
      },
      Mutation: {
        logEvent: (
          _: unknown,
          args: { input: { name: string; tags: string[]; priority: number; meta?: unknown } },
        ) => {
          const seq = record('logEvent', args.input.name);
          return { seq, ...args.input, meta: args.input.meta ?? null };
        },
      },
      User: {
        __resolveReference: (ref: { id: string }) => userById.get(ref.id) ?? null,
        email: (u: UserRow) => {
          if (u.id === 'u3')
            throw new GraphQLError('email is private', { extensions: { code: 'FORBIDDEN' } });
          return `${u.username}@example.test`;
        },
        badge: (u: UserRow) => {
          if (u.id === 'u4') throw new Error('badge service exploded');
          return `${u.role.toLowerCase()}-${u.id}`;
        },
        createdAt: (u: UserRow) => new Date(u.createdAt),
        friends: (u: UserRow) => u.friends.map((id) => (id ? (userById.get(id) ?? null) : null)),
      },
    },
    products: {
      DateTime: dateTime,
      Query: {
        topProducts: (_: unknown, args: { first: number }) => products.slice(0, args.first).map(productOut),
        product: (_: unknown, args: { upc: string }) => productOut(productByUpc.get(args.upc)),
        productsByUpc: (_: unknown, args: { upcs: string[] }) =>
          args.upcs.map((upc) => productOut(productByUpc.get(upc))),
        search: (_: unknown, args: { term: string }) => {
          const term = args.term.toLowerCase();
          return [
            ...products
              .filter((p) => p.name.toLowerCase().includes(term))
              .map((p) => ({ __typename: 'Product', ...productOut(p) })),
            ...users
              .filter((u) => u.name.toLowerCase().includes(term))
              .map((u) => ({ __typename: 'User', id: u.id })),
          ];
        },
        catalog: () =>
          [['p1', 'p3', 'p1'], [], null, ['p2', null, 'p-gone', 'p5']].map((row) =>
            row ? row.map((upc) => (upc ? productOut(productByUpc.get(upc)) : null)) : null,
          ),
      },
      Product: {
        __resolveReference: (ref: { upc?: string; sku?: string; region?: { code: string } }) =>
          productOut(
            ref.upc ? productByUpc.get(ref.upc) : productBySkuRegion.get(`${ref.sku}:${ref.region?.code}`),
          ),
        region: (p: { region: { code: string } }) => ({
          code: p.region.code,
          name: regions[p.region.code] ?? null,
        }),
        dimensions: (p: ProductRow) => ({ size: p.size, weight: p.weight / 10 }),
        bundles: (p: ProductRow) =>
          p.bundles?.map((row) => row.map((upc) => productOut(productByUpc.get(upc)))) ?? null,
        reviewCount: () => -1,
      },
    },
    inventory: {
      DateTime: dateTime,
      Query: {},
      Mutation: {
        restock: (_: unknown, args: { sku: string; region: string; amount: number }) => {
          record('restock', `${args.sku}:${args.region}+${args.amount}`);
          const row = state().stock[`${args.sku}:${args.region}`];
          if (!row) return null;
          row.stock += args.amount;
          row.inStock = row.stock > 0;
          return { sku: args.sku, region: { code: args.region } };
        },
      },
      Product: {
        __resolveReference: (ref: Obj & { sku: string; region: { code: string } }) => ({ ...ref }),
        inStock: (p: { sku: string; region: { code: string } }) =>
          state().stock[`${p.sku}:${p.region.code}`]?.inStock ?? null,
        stock: (p: { sku: string; region: { code: string } }) => {
          if (p.sku === 'SKU-5') throw new Error('stock ledger unavailable');
          return state().stock[`${p.sku}:${p.region.code}`]?.stock ?? 0;
        },
        warehouse: (p: { sku: string; region: { code: string } }) =>
          state().stock[`${p.sku}:${p.region.code}`]?.warehouse ?? null,
        // The benchmark's rule: expensive goods ship free, others by weight.
        shippingEstimate: (p: { price: number; weight: number }) =>
          p.price > 1000 ? 0 : Math.round(p.weight * 0.5),
        packaging: (p: { dimensions: { size: number; weight: number } | null }) =>
          p.dimensions ? `box-${p.dimensions.size}x${p.dimensions.weight}` : null,
      },
    },
    reviews: {
      Query: {
        review: (_: unknown, args: { id: string }) => reviewById.get(args.id) ?? null,
        latestReviews: (_: unknown, args: { limit: number }) => reviews.slice(-args.limit).reverse(),
      },
      Review: {
        __resolveReference: (ref: { id: string }) => reviewById.get(ref.id) ?? null,
        author: (r: ReviewRow) => ({
          ...userRef(r.authorId),
          username: userById.get(r.authorId)?.username ?? null,
        }),
        product: (r: ReviewRow) => productRef(r.productUpc),
        subject: (r: ReviewRow) => mediaRef(r.mediaId),
        attachments: (r: ReviewRow) =>
          r.attachments?.map((a) =>
            a === null
              ? null
              : a.kind === 'photo'
                ? { __typename: 'Photo', url: a.url, width: a.width }
                : { __typename: 'Quote', text: a.text, by: userRef(a.by) },
          ) ?? null,
      },
      User: {
        __resolveReference: (ref: { id: string }) => ({ ...ref }),
        username: (u: { id: string }) => userById.get(u.id)?.username ?? null,
        reviews: (u: { id: string }, args: { minRating: number }) =>
          reviews.filter((r) => r.authorId === u.id && r.rating >= args.minRating),
        favorite: (u: { id: string }) => mediaRef(favorites[u.id]),
        recentlyViewed: (u: { id: string }) => (recentlyViewed[u.id] ?? []).map(productRef),
      },
      Product: {
        __resolveReference: (ref: { upc: string }) => ({ ...ref }),
        reviews: (p: { upc: string }) => reviews.filter((r) => r.productUpc === p.upc),
        reviewCount: (p: { upc: string }) => reviews.filter((r) => r.productUpc === p.upc).length,
        topReviewer: (p: { upc: string }) => {
          const best = reviews.filter((r) => r.productUpc === p.upc).sort((a, b) => b.rating - a.rating)[0];
          return best ? userRef(best.authorId) : null;
        },
      },
      Media: {
        __resolveReference: (ref: { id: string }) => ({ ...ref }),
        reviews: (m: { id: string }) => reviews.filter((r) => r.mediaId === m.id),
        averageRating: (m: { id: string }) => {
          const rated = reviews.filter((r) => r.mediaId === m.id);
          return rated.length ? rated.reduce((sum, r) => sum + r.rating, 0) / rated.length : null;
        },
      },
    },
    media: {
      Query: {
        media: (_: unknown, args: { ids: string[] }) => args.ids.map((id) => mediaById.get(id) ?? null),
        allMedia: () => media,
      },
      Media: {
        __resolveReference: (ref: { id: string }) => mediaById.get(ref.id) ?? null,
        __resolveType: (m: MediaRow) => m.__typename,
      },
      Book: {
        __resolveReference: (ref: { id: string }) => mediaById.get(ref.id) ?? null,
        author: (m: MediaRow) => userRef(m.authorId),
      },
      Movie: {
        __resolveReference: (ref: { id: string }) => mediaById.get(ref.id) ?? null,
        cast: (m: MediaRow) => (m.cast ?? []).map(userRef),
      },
    },
    legacy: {},
  };
}

/**
 * Inventory answers any entity fetch that names a product on MARS with errors only (no data):
 * an entity fetch whose whole subgraph response failed.
 */
const marsOutage: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async responseForOperation({ request }) {
        const representations = (request.variables?.representations ?? []) as Array<{
          region?: { code?: string };
        }>;
        if (!representations.some((r) => r?.region?.code === 'MARS')) return null;
        return {
          http: { status: 200, headers: new Map() } as never,
          body: {
            kind: 'single',
            singleResult: {
              errors: [
                new GraphQLError('inventory for MARS is offline', {
                  extensions: { code: 'SERVICE_OFFLINE' },
                }).toJSON(),
              ],
            },
          },
        };
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------
// Serving

export interface FixtureSubgraphs {
  /** Every subgraph's URL, the down one included (it refuses connections). */
  urls: Record<string, string>;
  typeDefs: Record<string, DocumentNode>;
  /** Subgraph requests served so far, per subgraph. */
  requests: Record<string, number>;
  /** The mutable world: mutation log and call counts. */
  state(): FixtureState;
  /** Puts the mutable world back as it started. */
  reset(): void;
  stop(): Promise<void>;
}

/** A local URL nothing listens on: a port just freed. */
async function refusingUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 1;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/graphql`;
}

export async function startFixtureSubgraphs(): Promise<FixtureSubgraphs> {
  let state = freshState();
  const resolvers = resolversFor(() => state);
  const typeDefs = Object.fromEntries(
    Object.entries(fixtureTypeDefs).map(([name, sdl]) => [name, parse(sdl)]),
  );
  const requests: Record<string, number> = {};
  const servers: ApolloServer[] = [];
  const urls: Record<string, string> = {};
  try {
    for (const name of Object.keys(fixtureTypeDefs)) {
      requests[name] = 0;
      if (name === DOWN_SUBGRAPH) {
        urls[name] = await refusingUrl();
        continue;
      }
      const counter: ApolloServerPlugin = {
        async requestDidStart() {
          requests[name] = (requests[name] ?? 0) + 1;
        },
      };
      const server = new ApolloServer({
        schema: buildSubgraphSchema({
          typeDefs: typeDefs[name] as DocumentNode,
          resolvers: resolvers[name] as never,
        }),
        plugins: [
          counter,
          ApolloServerPluginInlineTraceDisabled(),
          ...(name === 'inventory' ? [marsOutage] : []),
        ],
        // Subgraph errors reach the gateways as thrown, so both see the same codes and paths.
        includeStacktraceInErrorResponses: false,
      });
      const { url } = await startStandaloneServer(server, { listen: { port: 0, host: '127.0.0.1' } });
      servers.push(server);
      urls[name] = url;
    }
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
  return {
    urls,
    typeDefs,
    requests,
    state: () => state,
    reset: () => {
      state = freshState();
    },
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}
