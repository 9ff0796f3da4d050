/**
 * Everything the subscription path borrows from @apollo/gateway, in one place.
 *
 * Pinned to @apollo/gateway and @apollo/query-planner 2.14.4. It relies on:
 * - `ApolloGateway.__testing().queryPlanner`: the gateway's own planner, so subscriptions are
 *   planned by exactly the planner (and config) that plans HTTP operations, and a supergraph
 *   reload is picked up without a listener (the gateway swaps the planner and `schema` together);
 * - `QueryPlanner.supergraph.apiSchema()`: memoised, the same API schema instance the gateway's
 *   executor passes to `executeQueryPlan`;
 * - the exported `executeQueryPlan`, which reads only `request.variables`, `context`, `logger` and
 *   `metrics` from its request context: the other fields are filled with inert values.
 * The integration tests under this folder cover these assumptions; re-run them on any upgrade.
 */

import { operationFromDocument, type Schema } from '@apollo/federation-internals';
import {
  type ApolloGateway,
  buildOperationContext,
  executeQueryPlan,
  type ServiceMap,
} from '@apollo/gateway';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { Logger } from '@ukp/kit';
import type { DocumentNode, ExecutionResult, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';

export interface Planning {
  planner: QueryPlanner;
  /** The API schema as graphql-js: what Apollo validates HTTP operations against. */
  schema: GraphQLSchema;
  /** The same API schema as federation-internals models it, for the planner and result shaping. */
  apiSchema: Schema;
  /** The supergraph as graphql-js, which `executeQueryPlan` uses for type conditions and rewrites. */
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
  const operation = operationFromDocument(planning.apiSchema, document, { operationName });
  return planning.planner.buildQueryPlan(operation);
}

type RequestContext = Parameters<typeof executeQueryPlan>[2];

export interface PlanRun {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  source: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  context: GatewayContext;
  logger: Logger;
}

const inertCache: RequestContext['cache'] = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
};

/** Runs a (non-subscription) plan through the gateway's executor and result shaping. */
export function runPlan(
  planning: Planning,
  plan: QueryPlan,
  serviceMap: ServiceMap,
  run: PlanRun,
): Promise<ExecutionResult> {
  const requestContext: RequestContext = {
    request: { query: run.source, operationName: run.operationName, variables: run.variables },
    logger: run.logger,
    schema: planning.schema,
    // A branded string the executor never reads.
    schemaHash: '' as RequestContext['schemaHash'],
    context: run.context,
    cache: inertCache,
    queryHash: '',
    document: run.document,
    source: run.source,
    operationName: run.operationName ?? null,
    operation: run.operation,
    // executeQueryPlan records non-ftv1 error paths here, so it must be an object.
    metrics: {},
    overallCachePolicy: undefined,
  };
  const operationContext = buildOperationContext({
    schema: planning.schema,
    operationDocument: run.document,
    operationName: run.operationName,
  });
  return executeQueryPlan(
    plan,
    serviceMap,
    requestContext,
    operationContext,
    planning.supergraphSchema,
    planning.apiSchema,
  );
}
