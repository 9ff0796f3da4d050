import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { validateOperations } from './operations.js';
import { nextReleaseFile, sortReleases } from './releases.js';
import { runSchemaCheck } from './schema-check.js';
import { classifyChanges } from './schema-diff.js';

const released = /* GraphQL */ `
  type Query {
    book(id: ID!): Book
    books(first: Int): [Book!]!
    shelf: Shelf @deprecated(reason: "Use books. Deprecated 2026-12-01.")
  }
  type Book {
    id: ID!
    title: String!
    isbn: String @deprecated(reason: "Use identifiers. Deprecated 2026-12-01.")
    format: Format!
  }
  type Shelf {
    books: [Book!]!
  }
  enum Format {
    PAPER
    EBOOK
    TAPE @deprecated(reason: "No longer sold. Deprecated 2026-12-01.")
  }
`;

const edit = (from: string, to: string) => {
  if (!released.includes(from)) throw new Error(`fixture lacks ${from}`);
  return released.replace(from, to);
};

async function verdicts(next: string) {
  return (await classifyChanges(released, next)).map((c) => `${c.verdict} ${c.path}`);
}

describe('classifyChanges', () => {
  it('fails a removed field that was not deprecated', async () => {
    expect(await verdicts(edit('title: String!', ''))).toEqual(['breaking Book.title']);
  });

  it('allows removing a field deprecated in the release', async () => {
    const changes = await classifyChanges(
      released,
      edit(/\s+isbn: String @deprecated\(.*\)/.exec(released)![0], ''),
    );
    expect(changes.map((c) => [c.verdict, c.path, c.deprecated])).toEqual([
      ['allowed', 'Book.isbn', 'Book.isbn'],
    ]);
  });

  it('allows removing a deprecated enum value', async () => {
    const next = edit(/\s+TAPE @deprecated\(.*\)/.exec(released)![0], '');
    expect(await verdicts(next)).toEqual(['allowed Format.TAPE']);
  });

  it('allows removing a type reachable only through a removed deprecated field', async () => {
    const next = edit(/\s+shelf: Shelf @deprecated\(.*\)/.exec(released)![0], '').replace(
      /type Shelf \{[^}]*\}/,
      '',
    );
    expect((await verdicts(next)).sort()).toEqual(['allowed Query.shelf', 'allowed Shelf']);
  });

  it('calls an added field safe', async () => {
    expect(await verdicts(edit('title: String!', 'title: String!\n    subtitle: String'))).toEqual([
      'safe Book.subtitle',
    ]);
  });

  it('calls an argument made required breaking', async () => {
    expect(await verdicts(edit('books(first: Int)', 'books(first: Int!)'))).toEqual([
      'breaking Query.books.first',
    ]);
  });

  it('calls an added enum value dangerous', async () => {
    expect(await verdicts(edit('EBOOK', 'EBOOK\n    AUDIO'))).toEqual(['dangerous Format.AUDIO']);
  });

  it('does not let a deprecation added in the same change excuse a removal', async () => {
    // Deprecating counts only once released: clients must have had a release to see it in.
    const next = edit('format: Format!', '').replace('title: String!', 'title: String! @deprecated');
    const changes = await classifyChanges(released, next);
    expect(changes.filter((c) => c.verdict !== 'safe').map((c) => `${c.verdict} ${c.path}`)).toEqual([
      'breaking Book.format',
    ]);
  });
});

describe('validateOperations', () => {
  const schema = buildSchema(released);

  it('names the operation a schema change broke, with the reason', () => {
    const { errors } = validateOperations(schema, [
      { file: 'ok.graphql', source: 'query Fine { books { id title } }' },
      { file: 'broken.graphql', source: 'query Broken { books { id subtitle } }' },
    ]);
    expect(errors).toEqual([
      {
        file: 'broken.graphql',
        operation: 'Broken',
        message: expect.stringContaining('Cannot query field "subtitle" on type "Book".'),
      },
    ]);
  });

  it('resolves fragments from other files and warns about deprecated fields', () => {
    const { errors, deprecations } = validateOperations(schema, [
      { file: 'a.graphql', source: 'query WithFragment { books { ...BookBits } }' },
      { file: 'b.graphql', source: 'fragment BookBits on Book { id isbn }' },
    ]);
    expect(errors).toEqual([]);
    expect(deprecations.map((d) => d.operation)).toEqual(['WithFragment']);
  });
});

describe('releases', () => {
  it('orders same-day releases after the first of that day', () => {
    expect(
      sortReleases(['2026-12-06.2.graphql', 'README.md', '2026-12-06.graphql', '2026-11-30.graphql']),
    ).toEqual(['2026-11-30.graphql', '2026-12-06.graphql', '2026-12-06.2.graphql']);
    expect(nextReleaseFile(['2026-12-06.graphql', '2026-12-06.2.graphql'], '2026-12-06')).toBe(
      '2026-12-06.3.graphql',
    );
    expect(nextReleaseFile(['2026-12-06.graphql'], '2026-12-07')).toBe('2026-12-07.graphql');
  });
});

describe('the real schema', () => {
  it('passes against the latest release, and every client operation validates', async () => {
    const result = await runSchemaCheck();
    expect(result.release).toBeDefined();
    expect(result.report).toContain('Schema check passed.');
    expect(result.ok).toBe(true);
  });
});
