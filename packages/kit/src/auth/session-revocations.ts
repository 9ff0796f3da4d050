import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventBus } from '../bus/event-bus.js';
import { appError } from '../errors.js';
import { onRedisReconnect } from '../redis.js';
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
  /**
   * Remembers revocations across restarts and Redis outages (a sorted set scored by expiry);
   * optional. Every service with Redis writes what it learns there and reloads it when Redis
   * comes back, so a revocation announced while the bus could not cross instances still arrives.
   */
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
 * sessions. With Redis the list also survives a restart, and a Redis outage: revocations that
 * could not be written meanwhile are written, announced again and the set re-read on reconnect.
 */
export class SessionRevocations {
  private readonly ended = new Map<string, number>();
  private readonly listeners = new Set<(sessionIds: readonly string[]) => void>();
  private unsubscribe: (() => Promise<void>) | undefined;
  private stopCatchUp: (() => void) | undefined;
  /** Sessions learnt while Redis could not take them: written and announced again on reconnect. */
  private readonly unpersisted = new Set<string>();
  /** Logs one failed write an outage, not one a revocation. */
  private persistFailing = false;
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
      void list.persist(added);
    });
    if (options.redis) {
      const redis = options.redis;
      await list.load(redis);
      list.stopCatchUp = onRedisReconnect(redis, () => void list.catchUp(redis));
    }
    return list;
  }

  /** Adds what Redis remembers (and has not expired) to this list. */
  private async load(redis: Redis): Promise<void> {
    try {
      const now = this.now();
      await redis.zremrangebyscore(this.key, '-inf', now);
      const entries = await redis.zrangebyscore(this.key, now, '+inf', 'WITHSCORES');
      const found: string[] = [];
      for (let i = 0; i + 1 < entries.length; i += 2) {
        const id = entries[i]!;
        if (!this.ended.has(id)) found.push(id);
        this.ended.set(id, Math.max(this.ended.get(id) ?? 0, Number(entries[i + 1])));
      }
      // Sockets of sessions ended while this instance could not hear it close now.
      if (found.length > 0) this.notify(found);
    } catch (error) {
      // The bus still carries every revocation from now on; a cold list is logged, not fatal.
      this.options.logger?.error({ err: error }, 'could not load revoked sessions from Redis');
    }
  }

  /**
   * Redis is back: write what it missed, announce it again to instances whose bus could not hear
   * it (extra announcements are ignored by lists that know the sessions), then read what others
   * wrote meanwhile.
   */
  private async catchUp(redis: Redis): Promise<void> {
    const missed = [...this.unpersisted].filter((id) => this.isRevoked(id));
    this.unpersisted.clear();
    if (missed.length > 0) {
      await this.persist(missed);
      await this.options.bus
        .publish(SESSIONS_REVOKED, { userId: '', sessionIds: missed, reason: 'redis-catch-up' })
        .catch((error: unknown) =>
          this.options.logger?.warn({ err: error }, 'could not re-announce revocations'),
        );
    }
    await this.load(redis);
  }

  /** Ends `sessionIds` everywhere: this process at once, other services and instances by the bus. */
  async revoke(event: SessionsRevoked): Promise<void> {
    if (event.sessionIds.length === 0) return;
    await this.persist(this.remember(event.sessionIds));
    await this.options.bus.publish(SESSIONS_REVOKED, event);
  }

  /** Never rejects: what Redis cannot take now is kept for the catch-up on reconnect. */
  private async persist(sessionIds: readonly string[]): Promise<void> {
    if (!this.options.redis || sessionIds.length === 0) return;
    try {
      await this.options.redis.zadd(
        this.key,
        ...sessionIds.flatMap((id) => [
          this.ended.get(id) ?? this.now() + this.options.ttlSeconds * 1000,
          id,
        ]),
      );
      this.persistFailing = false;
    } catch (error) {
      for (const id of sessionIds) this.unpersisted.add(id);
      if (!this.persistFailing)
        this.options.logger?.warn({ err: error }, 'revoked sessions kept in memory until Redis is back');
      this.persistFailing = true;
    }
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
    this.stopCatchUp?.();
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
    this.notify(added);
    return added;
  }

  private notify(added: readonly string[]): void {
    if (added.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(added);
      } catch (error) {
        this.options.logger?.error({ err: error }, 'a revoked-session listener failed');
      }
    }
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
