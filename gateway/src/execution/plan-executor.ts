import {
  evaluateCondition,
  type FetchNode,
  type PlanNode,
  type QueryPlanSelectionNode,
  type ResponsePath,
} from '@apollo/query-planner';
import { GraphQLError, type GraphQLFormattedError, type VariableDefinitionNode } from 'graphql';
import type { GatewayContext } from '../context.js';
import { bareObject } from './bare-object.js';
import type { CacheHint, CachePolicySink } from './cache-hint.js';
import { EntityBatcher, type MergeableFetch, mergeableFetch } from './entity-batching.js';
import { ResponseBudget } from './response-budget.js';
import { applyRewrites, defineOwn } from './rewrites.js';
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
}

/**
 * Runs a query plan from @apollo/query-planner and returns the merged, not yet shaped, data.
 * Semantics follow @apollo/gateway's `executeQueryPlan` (2.14.4) with one change in cost, not in
 * meaning: an entity fetch sends each distinct representation once and merges the answer into
 * every place that entity appears (the fan-out benchmark sends 465 representations of which 27
 * differ), with subgraph errors fanned back out to every place, as if each had been sent.
 */
export async function executePlan(run: PlanRun, node: PlanNode, root: Json): Promise<void> {
  await executeNode(run, node, { path: [], entities: [root], root });
}

interface Cursor {
  /** Path from the root to these entities, `@` for list positions. */
  path: ResponsePath;
  /** The non-null objects at `path`, in result order. */
  entities: Json[];
  root: Json;
}

async function executeNode(run: PlanRun, node: PlanNode, cursor: Cursor): Promise<void> {
  switch (node.kind) {
    case 'Sequence':
      for (const child of node.nodes) await executeNode(run, child, cursor);
      return;
    case 'Parallel':
      await Promise.all(node.nodes.map((child) => executeNode(run, child, cursor)));
      return;
    case 'Flatten': {
      const entities: Json[] = [];
      for (const entity of cursor.entities) collect(entity, node.path, 0, entities);
      if (entities.length === 0) return;
      await executeNode(run, node.node, { path: cursor.path.concat(node.path), entities, root: cursor.root });
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
      const branch = evaluateCondition(node, run.variableDefinitions as never, run.variables)
        ? node.ifClause
        : node.elseClause;
      if (branch) await executeNode(run, branch, cursor);
      return;
    }
    case 'Defer':
      throw new Error('@defer is not supported by this gateway');
  }
}

