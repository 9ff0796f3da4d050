import { ApolloServer } from '@apollo/server';
import { createErrorFormatter, parseEnv, silentLogger } from '@ukp/kit';
import { buildSchema, type GraphQLFormattedError, getIntrospectionQuery, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseOperation, validateOperation } from '../subscriptions/validation.js';
import {
  createOperationLimits,
  DEFAULT_LIMITS,
  type LimitName,
  type LimitsConfig,
  limitsEnv,
  limitsFromEnv,
  type OperationLimits,
} from './index.js';

const typeDefs = `
  type Query {
    items(first: Int = 10): ItemConnection!
    item(id: ID!): Item
  }
  type ItemConnection { edges: [ItemEdge!]! }
  type ItemEdge { node: Item! }
  type Item { id: ID! name: String! children(first: Int = 10): ItemConnection! parent: Item }
`;

const config: LimitsConfig = {
  maxCost: 200,
  maxListItems: 1000,
  maxDepth: 8,
  maxAliases: 3,
  maxDirectives: 3,
  maxTokens: 200,
  maxDocumentChars: 1000,
  maxSelections: 100,
  fieldWeights: { 'Item.name': 50 },
};

/** `query { ...An }` where each An spreads A(n-1) twice: A6 is 191 selections expanded, 70 tokens. */
const fanOut = (levels: number) =>
  [
    `query { ...A${levels} }`,
    'fragment A0 on Query { __typename }',
    ...Array.from({ length: levels }, (_, i) => `fragment A${i + 1} on Query { ...A${i} ...A${i} }`),
  ].join('\n');

function server(production: boolean, limitsConfig = config) {
  const rejected: LimitName[] = [];
  const limits = createOperationLimits(limitsConfig, {
    production,
    onRejected: (limit) => rejected.push(limit),
  });
  const resolved = { count: 0 };
  const item = () => {
    resolved.count += 1;
    return { id: '1', name: 'one', children: { edges: [] }, parent: null };
  };
  const apollo = new ApolloServer({
    typeDefs,
    resolvers: { Query: { items: () => ({ edges: [{ node: item() }] }), item } },
    validationRules: [...limits.validationRules],
    parseOptions: limits.parseOptions,
    plugins: [limits.plugin],
    formatError: createErrorFormatter(silentLogger()),
  });
  return { apollo, limits, rejected, resolved };
}

async function run(
  target: ReturnType<typeof server>,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ status: number | undefined; errors: readonly GraphQLFormattedError[] }> {
  const response = await target.apollo.executeOperation({ query, variables });
  if (response.body.kind !== 'single') throw new Error('incremental response');
  return { status: response.http.status, errors: response.body.singleResult.errors ?? [] };
}

const nested = (levels: number) =>
  `{ item(id: 1) { ${'parent { '.repeat(levels)}id${' }'.repeat(levels)} } }`;

const overLimit: Array<[LimitName, string, Record<string, unknown>?]> = [
  ['tokens', `{ item(id: 1) { ${'id '.repeat(250)}} }`],
  ['documentSize', `{ item(id: 1) { id } }\n# ${'x'.repeat(1000)}`],
  ['depth', nested(7)],
  ['aliases', `{ item(id: 1) { a: id b: id c: id d: id } }`],
  ['directives', `{ item(id: 1) { ${'id @include(if: true) '.repeat(4)}} }`],
  ['listSize', '{ items(first: 50) { edges { node { children(first: 20) { edges { node { id } } } } } } }'],
  ['cost', '{ items(first: 500) { edges { node { children(first: 1) { edges { node { id } } } } } } }'],
  // 1 fetch + 5 items × name's weight of 50.
  ['cost', '{ items(first: 5) { edges { node { name } } } }'],
  ['cost', 'query ($n: Int) { items(first: $n) { edges { node { name } } } }', { n: 5 }],
  ['selections', fanOut(6)],
  [
    'listSize',
    'query ($n: Int) { items(first: 50) { edges { node { children(first: $n) { edges { node { id } } } } } } }',
    { n: 20 },
  ],
];

