/**
 * Every `extensions.code` the platform sends (docs/errors.md). A copy, not an import of
 * `@ukp/kit`, which is server code; `errors.test.ts` fails when the two lists part.
 */
export const SERVER_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_CREDENTIALS',
  'TWO_FACTOR_REQUIRED',
  'ACCOUNT_LOCKED',
  'REFRESH_TOKEN_REUSED',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'RESPONSE_TOO_LARGE',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_NOT_ALLOWED',
  'SUBGRAPH_UNAVAILABLE',
  'SCHEMA_RELOADED',
  'SHUTTING_DOWN',
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PAYLOAD_TOO_LARGE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ServerErrorCode = (typeof SERVER_ERROR_CODES)[number];

/**
 * The one code the client makes up itself: no GraphQL answer arrived (the fetch failed, the body
 * was not GraphQL JSON, the socket closed), so there is no server code to report.
 */
export type ClientErrorCode = 'NETWORK_ERROR';

export type UkpErrorCode = ServerErrorCode | ClientErrorCode;

/** One error as the server sent it. */
export interface GraphQLErrorBody {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

export function isServerErrorCode(value: unknown): value is ServerErrorCode {
  return typeof value === 'string' && (SERVER_ERROR_CODES as readonly string[]).includes(value);
}

/**
 * What `request`, `signIn` and a subscription's iterator throw. `code` is the first error's
 * `extensions.code` (narrow on it with a `switch`); `errors` keeps every error and `data` whatever
 * partial result came with them (a `SUBGRAPH_UNAVAILABLE` answer still carries the other fields).
 */
export class UkpError extends Error {
  override readonly name = 'UkpError';
  readonly code: UkpErrorCode;
  /** The gateway's request id: quote it when reporting a problem, the logs are keyed by it. */
  readonly requestId: string | undefined;
  readonly path: ReadonlyArray<string | number> | undefined;
  readonly extensions: Readonly<Record<string, unknown>>;
  readonly errors: readonly GraphQLErrorBody[];
  /** HTTP status of the answer, when it came over HTTP. */
  readonly status: number | undefined;
  /** The operation that failed (`RefreshSession` when a refresh did). */
  readonly operationName: string | undefined;
  readonly data: unknown;

  constructor(
    code: UkpErrorCode,
    message: string,
    details: {
      errors?: readonly GraphQLErrorBody[];
      status?: number;
      operationName?: string | undefined;
      data?: unknown;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    const first = details.errors?.[0];
    this.code = code;
    this.extensions = first?.extensions ?? {};
    const requestId = this.extensions.requestId;
    this.requestId = typeof requestId === 'string' ? requestId : undefined;
    this.path = first?.path;
    this.errors = details.errors ?? [];
    this.status = details.status;
    this.operationName = details.operationName;
    this.data = details.data;
  }

  /** From a GraphQL answer's `errors`. A code this client does not know reads as INTERNAL_SERVER_ERROR. */
  static fromErrors(
    errors: readonly GraphQLErrorBody[],
    details: { status?: number; operationName?: string | undefined; data?: unknown } = {},
  ): UkpError {
    const first = errors[0];
    const raw = first?.extensions?.code;
    const code = isServerErrorCode(raw) ? raw : 'INTERNAL_SERVER_ERROR';
    return new UkpError(code, first?.message ?? 'The request failed.', { ...details, errors });
  }

  static network(
    message: string,
    details: { status?: number; operationName?: string | undefined; cause?: unknown } = {},
  ): UkpError {
    return new UkpError('NETWORK_ERROR', message, details);
  }
}

export function isUkpError(error: unknown, code?: UkpErrorCode): error is UkpError {
  return error instanceof UkpError && (code === undefined || error.code === code);
}
