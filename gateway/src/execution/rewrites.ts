import type { FetchDataRewrite } from '@apollo/query-planner';
import type { SupergraphTypes } from './supergraph-types.js';

/**
 * The planner's data rewrites (@apollo/gateway dataRewrites.ts): set a value (`__typename` of an
 * @interfaceObject) or rename a key (an aliased requirement) at a path of field names and
 * `... on T` type conditions.
 */
const FRAGMENT_PREFIX = '... on ';

type Json = Record<string, unknown>;

/** Defines `key` as an own property first, so a `__proto__` key cannot reach the prototype. */
export function defineOwn(object: Json, key: string): void {
  if (!Object.hasOwn(object, key)) {
    Object.defineProperty(object, key, {
      value: undefined,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
}

export function applyRewrites(
  types: SupergraphTypes,
  rewrites: FetchDataRewrite[] | undefined,
  value: Json,
): void {
  if (!rewrites) return;
  for (const rewrite of rewrites) {
    const path = rewrite.path;
    if (path.length === 0) continue;
    const field = path[path.length - 1]!;
    const apply =
      rewrite.kind === 'ValueSetter'
        ? (object: Json) => {
            defineOwn(object, field);
            object[field] = rewrite.setValueTo;
          }
        : (object: Json) => {
            const current = Object.hasOwn(object, field) ? object[field] : undefined;
            if (current) {
              defineOwn(object, rewrite.renameKeyTo);
              object[rewrite.renameKeyTo] = current;
              object[field] = undefined;
            }
          };
    applyAt(types, path, 0, path.length - 1, value, apply);
  }
}

function applyAt(
  types: SupergraphTypes,
  path: string[],
  index: number,
  end: number,
  value: unknown,
  apply: (object: Json) => void,
): void {
  if (Array.isArray(value)) {
    for (const element of value) applyAt(types, path, index, end, element, apply);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  // A JSON object (arrays were walked above): TypeScript cannot index a narrowed `object`.
  const object = value as Json;
  if (index === end) {
    apply(object);
    return;
  }
  const element = path[index]!;
  if (element.startsWith(FRAGMENT_PREFIX)) {
    // Without a __typename the rewrite still applies, as in the gateway.
    if (types.isObjectOfType(object, element.slice(FRAGMENT_PREFIX.length), true)) {
      applyAt(types, path, index + 1, end, object, apply);
    }
  } else {
    applyAt(types, path, index + 1, end, Object.hasOwn(object, element) ? object[element] : undefined, apply);
  }
}