/** Gathers the non-null objects reached by `path` from `value` (arrays are walked). */
function collect(value: unknown, path: ResponsePath, index: number, out: Json[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // `@` steps into the list; a field name over a list (nested flatten) applies to each element.
    const next = path[index] === '@' ? index + 1 : index;
    for (const element of value) collect(element, path, next, out);
    return;
  }
  if (index === path.length) {
    if (typeof value === 'object') out.push(value as Json);
    return;
  }
  const key = path[index];
  if (key === '@') return;
  const object = value as Json;
  collect(Object.hasOwn(object, key as string) ? object[key as string] : undefined, path, index + 1, out);
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

interface FlatRequires {
  typeCondition: string;
  fields: string[];
  /** The one field besides `__typename` (the usual `@key(fields: "id")`), if that is all there is. */
  single: string | undefined;
}

function flatRequires(fetch: FetchNode): FlatRequires | undefined {
  const requires = fetch.requires;
  if (requires?.length !== 1 || fetch.inputRewrites?.length) return undefined;
  const [fragment] = requires;
  if (fragment?.kind !== 'InlineFragment' || !fragment.typeCondition) return undefined;
  const fields: string[] = [];
  for (const selection of fragment.selections) {
    if (selection.kind !== 'Field' || selection.alias || selection.selections) return undefined;
    fields.push(selection.name);
  }
  if (!fields.includes('__typename')) return undefined;
  return {
    typeCondition: fragment.typeCondition,
    fields,
    single: fields.length === 2 ? fields.find((field) => field !== '__typename') : undefined,
  };
}

/**
 * The dedup key of an entity's flat representation, or undefined when it offers none. Computed
 * before the representation itself, which is only built for keys not seen yet.
 */
function flatKey(entity: Json, flat: FlatRequires): string | undefined {
  let key = '';
  for (const field of flat.fields) {
    const value = Object.hasOwn(entity, field) ? entity[field] : undefined;
    if (value === undefined) return undefined;
    key +=
      typeof value === 'string' && !value.includes('\u0000')
        ? `s${value}\u0000`
        : `j${JSON.stringify(value)}\u0000`;
  }
  return key;
}

function flatRepresentation(entity: Json, flat: FlatRequires): Json {
  const representation: Json = bareObject();
  for (const field of flat.fields) representation[field] = entity[field];
  return representation;
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
  const body = () => `${known.prefix}${JSON.stringify(variables)}}`;
  const batchable = representations !== undefined && run.transport.batching !== false;
  if (batchable && known.mergeable === undefined) known.mergeable = mergeableFetch(fetch);
  let reply: SubgraphReply;
  if (batchable && known.mergeable) {
    run.batcher ??= new EntityBatcher(run.transport, run.context, run.budget);
    reply = await run.batcher.load(fetch.serviceName, known.mergeable, body, variables, representations!);
  } else {
    reply = await run.transport.call(
      fetch.serviceName,
      { kind: known.kind, body: body(), budget: run.budget },
      run.context,
    );
  }
  run.cachePolicy?.restrict(reply.cacheHint ?? NOT_CACHEABLE);
  return reply;
}

async function executeFetch(run: PlanRun, fetch: FetchNode, cursor: Cursor): Promise<void> {
  const { entities } = cursor;
  if (entities.length === 0) return;
  const known = prepare(fetch);
  const { flat } = known;
  const variables = fetchVariables(run, fetch);

  if (!fetch.requires) {
    const reply = await send(run, fetch, known, variables);
    if (reply.errors) {
      for (const error of reply.errors) {
        run.errors.push(
          subgraphError(error, fetch.serviceName, error.path ? [...cursor.path, ...error.path] : undefined),
        );
      }
    }
    const data = reply.data;
    if (data) {
      applyRewrites(run.types, fetch.outputRewrites, data);
      for (const entity of entities) deepMerge(entity, data);
    }
    return;
  }

  // Distinct representations, and for each, the entities (by index) it stands for.
  const representations: Json[] = [];
  const owners: number[][] = [];
  const seen = new Map<unknown, number>();
  // Single-field keys by typename, then by the raw value: no key string built per entity (the
  // fan-out benchmark walks 2,240 entities per request for 100 distinct representations).
  let singles: Map<unknown, Map<unknown, number>> | undefined;
  for (let i = 0; i < entities.length; i += 1) {
    const entity = entities[i]!;
    let representation: Json | null = null;
    let table = seen;
    let key: unknown;
    if (flat) {
      const typename = entity.__typename;
      if (!typename || !run.types.isObjectOfType(entity, flat.typeCondition)) continue;
      const value =
        flat.single !== undefined && Object.hasOwn(entity, flat.single) ? entity[flat.single] : undefined;
      if (typeof value === 'string' || typeof value === 'number') {
        singles ??= new Map();
        let byValue = singles.get(typename);
        if (!byValue) {
          byValue = new Map();
          singles.set(typename, byValue);
        }
        table = byValue;
        key = value;
      } else {
        key = flatKey(entity, flat);
        if (key === undefined) continue;
      }
    } else {
      representation = selectRequires(run.types, entity, fetch.requires);
      if (!representation?.__typename) continue;
      applyRewrites(run.types, fetch.inputRewrites, representation);
      // The entity's own typename is part of the key: two implementations rewritten to one
      // @interfaceObject typename must not share an answer that lacks __typename.
      key = `${String(entity.__typename)}\u0000${JSON.stringify(representation)}`;
    }
    const index = table.get(key);
    if (index === undefined) {
      table.set(key, representations.length);
      representations.push(representation ?? flatRepresentation(entity, flat!));
      owners.push([i]);
    } else {
      owners[index]!.push(i);
    }
  }
  if (representations.length === 0) return;
  if (Object.hasOwn(variables, 'representations'))
    throw new Error('Variables cannot contain key "representations"');
  variables.representations = representations;

  const reply = await send(run, fetch, known, variables, representations);
  if (reply.errors) {
    let paths: ResponsePath[] | undefined;
    const entityPath = (entityIndex: number): ResponsePath => {
      paths ??= hydratedPaths(cursor);
      return paths[entityIndex] ?? [];
    };
    for (const error of reply.errors) {
      const at = error.path;
      if (at && typeof at[1] === 'number') {
        // One error per place the representation stood for, as if each had been sent.
        for (const entityIndex of owners[at[1]] ?? []) {
          run.errors.push(
            subgraphError(error, fetch.serviceName, [...entityPath(entityIndex), ...at.slice(2)]),
          );
        }
      } else {
        run.errors.push(subgraphError(error, fetch.serviceName, at ? [...cursor.path, ...at] : undefined));
      }
    }
  }
  const data = reply.data;
  if (!data) return;
  const received = data._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representations.length) {
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  }
  for (let r = 0; r < received.length; r += 1) {
    const answer = received[r] as Json | null;
    const places = owners[r]!;
    if (answer && !answer.__typename) answer.__typename = entities[places[0]!]!.__typename;
    if (answer) applyRewrites(run.types, fetch.outputRewrites, answer);
    for (const place of places) deepMerge(entities[place]!, answer);
  }
}

