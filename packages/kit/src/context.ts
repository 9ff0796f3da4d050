import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import type { TokenVerifier } from './auth/tokens.js';
import { errors } from './errors.js';
import type { Role } from './roles.js';

/** Who is calling, as proven by a verified access token. */
export interface Viewer {
  userId: string;
  roles: Role[];
  sessionId: string;
}

/** What every resolver in every service receives; services extend it with loaders and the db. */
export interface RequestContext {
  requestId: string;
  viewer: Viewer | null;
  /**
   * The client's address: at the gateway by the trusted-proxy rule (`forwardedClientAddress`), at
   * a subgraph as the gateway vouched for it (`verifiedClientAddress`); never a header's word alone.
   */
  ip: string | null;
  logger: Logger;
  /**
   * The request's own `Authorization` header, only when it carried a valid token: for a subgraph
   * that must act on another subgraph as the caller (so that subgraph's rules decide). Never logged.
   */
  authorization?: string | undefined;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps an upstream `x-request-id` when it is well-formed, so one id follows a request across services. */
export function requestIdFrom(headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The caller's identity from an `Authorization` header. No header is anonymous; a header that is
 * present but not a valid bearer token is UNAUTHENTICATED, never silently anonymous.
 */
export async function viewerFromAuthorization(
  header: string | undefined,
  verifier: TokenVerifier,
): Promise<Viewer | null> {
  if (header === undefined || header === '') return null;
  const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/i.exec(header.trim());
  if (!match?.[1])
    throw withStatus(errors.unauthenticated('Authorization header must be "Bearer <access token>".'), 401);
  try {
    const claims = await verifier.verify(match[1]);
    return { userId: claims.sub, roles: claims.roles, sessionId: claims.sid };
  } catch (error) {
    throw withStatus(error instanceof GraphQLError ? error : errors.unauthenticated(), 401);
  }
}

/**
 * Apollo Server answers an error thrown while building the context with `extensions.http.status`
 * (500 when there is none); it strips `http` before the client sees the error.
 */
export function withStatus(error: GraphQLError, status: number): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status } } });
}
