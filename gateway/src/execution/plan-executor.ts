import type { FetchNode, PlanNode, ResponsePath } from '@apollo/query-planner';
import {
  GraphQLError,
  type GraphQLFormattedError,
  type VariableDefinitionNode,
  valueFromASTUntyped,
} from 'graphql';
import type { GatewayContext } from '../context.js';
import { bareObject } from './bare-object.js';
import { type BatchHolds, batchHolds } from './batch-holds.js';
import type { CacheHint, CachePolicySink } from './cache-hint.js';
import { EntityBatcher, type MergeableFetch, mergeableFetch } from './entity-batching.js';
import { collect, type ListReuse, listReuse } from './entity-lists.js';
import { placeEntities, shareableFetches, shareIdenticalEntities } from './entity-sharing.js';
import { reportEntityErrors, reportFetchErrors } from './fetch-errors.js';
import { mergeEntityAnswers, mergeFetchAnswer } from './merge.js';
import { distinctRepresentations, type FlatRequires, flatRequires } from './representations.js';
import { ResponseBudget } from './response-budget.js';
import type { SupergraphTypes } from './supergraph-types.js';

type Json = Record<string, unknown>;

/** What a subgraph answered: a GraphQL response body, and the cache policy it came with. */
export interface SubgraphReply {
  data?: Json | null;
  errors?: readonly GraphQLFormattedError[];
  /** From the response's `Cache-Control`; absent means not cacheable. */
  cacheHint?: CacheHint;
}

/** One operation to one subgraph; `body` is the request already serialised. */
export interface SubgraphCall {
  kind: 'query' | 'mutation' | 'subscription';
  body: string;
  /** The client request's byte budget, shared by all its subgraph answers. */
  budget?: ResponseBudget | undefined;
}

export interface SubgraphTransport {
  call(subgraph: string, call: SubgraphCall, context: GatewayContext): Promise<SubgraphReply>;
  /**
   * Entity fetches to one subgraph that are ready together may go out as one merged operation
   * (GATEWAY_ENTITY_BATCHING; absent means yes).
   */
  readonly batching?: boolean;
  /**
   * Bytes the subgraph answers of one client request (or one subscription event) may add up to
   * (GATEWAY_MAX_RESPONSE_BYTES); absent means unbounded.
   */
  readonly maxResponseBytes?: number;
}

/** A fresh budget for one run over `transport`, if it has a limit. */
export function responseBudgetFor(transport: SubgraphTransport): ResponseBudget | undefined {
  return transport.maxResponseBytes === undefined
    ? undefined
    : new ResponseBudget(transport.maxResponseBytes);
}

export interface PlanRun {
  transport: SubgraphTransport;
  types: SupergraphTypes;
  context: GatewayContext;
  variables: Json | undefined;
  variableDefinitions: readonly VariableDefinitionNode[];
  /** Execution errors, in the order the plan met them. */
  errors: GraphQLError[];
  /** Restricted by every subgraph answer's cache hint (absent: nobody is told). */
  cachePolicy?: CachePolicySink | undefined;
  /** Made on the run's first batchable fetch. */
  batcher?: EntityBatcher;
  /**
   * Bytes all the run's subgraph answers may add up to; once over, `budget.exceeded` is set and
   * the caller must send that error instead of the (incomplete) data.
   */
  budget?: ResponseBudget | undefined;
  /** Set by `executePlan`: the plan's fetches whose identical places may share one object. */
  shareable?: ReadonlySet<FetchNode>;
  /** Set by `executePlan` when batching: fetches that may wait for a later one (batch-holds.ts). */
  holds?: BatchHolds;
  /** Set by `executePlan`: which entity lists later Flattens may reuse (entity-lists.ts). */
  lists?: ListReuse;
  /** The entity lists collected so far that are still what their path holds, by key. */
  collected?: Map<string, Json[]>;
  /**
   * Objects that stand at several places of the result (entity-sharing.ts); the result shaper
   * builds each one's part of the answer once.
   */
  shared?: Set<Json>;
}

/**
 * Runs a query plan from @apollo/query-planner and returns the merged, not yet shaped, data.
 * Semantics follow @apollo/gateway's `executeQueryPlan` (2.14.4) with one change in cost, not in
 * meaning: an entity fetch sends each distinct representation once and merges the answer into
 * every place that entity appears, with subgraph errors fanned back out to every place, as if
 * each had been sent.
 */
