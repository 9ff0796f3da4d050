import { createHash } from 'node:crypto';
import { type DocumentNode, print } from 'graphql';

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables share an entry. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The entry's key: the printed (whitespace- and comment-normalized) document, the variables and
 * the operation name, hashed so keys stay short whatever the query's size.
 */
export function responseKey(
  document: DocumentNode,
  operationName: string | null,
  variables: Record<string, unknown> | undefined,
): string {
  return createHash('sha256')
    .update(print(document))
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(stableJson(variables ?? {}))
    .digest('hex');
}
