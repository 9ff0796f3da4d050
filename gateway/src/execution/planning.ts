/**
 * What the executors borrow from @apollo/gateway, in one place. Pinned to @apollo/gateway and
 * @apollo/query-planner 2.14.4; it relies on:
 * - `ApolloGateway.__testing().queryPlanner`: the gateway's own planner, so our executors plan
 *   with exactly the planner (and config) the gateway built, and a supergraph reload is picked up
 *   without a listener (the gateway swaps the planner and `schema` together);
 * - `QueryPlanner.supergraph.apiSchema()`: memoised, the API schema the planner plans against.
 * The differential and subscription integration tests cover these assumptions; re-run them on
 * any upgrade.
 */
import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import type { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema } from 'graphql';

export interface Planning {
  planner: QueryPlanner;
  /** The API schema as graphql-js: what Apollo validates operations against. */
  schema: GraphQLSchema;
  /** The same API schema as federation-internals models it, for the planner and result shaping. */
  apiSchema: Schema;
  /** The supergraph as graphql-js, for type conditions and rewrites on internal data. */
  supergraphSchema: GraphQLSchema;
}

const derived = new WeakMap<QueryPlanner, { apiSchema: Schema; supergraphSchema: GraphQLSchema }>();

/** The gateway's current planner and schemas; throws before the gateway has loaded a supergraph. */
export function currentPlanning(gateway: ApolloGateway): Planning {
  const planner = gateway.__testing().queryPlanner;
  const schema = gateway.schema;
  if (!planner || !schema) throw new Error('the gateway has not loaded a supergraph yet');
  let schemas = derived.get(planner);
  if (!schemas) {
    schemas = {
      apiSchema: planner.supergraph.apiSchema(),
      supergraphSchema: planner.supergraph.schema.toGraphQLJSSchema(),
    };
    derived.set(planner, schemas);
  }
  return { planner, schema, ...schemas };
}

/** Plans an already validated operation with the gateway's planner. */
export function buildPlan(planning: Planning, document: DocumentNode, operationName?: string): QueryPlan {
  const operation = operationFromDocument(
    planning.apiSchema,
    document,
    operationName ? { operationName } : {},
  );
  return planning.planner.buildQueryPlan(operation);
}
