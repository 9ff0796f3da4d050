import { GraphQLError } from 'graphql';

/**
 * The closed registry of error codes a client may see in `extensions.code`.
 * `docs/errors.md` is rendered from this table (`pnpm errors:docs`); CI fails when it is stale.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: {
    http: 401,
    description: 'No valid access token: it is missing where one is required, expired, forged or malformed.',
  },
  FORBIDDEN: {
    http: 403,
    description: 'The token is valid but its roles do not allow this operation or field.',
  },
  BAD_USER_INPUT: {
    http: 400,
    description: 'An argument is invalid; `extensions.field` names it where there is one.',
  },
  NOT_FOUND: {
    http: 404,
    description: 'The object does not exist, or the caller may not know that it exists.',
  },
  CONFLICT: {
    http: 409,
    description: 'The change conflicts with the current state (email taken, stale `expectedVersion`).',
  },
  INVALID_CREDENTIALS: {
    http: 401,
    description:
      'Sign-in failed. One message for an unknown email and a wrong password, so accounts cannot be enumerated.',
  },
  TWO_FACTOR_REQUIRED: {
    http: 401,
    description: 'The password was right but the account has two-factor sign-in: repeat with `totpCode`.',
  },
  ACCOUNT_LOCKED: {
    http: 429,
    description: 'Too many failed sign-ins; `extensions.retryAfterSeconds` says when to try again.',
  },
  REFRESH_TOKEN_REUSED: {
    http: 401,
    description:
      'A refresh token that was already rotated was presented again; the whole session family is revoked.',
  },
  RATE_LIMITED: {
    http: 429,
    description: 'Too many requests; `extensions.retryAfterSeconds` says when to retry.',
  },
  QUERY_TOO_COMPLEX: {
    http: 400,
    description:
      'The operation exceeds a limit (cost, depth, aliases, directives, tokens, listSize, documentSize, selections, unmeasurable, subscriptionsPerConnection); `extensions.limit` names it.',
  },
  RESPONSE_TOO_LARGE: {
    http: 400,
    description:
      'The answer would be larger than the gateway sends (`extensions.max` bytes; `extensions.subgraph` when one subgraph answer alone was over its own limit). No partial data is sent: ask for fewer items or fields.',
  },
  PERSISTED_QUERY_NOT_FOUND: {
    http: 200,
    description: 'An automatic persisted query hash is unknown: send the full query with the hash.',
  },
  OPERATION_NOT_ALLOWED: {
    http: 403,
    description: 'Trusted documents are enforced and this operation is not in the manifest.',
  },
  SUBGRAPH_UNAVAILABLE: {
    http: 200,
    description:
      'A subgraph did not answer; `extensions.subgraph` names it. Fields from other subgraphs still resolve.',
  },
  SCHEMA_RELOADED: {
    http: 200,
    description:
      'The gateway loaded a new supergraph; active subscriptions end with this code. Subscribe again.',
  },
  SHUTTING_DOWN: {
    http: 503,
    description:
      'The server is shutting down: a subscription ends with this error, then `complete`, then the socket closes with 1001. Reconnect; another instance answers.',
  },
  SERVICE_UNAVAILABLE: {
    http: 200,
    description:
      'A service could not reach a dependency it cannot answer without (its database) for a moment; `extensions.retryAfterSeconds` says when to retry. A write that failed so may or may not have been applied: read before repeating one that is not idempotent.',
  },
  GRAPHQL_PARSE_FAILED: { http: 400, description: 'The operation is not valid GraphQL syntax.' },
  GRAPHQL_VALIDATION_FAILED: {
    http: 400,
    description: 'The operation does not validate against the schema (unknown field, wrong argument type).',
  },
  BAD_REQUEST: {
    http: 400,
    description: 'The HTTP request itself is malformed: bad JSON, missing query, wrong content type.',
  },
  PAYLOAD_TOO_LARGE: { http: 413, description: 'The request body is larger than the server accepts.' },
  INTERNAL_SERVER_ERROR: {
    http: 500,
    description:
      'Something failed on our side. The message is generic; the log has the detail under `requestId`.',
  },
} as const satisfies Record<string, { http: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

/** Build a GraphQL error whose `extensions.code` is always one of the registry's codes. */
export function appError(
  code: ErrorCode,
  message: string,
  extensions: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const errors = {
  unauthenticated: (message = 'Authentication required.') => appError('UNAUTHENTICATED', message),
  forbidden: (message = 'You are not allowed to do this.') => appError('FORBIDDEN', message),
  badInput: (message: string, field?: string) =>
    appError('BAD_USER_INPUT', message, field === undefined ? {} : { field }),
  notFound: (what = 'Object') => appError('NOT_FOUND', `${what} not found.`),
  conflict: (message: string, extensions: Record<string, unknown> = {}) =>
    appError('CONFLICT', message, extensions),
  internal: () => appError('INTERNAL_SERVER_ERROR', 'Internal server error.'),
};

/** The registry code carried by an error, or undefined when it carries none of ours. */
export function codeOf(error: unknown): ErrorCode | undefined {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return isErrorCode(code) ? code : undefined;
}
