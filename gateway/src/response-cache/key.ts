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

// Apollo keeps parsed documents in its document store, so a repeated query arrives as the same
// DocumentNode: print each once instead of on every cacheable request.
const printed = new WeakMap<DocumentNode, string>();

function printOnce(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
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
    .update(printOnce(document))
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(stableJson(variables ?? {}))
    .digest('hex');
}
