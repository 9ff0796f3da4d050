import { appError } from '@ukp/kit';
import {
  type DocumentNode,
  type GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';

const cycleErrors = new WeakSet<GraphQLError>();

/** The fragments each fragment spreads, read with a stack (no recursion). */
function spreadsOf(selectionSet: SelectionSetNode): string[] {
  const spreads: string[] = [];
  const pending = [selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) spreads.push(selection.name.value);
      else if (selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return spreads;
}

/** A fragment that spreads itself, directly or through others; iterative depth-first search. */
export function fragmentOnCycle(document: DocumentNode): string | undefined {
  const graph = new Map<string, string[]>();
  for (const node of document.definitions) {
    if (node.kind === Kind.FRAGMENT_DEFINITION) graph.set(node.name.value, spreadsOf(node.selectionSet));
  }
  const done = new Set<string>();
  const open = new Set<string>();
  for (const start of graph.keys()) {
    if (done.has(start)) continue;
    const stack: Array<{ name: string; next: number }> = [{ name: start, next: 0 }];
    open.add(start);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const spread = graph.get(top.name)?.[top.next];
      top.next += 1;
      if (spread === undefined) {
        open.delete(top.name);
        done.add(top.name);
        stack.pop();
      } else if (open.has(spread)) {
        return spread;
      } else if (!done.has(spread) && graph.has(spread)) {
        open.add(spread);
        stack.push({ name: spread, next: 0 });
      }
    }
  }
  return undefined;
}

/**
 * graphql-js's OverlappingFieldsCanBeMergedRule recurses through fragment cycles until the stack
 * overflows (it counts on NoFragmentCyclesRule, which runs beside it, not before it), and Apollo
 * calls `validate` outside any try: a 500 for 10 KB of text. This rule finds a cycle before any
 * selection set is visited and then ends validation the only way graphql-js allows, by reporting
 * errors until its `maxErrors` aborts the walk. `collapseAbortedValidation` then leaves the one
 * error the client needs. It must not be wrapped in `guardedRule`, which would catch the abort.
 */
export const fragmentCyclesRule: ValidationRule = (context) => ({
  Document: {
    enter(document) {
      const fragment = fragmentOnCycle(document);
      if (fragment === undefined) return;
      const error = appError(
        'GRAPHQL_VALIDATION_FAILED',
        `Cannot spread fragment "${fragment}" within itself.`,
      );
      cycleErrors.add(error);
      // graphql-js aborts past maxErrors (100 by default); the bound only guards an unlimited setting.
      for (let i = 0; i < 1000; i += 1) context.reportError(error);
    },
  },
});

/**
 * Leaves only the cycle error (once) when `fragmentCyclesRule` aborted validation; otherwise the
 * errors are untouched. In place, for Apollo's `didEncounterErrors`, which formats its own list.
 */
export function collapseAbortedValidation(errors: GraphQLError[]): void {
  const cycle = errors.find(
    (e) => cycleErrors.has(e) || (e.originalError && cycleErrors.has(e.originalError as GraphQLError)),
  );
  if (cycle) errors.splice(0, errors.length, cycle);
}
