import type { AccessClaims } from './tokens.js';

interface Remembered {
  claims: AccessClaims;
  /** The token's `exp`, in seconds since the epoch. */
  exp: number;
}

/** How a remembered token stands now. */
export type Recall = { state: 'unknown' } | { state: 'expired' } | { state: 'valid'; claims: AccessClaims };

const UNKNOWN: Recall = { state: 'unknown' };
const EXPIRED: Recall = { state: 'expired' };

/**
 * Tokens whose signature and claims were verified, with their claims, until they expire: the
 * gateway and every subgraph see the same token on each of a client's requests, and checking its
 * signature again (WebCrypto, an async job) was the largest piece of what a one-hop request adds.
 *
 * Keyed by the whole token, signature included, so a token that differs in any byte (forged,
 * tampered) is never found and goes through the full verification. Only what passed is
 * remembered; expiry is still checked at every request, against the clock as jose checks it
 * (`exp <= now` in whole seconds is expired). A token's time checks are `exp` and `nbf` only (no
 * maximum age is configured), and a token that passed `nbf` once passes it from then on.
 * Revocation is not decided here: `withSessionRevocations` wraps the verifier and asks each time.
 *
 * Bounded: past `capacity` the oldest remembered token is forgotten (it is verified again if it
 * comes back). An EdDSA key removed from a JWKS keeps its already-verified tokens valid until they
 * expire (access tokens live minutes).
 */
export class VerifiedTokens {
  private readonly tokens = new Map<string, Remembered>();

  constructor(
    private readonly capacity = 10_000,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  get size(): number {
    return this.tokens.size;
  }

  recall(token: string): Recall {
    const remembered = this.tokens.get(token);
    if (!remembered) return UNKNOWN;
    if (remembered.exp <= this.nowSeconds()) {
      this.tokens.delete(token);
      return EXPIRED;
    }
    // A copy: callers put the roles on their viewer, and one request must not change another's.
    const { claims } = remembered;
    return { state: 'valid', claims: { ...claims, roles: [...claims.roles] } };
  }

  remember(token: string, claims: AccessClaims, exp: number): void {
    if (this.tokens.size >= this.capacity && !this.tokens.has(token)) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.tokens.keys().next();
      if (!oldest.done) this.tokens.delete(oldest.value);
    }
    this.tokens.set(token, { claims: { ...claims, roles: [...claims.roles] }, exp });
  }
}
