import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';

/**
 * Whether the field being resolved selects `path` below it (`['totalCount']`,
 * `['edges', 'node', 'body']`), through fragments and whatever the aliases. A field under
 * `@skip` or `@include` counts as selected: reading a little more than needed is harmless.
 */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return info.fieldNodes.some(
    (node) => node.selectionSet !== undefined && within(node.selectionSet, path, info),
  );
}

function within(set: SelectionSetNode, path: readonly string[], info: GraphQLResolveInfo): boolean {
  const [name, ...rest] = path;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== name) continue;
      if (rest.length === 0) return true;
      if (selection.selectionSet && within(selection.selectionSet, rest, info)) return true;
    } else {
      // Validation has refused fragment cycles before any resolver runs.
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : info.fragments[selection.name.value];
      if (fragment && within(fragment.selectionSet, path, info)) return true;
    }
  }
  return false;
}
