import type { FetchNode } from '@apollo/query-planner';
import type { DistinctRepresentations } from './representations.js';
import { applyRewrites, defineOwn } from './rewrites.js';
import type { SupergraphTypes } from './supergraph-types.js';

type Json = Record<string, unknown>;

/** The answer of a fetch without `requires`, merged into every entity at the cursor. */
export function mergeFetchAnswer(
  types: SupergraphTypes,
  fetch: FetchNode,
  entities: Json[],
  data: Json | null | undefined,
): void {
  if (!data) return;
  applyRewrites(types, fetch.outputRewrites, data);
  for (const entity of entities) deepMerge(entity, data);
}

/** Each `_entities` answer merged into every entity its representation stood for. */
export function mergeEntityAnswers(
  types: SupergraphTypes,
  fetch: FetchNode,
  entities: Json[],
  { representations, owners }: DistinctRepresentations,
  data: Json,
): void {
  const received = data._entities;
  if (!Array.isArray(received)) throw new Error('Expected "data._entities" in response to be an array');
  if (received.length !== representations.length) {
    throw new Error(`Expected "data._entities" to contain ${representations.length} elements`);
  }
  for (let r = 0; r < received.length; r += 1) {
    // Subgraph JSON: each element is an object or null (the shaper checks what is inside).
    const answer = received[r] as Json | null;
    const places = owners[r]!;
    if (answer && !answer.__typename) answer.__typename = entities[places[0]!]!.__typename;
    if (answer) applyRewrites(types, fetch.outputRewrites, answer);
    // Places that share one object (entity-sharing.ts) come in a run: merged into once (merging
    // the same answer again would change nothing).
    let last: Json | undefined;
    for (const place of places) {
      const entity = entities[place]!;
      if (entity === last) continue;
      deepMerge(entity, answer);
      last = entity;
    }
  }
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
      // As Apollo's: what an earlier fetch put where a later one answers an object is an object.
      deepMerge(existing as Json, value);
    } else if (Array.isArray(value) && Array.isArray(existing) && value.length === existing.length) {
      for (let i = 0; i < value.length; i += 1) {
        const into = existing[i];
        const from = value[i];
        if (isObject(into) && isObject(from)) deepMerge(into, from);
        else existing[i] = from;
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
