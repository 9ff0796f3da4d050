import { type Operation, operationFromDocument } from '@apollo/federation-internals';
import type { ApolloGateway } from '@apollo/gateway';
import type { QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { GraphQLError, type GraphQLSchema, getVariableValues, type VariableDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import { limitError } from '../limits/errors.js';
import { bareObject } from './bare-object.js';
import { executePlan, responseBudgetFor, type SubgraphTransport } from './plan-executor.js';
import { currentPlanning, type Planning } from './planning.js';
import { compileResultShaper, type ResultShaper } from './result-shaper.js';
import { type SupergraphTypes, supergraphTypes } from './supergraph-types.js';

/** An operation made ready once: its plan and its compiled result shaper. */
interface Prepared {
  plan: QueryPlan;
  shaper: ResultShaper;
  variableDefinitions: readonly VariableDefinitionNode[];
  schema: GraphQLSchema;
  types: SupergraphTypes;
}

export interface QueryExecutorOptions {
  transport: SubgraphTransport;
  /** Prepared operations kept per supergraph (least recently used are dropped). */
  maxPrepared?: number;
}

/**
 * Apollo Server's executor for queries and mutations: @apollo/gateway still loads the supergraph,
 * validates and plans (its planner, unchanged), and this module executes the plans itself — a
 * purpose-built executor and response shaper, representations deduplicated per entity fetch,
 * subgraphs called over undici. Wraps the ApolloGateway as a GatewayInterface so Apollo Server's
 * schema lifecycle (hot reload included) is the gateway's own.
 */
export function withPlanExecutor(gateway: ApolloGateway, options: QueryExecutorOptions): GatewayInterface {
  const executor = createQueryExecutor(gateway, options);
  return {
    async load(loadOptions) {
      await gateway.load(loadOptions as Parameters<ApolloGateway['load']>[0]);
      return { executor };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

function createQueryExecutor(gateway: ApolloGateway, options: QueryExecutorOptions): GatewayExecutor {
  const maxPrepared = options.maxPrepared ?? 1000;
  // Keyed by planner: a new supergraph brings a new planner, so stale plans are never reused.
  const caches = new WeakMap<QueryPlanner, Map<string, Prepared>>();

  const prepared = (planning: Planning, request: GatewayGraphQLRequestContext): Prepared => {
    let cache = caches.get(planning.planner);
    if (!cache) {
      cache = new Map();
      caches.set(planning.planner, cache);
    }
    const operationName = request.request.operationName ?? undefined;
    const key = `${operationName ?? ''}\u0000${request.queryHash}`;
    const known = cache.get(key);
    if (known) {
      // Map order is insertion order: re-inserting marks it most recently used.
      cache.delete(key);
      cache.set(key, known);
      return known;
    }
    // Two models of the operation, as the gateway builds them: planning may normalise its copy.
    const operation: Operation = operationFromDocument(planning.apiSchema, request.document, {
      operationName,
    });
    const plan = planOrRefuse(() =>
      planning.planner.buildQueryPlan(
        operationFromDocument(planning.apiSchema, request.document, { operationName }),
      ),
    );
    const variableDefinitions = request.operation.variableDefinitions ?? [];
    const made: Prepared = {
      plan,
      shaper: compileResultShaper(operation, planning.schema, variableDefinitions),
      variableDefinitions,
      schema: planning.schema,
      types: supergraphTypes(planning.supergraphSchema),
    };
    if (cache.size >= maxPrepared) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(key, made);
    return made;
  };

  return async (request): Promise<GatewayExecutionResult> => {
    // Apollo's types promise an operation, but it calls the executor without one when the
    // operation name matches none; graphql-js's messages, which Apollo answers as BAD_REQUEST (400).
    if (!(request.operation as typeof request.operation | undefined)) {
      const name = request.request.operationName;
      return {
        errors: [
          new GraphQLError(
            name
              ? `Unknown operation named "${name}".`
              : 'Must provide operation name if query contains multiple operations.',
          ),
        ],
      };
    }
    const planning = currentPlanning(gateway);
    const ready = prepared(planning, request);
    const variables = request.request.variables;
    if (ready.variableDefinitions.length > 0) {
      // As the gateway does: reject bad variables before any subgraph is called; the raw values
      // (not the coerced ones) are what subgraphs receive.
      const { errors } = getVariableValues(ready.schema, ready.variableDefinitions, variables ?? {});
      if (errors) return { errors };
    }
    const errors: GraphQLError[] = [];
    const root: Record<string, unknown> = bareObject();
    const node = ready.plan.node;
    const budget = responseBudgetFor(options.transport);
    if (node?.kind === 'Subscription') {
      // Subscriptions run over graphql-ws; over HTTP they are refused before this point.
      throw new Error('subscriptions are not executed over HTTP');
    }
    if (node) {
      await executePlan(
        {
          transport: options.transport,
          types: ready.types,
          context: request.context as GatewayContext,
          variables,
          variableDefinitions: ready.variableDefinitions,
          errors,
          cachePolicy: request.overallCachePolicy,
          budget,
        },
        node,
        root,
      );
    }
    // Nothing of a refused answer is sent: data with holes would read as complete to a client
    // that skims errors. No `data`, so graphql-over-HTTP wants a 4xx; the client asked for too much.
    if (budget?.exceeded) return { errors: [withHttpStatus(budget.exceeded, 400)] };
    const shaped = ready.shaper.shape(root, variables);
    if (errors.length > 0) return { errors, data: shaped.data };
    // Like the gateway: value-completion problems without execution errors go in extensions,
    // since clients have long relied on not getting them as errors.
    if (shaped.errors.length > 0)
      return { data: shaped.data, extensions: { valueCompletion: shaped.errors } };
    return { data: shaped.data };
  };
}

function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}

/**
 * The planner's own size limit (ten million selections with fragments expanded) is the client's
 * doing, not ours: a 400 like the validation limit that should have caught it first.
 */
function planOrRefuse(plan: () => QueryPlan): QueryPlan {
  try {
    return plan();
  } catch (error) {
    if (error instanceof Error && /maximum recursive selections/i.test(error.message)) {
      throw withHttpStatus(
        limitError(
          'selections',
          undefined,
          'With its fragments expanded this operation is too large to plan.',
        ),
        400,
      );
    }
    throw error;
  }
}
