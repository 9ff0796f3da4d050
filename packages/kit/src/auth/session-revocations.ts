import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventBus } from '../bus/event-bus.js';
import { appError } from '../errors.js';
import type { AccessClaims, TokenVerifier } from './tokens.js';

/** Published by the users service when sessions end before their access tokens would expire. */
export const SESSIONS_REVOKED = 'auth.sessions_revoked';

export interface SessionsRevoked {
  userId: string;
  sessionIds: string[];
  reason: string;
}

export interface SessionRevocationsOptions {
  bus: EventBus;
  /** How long an access token lives: a revoked session is remembered that long, then forgotten. */
  ttlSeconds: number;
  /** Remembers revocations across restarts (a sorted set scored by expiry); optional. */
  redis?: Redis | undefined;
  keyPrefix?: string;
  logger?: Logger;
  now?: () => number;
}

/**
 * Sessions ended before their access tokens expire (sign-out, sign-out everywhere, deactivation,
 * password reset, a reused refresh token). Access tokens are verified without a round trip, so
 * without this list a token taken from an ended session would still work for up to its 15
 * minutes; every service keeps the list in memory, fed by the bus, and refuses tokens of ended
 * sessions. With Redis the list also survives a restart.
 */
export class SessionRevocations {
  private readonly ended = new Map<string, number>();
  private readonly listeners = new Set<(sessionIds: readonly string[]) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private readonly now: () => number;
  private readonly key: string;

  private constructor(private readonly options: SessionRevocationsOptions) {
    this.now = options.now ?? Date.now;
    this.key = `${options.keyPrefix ?? 'ukp:'}revoked-sessions`;
  }

  /** Loads what Redis remembers, then follows the bus. */
  static async start(options: SessionRevocationsOptions): Promise<SessionRevocations> {
    const list = new SessionRevocations(options);
    list.unsubscribe = await options.bus.subscribe<SessionsRevoked>(SESSIONS_REVOKED, (event) => {
      // Its own announcements come back too: only sessions new to this list are acted on.
      const added = list.remember(Array.isArray(event.data?.sessionIds) ? event.data.sessionIds : []);
      // Whichever service has Redis keeps the list for instances that start later.
      list.persist(added).catch((error: unknown) => {
        options.logger?.error({ err: error }, 'could not keep revoked sessions in Redis');
      });
    });
    if (options.redis) {
      try {
        const now = list.now();
        await options.redis.zremrangebyscore(list.key, '-inf', now);
        const entries = await options.redis.zrangebyscore(list.key, now, '+inf', 'WITHSCORES');
        for (let i = 0; i + 1 < entries.length; i += 2) list.ended.set(entries[i]!, Number(entries[i + 1]));
      } catch (error) {
        // The bus still carries every revocation from now on; a cold list is logged, not fatal.
        options.logger?.error({ err: error }, 'could not load revoked sessions from Redis');
      }
    }
    return list;
  }

  /** Ends `sessionIds` everywhere: this process at once, other services and instances by the bus. */
  async revoke(event: SessionsRevoked): Promise<void> {
    if (event.sessionIds.length === 0) return;
    await this.persist(this.remember(event.sessionIds));
    await this.options.bus.publish(SESSIONS_REVOKED, event);
  }

  private async persist(sessionIds: readonly string[]): Promise<void> {
    if (!this.options.redis || sessionIds.length === 0) return;
    const expires = this.now() + this.options.ttlSeconds * 1000;
    await this.options.redis.zadd(this.key, ...sessionIds.flatMap((id) => [expires, id]));
  }

  isRevoked(sessionId: string): boolean {
    const expires = this.ended.get(sessionId);
    if (expires === undefined) return false;
    if (expires > this.now()) return true;
    this.ended.delete(sessionId);
    return false;
  }

  /**
   * Calls `listener` with the ids of sessions as they end (here or announced by the bus), for
   * whatever holds them open (a WebSocket); returns the function that stops listening.
   */
  onRevoked(listener: (sessionIds: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Sessions remembered now (expired ones are dropped as they are met and on each revocation). */
  get size(): number {
    return this.ended.size;
  }

  async stop(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** Adds the sessions not yet remembered, tells the listeners about them, and returns them. */
  private remember(sessionIds: readonly unknown[]): string[] {
    const now = this.now();
    const expires = now + this.options.ttlSeconds * 1000;
    // Bounded by what can still be valid: nothing outlives an access token.
    for (const [id, until] of this.ended) if (until <= now) this.ended.delete(id);
    const added = sessionIds.filter((id): id is string => typeof id === 'string' && !this.ended.has(id));
    for (const id of added) this.ended.set(id, expires);
    if (added.length === 0) return added;
    for (const listener of this.listeners) {
      try {
        listener(added);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'a revoked-session listener failed');
      }
    }
    return added;
  }
}

/** A verifier that also refuses tokens of ended sessions. */
export function withSessionRevocations(
  verifier: TokenVerifier,
  revocations: SessionRevocations,
): TokenVerifier {
  return {
    async verify(token: string): Promise<AccessClaims> {
      const claims = await verifier.verify(token);
      if (revocations.isRevoked(claims.sid)) {
        throw appError('UNAUTHENTICATED', 'This session has ended; sign in again.');
      }
      return claims;
    },
  };
}