export async function executePlan(run: PlanRun, node: PlanNode, root: Json): Promise<void> {
  run.shareable = shareableFetches(node);
  run.lists = listReuse(node);
  if (run.transport.batching !== false) {
    const holds = batchHolds(node);
    if (holds.waitFor.size > 0) {
      run.holds = holds;
      run.batcher ??= new EntityBatcher(run.transport, run.context, run.budget);
    }
  }
  await executeNode(run, node, { path: [], entities: [root], root });
}

export interface Cursor {
  /** Path from the root to these entities, `@` for list positions. */
  path: ResponsePath;
  /** The non-null objects at `path`, in result order. */
  entities: Json[];
  /**
   * Where `entities` were collected from (the parent's entities and the step's path), when their
   * fetch may share identical places: what it shares is put back there.
   */
  from?: { entities: Json[]; path: ResponsePath } | undefined;
  root: Json;
}

function executeNode(run: PlanRun, node: PlanNode, cursor: Cursor): Promise<void> {
  const waited = run.holds?.within.get(node);
  return waited ? runWaitedFor(run, node, cursor, waited) : runNode(run, node, cursor);
}

/**
 * A node holding fetches that others wait for: they are reached when they start, or when the
 * node is done (a branch may end without them: no entities, the other side of a Condition).
 */
async function runWaitedFor(
  run: PlanRun,
  node: PlanNode,
  cursor: Cursor,
  waited: readonly FetchNode[],
): Promise<void> {
  if (node.kind === 'Fetch') run.batcher?.reached(waited);
  try {
    await runNode(run, node, cursor);
  } finally {
    run.batcher?.reached(waited);
  }
}

async function runNode(run: PlanRun, node: PlanNode, cursor: Cursor): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(run, child, cursor)));
      return;
    case 'Flatten': {
      const key = run.lists?.keys.get(node);
      let entities = key === undefined ? undefined : run.collected?.get(key);
      if (!entities) {
        entities = [];
        for (const entity of cursor.entities) collect(entity, node.path, 0, entities);
        if (key !== undefined) {
          run.collected ??= new Map();
          run.collected.set(key, entities);
        }
      }
      if (entities.length === 0) return;
      const shareable = node.node.kind === 'Fetch' && run.shareable?.has(node.node);
      await executeNode(run, node.node, {
        path: cursor.path.concat(node.path),
        entities,
        from: shareable ? { entities: cursor.entities, path: node.path } : undefined,
        root: cursor.root,
      });
      return;
    }
    case 'Fetch':
      try {
        await executeFetch(run, node, cursor);
      } catch (error) {
        run.errors.push(
          error instanceof GraphQLError
            ? error
            : error instanceof Error
              ? new GraphQLError(error.message, { originalError: error })
              : new GraphQLError(String(error)),
        );
      }
      return;
    case 'Condition': {
      const branch = conditionHolds(run, node.condition) ? node.ifClause : node.elseClause;
      if (branch) await executeNode(run, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer is not supported by this gateway');
  }
}

/**
 * The Boolean variable a Condition node tests: the client's value, else the variable's default
 * (@apollo/query-planner's `evaluateCondition`, which reads federation-internals' definitions).
 */
function conditionHolds(run: PlanRun, variable: string): boolean {
  const provided = run.variables;
  let value = provided && Object.hasOwn(provided, variable) ? provided[variable] : undefined;
  if (value === undefined) {
    const definition = run.variableDefinitions.find((d) => d.variable.name.value === variable);
    if (definition?.defaultValue) value = valueFromASTUntyped(definition.defaultValue);
  }
  if (typeof value !== 'boolean') {
    throw new Error(
      value === undefined
        ? `Missing value for variable $${variable} (and no default found)`
        : `Invalid non-boolean value ${String(value)} for Boolean! variable $${variable}`,
    );
  }
  return value;
}

/** What every request reuses of a fetch node: its body prefix and its requirement walker. */
interface PreparedFetch {
  /** `{"query":…,"operationName":…,"variables":` — the request variables follow. */
  prefix: string;
  kind: SubgraphCall['kind'];
  /**
   * The common shape of `requires`, `... on T { __typename id … }` with leaf fields only and no
   * input rewrites: representations and their dedup keys are then built in one pass.
   */
  flat?: FlatRequires | undefined;
  /** Its pieces for a merged request; null when it cannot be merged; unset until first needed. */
  mergeable?: MergeableFetch | null;
}

