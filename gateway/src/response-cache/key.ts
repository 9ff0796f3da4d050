import { createHash } from 'node:crypto';
import { type DocumentNode, type OperationDefinitionNode, print } from 'graphql';

/** Variables nested deeper than this are not worth a cache entry (nor a deep recursion). */
const MAX_DEPTH = 32;

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` variables share an entry. */
function stableJson(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = stableJson(item, depth + 1);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(',')}]`;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const parts: string[] = [];
    for (const [k, v] of entries) {
      const text = stableJson(v, depth + 1);
      if (text === undefined) return undefined;
      parts.push(`${JSON.stringify(k)}:${text}`);
    }
    return `{${parts.join(',')}}`;
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
 * The entry's key: the printed (whitespace- and comment-normalized) document, the variables the
 * operation declares (execution ignores any others, so they must not split entries) and the
 * operation name, hashed so keys stay short whatever the query's size. Undefined when the
 * variables are nested too deep to be worth caching.
 */
export function responseKey(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  operationName: string | null,
  variables: Record<string, unknown> | undefined,
): string | undefined {
  const declared: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables && Object.hasOwn(variables, name)) declared[name] = variables[name];
  }
  const text = stableJson(declared);
  if (text === undefined) return undefined;
  return createHash('sha256')
    .update(printOnce(document))
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(text)
    .digest('hex');
}
