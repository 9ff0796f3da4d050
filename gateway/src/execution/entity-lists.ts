import type { FetchNode, FlattenNode, PlanNode, ResponsePath } from '@apollo/query-planner';
import { shareableFetches } from './entity-sharing.js';
import { placedFetches, reaches } from './plan-paths.js';

type Json = Record<string, unknown>;

/** Gathers the non-null objects reached by `path` from `value` (arrays are walked). */
export function collect(value: unknown, path: ResponsePath, index: number, out: Json[]): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // `@` steps into the list; a field name over a list (nested flatten) applies to each element.
    const next = path[index] === '@' ? index + 1 : index;
    for (const element of value) collect(element, path, next, out);
    return;
  }
  // Fetched JSON: an object here (arrays were walked above); TypeScript cannot index `object`.
  if (index === path.length) {
    if (typeof value === 'object') out.push(value as Json);
    return;
  }
  const key = path[index];
  if (key === '@' || key === undefined) return;
  const object = value as Json;
  collect(Object.hasOwn(object, key) ? object[key] : undefined, path, index + 1, out);
}

/**
 * Several fetches of a plan often work on the entities at one path (the fan-out benchmark sends
 * three to its 640 deepest products). The list `collect` made for the first is reused by the
 * others, until a fetch that may change what lies at that path has merged its answer: one whose
 * path is shorter and whose answer holds the next field down, or that shares places above it.
 * Merges into the entities themselves leave the list as it is, and so does sharing them (the
 * list is changed in place to match).
 */
export interface ListReuse {
  /** The key of each Flatten whose path another Flatten of the plan has too. */
  keys: ReadonlyMap<FlattenNode, string>;
  /** For each fetch, the keys of the lists its answer may change once merged. */
  merging: ReadonlyMap<FetchNode, readonly string[]>;
  /** For each fetch that may share places, the keys of the lists below them. */
  sharing: ReadonlyMap<FetchNode, readonly string[]>;
}

const NONE: ListReuse = { keys: new Map(), merging: new Map(), sharing: new Map() };

/** The list reuse of `plan` (its top-level Flattens only), computed once per plan. */
export function listReuse(plan: PlanNode): ListReuse {
  let known = analysed.get(plan);
  if (!known) {
    known = analyse(plan);
    analysed.set(plan, known);
  }
  return known;
}

const analysed = new WeakMap<PlanNode, ListReuse>();

function analyse(plan: PlanNode): ListReuse {
  const flattens: FlattenNode[] = [];
  const visit = (node: PlanNode): void => {
    switch (node.kind) {
      case 'Flatten':
        // Nested Flattens start from another cursor: never keyed.
        flattens.push(node);
        return;
      case 'Sequence':
      case 'Parallel':
        for (const child of node.nodes) visit(child);
        return;
      case 'Condition':
        if (node.ifClause) visit(node.ifClause);
        if (node.elseClause) visit(node.elseClause);
        return;
      default:
        return;
    }
  };
  visit(plan);
  const placed = placedFetches(plan);
  if (!placed) return NONE;
  const byKey = new Map<string, FlattenNode[]>();
  for (const flatten of flattens) {
    const key = flatten.path.join('\u0000');
    byKey.set(key, [...(byKey.get(key) ?? []), flatten]);
  }
  const keys = new Map<FlattenNode, string>();
  const merging = new Map<FetchNode, string[]>();
  const sharing = new Map<FetchNode, string[]>();
  const add = (map: Map<FetchNode, string[]>, fetch: FetchNode, key: string) => {
    map.set(fetch, [...(map.get(fetch) ?? []), key]);
  };
  const shareable = shareableFetches(plan);
  for (const [key, group] of byKey) {
    if (group.length < 2) continue;
    for (const flatten of group) keys.set(flatten, key);
    const fields = group[0]!.path.filter((step): step is string => typeof step === 'string' && step !== '@');
    for (const { fetch, path } of placed) {
      if (path.length >= fields.length || !path.every((name, i) => fields[i] === name)) continue;
      if (reaches(fetch, [fields[path.length]!])) add(merging, fetch, key);
      if (shareable.has(fetch)) add(sharing, fetch, key);
    }
  }
  return keys.size === 0 ? NONE : { keys, merging, sharing };
}
