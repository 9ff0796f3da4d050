import { mulberry32 } from '@ukp/kit/testing';

/** A GraphQL request as a client would post it. */
export interface HostileRequest {
  kind: string;
  query: string;
  /** As JSON text: some are nested deeper than JSON.stringify can go. */
  variables?: string;
  operationName?: string;
}

/** The request's JSON body, as a client would post it. */
export function requestBody(request: HostileRequest): string {
  const parts = [`"query":${JSON.stringify(request.query)}`];
  if (request.variables !== undefined) parts.push(`"variables":${request.variables}`);
  if (request.operationName !== undefined)
    parts.push(`"operationName":${JSON.stringify(request.operationName)}`);
  return `{${parts.join(',')}}`;
}

/** A small seeded generator, so a failing document can be made again from its seed. */
export const seeded = mulberry32;

type Random = () => number;
const int = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

// Fields of the supergraph's Query and Document types, and some that do not exist.
const ROOTS = [
  'documents(first: 100)',
  'document(id: "x")',
  'search(query: "x")',
  'me',
  'users',
  '__typename',
];
const FIELDS = [
  'id',
  'title',
  'body',
  'author',
  'revisions(first: 100)',
  'edges',
  'node',
  'nope',
  '__typename',
];
const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  '...',
  'on',
  'Query',
  'fragment',
  'query',
  'F',
  '$v',
  ':',
  '!',
  '@skip',
  '@include(if: true)',
  '"s"',
  '1',
  'id',
  'body',
  '#',
  '\\u0000',
  '"""',
  '\u{1F600}',
];

/** Each generator makes one kind of hostile request; together they cover what an auditor throws. */
const generators: Record<string, (random: Random) => Omit<HostileRequest, 'kind'>> = {
  deepNesting: (random) => {
    const depth = int(random, 10, 1600);
    const field = pick(random, ['author', 'a', 'edges', 'node']);
    return { query: `{ document(id: "x") { ${`${field} { `.repeat(depth)}id${' }'.repeat(depth)} } }` };
  },
  wideSelections: (random) => {
    const width = int(random, 10, 3000);
    const aliased = random() < 0.5;
    const fields = Array.from({ length: width }, (_, i) => (aliased ? `a${i}: ` : '') + pick(random, FIELDS));
    return { query: `{ ${pick(random, ROOTS)} { ${fields.join(' ')} } }` };
  },
  fragmentFanOut: (random) => {
    const levels = int(random, 2, 40);
    const fanOut = int(random, 2, 4);
    const names = (n: number) => Array.from({ length: fanOut }, (_, k) => `F${n}_${k}`);
    const parts = names(0).map((name) => `fragment ${name} on Query { __typename }`);
    for (let n = 1; n <= levels; n += 1) {
      const spreads = names(n - 1)
        .map((name) => `...${name}`)
        .join(' ');
      for (const name of names(n)) parts.push(`fragment ${name} on Query { ${spreads} }`);
    }
    const used = random() < 0.5 ? names(levels) : names(levels).slice(0, 1);
    return { query: `query Q { ${used.map((name) => `...${name}`).join(' ')} }\n${parts.join('\n')}` };
  },
  fragmentCycles: (random) => {
    const count = int(random, 2, 300);
    const parts = Array.from(
      { length: count },
      (_, i) =>
        `fragment C${i} on Query { __typename ...C${(i + 1) % count} ...C${int(random, 0, count - 1)} }`,
    );
    return { query: `query Q { ...C0 }\n${parts.join('\n')}` };
  },
  fragmentChain: (random) => {
    const length = int(random, 10, 600);
    const parts = Array.from({ length }, (_, i) => `fragment L${i} on Query { ...L${i + 1} }`);
    parts.push(`fragment L${length} on Query { __typename }`);
    return { query: `{ ...L0 }\n${parts.join('\n')}` };
  },
  hugeVariables: (random) => {
    const size = int(random, 1000, 200_000);
    const variables =
      random() < 0.5
        ? { filter: { tags: Array.from({ length: size }, (_, i) => `t${i}`) } }
        : { filter: { tags: ['x'.repeat(size)] }, extra: 'y'.repeat(size) };
    return {
      query: 'query ($filter: DocumentFilter) { documents(filter: $filter, first: 5) { totalCount } }',
      variables: JSON.stringify(variables),
    };
  },
  deepInputVariables: (random) => {
    const depth = int(random, 10, 5000);
    let open = '';
    let close = '';
    for (let i = 0; i < depth; i += 1) {
      const array = random() < 0.5;
      open += array ? '[' : '{"tags":';
      close = (array ? ']' : '}') + close;
    }
    return {
      query: 'query ($filter: DocumentFilter) { documents(filter: $filter) { totalCount } }',
      variables: `{"filter":${open}"x"${close}}`,
    };
  },
  deepInputLiteral: (random) => {
    const depth = int(random, 10, 1400);
    return {
      query: `{ documents(filter: { tags: ${'['.repeat(depth)}"x"${']'.repeat(depth)} }) { totalCount } }`,
    };
  },
  manyOperations: (random) => {
    const count = int(random, 2, 700);
    const query = Array.from({ length: count }, (_, i) => `query Q${i} { __typename }`).join('\n');
    return random() < 0.5 ? { query } : { query, operationName: `Q${int(random, 0, count + 5)}` };
  },
  longStrings: (random) => {
    const length = int(random, 100, 200_000);
    const quote = random() < 0.5 ? '"' : '"""';
    return {
      query: `{ search(query: ${quote}${pick(random, ['x', 'é', '\\n', '\\u00e9'])}${'x'.repeat(length)}${quote}) { score } }`,
    };
  },
  manyDirectives: (random) => {
    const count = int(random, 10, 1000);
    return { query: `{ __typename ${'@include(if: true) '.repeat(count)}}` };
  },
  tokenSoup: (random) => {
    const length = int(random, 1, 400);
    return { query: Array.from({ length }, () => pick(random, TOKENS)).join(' ') };
  },
  wrongShapes: (random) =>
    pick(random, [
      { query: '' },
      { query: '{ __typename }', variables: pick(random, ['[]', '"x"', '1', 'null', '{"a":{"b":[]}}']) },
      { query: '{ __typename }', operationName: pick(random, ['', 'x'.repeat(10_000), 'Nope']) },
      {
        query: `query ($v: ${'['.repeat(int(random, 1, 500))}Int${']'.repeat(int(random, 1, 500))}) { __typename }`,
      },
    ]),
};

/** `count` hostile requests from `seed`, cycling through every kind. */
export function hostileRequests(seed: number, count: number): HostileRequest[] {
  const random = seeded(seed);
  const kinds = Object.keys(generators);
  return Array.from({ length: count }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return { kind, ...generators[kind]!(random) };
  });
}
