import type { IncomingHttpHeaders } from 'node:http';

/**
 * graphql-ws has no headers: a socket's token and forwarded request id come in the
 * `connection_init` payload. These are the headers they stand for, so a socket's operations are
 * read by the same rules as an HTTP request's (`requestIdFrom`, `viewerFromAuthorization`).
 * Either spelling is accepted: the gateway forwards `authorization` and `x-request-id`, browser
 * clients tend to send `Authorization` and `requestId`.
 */
export function headersFromConnectionParams(
  params: Record<string, unknown> | undefined,
): IncomingHttpHeaders {
  return {
    authorization: firstString(params, 'authorization', 'Authorization'),
    'x-request-id': firstString(params, 'x-request-id', 'requestId'),
  };
}

function firstString(params: Record<string, unknown> | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = params?.[name];
    if (typeof value === 'string') return value;
  }
  return undefined;
}
