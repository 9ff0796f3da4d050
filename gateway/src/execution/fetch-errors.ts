import type { ResponsePath } from '@apollo/query-planner';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Cursor } from './plan-executor.js';

type Json = Record<string, unknown>;

/** The errors of a fetch without `requires`, their paths made absolute. */
export function reportFetchErrors(
  into: GraphQLError[],
  subgraph: string,
  cursor: Cursor,
  errors: readonly GraphQLFormattedError[],
): void {
  for (const error of errors) {
    into.push(subgraphError(error, subgraph, error.path ? [...cursor.path, ...error.path] : undefined));
  }
}

/**
 * An entity fetch's errors: one at each place the representation stood for (`_entities.N…` maps
 * to every owner of representation N), as if each had been sent; others once, at their path.
 */
export function reportEntityErrors(
  into: GraphQLError[],
  subgraph: string,
  cursor: Cursor,
  owners: number[][],
  errors: readonly GraphQLFormattedError[],
): void {
  let paths: ResponsePath[] | undefined;
  const entityPath = (entityIndex: number): ResponsePath => {
    paths ??= hydratedPaths(cursor);
    return paths[entityIndex] ?? [];
  };
  for (const error of errors) {
    const at = error.path;
    if (at && typeof at[1] === 'number') {
      for (const entityIndex of owners[at[1]] ?? []) {
        into.push(subgraphError(error, subgraph, [...entityPath(entityIndex), ...at.slice(2)]));
      }
    } else {
      into.push(subgraphError(error, subgraph, at ? [...cursor.path, ...at] : undefined));
    }
  }
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
  const key = path[index];
  if (key === undefined || key === '@' || typeof data !== 'object' || !Object.hasOwn(data, key)) return;
  parent.push(key);
  // Fetched JSON: TypeScript cannot index the narrowed `object`.
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
