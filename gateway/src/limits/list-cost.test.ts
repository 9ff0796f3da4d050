import { buildSchema, Kind, type OperationDefinitionNode, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ASSUMED_LIST_SIZE, DEFAULT_LIMITS } from './config.js';
import type { Rejection } from './errors.js';
import { fieldWeights, type ListCost } from './list-cost.js';
import { listLimitsRule, listLimitsWithVariables, measureOperation } from './list-limits.js';

const schema = buildSchema(`
  type Query {
    items(first: Int = 10, after: String): ItemConnection!
    search(query: String!, first: Int = 5): [Item!]!
    item(id: ID!): Item
    tags: [String!]!
  }
  type ItemConnection { edges: [ItemEdge!]! totalCount: Int! pageInfo: PageInfo! }
  type ItemEdge { cursor: String! node: Item! }
  type PageInfo { hasNextPage: Boolean! }
  type Item {
    id: ID!
    body: String!
    children(first: Int = 20): ItemConnection!
    related(limit: Int): [Item!]!
    parts: [Item!]!
    owner: Owner!
  }
  type Owner { id: ID! items(first: Int): ItemConnection! }
`);

function measure(
  query: string,
  variables?: Record<string, unknown>,
  weights?: Record<string, number>,
): ListCost {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) throw new Error('no operation');
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d]] : [])),
  );
  return measureOperation(
    schema,
    operation,
    (name) => fragments.get(name),
    variables,
    weights && fieldWeights(weights),
  );
}