describe('operation limits over Apollo', () => {
  const development = server(false);
  const production = server(true);
  beforeAll(async () => {
    await development.apollo.start();
    await production.apollo.start();
  });
  afterAll(async () => {
    await development.apollo.stop();
    await production.apollo.stop();
  });

  it.each(overLimit)(
    'answers %s with a 400 before anything resolves, and reports it',
    async (limit, query, variables) => {
      development.rejected.length = 0;
      development.resolved.count = 0;
      const { status, errors } = await run(development, query, variables);
      expect(status).toBe(400);
      expect(errors).toHaveLength(1);
      expect(errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
      expect(errors[0]?.message).not.toMatch(/^Syntax Error/);
      expect(development.resolved.count).toBe(0);
      expect(development.rejected).toEqual([limit]);
    },
  );

  it('runs what is within every limit', async () => {
    const within = await run(
      development,
      'query ($n: Int) { items(first: 10) { edges { node { a: id children(first: $n) { edges { node { id @include(if: true) } } } } } } }',
      { n: 5 },
    );
    expect(within.errors).toEqual([]);
    expect(development.resolved.count).toBeGreaterThan(0);
    expect((await run(development, nested(6))).errors).toEqual([]);
    // Weighted fields within the cost, and fragments spread often but within the selections.
    expect((await run(development, '{ items(first: 3) { edges { node { name } } } }')).errors).toEqual([]);
    expect((await run(development, fanOut(5))).errors).toEqual([]);
  });

  it('lets Apollo Sandbox introspect under the default limits', async () => {
    const defaults = server(false, DEFAULT_LIMITS);
    await defaults.apollo.start();
    try {
      const query = getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true, oneOf: true });
      expect((await run(defaults, query)).errors).toEqual([]);
    } finally {
      await defaults.apollo.stop();
    }
  });

  it('keeps syntax errors that are not over a limit as they are', async () => {
    const { status, errors } = await run(development, '{ item(id: 1) { id }');
    expect(status).toBe(400);
    expect(errors[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('hides field suggestions in production only', async () => {
    const typo = '{ item(id: 1) { nmae } }';
    expect((await run(development, typo)).errors[0]?.message).toContain('Did you mean "name"?');
    const hidden = await run(production, typo);
    expect(hidden.errors[0]?.message).toBe('Cannot query field "nmae" on type "Item".');
    expect(hidden.errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('operation limits on the socket path', () => {
  const schema = buildSchema(typeDefs);
  const rejected: LimitName[] = [];
  const limits: OperationLimits = createOperationLimits(config, {
    production: true,
    onRejected: (limit) => rejected.push(limit),
  });

  it.each(overLimit)('refuses %s with the same error', (limit, query, variables = {}) => {
    rejected.length = 0;
    // As ws-server.ts runs them: source, validation, then the variables once it is valid.
    const parsed = parseOperation(query, undefined, limits);
    let errors = 'document' in parsed ? [] : parsed;
    if ('document' in parsed) {
      errors = validateOperation(schema, parsed.document, limits.validationRules, limits);
      if (errors.length === 0) errors = limits.checkOperationLimits(parsed.document, variables, schema);
    }
    expect(errors[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit });
    expect(errors[0]?.extensions).not.toHaveProperty('http');
    expect(rejected).toEqual([limit]);
  });

  it('hides suggestions from validation errors in production', () => {
    const [error] = validateOperation(schema, parse('{ item(id: 1) { nmae } }'), [], limits);
    expect(error?.message).toBe('Cannot query field "nmae" on type "Item".');
  });
});

describe('limits configuration', () => {
  it('defaults to DEFAULT_LIMITS and reads each LIMIT_ variable', () => {
    expect(limitsFromEnv(parseEnv(limitsEnv, {}))).toEqual(DEFAULT_LIMITS);
    const set = limitsFromEnv(parseEnv(limitsEnv, { LIMIT_MAX_DEPTH: '20', LIMIT_MAX_LIST_ITEMS: '500' }));
    expect(set).toMatchObject({
      maxDepth: 20,
      maxListItems: 500,
    });
  });

  it('reads field weights as Type.field=weight pairs, or none', () => {
    expect(DEFAULT_LIMITS.fieldWeights).toMatchObject({ 'Document.body': 26, 'Revision.body': 26 });
    const read = (value: string) => limitsFromEnv(parseEnv(limitsEnv, { LIMIT_FIELD_WEIGHTS: value }));
    expect(read(' Revision.body = 3 ,Item.name=1').fieldWeights).toEqual({
      'Revision.body': 3,
      'Item.name': 1,
    });
    expect(read('none').fieldWeights).toEqual({});
    expect(() => read('Revision.body')).toThrow(/Type\.field=weight/);
  });
});
