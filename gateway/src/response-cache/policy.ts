import type { DocumentNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { Kind } from 'graphql';

/**
 * Cacheable root query fields and their max-age in seconds. The policy lives in the gateway rather
 * than in `@cacheControl` hints: hints would have to be composed into the supergraph and be kept
 * right on every nested type of every subgraph (one missing hint makes Apollo's policy uncacheable,
 * one wrong hint caches what it should not), whereas a short explicit allow-list is easy to review.
 * Everything not listed is never cached.
 */
export const cacheableRootFields: ReadonlyMap<string, number> = new Map([
  ['documents', 30],
  ['document', 30],
  ['search', 30],
  ['ask', 60],
]);

/** Every bus topic that changes what the allow-listed fields return. */
export const knowledgeTopics = [
  'document.created',
  'document.updated',
  'document.published',
  'document.archived',
  'document.restored',
  'document.deleted',
] as const;

/** The namespace whose generation the allow-listed fields' responses carry. */
export const knowledgeNamespace = 'knowledge';

/**
 * The max-age of a query, the smallest of its root fields', or undefined when any root field is
 * not cacheable (or the operation is not a query).
 */
export function maxAgeOf(document: DocumentNode, operation: OperationDefinitionNode): number | undefined {
  if (operation.operation !== 'query') return undefined;
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
  let maxAge = Number.POSITIVE_INFINITY;
  let fields = 0;
  const visit = (set: SelectionSetNode, seen: Set<string>): boolean => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (name === '__typename') continue;
        const age = cacheableRootFields.get(name);
        if (age === undefined) return false;
        maxAge = Math.min(maxAge, age);
        fields += 1;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (!visit(selection.selectionSet, seen)) return false;
      } else {
        const name = selection.name.value;
        const spread = fragments.get(name);
        // An unknown or cyclic spread never passes validation; refuse to cache rather than loop.
        if (!spread || seen.has(name)) return false;
        if (!visit(spread, new Set([...seen, name]))) return false;
      }
    }
    return true;
  };
  if (!visit(operation.selectionSet, new Set())) return undefined;
  return fields > 0 ? maxAge : undefined;
}
