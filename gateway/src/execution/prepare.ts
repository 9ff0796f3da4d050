import type { FetchNode, PlanNode, QueryPlan, QueryPlanner } from '@apollo/query-planner';
import type { DocumentNode, GraphQLSchema, OperationDefinitionNode, VariableDefinitionNode } from 'graphql';
import { limitError } from '../limits/errors.js';
import { buildPlan, type Planning } from './planning.js';
import { compileResultShaper, type ResultShaper } from './result-shaper.js';
import { type SupergraphTypes, supergraphTypes } from './supergraph-types.js';

/** A validated operation, as both transports have it. */
export interface OperationToPrepare {
  document: DocumentNode;
  /** The operation of `document` that runs (its variable definitions are read from it). */
  operation: OperationDefinitionNode;
  operationName: string | undefined;
  /** A hash of the operation's source text (Apollo's `queryHash`: SHA-256, hex). */
  queryHash: string;
}

/** An operation made ready once per supergraph: its plan and its compiled result shaper. */
export interface PreparedOperation {
  plan: QueryPlan;
  shaper: ResultShaper;
  variableDefinitions: readonly VariableDefinitionNode[];
  /** The API schema the operation was validated against (variables are checked with it). */
  schema: GraphQLSchema;
  types: SupergraphTypes;
  /** Set when the plan's root is a `Subscription` node: the plan split the way it runs. */
  subscription?: SubscriptionSplit | undefined;
}

/**
 * A subscription's plan split the way it runs: `primary` is sent once, as a subscription, to the
 * subgraph that owns the root field; `perEvent` runs once per event with the event standing in
 * for the primary fetch's result (a fetch to {@link EVENT_SOURCE}).
 */
export interface SubscriptionSplit {
  primary: FetchNode;
  perEvent: PlanNode;
}

/** The service name the event stands under in `perEvent`; no subgraph may be called this. */
export const EVENT_SOURCE = '__subscription_event__';

/**
 * Prepared operations of one supergraph, least recently used dropped past `max`. Entries belong to
 * the planner they were planned with: the first operation prepared with another planner (a
 * supergraph reload brings a new one) drops them all, so a stale plan is never reused.
 */
export class PreparedOperations {
  private planner: QueryPlanner | undefined;
  private readonly entries = new Map<string, PreparedOperation>();

  constructor(readonly max = 1000) {}

  get size(): number {
    return this.entries.size;
  }

  /** The operation prepared under `key` with `planner`, marked most recently used. */
  get(planner: QueryPlanner, key: string): PreparedOperation | undefined {
    if (planner !== this.planner) {
      this.entries.clear();
      this.planner = planner;
      return undefined;
    }
    const known = this.entries.get(key);
    if (known) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.entries.delete(key);
      this.entries.set(key, known);
    }
    return known;
  }

  set(planner: QueryPlanner, key: string, prepared: PreparedOperation): void {
    if (planner !== this.planner) return;
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, prepared);
  }
}

/**
 * Plans and compiles `request` with the current supergraph's planner, or recalls it: the one way
 * HTTP operations and subscriptions are made ready to run. Throws QUERY_TOO_COMPLEX when the
 * operation is too large to plan.
 */
export function prepareOperation(
  planning: Planning,
  request: OperationToPrepare,
  cache: PreparedOperations,
): PreparedOperation {
  const key = `${request.operationName ?? ''}\u0000${request.queryHash}`;
  const known = cache.get(planning.planner, key);
  if (known) return known;
  const plan = planOrRefuse(planning, request);
  const variableDefinitions = request.operation.variableDefinitions ?? [];
  const prepared: PreparedOperation = {
    plan,
    shaper: compileResultShaper(
      planning.apiSchema,
      request.document,
      request.operationName,
      planning.schema,
      variableDefinitions,
    ),
    variableDefinitions,
    schema: planning.schema,
    types: supergraphTypes(planning.supergraphSchema),
    subscription: plan.node?.kind === 'Subscription' ? splitSubscription(plan.node) : undefined,
  };
  cache.set(planning.planner, key, prepared);
  return prepared;
}

function splitSubscription({ primary, rest }: { primary: FetchNode; rest?: PlanNode }): SubscriptionSplit {
  // The primary fetch has no `requires`, so the executor merges its "result" (the event) into
  // the root, exactly as it would a query's first fetch; `rest` then hydrates entities from there.
  const eventFetch: FetchNode = { ...primary, serviceName: EVENT_SOURCE };
  return { primary, perEvent: rest ? { kind: 'Sequence', nodes: [eventFetch, rest] } : eventFetch };
}

/**
 * The planner's own size limit (ten million selections with fragments expanded) is the client's
 * doing, not ours: QUERY_TOO_COMPLEX like the validation limit that should have caught it first.
 */
function planOrRefuse(planning: Planning, request: OperationToPrepare): QueryPlan {
  try {
    return buildPlan(planning, request.document, request.operationName);
  } catch (error) {
    if (error instanceof Error && /maximum recursive selections/i.test(error.message)) {
      throw limitError(
        'selections',
        undefined,
        'With its fragments expanded this operation is too large to plan.',
      );
    }
    throw error;
  }
}
