import { createErrorFormatter, type Logger } from '@ukp/kit';
import type { FormattedExecutionResult, GraphQLError, GraphQLFormattedError } from 'graphql';
// graphql-ws's own result type: graphql's, with every field also allowed to be undefined.
import type { ExecutionResult } from 'graphql-ws';

/**
 * What the socket sends, masked by the same rule as the HTTP path (Apollo's `formatError`):
 * registry codes pass, anything else becomes INTERNAL_SERVER_ERROR with the detail logged; every
 * error carries the operation's `requestId`.
 */
export function createResultFormatter(logger: Logger) {
  const formatError = createErrorFormatter(logger);
  const errors = (list: readonly GraphQLError[], requestId: string): GraphQLFormattedError[] =>
    list.map((error) => {
      const formatted = formatError(error.toJSON(), error);
      return { ...formatted, extensions: { ...formatted.extensions, requestId } };
    });
  return {
    errors,
    result(result: ExecutionResult, requestId: string): FormattedExecutionResult {
      return {
        ...(result.data !== undefined ? { data: result.data } : {}),
        ...(result.errors?.length ? { errors: errors(result.errors, requestId) } : {}),
      };
    },
  };
}
