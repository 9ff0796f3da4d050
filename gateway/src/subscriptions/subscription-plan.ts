import { operationFromDocument } from '@apollo/federation-internals';
import type { FetchNode, PlanNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import { type DocumentNode, getOperationAST, type VariableDefinitionNode } from 'graphql';
import { buildPlan, type Planning } from '../execution/planning.js';
import { compileResultShaper, type ResultShaper } from '../execution/result-shaper.js';
import { type SupergraphTypes, supergraphTypes } from '../execution/supergraph-types.js';

/**
 * A subscription's plan split the way it runs: `primary` is sent once, as a subscription, to the
 * subgraph that owns the root field; `perEvent` runs once per event with the event standing in
 * for the primary fetch's result.
 */
export interface SubscriptionPlan {
  primary: FetchNode;
  perEvent: QueryPlan;
  /** The client's selection applied to each event's merged data. */
  shaper: ResultShaper;
  variableDefinitions: readonly VariableDefinitionNode[];
  types: SupergraphTypes;
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
  // The primary fetch has no `requires`, so the executor merges its "result" (the event) into
  // the root, exactly as it would a query's first fetch; `rest` then hydrates entities from there.
  const eventFetch: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
  const node: PlanNode = rest ? { kind: 'Sequence', nodes: [eventFetch, rest] } : eventFetch;
  const variableDefinitions = getOperationAST(document, operationName)?.variableDefinitions ?? [];
  const planned: SubscriptionPlan = {
    primary,
    perEvent: { kind: 'QueryPlan', node },
    shaper: compileResultShaper(
      operationFromDocument(planning.apiSchema, document, { operationName }),
      planning.schema,
      variableDefinitions,
    ),
    variableDefinitions,
    types: supergraphTypes(planning.supergraphSchema),
  };

  if (plans.size >= MAX_CACHED) {
    const oldest = plans.keys().next().value;
    if (oldest !== undefined) plans.delete(oldest);
  }
  plans.set(key, planned);
  return planned;
}
