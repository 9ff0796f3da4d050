import type { FetchNode } from '@apollo/query-planner';
import {
  type ASTNode,
  type DocumentNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';
import type { GatewayContext } from '../context.js';
import type { SubgraphCall, SubgraphReply, SubgraphTransport } from './plan-executor.js';
import type { ResponseBudget } from './response-budget.js';

type Json = Record<string, unknown>;

/**
 * One entity fetch, cut into the pieces a merged operation is built from. Null when the fetch
 * cannot be merged (anything but a query whose one root field is `_entities($representations)`).
 */
export interface MergeableFetch {
  /** Unique per fetch node: merged documents are cached by the ids they combine. */
  id: number;
  name: string;
  /** Variable definitions other than `$representations`, by name (client variables, shared). */
  variables: Map<string, string>;
  /** The `_entities` field and the fragments it uses, printed for the fetch's place in a batch. */
  printed(index: number): { entities: string; fragments: string[] };
}

const REPRESENTATIONS = '__ukp_representations_';
let nextId = 0;

/** Cuts a fetch's operation into mergeable pieces, once per fetch node. */
export function mergeableFetch(fetch: FetchNode): MergeableFetch | null {
  if (fetch.operationKind !== 'query' || !fetch.requires) return null;
  if (fetch.variableUsages?.some((name) => name.startsWith(REPRESENTATIONS))) return null;
  let document: DocumentNode;
  try {
    document = parse(fetch.operation);
  } catch {
    return null;
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const [operation] = operations;
  if (operations.length !== 1 || !operation || operation.operation !== 'query') return null;
  const [root] = operation.selectionSet.selections;
  if (
    operation.selectionSet.selections.length !== 1 ||
    root?.kind !== Kind.FIELD ||
    root.name.value !== '_entities' ||
    root.alias ||
    root.directives?.length
  ) {
    return null;
  }
  const variables = new Map<string, string>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.variable.name.value !== 'representations') {
      variables.set(definition.variable.name.value, print(definition));
    }
  }
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  // Renamed on the syntax tree, not in the printed text: a string argument may hold anything.
  const renamed = <T extends ASTNode>(node: T, index: number): T =>
    visit(node, {
      Variable: (v) =>
        v.name.value === 'representations'
          ? { ...v, name: { ...v.name, value: `${REPRESENTATIONS}${index}` } }
          : undefined,
      FragmentSpread: (s) => ({ ...s, name: { ...s.name, value: `${s.name.value}__${index}` } }),
      FragmentDefinition: (f) => ({ ...f, name: { ...f.name, value: `${f.name.value}__${index}` } }),
    });
  return {
    id: nextId++,
    name: operation.name?.value ?? 'entities',
    variables,
    printed: (index) => ({
      entities: print(renamed({ ...root, alias: { kind: Kind.NAME, value: `_e${index}` } }, index)),
      fragments: fragments.map((f) => print(renamed(f, index))),
    }),
  };
}

interface Pending {
  piece: MergeableFetch;
  /** Fetches to reach before this one may go (batch-holds.ts); others may take it along sooner. */
  waitFor: readonly FetchNode[] | undefined;
  /** The fetch's own request body up to its variables, sent as it is when nothing joins it. */
  prefix: string;
  variables: Json;
  representations: Json[];
  resolve: (reply: SubgraphReply) => void;
  reject: (error: unknown) => void;
}

interface Merged {
  prefix: string;
}

/** Merged operations by the fetch ids they combine; plans are few, so are their combinations. */
const mergedCache = new Map<string, Merged>();
const MAX_MERGED = 2000;

function mergedOperation(batch: readonly Pending[]): Merged {
  const key = batch.map((p) => p.piece.id).join(',');
  let merged = mergedCache.get(key);
  if (!merged) {
    const variables = new Map<string, string>();
    const fields: string[] = [];
    const fragments: string[] = [];
    batch.forEach(({ piece }, index) => {
      for (const [name, definition] of piece.variables) variables.set(name, definition);
      variables.set(`${REPRESENTATIONS}${index}`, `$${REPRESENTATIONS}${index}: [_Any!]!`);
      const printed = piece.printed(index);
      fields.push(printed.entities);
      fragments.push(...printed.fragments);
    });
    const name = `${batch[0]!.piece.name}__batch_${batch.length}`;
    const query = `query ${name}(${[...variables.values()].join(', ')}) { ${fields.join(' ')} }${
      fragments.length > 0 ? `\n${fragments.join('\n')}` : ''
    }`;
    merged = {
      prefix: `{"query":${JSON.stringify(query)},"operationName":${JSON.stringify(name)},"variables":`,
    };
    if (mergedCache.size >= MAX_MERGED) mergedCache.clear();
    mergedCache.set(key, merged);
  }
  return merged;
}

