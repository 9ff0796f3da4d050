import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
// The package's root does not export the type its own `buildSubgraphSchema` takes.
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { type DocumentNode, type GraphQLSchema, parse } from 'graphql';
import type { RequestContext } from '../context.js';
import { applyShield, type IRules } from '../shield.js';

/**
 * What a subgraph's generated `Resolvers` type (codegen's typescript-resolvers with
 * `federation: true` and `useIndexSignature: true`) is assignable to, checked against the
 * context the subgraph builds.
 */
export type SubgraphResolvers<C extends RequestContext> = GraphQLResolverMap<C>;

/** A subgraph's SDL file (`new URL('./schema.graphql', import.meta.url)`), parsed. */
export function readSdl(file: URL): DocumentNode {
  return parse(readFileSync(file, 'utf8'));
}

export interface SubgraphSchemaParts<C extends RequestContext> {
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers<C>;
  /** The graphql-shield rule tree; what it does not name is denied. */
  permissions: IRules;
}

/** The federated schema (`_service`, `_entities`) from the SDL and resolvers, behind its shield. */
export function buildShieldedSubgraphSchema<C extends RequestContext>(
  parts: SubgraphSchemaParts<C>,
): GraphQLSchema {
  // A module in a list: Apollo types its resolvers for any context (whatever the server hands
  // them), where the single-module form insists on `unknown`, which no typed resolver accepts.
  const module = { typeDefs: parts.typeDefs, resolvers: parts.resolvers };
  return applyShield(buildSubgraphSchema([module]), parts.permissions);
}
