import { errors, type TokenVerifier, type Viewer, viewerFromAuthorization } from '@ukp/kit';

export interface ConnectionIdentity {
  /** The `Authorization` value as given, forwarded upstream; undefined for an anonymous socket. */
  authorization: string | undefined;
  viewer: Viewer | null;
  /** When the access token stops being valid (epoch ms); undefined for an anonymous socket. */
  expiresAt: number | undefined;
}

/**
 * Who a socket speaks for, from its `connection_init` payload (`{ authorization: "Bearer …" }`).
 * No token is anonymous, as over HTTP; a token that is present but not valid rejects (the caller
 * closes with 4403), so a client never silently loses its identity.
 */
export async function authenticateConnection(
  params: Record<string, unknown> | undefined,
  verifier: TokenVerifier,
): Promise<ConnectionIdentity> {
  const raw = params?.authorization ?? params?.Authorization;
  if (raw === undefined || raw === null || raw === '') {
    return { authorization: undefined, viewer: null, expiresAt: undefined };
  }
  if (typeof raw !== 'string') throw errors.unauthenticated('authorization must be a string.');
  const viewer = await viewerFromAuthorization(raw, verifier);
  return { authorization: raw, viewer, expiresAt: expiryOf(raw) };
}

/** The `exp` of a bearer token that has already been verified, in epoch ms. */
function expiryOf(authorization: string): number | undefined {
  const payload = authorization.trim().split(' ')[1]?.split('.')[1];
  if (!payload) return undefined;
  try {
    // Only `exp` is read, and its type is checked on the next line.
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

// setTimeout fires at once for delays above 2^31-1 ms; tokens live minutes, but be safe.
const MAX_DELAY = 2_147_483_647;

/** Calls `onExpired` when the identity's token expires; returns the canceller. */
export function watchExpiry(
  identity: ConnectionIdentity,
  onExpired: () => void,
  now: () => number = Date.now,
): () => void {
  if (identity.expiresAt === undefined) return () => {};
  let timer: NodeJS.Timeout;
  const arm = () => {
    const delay = identity.expiresAt! - now();
    timer = setTimeout(delay > MAX_DELAY ? arm : onExpired, Math.max(0, Math.min(delay, MAX_DELAY)));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