/**
 * Entity fetches to one subgraph that become ready in the same turn of the event loop — the
 * siblings of a `Parallel` node, and fetches released by answers that arrived together — go out
 * as ONE request: each fetch's `_entities` field under its own alias, each with its own
 * representations. Fewer round trips for the gateway and the subgraph alike, whatever the
 * subgraph's framework (it is one ordinary GraphQL operation). Only within one client request:
 * identity and headers never mix. A fetch that may wait for a later one (batch-holds.ts) stays
 * queued until what it waits for is reached, or another fetch to its subgraph goes.
 */
export class EntityBatcher {
  private readonly queues = new Map<string, Pending[]>();
  private readonly reachedFetches = new Set<FetchNode>();
  private scheduled = false;

  constructor(
    private readonly transport: SubgraphTransport,
    private readonly context: GatewayContext,
    private readonly budget?: ResponseBudget,
  ) {}

  load(
    subgraph: string,
    piece: MergeableFetch,
    prefix: string,
    variables: Json,
    representations: Json[],
    waitFor?: readonly FetchNode[],
  ): Promise<SubgraphReply> {
    return new Promise((resolve, reject) => {
      let queue = this.queues.get(subgraph);
      if (!queue) {
        queue = [];
        this.queues.set(subgraph, queue);
      }
      queue.push({ piece, waitFor, prefix, variables, representations, resolve, reject });
      this.schedule();
    });
  }

  /** The plan reached these fetches (or finished the branch they were in without them). */
  reached(fetches: readonly FetchNode[]): void {
    for (const fetch of fetches) this.reachedFetches.add(fetch);
    if (this.queues.size > 0) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // After the poll phase: answers that arrived together release their fetches together.
    setImmediate(() => this.flush());
  }

  private mayGo(pending: Pending): boolean {
    return pending.waitFor === undefined || pending.waitFor.every((f) => this.reachedFetches.has(f));
  }

  private flush(): void {
    this.scheduled = false;
    for (const [subgraph, queue] of this.queues) {
      if (!queue.some((pending) => this.mayGo(pending))) continue;
      this.queues.delete(subgraph);
      if (queue.length === 1) {
        const only = queue[0]!;
        this.transport
          .call(
            subgraph,
            { kind: 'query', body: `${only.prefix}${JSON.stringify(only.variables)}}`, budget: this.budget },
            this.context,
          )
          .then(only.resolve, only.reject);
      } else {
        this.sendMerged(subgraph, queue);
      }
    }
  }

  private sendMerged(subgraph: string, batch: Pending[]): void {
    const { prefix } = mergedOperation(batch);
    const variables: Json = {};
    batch.forEach((pending, index) => {
      for (const name of pending.piece.variables.keys()) {
        if (Object.hasOwn(pending.variables, name)) variables[name] = pending.variables[name];
      }
      variables[`${REPRESENTATIONS}${index}`] = pending.representations;
    });
    const call: SubgraphCall = {
      kind: 'query',
      body: `${prefix}${JSON.stringify(variables)}}`,
      budget: this.budget,
    };
    this.transport.call(subgraph, call, this.context).then(
      (reply) => {
        const split = splitReply(reply, batch.length);
        for (let index = 0; index < batch.length; index += 1) batch[index]!.resolve(split[index]!);
      },
      (error) => {
        for (const pending of batch) pending.reject(error);
      },
    );
  }
}

/**
 * Each fetch's share of a merged answer, as if it had been sent alone: its `_entities`, and the
 * errors under its alias with the path put back to `_entities`. Errors outside every alias (a
 * request-level error) go to the first fetch only, so the client sees them once.
 */
export function splitReply(reply: SubgraphReply, count: number): SubgraphReply[] {
  const parts: SubgraphReply[] = [];
  const data = reply.data;
  for (let index = 0; index < count; index += 1) {
    const part: SubgraphReply = {};
    if (data !== undefined) part.data = data ? { _entities: data[`_e${index}`] } : data;
    if (reply.cacheHint) part.cacheHint = reply.cacheHint;
    parts.push(part);
  }
  const errors: NonNullable<SubgraphReply['errors']>[number][][] = parts.map(() => []);
  for (const error of reply.errors ?? []) {
    const head = error.path?.[0];
    const index = typeof head === 'string' && head.startsWith('_e') ? Number(head.slice(2)) : -1;
    if (Number.isInteger(index) && index >= 0 && index < count) {
      errors[index]!.push({ ...error, path: ['_entities', ...error.path!.slice(1)] });
    } else {
      errors[0]!.push(error);
    }
  }
  errors.forEach((list, index) => {
    if (list.length > 0) parts[index]!.errors = list;
  });
  return parts;
}
