import { buildSchema, execute, type GraphQLResolveInfo, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selects } from './selection.js';

const schema = buildSchema(`
  type Query { list: Connection }
  type Connection { totalCount: Int, edges: [Edge] }
  type Edge { node: Node }
  type Node { id: ID, body: String }
`);

/** What `selects` answers for `path` inside the `list` field of `query`. */
async function selected(query: string, path: string[]): Promise<boolean> {
  let answer: boolean | undefined;
  const rootValue = {
    list: (_args: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      answer = selects(info, path);
      return null;
    },
  };
  await execute({ schema, document: parse(query), rootValue });
  return answer!;
}

describe('selects', () => {
  it('finds a field selected directly, under an alias, or nested', async () => {
    expect(await selected('{ list { totalCount } }', ['totalCount'])).toBe(true);
    expect(await selected('{ list { n: totalCount } }', ['totalCount'])).toBe(true);
    expect(await selected('{ list { edges { node { body } } } }', ['edges', 'node', 'body'])).toBe(true);
  });

  it('finds it inside inline fragments and named fragments', async () => {
    expect(await selected('{ list { ... on Connection { totalCount } } }', ['totalCount'])).toBe(true);
    const named = `{ list { edges { ...E } } }
      fragment E on Edge { node { ...N } }
      fragment N on Node { id body }`;
    expect(await selected(named, ['edges', 'node', 'body'])).toBe(true);
  });

  it('says no when the field is absent, or present at another depth', async () => {
    expect(await selected('{ list { edges { node { id } } } }', ['totalCount'])).toBe(false);
    expect(await selected('{ list { edges { node { id } } } }', ['edges', 'node', 'body'])).toBe(false);
    expect(await selected('{ list { totalCount } }', ['edges', 'node', 'body'])).toBe(false);
  });

  it('counts a field under @skip or @include as selected', async () => {
    expect(await selected('{ list { totalCount @skip(if: true) } }', ['totalCount'])).toBe(true);
  });
});
