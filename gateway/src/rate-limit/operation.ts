import {
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';

/** An operation as the limiter sees it, on either transport. */
export interface LimitedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown>;
}

/** Points an operation costs against the caller's bucket; always a positive integer. */
export type OperationCharge = (operation: LimitedOperation) => number;

/**
 * Until the cost estimator from gateway/src/limits exists: 1 per operation plus 1 per root field,
 * so aliasing one expensive field ten times costs ten times as much.
 */
export const rootFieldCharge: OperationCharge = (operation) => 1 + rootFields(operation).length;

/** The operation's root fields, through fragments (`{ ...F }`, `... on Query { }`), aliases kept. */
export function rootFields({ document, operation }: LimitedOperation): FieldNode[] {
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
  }
  const fields: FieldNode[] = [];
  // Validation rejects fragment cycles, but the limiter must not hang if it ever sees one.
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) fields.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment);
      }
    }
  };
  visit(operation.selectionSet);
  return fields;
}

/**
 * The email a field is about, from an `email` argument or an `input: { email }` argument, whether
 * written inline or passed as variables; normalised so case does not make a new bucket.
 */
export function emailArgument(field: FieldNode, variables: Record<string, unknown>): string | undefined {
  for (const argument of field.arguments ?? []) {
    const name = argument.name.value;
    if (name !== 'email' && name !== 'input') continue;
    const value = valueFromASTUntyped(argument.value, variables);
    const email =
      name === 'email' ? value : value && typeof value === 'object' ? Reflect.get(value, 'email') : undefined;
    if (typeof email === 'string' && email.trim() !== '') return email.trim().toLowerCase();
  }
  return undefined;
}
