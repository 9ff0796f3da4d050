import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { type Planning, type PlanRun, runPlan } from './gateway-internals.js';
import { EVENT_SOURCE, type SubscriptionPlan } from './subscription-plan.js';
import type { UpstreamPayload } from './upstream-pool.js';

/**
 * Turns one upstream event into the client's result: the rest of the plan fetches entity fields
 * from the other subgraphs (through the gateway's own data sources, so headers are forwarded and
 * failures read SUBGRAPH_UNAVAILABLE), then the gateway's result shaping applies the client's
 * aliases, fragments, `__typename`s and null propagation.
 */
export async function executeEvent(
  planning: Planning,
  plan: SubscriptionPlan,
  dataSources: ServiceMap,
  run: PlanRun,
  event: UpstreamPayload,
): Promise<ExecutionResult> {
  const eventSource: GraphQLDataSource = {
    // A copy per subscriber: the executor merges entity data into what it is given, and one
    // upstream event is shared by every deduplicated subscriber.
    process: async () => ({
      data: event.data === undefined ? undefined : structuredClone(event.data),
      ...(event.errors ? { errors: event.errors } : {}),
    }),
  };
  const result = await runPlan(planning, plan.perEvent, { ...dataSources, [EVENT_SOURCE]: eventSource }, run);
  if (!result.errors) return { data: result.data };
  return {
    data: result.data,
    errors: result.errors.map((error) => withServiceName(error, plan.primary.serviceName)),
  };
}

/** Errors the event carried are attributed to the subgraph that sent it, as over HTTP. */
function withServiceName(error: GraphQLError, serviceName: string): GraphQLError {
  if (error.extensions.serviceName !== EVENT_SOURCE) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    path: error.path,
    originalError: error.originalError,
    extensions: { ...error.extensions, serviceName },
  });
}
