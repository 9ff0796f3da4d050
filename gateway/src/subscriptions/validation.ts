import { appError, codeOf } from '@ukp/kit';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import { unmeasurableRejection } from '../limits/errors.js';
import { collapseAbortedValidation } from '../limits/fragment-cycles.js';
import type { OperationLimits } from '../limits/index.js';

export interface ParsedOperation {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

/**
 * Parses one operation out of a document; syntax errors carry GRAPHQL_PARSE_FAILED. A document
 * over the token or length limit is refused unparsed (QUERY_TOO_COMPLEX), whatever its type.
 */
export function parseOperation(
  source: string,
  operationName: string | undefined,
  limits?: Pick<OperationLimits, 'checkSource'>,
): ParsedOperation | readonly GraphQLError[] {
  const tooLarge = limits?.checkSource(source);
  if (tooLarge) return [tooLarge];
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : 'Syntax Error.';
    return [appError('GRAPHQL_PARSE_FAILED', message)];
  }
  const operation = getOperationAST(document, operationName);
  if (!operation) {
    return [
      appError(
        'BAD_REQUEST',
        operationName
          ? `Unknown operation named "${operationName}".`
          : 'Send exactly one operation, or name the one to run in operationName.',
      ),
    ];
  }
  return { document, operation };
}

/**
 * Validates against the API schema with graphql-js's rules plus `extraRules` (the same list the
 * HTTP path gives Apollo, so a limit written as a validation rule binds both transports).
 * Errors without a registry code become GRAPHQL_VALIDATION_FAILED; a rule that sets its own code
 * (QUERY_TOO_COMPLEX) keeps it. `limits` hides "Did you mean …" in production, as Apollo's path does.
 */
export function validateOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  extraRules: readonly ValidationRule[] = [],
  limits?: Pick<OperationLimits, 'hideSuggestions'>,
): readonly GraphQLError[] {
  let errors: GraphQLError[];
  try {
    errors = [...validate(schema, document, [...specifiedRules, ...extraRules])];
    collapseAbortedValidation(errors);
  } catch {
    // A rule that throws (graphql-js's own included) must not end the subscription with a 500-like
    // INTERNAL_SERVER_ERROR: the document is refused, its detail kept out of the answer.
    return [unmeasurableRejection().error];
  }
  const invalid = errors.map((error) =>
    codeOf(error)
      ? error
      : new GraphQLError(error.message, {
          nodes: error.nodes ?? null,
          extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
  );
  limits?.hideSuggestions(invalid);
  return invalid;
}
