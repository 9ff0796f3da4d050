// Operations over the fixture subgraphs (fixture-subgraphs.ts), each aimed at one part of
// query-plan execution. The differential test asks a plain Apollo gateway and ours every one and
// requires the same answer.
import { federationQuery } from '@ukp/kit/testing';

export interface CorpusOperation {
  /** Unique; names the test. */
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** How many errors the plain Apollo gateway answers with (default 0): keeps the corpus honest. */
  errors?: number;
}

/** The nested fan-out query of the federation-gateways benchmark (what `pnpm bench:gateways` runs). */
const benchFanOut = federationQuery;

export const corpus: CorpusOperation[] = [
  // --- Shapes and plumbing ---------------------------------------------------------------
  { name: 'root field of one subgraph', query: '{ me { id name username role } }' },
  { name: 'root __typename only', query: '{ __typename }' },
  { name: 'federation benchmark nested fan-out', query: benchFanOut, operationName: 'TestQuery' },
  {
    name: 'operationName picks one of two operations',
    query: 'query A { me { name } } query B { topProducts(first: 2) { name inStock } }',
    operationName: 'B',
  },

  // --- Keys, hops, @requires, @provides, @override ---------------------------------------
  { name: 'single-key entity hop', query: '{ topProducts { upc name reviews { id body rating } } }' },
  {
    name: 'compound key with nested object (sku region { code })',
    query: '{ topProducts { upc sku region { code name } inStock warehouse { code openedAt } } }',
  },
  {
    name: 'two hops: upc key then compound key',
    query: '{ review(id: "r1") { id product { name inStock warehouse { code } } } }',
  },
  { name: '@requires on scalar fields', query: '{ topProducts { name price weight shippingEstimate } }' },
  {
    name: '@requires on a nested object field',
    query: '{ topProducts { name packaging dimensions { size } } }',
  },
  {
    name: '@requires reached through another subgraph',
    query: '{ user(id: "u1") { reviews { id product { upc shippingEstimate packaging } } } }',
  },
  {
    name: '@provides: no hop for a provided field',
    query: '{ latestReviews(limit: 5) { id author { username } } }',
  },
  {
    name: '@provides plus owned fields (one author unknown)',
    query: '{ latestReviews(limit: 5) { id author { id username name role } } }',
  },
  {
    name: 'entity resolvable from two subgraphs (@shareable username)',
    query: '{ users { id username reviews { id author { username name } } } }',
  },
  { name: '@override: the overriding subgraph answers', query: '{ topProducts { name reviewCount } }' },

  // --- Interfaces, unions, fragments ----------------------------------------------------
  {
    name: '@interfaceObject fields on an entity interface',
    query: '{ allMedia { __typename id title averageRating reviews { id rating } } }',
  },
  {
    name: 'entity interface from an @interfaceObject subgraph (unknown id included)',
    query: `{ latestReviews(limit: 8) { id subject { __typename id title
      ... on Book { pages author { name } } ... on Movie { runtime director } } } }`,
  },
  {
    name: 'abstract type returned inside an entity fetch',
    query: '{ users { name favorite { __typename id title averageRating ... on Book { pages } } } }',
  },
  {
    name: 'union whose members live in different subgraphs',
    query: `{ search(term: "a") { __typename
      ... on Product { upc name price inStock } ... on User { id name role } } }`,
  },
  {
    name: 'local union inside an entity fetch, null items, nested entity',
    query: `{ user(id: "u1") { reviews { id attachments { __typename
      ... on Photo { url width } ... on Quote { text by { name username } } } } } }`,
  },
  {
    name: 'named fragments with type conditions on abstract types',
    query: `query Fragments {
      search(term: "o") { ...Hit }
      allMedia { ...MediaBits }
    }
    fragment Hit on SearchResult { __typename ...ProductHit ... on User { ...UserBits } }
    fragment ProductHit on Product { name reviews { subject { ...MediaBits } } }
    fragment UserBits on User { name favorite { ...MediaBits } }
    fragment MediaBits on Media { __typename id title ... on Book { pages } ... on Movie { runtime } averageRating }`,
  },
  {
    name: 'inline fragments without and with redundant type conditions',
    query: `{ topProducts { ... { name } ... on Product { upc inStock } ... on Product { inStock shippingEstimate } } }`,
  },
  {
    name: '__typename at every level, aliased too',
    query: `{ __typename me { __typename t: __typename favorite { __typename ... on Movie { cast { __typename id } } } }
      topProducts(first: 2) { __typename region { __typename code } reviews { __typename author { __typename } } } }`,
  },
  {
    name: 'interface object to implementations and back (cycle)',
    query: `{ allMedia { id ... on Book { author { name favorite { title } } }
      ... on Movie { cast { id name badge } } reviews { author { username } } } }`,
  },

  // --- Lists ------------------------------------------------------------------------------
  {
    name: 'duplicate entities and null items in a root list',
    query:
      '{ users(ids: ["u1", "u2", "u1", "u404", "u1"]) { id name reviews { id product { name inStock } } } }',
  },
  {
    name: 'duplicate entities, a null and an unknown entity in an entity field',
    query: '{ me { recentlyViewed { upc name inStock region { code } } } }',
  },
  {
    name: 'list of lists with duplicates, empty row, null row and null items',
    query: '{ catalog { upc name inStock reviewCount } }',
  },
  {
    name: 'list of lists of entities inside entities',
    query: '{ topProducts { name bundles { name shippingEstimate reviews { id } } } }',
  },
  {
    name: 'empty lists at several levels',
    query: '{ user(id: "u3") { friends { id } reviews(minRating: 6) { id } recentlyViewed { name } } }',
  },
  { name: 'scalar lists with nulls', query: '{ topProducts { upc tags } me { friends { id name } } }' },
  {
    name: 'same entity reached by many paths',
    query: `{ me { id name friends { id name friends { id name } } recentlyViewed { name topReviewer { name } } }
      topProducts { topReviewer { id name username } } }`,
  },

  // --- Nullability and errors ------------------------------------------------------------
  { name: 'nullable field errors in its owning subgraph', errors: 1, query: '{ users { id email } }' },
  {
    name: 'nullable field errors inside an entity fetch',
    errors: 1,
    query: '{ latestReviews(limit: 8) { id author { id email } } }',
  },
  {
    name: 'non-null field errors inside an entity fetch: parent goes null',
    errors: 1,
    query: '{ latestReviews(limit: 8) { id author { name badge } } }',
  },
  {
    name: 'non-null field error nulls a list item',
    errors: 1,
    query: '{ topProducts { upc name stock } }',
  },
  {
    name: 'non-null field error deep in a plan',
    errors: 1,
    query: '{ user(id: "u1") { reviews { id product { name stock } } } }',
  },
  {
    name: 'non-null error propagating through non-null list to nullable parent',
    errors: 1,
    query: '{ latestReviews(limit: 8) { id product { upc stock } } }',
  },
  {
    name: '__resolveReference returns null',
    query: '{ review(id: "r6") { body author { id name } subject { id title } product { name } } }',
  },
  {
    name: 'whole entity fetch fails (errors, no data)',
    errors: 1,
    query: '{ product(upc: "p6") { name inStock stock } }',
  },
  {
    name: 'whole entity fetch fails for a list with one bad entity',
    errors: 1,
    query: '{ topProducts(first: 6) { name inStock } }',
  },
  {
    name: 'several errors from several subgraphs at once',
    errors: 4,
    query: '{ users { id email badge } latestReviews(limit: 8) { id author { email } } legacyStatus }',
  },
  { name: 'subgraph down: root field', errors: 1, query: '{ legacyStatus me { name } }' },
  {
    name: 'subgraph down: entity field',
    errors: 1,
    query: '{ topProducts(first: 3) { name legacyCode inStock } }',
  },

  // --- Scalars, enums, arguments, variables ----------------------------------------------
  {
    name: 'custom scalars in output and as variables',
    query:
      'query Scalars($v: JSON, $at: DateTime) { users { createdAt preferences } echo(value: $v, at: $at) }',
    variables: { v: { z: 1, a: [1, 'two', null, { deep: true }], s: 'x' }, at: '2024-02-29T12:00:00.000Z' },
  },
  {
    name: 'custom scalar literal arguments',
    query: '{ echo(value: { list: [1, 2.5, "s", true, null], obj: { k: "v" } }, at: "2000-01-01") }',
  },
  {
    name: 'enum argument default and literal list (aliased)',
    query: '{ usersByRole { id role } viewers: usersByRole(roles: [VIEWER]) { id } }',
  },
  {
    name: 'enum list variable',
    query: 'query ($roles: [Role!]!) { usersByRole(roles: $roles) { name role reviews { rating } } }',
    variables: { roles: ['VIEWER', 'ADMIN'] },
  },
  {
    name: 'list variable with duplicates and unknowns',
    query: 'query ($upcs: [String!]!) { productsByUpc(upcs: $upcs) { upc name inStock reviewCount } }',
    variables: { upcs: ['p3', 'p1', 'p3', 'nope', 'p2'] },
  },
  {
    name: 'variable defaults, unset and explicit null',
    query: `query ($first: Int = 2, $min: Int, $limit: Int) {
      topProducts(first: $first) { name reviews { id } }
      me { reviews(minRating: $min) { id } }
      latestReviews(limit: $limit) { id } }`,
    variables: { min: null },
  },
  {
    name: 'variables used inside entity fetches',
    query: `query ($min: Int!, $first: Int) {
      topProducts(first: $first) { name reviews { author { name reviews(minRating: $min) { rating } } } } }`,
    variables: { min: 3, first: 3 },
  },
  {
    name: 'scalar and single-item coercion of list variables',
    query: 'query ($ids: [ID!]) { users(ids: $ids) { id name } }',
    variables: { ids: 'u2' },
  },

  // --- @skip / @include -------------------------------------------------------------------
  {
    name: '@skip/@include on root fields',
    query:
      'query ($a: Boolean!, $b: Boolean!) { me @include(if: $a) { name } topProducts @skip(if: $b) { name } }',
    variables: { a: false, b: false },
  },
  {
    name: '@skip/@include on root fields, decided by variable defaults',
    query:
      'query ($a: Boolean = true, $b: Boolean = true) { me @include(if: $a) { name } topProducts @skip(if: $b) { name } }',
  },
  {
    name: '@skip/@include on fields that cross subgraphs',
    query: `query ($withStock: Boolean!, $noReviews: Boolean!) {
      topProducts { name inStock @include(if: $withStock) shippingEstimate @include(if: $withStock)
        reviews @skip(if: $noReviews) { id author { name } } } }`,
    variables: { withStock: false, noReviews: false },
  },
  {
    name: '@skip/@include on inline fragments and spreads',
    query: `query ($yes: Boolean!, $no: Boolean!) {
      allMedia { id ... on Book @include(if: $yes) { pages author { name } } ... on Movie @include(if: $no) { runtime }
        ...R @skip(if: $no) }
      me { ... @skip(if: $yes) { email } ...U @include(if: $yes) } }
    fragment R on Media { reviews { id } }
    fragment U on User { favorite { title } }`,
    variables: { yes: true, no: false },
  },
  {
    name: '@skip/@include with literals and on key fields',
    query: `{ topProducts { upc @skip(if: true) sku @include(if: false) name region @skip(if: false) { code }
      inStock @include(if: true) } }`,
  },

  // --- Aliases ---------------------------------------------------------------------------
  {
    name: 'same root field twice with different arguments',
    query: '{ one: topProducts(first: 1) { name } three: topProducts(first: 3) { title: name } }',
  },
  {
    name: 'aliases on entity fields crossing subgraphs',
    query: `{ topProducts(first: 3) { n: name stockStatus: inStock a: reviews { id } b: reviews { text: body }
      reviews { author { good: reviews(minRating: 4) { id } all: reviews(minRating: 0) { id } } } } }`,
  },
  {
    name: 'aliases that shadow key and other field names',
    query: '{ topProducts(first: 3) { upc: name name: upc sku: inStock region { code: name name: code } } }',
  },
  {
    name: 'aliases named like Object.prototype members, across subgraphs',
    query:
      '{ topProducts(first: 3) { constructor: name toString: upc __proto__: inStock hasOwnProperty: region { valueOf: code } } }',
  },
  {
    name: 'same entity field twice with different arguments inside an entity fetch',
    query: `{ users { name high: reviews(minRating: 4) { rating product { name } } low: reviews(minRating: 1) { rating } } }`,
  },

  // --- Mutations -------------------------------------------------------------------------
  {
    name: 'mutations across two subgraphs, in order, then entity fields',
    query: `mutation {
      a: logEvent(input: { name: "first" }) { seq name tags priority }
      b: restock(sku: "SKU-2", region: "US", amount: 2) { upc name inStock stock }
      c: logEvent(input: { name: "third", tags: ["x", "y"], priority: 3, meta: { k: [1] } }) { seq name tags priority meta } }`,
  },
  {
    name: 'mutation with input-object and list variables and defaults',
    query: `mutation Log($input: EventInput!, $sku: String!, $region: String!) {
      logEvent(input: $input) { seq name tags priority meta }
      restock(sku: $sku, region: $region) { sku inStock stock reviews { id } }
      __typename }`,
    variables: {
      input: { name: 'vars', tags: ['t1'], meta: { nested: { n: null } } },
      sku: 'SKU-1',
      region: 'US',
    },
  },
  {
    name: 'mutation returning null entity (unknown key)',
    query: 'mutation { restock(sku: "NOPE", region: "EU", amount: 1) { name } }',
  },
];