const prepared = new WeakMap<FetchNode, PreparedFetch>();

function prepare(fetch: FetchNode): PreparedFetch {
  let known = prepared.get(fetch);
  if (!known) {
    known = {
      prefix: `{"query":${JSON.stringify(fetch.operation)}${
        fetch.operationName ? `,"operationName":${JSON.stringify(fetch.operationName)}` : ''
      },"variables":`,
      kind:
        fetch.operationKind === 'mutation'
          ? 'mutation'
          : fetch.operationKind === 'subscription'
            ? 'subscription'
            : 'query',
      flat: flatRequires(fetch),
    };
    prepared.set(fetch, known);
  }
  return known;
}

function fetchVariables(run: PlanRun, fetch: FetchNode): Json {
  const variables: Json = bareObject();
  const provided = run.variables;
  if (fetch.variableUsages && provided) {
    for (const name of fetch.variableUsages) {
      if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
  }
  return variables;
}

const NOT_CACHEABLE: CacheHint = { maxAge: 0 };

/** Sends one fetch (merged with others ready at once, for entity fetches that can be). */
async function send(
  run: PlanRun,
  fetch: FetchNode,
  known: PreparedFetch,
  variables: Json,
  representations?: Json[],
): Promise<SubgraphReply> {
  const batchable = representations !== undefined && run.transport.batching !== false;
  if (batchable && known.mergeable === undefined) known.mergeable = mergeableFetch(fetch);
  let reply: SubgraphReply;
  if (batchable && known.mergeable) {
    run.batcher ??= new EntityBatcher(run.transport, run.context, run.budget);
    reply = await run.batcher.load(
      fetch.serviceName,
      known.mergeable,
      known.prefix,
      variables,
      representations!,
      run.holds?.waitFor.get(fetch),
    );
  } else {
    reply = await run.transport.call(
      fetch.serviceName,
      { kind: known.kind, body: `${known.prefix}${JSON.stringify(variables)}}`, budget: run.budget },
      run.context,
    );
  }
  run.cachePolicy?.restrict(reply.cacheHint ?? NOT_CACHEABLE);
  return reply;
}

/**
 * One fetch for the entities at `cursor`. A fetch without `requires` is sent as it is and its
 * answer merged into each entity; an entity fetch sends each distinct representation once, fans
 * its errors out to every place the representation stood for, and merges each answer there.
 */
async function executeFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const { entities } = cursor;
  if (entities.length === 0) return;
  const known = prepare(fetch);
  const variables = fetchVariables(run, fetch);
  const { requires } = fetch;

  if (!requires) {
    const reply = await send(run, fetch, known, variables);
    if (reply.errors) reportFetchErrors(run.errors, fetch.serviceName, cursor, reply.errors);
    mergeFetchAnswer(run.types, fetch, entities, reply.data);
    forgetLists(run, run.lists?.merging.get(fetch));
    return;
  }

  const distinct = distinctRepresentations(run.types, fetch, requires, known.flat, entities, run.shared);
  if (distinct.representations.length === 0) return;
  if (cursor.from && known.flat) {
    run.shared ??= new Set();
    // Synchronously after `collect`: the places are still where it found them.
    if (shareIdenticalEntities(entities, distinct.owners, known.flat, run.shared)) {
      placeEntities(cursor.from.entities, cursor.from.path, entities);
      forgetLists(run, run.lists?.sharing.get(fetch));
    }
  }
  if (Object.hasOwn(variables, 'representations'))
    throw new Error('Variables cannot contain key "representations"');
  variables.representations = distinct.representations;

  const reply = await send(run, fetch, known, variables, distinct.representations);
  if (reply.errors) reportEntityErrors(run.errors, fetch.serviceName, cursor, distinct.owners, reply.errors);
  if (reply.data) mergeEntityAnswers(run.types, fetch, entities, distinct, reply.data);
  forgetLists(run, run.lists?.merging.get(fetch));
}

/** Drops the entity lists (by key) that what a fetch just did may have made stale. */
function forgetLists(run: PlanRun, keys: readonly string[] | undefined): void {
  if (keys && run.collected) for (const key of keys) run.collected.delete(key);
}
