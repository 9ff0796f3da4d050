// Validates the client operations in schema/operations/ against a schema, one operation at a time
// (with the fragments it spreads, from any file) so that each error names the operation it breaks.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  NoDeprecatedCustomRule,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  validate,
  visit,
} from 'graphql';

export interface OperationSource {
  file: string;
  source: string;
}

export interface OperationProblem {
  file: string;
  operation: string;
  message: string;
}

export function readOperations(dir: string): OperationSource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file, source: readFileSync(resolve(dir, file), 'utf8') }));
}

function spreadFragments(node: SelectionSetNode | DefinitionNode): string[] {
  const names: string[] = [];
  visit(node, { FragmentSpread: (spread) => void names.push(spread.name.value) });
  return names;
}

/** Validation errors (`errors`) and uses of deprecated schema elements (`deprecations`, warnings). */
export function validateOperations(
  schema: GraphQLSchema,
  sources: OperationSource[],
): { errors: OperationProblem[]; deprecations: OperationProblem[] } {
  const errors: OperationProblem[] = [];
  const deprecations: OperationProblem[] = [];
  const operations: Array<{ file: string; node: OperationDefinitionNode }> = [];
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const { file, source } of sources) {
    let document: DocumentNode;
    try {
      document = parse(source);
    } catch (error) {
      errors.push({ file, operation: '(file)', message: (error as GraphQLError).message });
      continue;
    }
    for (const definition of document.definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION) operations.push({ file, node: definition });
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
  }
  for (const { file, node } of operations) {
    const used = new Map<string, FragmentDefinitionNode>();
    const pending = spreadFragments(node);
    for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
      const fragment = fragments.get(name);
      if (!fragment || used.has(name)) continue;
      used.set(name, fragment);
      pending.push(...spreadFragments(fragment));
    }
    const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [node, ...used.values()] };
    const operation = node.name?.value ?? '(anonymous)';
    for (const error of validate(schema, document)) errors.push({ file, operation, message: error.message });
    for (const warning of validate(schema, document, [NoDeprecatedCustomRule])) {
      deprecations.push({ file, operation, message: warning.message });
    }
  }
  return { errors, deprecations };
}
