import { createErrorFormatter, type Logger } from '@ukp/kit';
import type { GraphQLFormattedError } from 'graphql';

const FETCH_FAILURE =
  /error while fetching subquery from service "([^"]+)"|fetch failed|ECONNREFUSED|socket hang up|network/i;

/**
 * The kit's masking, plus: a subgraph that cannot be reached becomes SUBGRAPH_UNAVAILABLE naming
 * it (the rest of the response still carries what the other subgraphs returned).
 */
export function createGatewayErrorFormatter(logger: Logger) {
  const mask = createErrorFormatter(logger);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const extensions = (formatted.extensions ?? {}) as Record<string, unknown>;
    const serviceName = typeof extensions.serviceName === 'string' ? extensions.serviceName : undefined;
    const match = FETCH_FAILURE.exec(formatted.message);
    const isFetchFailure = match && (!extensions.code || extensions.code === 'INTERNAL_SERVER_ERROR');
    if (isFetchFailure) {
      const subgraph = serviceName ?? match[1] ?? 'unknown';
      logger.warn({ subgraph, message: formatted.message }, 'subgraph unavailable');
      return {
        message: `The ${subgraph} service is unavailable; fields it provides are null.`,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', subgraph },
      };
    }
    return mask(formatted, error);
  };
}
