import { checkRefusal, dataOf, postGraphql, send, short } from '../http.js';
import type { Probe } from '../scan.js';

/** Nested `ofType` selections: valid on every GraphQL schema, as deep as asked. */
export function deepDocument(levels: number): string {
  return `{ __type(name: "Query") { ${'ofType { '.repeat(levels)}name${' }'.repeat(levels)} } }`;
}

/** Documents built to exhaust a server's CPU or memory; each must be refused before it runs. */
export const COMPLEX_DOCUMENTS: Record<string, string> = {
  'deep (150 levels)': deepDocument(150),
  'wide (4,000 fields)': `{ ${'__typename '.repeat(4000)}}`,
  'alias bomb (1,000 aliases)': `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: __type(name: "Query") { name }`).join(' ')} }`,
  'directive bomb (1,000 directives)': `{ __typename ${'@include(if: true) '.repeat(1000)}}`,
  'huge token count (30,000 tokens)': `query Q($a: [Int] = [${'1 '.repeat(30_000)}]) { __typename }`,
  'huge document (600 KB)': `{ __type(name: "${'Q'.repeat(600_000)}") { name } }`,
};

const TOO_COMPLEX = { status: 400, code: 'QUERY_TOO_COMPLEX' } as const;

export const graphqlProbes: Probe[] = [
  {
    name: 'introspection refused (__schema, __type)',
    group: 'disclosure',
    async run({ url }) {
      const findings: string[] = [];
      for (const query of [
        '{ __schema { queryType { name } types { name } } }',
        '{ __type(name: "Query") { name fields { name } } }',
        'query { a: __schema { types { name } } }',
        'fragment F on Query { __schema { types { name } } } query { ...F }',
      ]) {
        const answer = await postGraphql(url, { query });
        if (dataOf(answer)) findings.push(`${query}: answered with data: ${short(answer.text, 120)}`);
        findings.push(...checkRefusal(answer, { status: 400 }).map((f) => `${query}: ${f}`));
      }
      const overGet = await send(url, {
        path: `${url.pathname}?query=${encodeURIComponent('{ __schema { types { name } } }')}`,
        headers: { 'apollo-require-preflight': 'true' },
      });
      if (dataOf(overGet)) findings.push(`GET: answered with data: ${short(overGet.text, 120)}`);
      findings.push(...checkRefusal(overGet, { status: 400 }).map((f) => `GET: ${f}`));
      return findings;
    },
  },
  {
    name: 'no field suggestions ("Did you mean") in errors',
    group: 'disclosure',
    async run({ url }) {
      const findings: string[] = [];
      for (const query of [
        '{ mee { id } usr { id } users { idd } documnt { id } }',
        'query ($a: Strin) { __typename }',
        '{ __typename @skipp(if: true) }',
        'query { __type(nam: "Query") { nme } }',
      ]) {
        const answer = await postGraphql(url, { query });
        if (/did you mean/i.test(answer.text)) findings.push(`${query}: ${short(answer.text, 160)}`);
        findings.push(...checkRefusal(answer, { status: 400 }).map((f) => `${query}: ${f}`));
      }
      return [...new Set(findings)];
    },
  },
  {
    name: 'batched operations refused',
    group: 'limits',
    async run({ url }) {
      const batch = Array.from({ length: 11 }, () => ({ query: '{ __typename }' }));
      const answer = await postGraphql(url, batch);
      const findings = checkRefusal(answer, { status: 400 });
      if (answer.text.trim().startsWith('[')) findings.push('answered the batch with an array of results');
      return findings;
    },
  },
  ...Object.entries(COMPLEX_DOCUMENTS).map(
    ([name, query]): Probe => ({
      name: `${name} → QUERY_TOO_COMPLEX`,
      group: 'limits',
      async run({ url }) {
        return checkRefusal(await postGraphql(url, { query }), TOO_COMPLEX);
      },
    }),
  ),
  {
    name: 'fragment cycle refused (never a 500)',
    group: 'limits',
    async run({ url }) {
      const query =
        'query { ...A } fragment A on Query { __typename ...B } fragment B on Query { __typename ...A }';
      // A cycle is invalid GraphQL: refusing it as invalid is as right as refusing it as too complex.
      return checkRefusal(await postGraphql(url, { query }), {
        status: 400,
        code: ['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED'],
      });
    },
  },
  {
    name: 'fragment ring of 150 refused as invalid (never a 500)',
    group: 'limits',
    async run({ url }) {
      // graphql-js's overlapping-fields rule recursed through rings like this one until the stack overflowed.
      const parts = Array.from(
        { length: 150 },
        (_, i) => `fragment C${i} on Query { __typename ...C${(i + 1) % 150} ...C${(i * 7 + 3) % 150} }`,
      );
      return checkRefusal(await postGraphql(url, { query: `query { ...C0 } ${parts.join(' ')}` }), {
        status: 400,
        code: ['QUERY_TOO_COMPLEX', 'GRAPHQL_VALIDATION_FAILED'],
      });
    },
  },
  {
    name: 'fragment fan-out to 2^30 selections (A/B) refused as too complex',
    group: 'limits',
    async run({ url }) {
      // 2.5 KB: A0 and B0 select __typename, An and Bn each spread A(n-1) and B(n-1). The query
      // planner gave up on it with an exception, answered as a 500.
      const parts = ['fragment A0 on Query { __typename }', 'fragment B0 on Query { __typename }'];
      for (let n = 1; n <= 30; n += 1) {
        parts.push(`fragment A${n} on Query { ...A${n - 1} ...B${n - 1} }`);
        parts.push(`fragment B${n} on Query { ...A${n - 1} ...B${n - 1} }`);
      }
      const query = `query FanOut { ...A30 ...B30 } ${parts.join(' ')}`;
      return checkRefusal(await postGraphql(url, { query }), TOO_COMPLEX);
    },
  },
  {
    name: 'fragment fan-out (billion laughs) refused',
    group: 'limits',
    async run({ url }) {
      // Ten fragments each spreading the next ten times: 10^10 fields once expanded.
      const fragments = Array.from({ length: 10 }, (_, i) =>
        i === 9
          ? `fragment F9 on __Type { name }`
          : `fragment F${i} on __Type { ${Array.from({ length: 10 }, (__, j) => `ofType { ...F${i + 1} } a${j}: name`).join(' ')} }`,
      );
      const query = `{ __type(name: "Query") { ...F0 } } ${fragments.join(' ')}`;
      return checkRefusal(await postGraphql(url, { query }), { status: 400 });
    },
  },
];
