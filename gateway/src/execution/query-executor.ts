import type { ApolloGateway } from '@apollo/gateway';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { GraphQLError, getVariableValues } from 'graphql';
import type { GatewayContext } from '../context.js';
import { bareObject } from './bare-object.js';
import { executePlan, type PlanRun, responseBudgetFor, type SubgraphTransport } from './plan-executor.js';
import { currentPlanning, type Planning } from './planning.js';
import { type PreparedOperation, type PreparedOperations, prepareOperation } from './prepare.js';

export interface QueryExecutorOptions {
  transport: SubgraphTransport;
  /** Prepared operations, shared with the subscription server (one cache per gateway). */
  operations: PreparedOperations;
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
      // The same `{ apollo }` config, declared twice: by @apollo/server-gateway-interface for
      // Apollo Server and by @apollo/gateway for its own `load`.
      await gateway.load(loadOptions as Parameters<ApolloGateway['load']>[0]);
      return { executor };
    },
    onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
    stop: () => gateway.stop(),
  };
}

function createQueryExecutor(gateway: ApolloGateway, options: QueryExecutorOptions): GatewayExecutor {
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
    const ready = prepare(currentPlanning(gateway), request, options.operations);
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
    const run: PlanRun = {
      transport: options.transport,
      types: ready.types,
      // Apollo types the context as its BaseContext; the server is ApolloServer<GatewayContext>.
      context: request.context as GatewayContext,
      variables,
      variableDefinitions: ready.variableDefinitions,
      errors,
      cachePolicy: request.overallCachePolicy,
      budget,
    };
    if (node) await executePlan(run, node, root);
    // Nothing of a refused answer is sent: data with holes would read as complete to a client
    // that skims errors. No `data`, so graphql-over-HTTP wants a 4xx; the client asked for too much.
    if (budget?.exceeded) return { errors: [withHttpStatus(budget.exceeded, 400)] };
    const shaped = ready.shaper.shape(root, variables, run.shared);
    if (errors.length > 0) return { errors, data: shaped.data };
    // Like the gateway: value-completion problems without execution errors go in extensions,
    // since clients have long relied on not getting them as errors.
    if (shaped.errors.length > 0)
      return { data: shaped.data, extensions: { valueCompletion: shaped.errors } };
    return { data: shaped.data };
  };
}

/** An HTTP request's operation made ready; a refusal is the client's doing, hence a 400. */
function prepare(
  planning: Planning,
  request: GatewayGraphQLRequestContext,
  operations: PreparedOperations,
): PreparedOperation {
  try {
    return prepareOperation(
      planning,
      {
        document: request.document,
        operation: request.operation,
        operationName: request.request.operationName ?? undefined,
        queryHash: request.queryHash,
      },
      operations,
    );
  } catch (error) {
    if (error instanceof GraphQLError) throw withHttpStatus(error, 400);
    throw error;
  }
}

function withHttpStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}
