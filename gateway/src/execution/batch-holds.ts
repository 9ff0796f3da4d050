import type { FetchNode, PlanNode } from '@apollo/query-planner';
import { mergeableFetch } from './entity-batching.js';

/**
 * Entity fetches that may wait, before they are sent, for a fetch to the same subgraph that a
 * sibling branch of a `Parallel` will send later, so both go out as one request.
 *
 * Waiting costs nothing when the fetch is the last thing its branch does: the `Parallel` finishes
 * only when the sibling branch has, which is after that later fetch was answered, and the waiting
 * fetch is answered with it. In the fan-out benchmark's plan, the products and accounts fetches of
 * its two halves and its three inventory fetches each go out once this way.
 *
 * A fetch waits only until each fetch it waits for is reached (its branch got to it, or finished
 * without it), never for an answer: what it waits for never waits for it, so nothing can wait in a
 * circle, and the first of a subgraph's queued fetches that may go takes all the others along.
 */
export interface BatchHolds {
  /** What each fetch that may wait waits for. */
  waitFor: ReadonlyMap<FetchNode, readonly FetchNode[]>;
  /** The fetches waited for that lie under each node: reached once the node has run. */
  within: ReadonlyMap<PlanNode, readonly FetchNode[]>;
}

const NONE: BatchHolds = { waitFor: new Map(), within: new Map() };

/** The holds of `plan`, computed once per plan. */
export function batchHolds(plan: PlanNode): BatchHolds {
  let known = analysed.get(plan);
  if (!known) {
    known = analyse(plan);
    analysed.set(plan, known);
  }
  return known;
}

const analysed = new WeakMap<PlanNode, BatchHolds>();

interface Shape {
  /** Every fetch under the node. */
  all: FetchNode[];
  /** Fetches after which nothing under the node runs. */
  last: FetchNode[];
  /** Fetches that may start after the node started (they follow another step under it). */
  later: FetchNode[];
}

function analyse(plan: PlanNode): BatchHolds {
  const waitFor = new Map<FetchNode, FetchNode[]>();
  const shapes = new Map<PlanNode, Shape>();
  const mergeable = new Map<FetchNode, boolean>();
  const canMerge = (fetch: FetchNode) => {
    let known = mergeable.get(fetch);
    if (known === undefined) {
      known = mergeableFetch(fetch) !== null;
      mergeable.set(fetch, known);
    }
    return known;
  };

  const shape = (node: PlanNode): Shape | undefined => {
    let result: Shape | undefined;
    switch (node.kind) {
      case 'Fetch':
        result = { all: [node], last: [node], later: [] };
        break;
      case 'Flatten':
        result = shape(node.node);
        if (!result) return undefined;
        break;
      case 'Sequence': {
        const children: Shape[] = [];
        for (const child of node.nodes) {
          const childShape = shape(child);
          if (!childShape) return undefined;
          children.push(childShape);
        }
        const [first] = children;
        const final = children[children.length - 1];
        result = {
          all: children.flatMap((c) => c.all),
          // A last step without fetches still runs after the fetches before it: none are last.
          last: final?.last ?? [],
          later: [...(first?.later ?? []), ...children.slice(1).flatMap((c) => c.all)],
        };
        break;
      }
      case 'Parallel':
      case 'Condition': {
        const branches = node.kind === 'Parallel' ? node.nodes : [node.ifClause, node.elseClause];
        const children: Shape[] = [];
        for (const branch of branches) {
          if (!branch) continue;
          const childShape = shape(branch);
          if (!childShape) return undefined;
          children.push(childShape);
        }
        if (node.kind === 'Parallel') holdAcross(children);
        result = {
          all: children.flatMap((c) => c.all),
          last: children.flatMap((c) => c.last),
          later: children.flatMap((c) => c.later),
        };
        break;
      }
      default:
        // Defer or a subscription root: nothing waits.
        return undefined;
    }
    shapes.set(node, result);
    return result;
  };

  const holdAcross = (children: Shape[]) => {
    children.forEach((child, i) => {
      for (const fetch of child.last) {
        if (!fetch.requires || !canMerge(fetch)) continue;
        const partners = children.flatMap((other, j) =>
          j === i
            ? []
            : other.later.filter(
                (later) => later.serviceName === fetch.serviceName && later.requires && canMerge(later),
              ),
        );
        if (partners.length === 0) continue;
        const known = waitFor.get(fetch) ?? [];
        for (const partner of partners) if (!known.includes(partner)) known.push(partner);
        waitFor.set(fetch, known);
      }
    });
  };

  if (!shape(plan) || waitFor.size === 0) return NONE;
  const waited = new Set([...waitFor.values()].flat());
  const within = new Map<PlanNode, FetchNode[]>();
  for (const [node, { all }] of shapes) {
    const inside = all.filter((fetch) => waited.has(fetch));
    if (inside.length > 0) within.set(node, inside);
  }
  return { waitFor, within };
}
