import {
  type DocumentNode,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { LimitsConfig } from './config.js';
import { limitError, type Rejection } from './errors.js';

/** One definition's own selections, and the fragments it spreads (once per spread). */
interface Definition {
  own: number;
  spreads: string[];
}

/** Counts a selection set's selections without entering spreads; a stack, not recursion. */
function definitionOf(selectionSet: SelectionSetNode): Definition {
  const definition: Definition = { own: 0, spreads: [] };
  const pending: SelectionSetNode[] = [selectionSet];
  for (let set = pending.pop(); set; set = pending.pop()) {
    for (const selection of set.selections) {
      definition.own += 1;
      if (selection.kind === Kind.FRAGMENT_SPREAD) definition.spreads.push(selection.name.value);
      else if (selection.selectionSet) pending.push(selection.selectionSet);
    }
  }
  return definition;
}

/**
 * Selections of each operation with every fragment spread expanded, as the query planner counts
 * them (it gives up past ten million, with an error that would be a 500). Each fragment is
 * counted once, bottom-up, so `A1 { ...A0 ...B0 }` … `A30` costs 62 steps, not 2^30; the walk
 * uses explicit stacks, so no document can overflow the call stack. Counts stop growing past
 * `cap`. Cycles and unknown fragments count 0: graphql-js's own rules report them.
 */
export function expandedSelections(document: DocumentNode, cap: number): Map<string | undefined, number> {
  const fragments = new Map<string, Definition>();
  const operations: Array<[string | undefined, Definition]> = [];
  for (const node of document.definitions) {
    if (node.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(node.name.value, definitionOf(node.selectionSet));
    else if (node.kind === Kind.OPERATION_DEFINITION)
      operations.push([node.name?.value, definitionOf(node.selectionSet)]);
  }
  const totals = new Map<string, number>();
  // Depth-first, post-order: the names marked `open` on the stack are the path to its top.
  const open = new Set<string>();
  const total = (start: string): number => {
    const stack = [start];
    while (stack.length > 0) {
      const name = stack[stack.length - 1]!;
      const definition = fragments.get(name);
      if (totals.has(name) || !definition) {
        if (!definition) totals.set(name, 0);
        stack.pop();
      } else if (!open.has(name)) {
        open.add(name);
        for (const spread of definition.spreads) {
          if (!totals.has(spread) && !open.has(spread)) stack.push(spread);
        }
      } else {
        let sum = definition.own;
        // A spread still open here is a cycle back to the path: 0.
        for (const spread of definition.spreads) sum = Math.min(cap, sum + (totals.get(spread) ?? 0));
        totals.set(name, sum);
        open.delete(name);
        stack.pop();
      }
    }
    return totals.get(start) ?? 0;
  };
  const counts = new Map<string | undefined, number>();
  for (const [name, definition] of operations) {
    let sum = definition.own;
    for (const spread of definition.spreads) sum = Math.min(cap, sum + total(spread));
    counts.set(name, sum);
  }
  return counts;
}

/** Refuses a document one of whose operations expands to more than `maxSelections` selections. */
export function selectionsRule(
  config: LimitsConfig,
  reject: (context: ValidationContext, rejection: Rejection) => void,
): ValidationRule {
  return (context) => {
    const max = config.maxSelections;
    for (const count of expandedSelections(context.getDocument(), max + 1).values()) {
      if (count <= max) continue;
      reject(context, {
        limit: 'selections',
        error: limitError(
          'selections',
          max,
          `With its fragments expanded this operation has more than ${max} selections; spread fewer fragments or select fewer fields.`,
        ),
      });
      break;
    }
    return {};
  };
}