/** The representation an entity offers for `requires` (executeSelectionSet in the gateway). */
function selectRequires(
  types: SupergraphTypes,
  source: Json | null,
  selections: QueryPlanSelectionNode[],
): Json | null {
  if (source === null) return null;
  const result: Json = bareObject();
  for (const selection of selections) {
    if (selection.kind === 'Field') {
      const name = selection.alias ?? selection.name;
      if (!Object.hasOwn(source, name) || source[name] === undefined) return null;
      const value = source[name];
      const sub = selection.selections;
      if (Array.isArray(value)) {
        result[name] = sub ? value.map((v) => selectRequires(types, v as Json | null, sub)) : value;
      } else if (sub) {
        result[name] = selectRequires(types, value as Json | null, sub);
      } else {
        result[name] = value;
      }
    } else if (selection.typeCondition && types.isObjectOfType(source, selection.typeCondition)) {
      deepMerge(result, selectRequires(types, source, selection.selections));
    }
  }
  return result;
}

/** Paths from the root to each entity of the cursor, in the cursor's order. */
function hydratedPaths(cursor: Cursor): ResponsePath[] {
  const out: ResponsePath[] = [];
  walk([], cursor.path, 0, cursor.root, out);
  return out;
}

function walk(
  parent: ResponsePath,
  path: ResponsePath,
  index: number,
  data: unknown,
  out: ResponsePath[],
): void {
  if (data === null || data === undefined) return;
  if (Array.isArray(data)) {
    const next = path[index] === '@' ? index + 1 : index;
    data.forEach((element, i) => {
      parent.push(i);
      walk(parent, path, next, element, out);
      parent.pop();
    });
    return;
  }
  if (index === path.length) {
    out.push(parent.slice());
    return;
  }
  const key = path[index] as string;
  if (key === '@' || typeof data !== 'object' || !Object.hasOwn(data as object, key)) return;
  parent.push(key);
  walk(parent, path, index + 1, (data as Json)[key], out);
  parent.pop();
}

/** A subgraph's error as the client sees it (the gateway's `downstreamServiceError`). */
function subgraphError(
  error: GraphQLFormattedError,
  subgraph: string,
  path: ResponsePath | undefined,
): GraphQLError {
  const extensions = error.extensions ?? {};
  return new GraphQLError(error.message || `Error while fetching subquery from service "${subgraph}"`, {
    path,
    extensions: {
      ...extensions,
      code: typeof extensions.code === 'string' ? extensions.code : 'DOWNSTREAM_SERVICE_ERROR',
      serviceName: subgraph,
    },
  });
}

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * @apollo/gateway's deepMerge: later fetches add fields to what earlier ones returned. Keys are
 * read only as own properties and `__proto__` is defined, never assigned, so a subgraph's keys
 * cannot reach a prototype.
 */
export function deepMerge(target: Json, source: Json | null | undefined): Json {
  if (source === undefined || source === null) return target;
  // for-in with an own check, not Object.keys: no array per merged object (V8 walks its enum cache).
  for (const key in source) {
    if (!Object.hasOwn(source, key)) continue;
    const value = source[key];
    if (value === undefined) continue;
    const existing = Object.hasOwn(target, key) ? target[key] : undefined;
    if (existing && isObject(value)) {
      deepMerge(existing as Json, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i += 1) {
        if (isObject(existing[i]) && isObject(value[i])) deepMerge(existing[i] as Json, value[i] as Json);
        else existing[i] = value[i];
      }
    } else if (key === '__proto__') {
      defineOwn(target, key);
      target[key] = value;
    } else {
      target[key] = value;
    }
  }
  return target;
}
