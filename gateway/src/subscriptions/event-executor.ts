import { type ExecutionResult, GraphQLError } from 'graphql';
import { bareObject } from '../execution/bare-object.js';
import {
  executePlan,
  responseBudgetFor,
  type SubgraphReply,
  type SubgraphTransport,
} from '../execution/plan-executor.js';
import { EVENT_SOURCE, type PreparedOperation, type SubscriptionSplit } from '../execution/prepare.js';
import type { SocketRequest } from './socket-request.js';
import type { UpstreamPayload } from './upstream-pool.js';

/**
 * Turns one upstream event into the client's result with the query executor: the event stands
 * in for the primary fetch, the rest of the plan fetches entity fields from the other subgraphs
 * (through the same subgraph clients as HTTP, so headers are forwarded and failures read
 * SUBGRAPH_UNAVAILABLE), then the compiled shaper applies the client's aliases, fragments,
 * `__typename`s and null propagation.
 */
export async function executeEvent(
  prepared: PreparedOperation & { subscription: SubscriptionSplit },
  transport: SubgraphTransport,
  request: SocketRequest,
  event: UpstreamPayload,
): Promise<ExecutionResult> {
  const withEvent: SubgraphTransport = {
    ...(transport.batching === undefined ? {} : { batching: transport.batching }),
    ...(transport.maxResponseBytes === undefined ? {} : { maxResponseBytes: transport.maxResponseBytes }),
    call: (subgraph, call, context) =>
      subgraph === EVENT_SOURCE
        ? Promise.resolve<SubgraphReply>({
            // A copy per execution: the executor merges entity data into what it is given, and
            // one upstream event may be executed for several distinct subscriptions.
            ...(event.data === undefined || event.data === null ? {} : { data: structuredClone(event.data) }),
            ...(event.errors ? { errors: event.errors } : {}),
          })
        : transport.call(subgraph, call, context),
  };
  const errors: GraphQLError[] = [];
  const root: Record<string, unknown> = bareObject();
  // Per event: each event is one answer to the client, bounded like one HTTP response.
  const budget = responseBudgetFor(withEvent);
  const { perEvent, primary } = prepared.subscription;
  await executePlan(
    {
      transport: withEvent,
      types: prepared.types,
      context: request.context,
      variables: request.variables,
      variableDefinitions: prepared.variableDefinitions,
      errors,
      budget,
    },
    perEvent,
    root,
  );
  if (budget?.exceeded) return { errors: [budget.exceeded] };
  const { data } = prepared.shaper.shape(root, request.variables);
  if (errors.length === 0) return { data };
  return { data, errors: errors.map((error) => withServiceName(error, primary.serviceName)) };
}

/** Errors the event carried are attributed to the subgraph that sent it, as over HTTP. */
function withServiceName(error: GraphQLError, serviceName: string): GraphQLError {
  if (error.extensions.serviceName !== EVENT_SOURCE) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, serviceName },
  });
}
