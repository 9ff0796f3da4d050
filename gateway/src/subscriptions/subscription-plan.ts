import type { FetchNode, PlanNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode } from 'graphql';
import { buildPlan, type Planning } from './gateway-internals.js';

/**
 * A subscription's plan split the way it runs: `primary` is sent once, as a subscription, to the
 * subgraph that owns the root field; `perEvent` runs once per event with the event standing in
 * for the primary fetch's result.
 */
export interface SubscriptionPlan {
  primary: FetchNode;
  perEvent: QueryPlan;
}

/** The service name the event stands under in `perEvent`; no subgraph may be called this. */
export const EVENT_SOURCE = '__subscription_event__';

const MAX_CACHED = 500;
const cache = new WeakMap<QueryPlanner, Map<string, SubscriptionPlan>>();

/** Plans (or recalls) a validated subscription operation with the gateway's planner. */
export function planSubscription(
  planning: Planning,
  document: DocumentNode,
  source: string,
  operationName: string | undefined,
): SubscriptionPlan {
  let plans = cache.get(planning.planner);
  if (!plans) {
    plans = new Map();
    cache.set(planning.planner, plans);
  }
  const key = `${operationName ?? ''}\n${source}`;
  const known = plans.get(key);
  if (known) return known;

  const plan = buildPlan(planning, document, operationName);
  if (plan.node?.kind !== 'Subscription') {
    throw new Error(`expected a Subscription plan, got ${plan.node?.kind ?? 'an empty plan'}`);
  }
  const { primary, rest } = plan.node;
  // The primary fetch has no `requires`, so executeQueryPlan merges its "result" (the event) into
  // the root, exactly as it would a query's first fetch; `rest` then hydrates entities from there.
  const eventFetch: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
  const node: PlanNode = rest ? { kind: 'Sequence', nodes: [eventFetch, rest] } : eventFetch;
  const planned: SubscriptionPlan = { primary, perEvent: { kind: 'QueryPlan', node } };

  if (plans.size >= MAX_CACHED) {
    const oldest = plans.keys().next().value;
    if (oldest !== undefined) plans.delete(oldest);
  }
  plans.set(key, planned);
  return planned;
}
