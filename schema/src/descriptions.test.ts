// Sandbox is the API reference, so every element a subgraph declares must say what it is, and an
// element declared by several subgraphs must say it in the same words: composition keeps only one
// of differing descriptions (hint INCONSISTENT_DESCRIPTION), and it need not be the owner's.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type ConstDirectiveNode,
  type DocumentNode,
  type InputValueDefinitionNode,
  Kind,
  parse,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { schemaRoot } from './supergraph.js';

interface Element {
  subgraph: string;
  coordinate: string;
  description: string | undefined;
  /** An @external field is owned and described by another subgraph; composition ignores its text. */
  external: boolean;
}

const isExternal = (directives: readonly ConstDirectiveNode[] | undefined) =>
  (directives ?? []).some((d) => d.name.value === 'external');

/** Every type, field, argument, enum value, input field and directive argument a document declares. */
export function describedElements(subgraph: string, document: DocumentNode): Element[] {
  const out: Element[] = [];
  const add = (coordinate: string, description: string | undefined, external = false) =>
    out.push({ subgraph, coordinate, description: description?.trim() || undefined, external });
  const addArgs = (owner: string, args: readonly InputValueDefinitionNode[] | undefined) => {
    for (const arg of args ?? []) add(`${owner}(${arg.name.value}:)`, arg.description?.value);
  };
  for (const def of document.definitions) {
    switch (def.kind) {
      case Kind.DIRECTIVE_DEFINITION:
        add(`@${def.name.value}`, def.description?.value);
        addArgs(`@${def.name.value}`, def.arguments);
        break;
      case Kind.SCALAR_TYPE_DEFINITION:
      case Kind.UNION_TYPE_DEFINITION:
        add(def.name.value, def.description?.value);
        break;
      case Kind.ENUM_TYPE_DEFINITION:
        add(def.name.value, def.description?.value);
        for (const value of def.values ?? [])
          add(`${def.name.value}.${value.name.value}`, value.description?.value);
        break;
      case Kind.INPUT_OBJECT_TYPE_DEFINITION:
        add(def.name.value, def.description?.value);
        for (const field of def.fields ?? [])
          add(`${def.name.value}.${field.name.value}`, field.description?.value);
        break;
      case Kind.OBJECT_TYPE_DEFINITION:
      case Kind.INTERFACE_TYPE_DEFINITION:
      case Kind.OBJECT_TYPE_EXTENSION:
      case Kind.INTERFACE_TYPE_EXTENSION:
        // An extension cannot carry a description in GraphQL syntax; its fields still must.
        if (def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION) {
          add(def.name.value, def.description?.value);
        }
        for (const field of def.fields ?? []) {
          const coordinate = `${def.name.value}.${field.name.value}`;
          add(coordinate, field.description?.value, isExternal(field.directives));
          addArgs(coordinate, field.arguments);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

function subgraphSdls(): Array<{ subgraph: string; document: DocumentNode }> {
  const dir = resolve(schemaRoot, '../subgraphs');
  return readdirSync(dir)
    .filter((name) => existsSync(resolve(dir, name, 'src/schema.graphql')))
    .sort()
    .map((subgraph) => ({
      subgraph,
      document: parse(readFileSync(resolve(dir, subgraph, 'src/schema.graphql'), 'utf8')),
    }));
}

export function missingDescriptions(elements: Element[]): string[] {
  return elements.filter((e) => !e.description).map((e) => `${e.subgraph}: ${e.coordinate}`);
}

export function inconsistentDescriptions(elements: Element[]): string[] {
  const byCoordinate = new Map<string, Element[]>();
  for (const e of elements) {
    if (e.external || !e.description) continue;
    byCoordinate.set(e.coordinate, [...(byCoordinate.get(e.coordinate) ?? []), e]);
  }
  return [...byCoordinate.entries()]
    .filter(([, es]) => new Set(es.map((e) => e.description)).size > 1)
    .map(([coordinate, es]) => `${coordinate}: differs between ${es.map((e) => e.subgraph).join(', ')}`);
}

describe('subgraph SDL descriptions', () => {
  const elements = subgraphSdls().flatMap(({ subgraph, document }) => describedElements(subgraph, document));

  it('finds the four subgraphs and their elements', () => {
    expect(new Set(elements.map((e) => e.subgraph))).toEqual(
      new Set(['analytics', 'knowledge', 'ml', 'users']),
    );
    expect(elements.length).toBeGreaterThan(300);
  });

  it('describes every type, field, argument, enum value and input field', () => {
    expect(missingDescriptions(elements)).toEqual([]);
  });

  it('describes an element several subgraphs declare in the same words', () => {
    expect(inconsistentDescriptions(elements)).toEqual([]);
  });

  it('flags what it should (a check that cannot fail proves nothing)', () => {
    const sample = parse(/* GraphQL */ `
      "A thing."
      type Thing { id: ID! "Its name." name(locale: String): String }
      input Filter { "Described." a: Int b: Int }
      enum Colour { "Red." RED GREEN }
      scalar Bare
      extend type Query { thing: Thing }
      directive @hint("Seconds." maxAge: Int, scope: String) on FIELD_DEFINITION
    `);
    expect(missingDescriptions(describedElements('s', sample))).toEqual([
      's: Thing.id',
      's: Thing.name(locale:)',
      's: Filter',
      's: Filter.b',
      's: Colour',
      's: Colour.GREEN',
      's: Bare',
      's: Query.thing',
      's: @hint',
      's: @hint(scope:)',
    ]);
    const other = describedElements('t', parse('"Another thing." type Thing { "ID." id: ID! @external }'));
    expect(inconsistentDescriptions([...describedElements('s', sample), ...other])).toEqual([
      'Thing: differs between s, t',
    ]);
  });
});