describe('list cost', () => {
  it('weighs large text fields once per object they are read on, through lists and fragments', () => {
    const weights = { 'Item.body': 7 };
    expect(measure('{ item(id: 1) { body } }', {}, weights)).toEqual({ items: 0, cost: 7 });
    expect(
      measure('{ items(first: 4) { edges { node { body related(limit: 3) { body } } } } }', {}, weights),
    ).toEqual({ items: 4 + 4 * 3, cost: 1 + 4 * 7 + 4 + 4 * 3 * 7 });
    expect(
      measure(
        'query ($n: Int) { a: items(first: $n) { edges { node { ...F } } } b: item(id: 1) { ...F } } fragment F on Item { body }',
        { n: 5 },
        weights,
      ),
    ).toEqual({ items: 5, cost: 1 + 5 * 7 + 7 });
    expect(measure('{ item(id: 1) { body } }')).toEqual({ items: 0, cost: 0 });
  });

  it('sizes a connection by its slicing argument, literal or default', () => {
    expect(measure('{ items(first: 30) { edges { node { id } } } }')).toEqual({ items: 30, cost: 1 });
    expect(measure('{ items { edges { node { id } } } }')).toEqual({ items: 10, cost: 1 });
  });

  it('multiplies nested lists, and counts a nested fetch once per parent', () => {
    expect(
      measure('{ items(first: 10) { edges { node { children(first: 5) { edges { node { id } } } } } } }'),
    ).toEqual({ items: 10 + 10 * 5, cost: 1 + 10 });
    expect(measure('{ search(query: "x", first: 7) { related(limit: 3) { id } } }')).toEqual({
      items: 7 + 7 * 3,
      cost: 1 + 7,
    });
  });

  it('assumes a size for unbounded lists of objects and ignores lists of scalars', () => {
    expect(measure('{ item(id: 1) { parts { id } } }')).toEqual({ items: ASSUMED_LIST_SIZE, cost: 1 });
    expect(measure('{ tags }')).toEqual({ items: 0, cost: 0 });
  });

  it('counts no items for a connection whose lists are not selected', () => {
    expect(measure('{ items(first: 100) { totalCount pageInfo { hasNextPage } } }')).toEqual({
      items: 0,
      cost: 1,
    });
  });

  it('multiplies fragments where they are spread, a connection fragment inheriting its size', () => {
    const named = `
      { items(first: 4) { ...Page } a: item(id: 1) { ...Kids } }
      fragment Page on ItemConnection { edges { node { ...Kids } } }
      fragment Kids on Item { children(first: 3) { edges { node { id } } } }`;
    expect(measure(named)).toEqual({ items: 4 + 4 * 3 + 3, cost: 1 + 4 + 1 });
    const inline =
      '{ items(first: 4) { ... on ItemConnection { edges { node { ... on Item { parts { id } } } } } } }';
    expect(measure(inline)).toEqual({ items: 4 + 4 * ASSUMED_LIST_SIZE, cost: 1 + 4 });
  });

  it('counts a slicing variable at 0 until its value is known, then at its value or default', () => {
    const query = `query ($n: Int, $m: Int = 50) {
      items(first: 2) { edges { node { children(first: $n) { edges { node { related(limit: $m) { id } } } } } } }
    }`;
    expect(measure(query)).toEqual({ items: 2, cost: 1 + 2 });
    expect(measure(query, { n: 10, m: 1 })).toEqual({ items: 2 + 20 + 20, cost: 1 + 2 + 20 });
    // An absent variable leaves the argument's default (children: 20) to apply.
    expect(measure(query, { m: 1 })).toEqual({ items: 2 + 40 + 40, cost: 1 + 2 + 40 });
  });

  it('stays linear on fragments that spread each other many times over', () => {
    const levels = 40;
    const fragments = Array.from(
      { length: levels },
      (_, i) => `fragment F${i} on Item { owner { id } ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const query = `{ item(id: 1) { ...F0 } }\n${fragments}\nfragment F${levels} on Item { parts { id } }`;
    const started = performance.now();
    expect(measure(query).items).toBe(2 ** levels * ASSUMED_LIST_SIZE);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('ignores introspection and survives fragment cycles (graphql-js reports those)', () => {
    expect(measure('{ __schema { types { fields { name } } } }')).toEqual({ items: 0, cost: 0 });
    const cyclic =
      '{ item(id: 1) { ...A } } fragment A on Item { parts { ...B } } fragment B on Item { ...A }';
    expect(measure(cyclic)).toEqual({ items: ASSUMED_LIST_SIZE, cost: 1 });
  });
});

describe('list limits', () => {
  const config = { ...DEFAULT_LIMITS, maxListItems: 1000, maxCost: 500 };
  const rejections: Rejection[] = [];
  const rule = listLimitsRule(config, (context, rejection) => {
    rejections.push(rejection);
    context.reportError(rejection.error);
  });

  it('rejects literal list sizes over the limit as a validation rule', () => {
    rejections.length = 0;
    const wide = '{ items(first: 100) { edges { node { children(first: 10) { edges { node { id } } } } } } }';
    const [error] = validate(schema, parse(wide), [rule]);
    expect(error?.extensions).toEqual({ code: 'QUERY_TOO_COMPLEX', limit: 'listSize', max: 1000 });
    expect(error?.message).toMatch(/1100 list items; the limit is 1000/);
    expect(rejections.map((r) => r.limit)).toEqual(['listSize']);
  });

  it('rejects a cost over the limit when the items stay under theirs', () => {
    const fanOut = '{ items(first: 600) { edges { node { children(first: 1) { totalCount } } } } }';
    const [error] = validate(schema, parse(fanOut), [rule]);
    expect(error?.extensions).toMatchObject({ limit: 'cost', max: 500 });
  });

  it('lets a variable through statically and rejects it once its value is known', () => {
    const query =
      'query ($n: Int!) { items(first: 100) { edges { node { children(first: $n) { edges { node { id } } } } } } }';
    expect(validate(schema, parse(query), [rule])).toEqual([]);
    expect(listLimitsWithVariables(parse(query), { n: 5 }, schema, config)).toBeUndefined();
    expect(listLimitsWithVariables(parse(query), { n: 10 }, schema, config)?.limit).toBe('listSize');
    // Values that do not coerce are execution's to refuse.
    expect(listLimitsWithVariables(parse(query), { n: 'ten' }, schema, config)).toBeUndefined();
  });

  it('measures only the operation that runs', () => {
    const document = parse(`
      query Small { items(first: 1) { edges { node { id } } } }
      query Big($n: Int) { items(first: $n) { edges { node { id } } } }`);
    expect(listLimitsWithVariables(document, { n: 5000 }, schema, config, 'Small')).toBeUndefined();
    expect(listLimitsWithVariables(document, { n: 5000 }, schema, config, 'Big')?.limit).toBe('listSize');
  });
});
