import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { ERROR_CODES, isErrorCode } from '../errors.js';

// Apollo Server's own codes that mean "your request is malformed".
const APOLLO_ALIASES: Record<string, keyof typeof ERROR_CODES> = {
  OPERATION_RESOLUTION_FAILURE: 'BAD_REQUEST',
  PERSISTED_QUERY_NOT_SUPPORTED: 'BAD_REQUEST',
};

/**
 * Apollo refuses some malformed requests before any plugin runs with an error that has a 4xx
 * HTTP status but no code (an unsupported persisted-query version, say): the client's fault, so
 * BAD_REQUEST — not INTERNAL_SERVER_ERROR and an error-level log line anyone could produce at will.
 */
function clientStatus(error: unknown): number | undefined {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * `formatError` for every Apollo Server of ours: registry errors pass with their message and
 * extensions (minus any stack trace); anything else becomes a generic INTERNAL_SERVER_ERROR and
 * its detail goes to the log. A database that cannot be reached is SERVICE_UNAVAILABLE: retryable.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { stacktrace: _stacktrace, ...extensions } = (formatted.extensions ?? {}) as Record<
      string,
      unknown
    >;
    const rawCode = extensions.code;
    const code = typeof rawCode === 'string' ? (APOLLO_ALIASES[rawCode] ?? rawCode) : undefined;
    if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') {
      return { ...formatted, extensions: { ...extensions, code } };
    }
    if (clientStatus(error) !== undefined) {
      logger.debug({ err: error }, 'malformed request refused');
      return {
        message: 'The request is malformed.',
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: { code: 'BAD_REQUEST' },
      };
    }
    if (isDatabaseUnavailable(error)) {
      // Expected while Postgres restarts: one warning a request, not an error-level alarm.
      logger.warn({ err: error }, 'database unavailable');
      return {
        message: 'The database is unavailable for a moment. Retry shortly.',
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 },
      };
    }
    logger.error({ err: error, extensions }, 'unexpected error masked');
    return {
      message: ERROR_CODES.INTERNAL_SERVER_ERROR.description.split('.')[0] ?? 'Internal server error',
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** Adds the request id to every error, so a client can quote it and we can find the log lines. */
export function requestIdPlugin<T extends { requestId: string }>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (!result.errors) return;
          result.errors = result.errors.map((e) => ({
            ...e,
            extensions: { ...e.extensions, requestId: contextValue.requestId },
          }));
        },
      };
    },
  };
}
