import type { FetchNode, PlanNode, ResponsePath } from '@apollo/query-planner';
import { placedFetches, reaches } from './plan-paths.js';
import type { FlatRequires } from './representations.js';

type Json = Record<string, unknown>;

/**
 * Entity places that hold nothing but their representation (`product { __typename upc }`, the
 * usual shape of a reference) are identical when their keys are: one object can then stand at all
 * of them. Every later answer for that key is merged once instead of at each place, and the result
 * shaper builds its part of the answer once (the same object serialises at each place). The deep
 * fan-out benchmark reaches 640 places for 10 products this way.
 *
 * Safe only where nothing merges into those places except by their key: an answer merged into an
 * ancestor entity (a fetch at a shorter path whose selection reaches down to these places) could
 * bring different data to different places, so a fetch with such a fetch beside or after it in
 * the plan never shares.
 */

/** The fetches of `plan` whose places may share one object per key; computed once per plan. */
export function shareableFetches(plan: PlanNode): ReadonlySet<FetchNode> {
  let known = analysed.get(plan);
  if (!known) {
    known = analyse(plan);
    analysed.set(plan, known);
  }
  return known;
}

const analysed = new WeakMap<PlanNode, ReadonlySet<FetchNode>>();

function analyse(plan: PlanNode): ReadonlySet<FetchNode> {
  const placed = placedFetches(plan);
  if (!placed) return new Set();
  const shareable = new Set<FetchNode>();
  for (const candidate of placed) {
    if (!candidate.fetch.requires || candidate.path.length === 0) continue;
    const unsafe = placed.some(
      (other) =>
        other !== candidate &&
        !candidate.before.has(other.fetch) &&
        other.path.length < candidate.path.length &&
        other.path.every((name, i) => candidate.path[i] === name) &&
        reaches(other.fetch, candidate.path.slice(other.path.length)),
    );
    if (!unsafe) shareable.add(candidate.fetch);
  }
  return shareable;
}

/**
 * Makes `entities` hold one object for every place whose content is exactly its representation
 * and whose key it shares with another such place (`owners` from `distinctRepresentations`); the
 * objects now standing for several places are added to `shared`. True when any place changed:
 * `placeEntities` then puts them into the result.
 */
export function shareIdenticalEntities(
  entities: Json[],
  owners: number[][],
  flat: FlatRequires,
  shared: Set<Json>,
): boolean {
  let changed = false;
  for (const places of owners) {
    if (places.length < 2) continue;
    let canonical: Json | undefined;
    // Places already sharing an object come in a run: looked at once, and given the same outcome.
    let previous: Json | undefined;
    let outcome: Json | undefined;
    for (const place of places) {
      const entity = entities[place]!;
      if (entity === previous) {
        entities[place] = outcome!;
        continue;
      }
      previous = entity;
      outcome = entity;
      if (entity === canonical || !holdsOnly(entity, flat.fields.length)) continue;
      if (canonical === undefined) {
        canonical = entity;
        continue;
      }
      entities[place] = canonical;
      outcome = canonical;
      shared.add(canonical);
      changed = true;
    }
  }
  return changed;
}

/**
 * Walks `path` from `from` in `collect`'s order and puts each of `entities` at its place where
 * the result holds another object (one that `shareIdenticalEntities` replaced).
 */
export function placeEntities(from: Json[], path: ResponsePath, entities: Json[]): void {
  const walk: Walk = { path, entities, next: 0 };
  for (const entity of from) putBack(walk, entity, 0, undefined, '');
}

interface Walk {
  path: ResponsePath;
  entities: Json[];
  /** The index in `entities` of the next object found at the end of `path`. */
  next: number;
}

function putBack(
  walk: Walk,
  value: unknown,
  index: number,
  parent: Json | unknown[] | undefined,
  slot: string | number,
): void {
  if (value === null || value === undefined) return;
  const { path } = walk;
  if (Array.isArray(value)) {
    const step = path[index] === '@' ? index + 1 : index;
    for (let i = 0; i < value.length; i += 1) putBack(walk, value[i], step, value, i);
    return;
  }
  if (index === path.length) {
    if (typeof value !== 'object') return;
    const entity = walk.entities[walk.next++];
    // An own key of `parent` (only own keys are followed), so even `__proto__` is assigned as
    // the data property it is, never as the prototype.
    if (entity !== undefined && entity !== value && parent) {
      (parent as Record<string | number, unknown>)[slot] = entity;
    }
    return;
  }
  const key = path[index];
  if (key === '@' || key === undefined) return;
  const object = value as Json;
  putBack(walk, Object.hasOwn(object, key) ? object[key] : undefined, index + 1, object, key);
}

/**
 * Whether `entity` has `count` keys: it has every field of the representation (its key was
 * built from them), so then it has nothing else.
 */
function holdsOnly(entity: Json, count: number): boolean {
  let keys = 0;
  for (const key in entity) {
    if (!Object.hasOwn(entity, key)) continue;
    keys += 1;
    if (keys > count) return false;
  }
  return keys === count;
}
