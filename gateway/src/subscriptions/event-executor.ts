import { type ExecutionResult, GraphQLError } from 'graphql';
import { bareObject } from '../execution/bare-object.js';
import {
  executePlan,
  responseBudgetFor,
  type SubgraphReply,
  type SubgraphTransport,
} from '../execution/plan-executor.js';
import type { PlanRun } from './operation-run.js';
import { EVENT_SOURCE, type SubscriptionPlan } from './subscription-plan.js';
import type { UpstreamPayload } from './upstream-pool.js';

/**
 * Turns one upstream event into the client's result with the query executor: the event stands
 * in for the primary fetch, the rest of the plan fetches entity fields from the other subgraphs
 * (through the same subgraph clients as HTTP, so headers are forwarded and failures read
 * SUBGRAPH_UNAVAILABLE), then the compiled shaper applies the client's aliases, fragments,
 * `__typename`s and null propagation.
 */
export async function executeEvent(
  plan: SubscriptionPlan,
  transport: SubgraphTransport,
  run: PlanRun,
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
  if (plan.perEvent.node && plan.perEvent.node.kind !== 'Subscription') {
    await executePlan(
      {
        transport: withEvent,
        types: plan.types,
        context: run.context,
        variables: run.variables,
        variableDefinitions: plan.variableDefinitions,
        errors,
        budget,
      },
      plan.perEvent.node,
      root,
    );
  }
  if (budget?.exceeded) return { errors: [budget.exceeded] };
  const { data } = plan.shaper.shape(root, run.variables);
  if (errors.length === 0) return { data };
  return { data, errors: errors.map((error) => withServiceName(error, plan.primary.serviceName)) };
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
