import type { FetchNode, QueryPlanSelectionNode } from '@apollo/query-planner';
import { bareObject } from './bare-object.js';
import { deepMerge } from './merge.js';
import { applyRewrites } from './rewrites.js';
import type { SupergraphTypes } from './supergraph-types.js';

type Json = Record<string, unknown>;

export interface FlatRequires {
  typeCondition: string;
  fields: string[];
  /** The one field besides `__typename` (the usual `@key(fields: "id")`), if that is all there is. */
  single: string | undefined;
}

/** `fetch.requires` when it is flat; undefined sends each entity through `selectRequires`. */
export function flatRequires(fetch: FetchNode): FlatRequires | undefined {
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

/** An entity fetch's distinct representations, and for each, the entities (by index) it stands for. */
export interface DistinctRepresentations {
  representations: Json[];
  owners: number[][];
}

/**
 * Builds each distinct representation the entities offer for `fetch.requires` once. An object in
 * `shared` stands at several places (entity-sharing.ts): it is keyed once, then known by identity.
 */
export function distinctRepresentations(
  types: SupergraphTypes,
  fetch: FetchNode,
  requires: QueryPlanSelectionNode[],
  flat: FlatRequires | undefined,
  entities: Json[],
  shared?: ReadonlySet<Json>,
): DistinctRepresentations {
  const representations: Json[] = [];
  const owners: number[][] = [];
  const seen = new Map<unknown, number>();
  // Single-field keys by typename, then by the raw value: no key string built per entity.
  let singles: Map<unknown, Map<unknown, number>> | undefined;
  let byObject: Map<Json, number> | undefined;
  for (let i = 0; i < entities.length; i += 1) {
    const entity = entities[i]!;
    const isShared = shared !== undefined && shared.size > 0 && shared.has(entity);
    if (isShared) {
      const known = byObject?.get(entity);
      if (known !== undefined) {
        owners[known]!.push(i);
        continue;
      }
    }
    let representation: Json | null = null;
    let table = seen;
    let key: unknown;
    if (flat) {
      const typename = entity.__typename;
      if (!typename || !types.isObjectOfType(entity, flat.typeCondition)) continue;
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
      representation = selectRequires(types, entity, requires);
      if (!representation?.__typename) continue;
      applyRewrites(types, fetch.inputRewrites, representation);
      // The entity's own typename is part of the key: two implementations rewritten to one
      // @interfaceObject typename must not share an answer that lacks __typename.
      key = `${String(entity.__typename)}\u0000${JSON.stringify(representation)}`;
    }
    let index = table.get(key);
    if (index === undefined) {
      index = representations.length;
      table.set(key, index);
      // `flat` is set whenever no representation was selected above.
      representations.push(representation ?? flatRepresentation(entity, flat!));
      owners.push([i]);
    } else {
      owners[index]!.push(i);
    }
    if (isShared) {
      byObject ??= new Map();
      byObject.set(entity, index);
    }
  }
  return { representations, owners };
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
      // Fetched JSON under a selection with sub-selections: objects or nulls (lists walked here).
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
