import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql';

/**
 * Where a plan's fetches merge their answers, what is certain to run before each, and how far
 * down an answer can reach: what the plan analyses of entity-sharing.ts and entity-lists.ts read.
 */

export interface Placed {
  fetch: FetchNode;
  /** Field names from the root to the fetch's entities (list steps left out). */
  path: string[];
  /** Fetches certain to have finished before this one starts. */
  before: ReadonlySet<FetchNode>;
}

/** Every fetch of `plan` with its path and what precedes it; undefined for a plan with Defer. */
export function placedFetches(plan: PlanNode): readonly Placed[] | undefined {
  let known = placedByPlan.get(plan);
  if (known === undefined) {
    const out: Placed[] = [];
    known = place(plan, [], new Set(), out) ? out : null;
    placedByPlan.set(plan, known);
  }
  return known ?? undefined;
}

const placedByPlan = new WeakMap<PlanNode, Placed[] | null>();

/** Records every fetch under `node`; returns the fetches of `node`, or undefined for one it does not know. */
function place(
  node: PlanNode,
  path: string[],
  before: ReadonlySet<FetchNode>,
  out: Placed[],
): Set<FetchNode> | undefined {
  switch (node.kind) {
    case 'Fetch':
      out.push({ fetch: node, path, before });
      return new Set([node]);
    case 'Flatten':
      return place(
        node.node,
        path.concat(node.path.filter((step): step is string => typeof step === 'string' && step !== '@')),
        before,
        out,
      );
    case 'Sequence': {
      const all = new Set<FetchNode>();
      let done = new Set(before);
      for (const child of node.nodes) {
        const fetches = place(child, path, done, out);
        if (!fetches) return undefined;
        for (const fetch of fetches) all.add(fetch);
        done = new Set([...done, ...fetches]);
      }
      return all;
    }
    case 'Parallel': {
      const all = new Set<FetchNode>();
      for (const child of node.nodes) {
        const fetches = place(child, path, before, out);
        if (!fetches) return undefined;
        for (const fetch of fetches) all.add(fetch);
      }
      return all;
    }
    case 'Condition': {
      const all = new Set<FetchNode>();
      for (const branch of [node.ifClause, node.elseClause]) {
        if (!branch) continue;
        const fetches = place(branch, path, before, out);
        if (!fetches) return undefined;
        for (const fetch of fetches) all.add(fetch);
      }
      return all;
    }
    default:
      return undefined;
  }
}

/** Whether what `fetch` answers can hold objects at `rest` below its own entities (or the root). */
export function reaches(fetch: FetchNode, rest: string[]): boolean {
  const answer = answerOf(fetch);
  if (!answer) return true;
  let sets = [answer.root];
  if (fetch.requires) sets = fieldsNamed(sets, '_entities', answer.fragments);
  for (const name of rest) {
    sets = fieldsNamed(sets, name, answer.fragments);
    if (sets.length === 0) return false;
  }
  return true;
}

interface Answer {
  root: SelectionSetNode;
  fragments: Map<string, SelectionSetNode>;
}

const answers = new WeakMap<FetchNode, Answer | null>();

/** A fetch's operation, parsed once; null when it cannot be read (then it may reach anything). */
function answerOf(fetch: FetchNode): Answer | null {
  let known = answers.get(fetch);
  if (known === undefined) {
    known = null;
    let document: DocumentNode | undefined;
    try {
      document = parse(fetch.operation);
    } catch {
      document = undefined;
    }
    const fragments = new Map<string, SelectionSetNode>();
    for (const definition of document?.definitions ?? []) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition.selectionSet);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        known = { root: definition.selectionSet, fragments };
      }
    }
    answers.set(fetch, known);
  }
  return known;
}

/** The selection sets of the fields answered under `name` in `sets`, through any fragment. */
function fieldsNamed(
  sets: SelectionSetNode[],
  name: string,
  fragments: Map<string, SelectionSetNode>,
): SelectionSetNode[] {
  const found: SelectionSetNode[] = [];
  const visit = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if ((selection.alias ?? selection.name).value === name && selection.selectionSet) {
          found.push(selection.selectionSet);
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet, seen);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(selection.name.value)) {
          visit(fragment, new Set(seen).add(selection.name.value));
        }
      }
    }
  };
  for (const set of sets) visit(set, new Set());
  return found;
}
