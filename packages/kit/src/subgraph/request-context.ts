import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { TokenVerifier } from '../auth/tokens.js';
import { clientAddressSecret } from '../client-address/env.js';
import { createClientAddressSigner, verifiedClientAddress } from '../client-address/signed.js';
import { type RequestContext, requestIdFrom, viewerFromAuthorization } from '../context.js';
import { type Logger, requestLogger } from '../logger.js';
import type { ServerSpan } from '../tracing/spans.js';
import { headersFromConnectionParams } from './socket-request.js';

export interface BaseContexts {
  /** An HTTP request's: the id the server already chose (`requestIdFrom`), the gateway-signed address. */
  http(req: IncomingMessage, requestId: string, span?: ServerSpan): Promise<RequestContext>;
  /** A graphql-ws operation's, from its `connection_init` payload; a socket has no client address. */
  socket(params: Record<string, unknown> | undefined): Promise<RequestContext>;
}

/**
 * The one rule for who calls and under which id, whether over HTTP or a socket: the id is kept
 * when well-formed and replaced when not; a present but invalid token is UNAUTHENTICATED.
 */
export function baseContexts(
  env: { CLIENT_ADDRESS_SECRET?: string | undefined; JWT_SECRET?: string | undefined },
  verifier: TokenVerifier,
  logger: Logger,
): BaseContexts {
  // The client's address comes only from the gateway, signed (x-ukp-client-address); without a
  // valid signature it is the socket's, so a direct caller cannot choose what the audit log records.
  const secret = clientAddressSecret(env);
  const addressSigner = secret ? createClientAddressSigner(secret) : undefined;

  const build = async (
    headers: IncomingHttpHeaders,
    requestId: string,
    ip: string | null,
    traceId?: string,
  ): Promise<RequestContext> => {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
    const viewer = await viewerFromAuthorization(authorization, verifier);
    return {
      requestId,
      ip,
      viewer,
      logger: requestLogger(logger, requestId, traceId),
      ...(viewer && authorization ? { authorization } : {}),
    };
  };

  return {
    http: (req, requestId, span) =>
      build(
        req.headers,
        requestId,
        verifiedClientAddress(req.headers, req.socket.remoteAddress, addressSigner),
        span?.traceId,
      ),
    socket: (params) => {
      const headers = headersFromConnectionParams(params);
      return build(headers, requestIdFrom(headers), null);
    },
  };
}
