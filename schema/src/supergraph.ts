// Composition and the client-facing schema, shared by `compose`, `schema:check` and `schema:release`
// so that the three can never disagree about what the subgraphs compose to.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { parse, printSchema } from 'graphql';

/** The `schema/` folder. */
export const schemaRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface SubgraphEntry {
  name: string;
  /** Path of the SDL, relative to `schema/`. */
  schema: string;
  url: string;
}

export function listSubgraphs(root = schemaRoot): SubgraphEntry[] {
  const list = JSON.parse(readFileSync(resolve(root, 'subgraphs.json'), 'utf8')) as {
    subgraphs: SubgraphEntry[];
  };
  return list.subgraphs;
}

export class CompositionFailed extends Error {
  constructor(readonly messages: string[]) {
    super(`Composition failed:\n${messages.map((m) => `  - ${m}`).join('\n')}`);
  }
}

/** Composes the listed subgraphs; throws CompositionFailed with every error composition reports. */
export function composeSupergraph(root = schemaRoot): { supergraphSdl: string; hints: string[] } {
  const result = composeServices(
    listSubgraphs(root).map((s) => ({
      name: s.name,
      url: s.url,
      typeDefs: parse(readFileSync(resolve(root, s.schema), 'utf8')),
    })),
  );
  if (result.errors) throw new CompositionFailed(result.errors.map((e) => e.message));
  return {
    supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`,
    hints: (result.hints ?? []).map((h) => `${h.definition.code}: ${h.message}`),
  };
}

/**
 * The API schema: what the gateway serves and Sandbox shows. Federation's join/link machinery and
 * `@inaccessible` elements are gone, so a diff of two of these is a diff of what clients can send.
 */
export function apiSchemaSdl(supergraphSdl: string): string {
  const api = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
  return `${printSchema(api).trimEnd()}\n`;
}
