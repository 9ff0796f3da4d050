import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { LimitsConfig } from './config.js';
import { limitError, type Rejection } from './errors.js';
import { type FieldWeights, fieldWeights, type ListCost, ListCostMeter } from './list-cost.js';

/** The list-size limit first (it is what a client fixes with smaller pages), then the cost. */
export function listCostRejection(measured: ListCost, config: LimitsConfig): Rejection | undefined {
  if (measured.items > config.maxListItems) {
    return {
      limit: 'listSize',
      error: limitError(
        'listSize',
        config.maxListItems,
        `This operation could return ${Math.ceil(measured.items)} list items; the limit is ${config.maxListItems}. Ask for smaller pages (first) or nest fewer lists.`,
      ),
    };
  }
  if (measured.cost > config.maxCost) {
    return {
      limit: 'cost',
      error: limitError(
        'cost',
        config.maxCost,
        `This operation costs ${Math.ceil(measured.cost)} (one per list fetched and more per large text field, times their parents); the limit is ${config.maxCost}. Nest fewer lists, ask for smaller pages or fewer large fields (body).`,
      ),
    };
  }
  return undefined;
}

export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragment: (name: string) => FragmentDefinitionNode | undefined,
  variables?: Readonly<Record<string, unknown>>,
  weights?: FieldWeights,
): ListCost {
  const root = schema.getRootType(operation.operation);
  if (!root) return { items: 0, cost: 0 };
  return new ListCostMeter(schema, fragment, variables, weights).measure(operation.selectionSet, root);
}

/**
 * The static half of the list-size and cost limits, for `validationRules` (so both transports
 * run it): slicing variables count as 0 here, the values are checked by `listLimitsWithVariables`.
 */
export function listLimitsRule(
  config: LimitsConfig,
  reject: (context: ValidationContext, rejection: Rejection) => void,
): ValidationRule {
  const weights = fieldWeights(config.fieldWeights);
  return (context) => ({
    OperationDefinition(node) {
      const measured = measureOperation(
        context.getSchema(),
        node,
        (name) => context.getFragment(name) ?? undefined,
        undefined,
        weights,
      );
      const rejection = listCostRejection(measured, config);
      if (rejection) reject(context, rejection);
    },
  });
}

/**
 * The same limits with the request's variables, once they are known (Apollo's
 * `didResolveOperation`, the socket's subscribe). Variables that do not coerce are left to
 * execution, which refuses them before any subgraph is called.
 */
export function listLimitsWithVariables(
  document: DocumentNode,
  variables: Readonly<Record<string, unknown>>,
  schema: GraphQLSchema,
  config: LimitsConfig,
  operationName?: string,
  weights: FieldWeights = fieldWeights(config.fieldWeights),
): Rejection | undefined {
  const operation = getOperationAST(document, operationName);
  // Without variables the measure is the static one, which validation already applied.
  if (!operation?.variableDefinitions?.length) return undefined;
  const values = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (values.errors) return undefined;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = measureOperation(
    schema,
    operation,
    (name) => fragments.get(name),
    values.coerced,
    weights,
  );
  return listCostRejection(measured, config);
}
