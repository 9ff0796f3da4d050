import { createHash } from 'node:crypto';
import {
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  Kind,
  Lexer,
  OperationTypeNode,
  print,
  type SelectionSetNode,
  Source,
  TokenKind,
  visit,
} from 'graphql';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A hash of what a document asks for, independent of how it is written: whitespace, comments and
 * the order of definitions, selections, arguments, directives and variable definitions do not
 * change it. Both sides go through this function (each manifest entry at start, each incoming
 * query), so it only has to be invariant under the reorderings codegen's normalizer applies;
 * it need not reproduce that normalizer's exact text.
 *
 * The root selections of a mutation keep their order: they run one after another, so a
 * reordered mutation is a different operation.
 */
export function canonicalHash(document: DocumentNode): string {
  return sha256Hex(print(canonicalize(document)));
}

function canonicalize(document: DocumentNode): DocumentNode {
  const serial = new WeakSet<SelectionSetNode>();
  for (const definition of document.definitions) {
    if (
      definition.kind === Kind.OPERATION_DEFINITION &&
      definition.operation === OperationTypeNode.MUTATION
    ) {
      markSerial(definition.selectionSet, serial);
    }
  }
  // `enter` sees the original nodes, `leave` the rebuilt ones: carry "keep this order" across.
  const keepOrder: boolean[] = [];
  // Sorting on leave compares children already in their canonical form.
  return visit(document, {
    Document: { leave: (node) => ({ ...node, definitions: sorted<DefinitionNode>(node.definitions) }) },
    OperationDefinition: {
      leave: (node) => ({
        ...node,
        variableDefinitions: sorted(node.variableDefinitions),
        directives: sorted(node.directives),
      }),
    },
    SelectionSet: {
      enter: (node) => {
        keepOrder.push(serial.has(node));
      },
      leave: (node) => (keepOrder.pop() ? node : { ...node, selections: sorted(node.selections) ?? [] }),
    },
    Field: {
      leave: (node) => ({ ...node, arguments: sorted(node.arguments), directives: sorted(node.directives) }),
    },
    Directive: { leave: (node) => ({ ...node, arguments: sorted(node.arguments) }) },
    FragmentSpread: { leave: (node) => ({ ...node, directives: sorted(node.directives) }) },
    InlineFragment: { leave: (node) => ({ ...node, directives: sorted(node.directives) }) },
    FragmentDefinition: { leave: (node) => ({ ...node, directives: sorted(node.directives) }) },
  });
}

/**
 * A mutation's root selections, and those of inline fragments directly at its root. (Fields a
 * named fragment brings to the root are sorted anyway: codegen's normalizer sorts fragment
 * definitions, so the manifest text no longer carries their order.)
 */
function markSerial(selectionSet: SelectionSetNode, serial: WeakSet<SelectionSetNode>): void {
  serial.add(selectionSet);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) markSerial(selection.selectionSet, serial);
  }
}

/** Sorted by printed form: a total order, so any permutation of the same nodes sorts the same. */
function sorted<T extends ASTNode>(nodes: readonly T[] | undefined): T[] | undefined {
  if (!nodes) return undefined;
  return nodes
    .map((node) => ({ node, key: print(node) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.node);
}

/** Lexical tokens as `parse`'s `maxTokens` option counts them (comments and commas are not tokens). */
export function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let count = 0;
  while (lexer.advance().kind !== TokenKind.EOF) count += 1;
  return count;
}
