import { randomUUID } from 'node:crypto';
import { appError, type Database, errors } from '@ukp/kit';
import { and, eq, isNull } from 'drizzle-orm';
import { type AccountRow, type accounts, refreshTokens } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { hashToken, newOpaqueToken } from './opaque-tokens.js';
import { keyFromToken, open, seal } from './secret-box.js';

export type Account = typeof accounts.$inferSelect;

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: AccountRow;
}

async function accessTokenFor(deps: UsersDeps, user: AccountRow, familyId: string) {
  return deps.signer.sign({ sub: user.id, sid: familyId, roles: user.roles });
}

/** Starts a new session family (a sign-in) and returns its first token pair. */
export async function startSession(deps: UsersDeps, db: Database, user: AccountRow): Promise<SessionTokens> {
  const familyId = randomUUID();
  const refreshToken = newOpaqueToken();
  await db.insert(refreshTokens).values({
    userId: user.id,
    familyId,
    tokenHash: hashToken(refreshToken),
    expiresAt: new Date(deps.now().getTime() + deps.config.refreshTtlSeconds * 1000),
  });
  const access = await accessTokenFor(deps, user, familyId);
  return { accessToken: access.token, refreshToken, expiresIn: access.expiresIn, user };
}

async function revokeFamily(db: Database, familyId: string, reason: string, at: Date) {
  await db
    .update(refreshTokens)
    .set({ revokedAt: at, revokeReason: reason, childSealed: null, updatedAt: at })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

const invalidRefresh = () => errors.unauthenticated('Refresh token is invalid or expired: sign in again.');

/**
 * Rotates a refresh token. Exactly one child is ever made from a token, however many requests
 * race: the conditional UPDATE lets one win and the others then take the grace path. Presenting
 * a retired token outside the grace window (or one that is not the current token's parent)
 * revokes the whole family.
 */
export async function refreshSession(
  deps: UsersDeps,
  loadAccount: (id: string) => Promise<AccountRow | undefined>,
  presented: string,
  meta: RequestMeta,
): Promise<SessionTokens> {
  if (presented.length < 20 || presented.length > 200) throw invalidRefresh();
  const now = deps.now();
  const tokenHash = hashToken(presented);
  const [row] = await deps.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, tokenHash))
    .limit(1);
  if (!row || row.revokedAt || row.expiresAt <= now) throw invalidRefresh();
  const user = await loadAccount(row.userId);
  if (!user || user.deactivatedAt) {
    await revokeFamily(deps.db, row.familyId, 'deactivated', now);
    await endAccessTokens(deps, row.userId, [row.familyId], 'deactivated');
    throw invalidRefresh();
  }

  if (!row.rotatedAt) {
    const childToken = newOpaqueToken();
    const rotated = await deps.db.transaction(async (tx) => {
      const claimed = await tx
        .update(refreshTokens)
        .set({ rotatedAt: now, childSealed: seal(keyFromToken(presented), childToken), updatedAt: now })
        .where(
          and(eq(refreshTokens.id, row.id), isNull(refreshTokens.rotatedAt), isNull(refreshTokens.revokedAt)),
        )
        .returning({ id: refreshTokens.id });
      if (claimed.length === 0) return false;
      await tx.insert(refreshTokens).values({
        userId: row.userId,
        familyId: row.familyId,
        parentId: row.id,
        tokenHash: hashToken(childToken),
        expiresAt: new Date(now.getTime() + deps.config.refreshTtlSeconds * 1000),
      });
      // The grandparent's grace copy is useless from now on: drop it.
      if (row.parentId) {
        await tx.update(refreshTokens).set({ childSealed: null }).where(eq(refreshTokens.id, row.parentId));
      }
      return true;
    });
    if (rotated) {
      const access = await accessTokenFor(deps, user, row.familyId);
      return { accessToken: access.token, refreshToken: childToken, expiresIn: access.expiresIn, user };
    }
  }

  // The token was already rotated: a second tab within the grace window, or a replay.
  const [current] = await deps.db.select().from(refreshTokens).where(eq(refreshTokens.id, row.id)).limit(1);
  const [child] = await deps.db
    .select()
    .from(refreshTokens)
    .where(eq(refreshTokens.parentId, row.id))
    .limit(1);
  const withinGrace =
    current?.rotatedAt &&
    !current.revokedAt &&
    current.childSealed &&
    now.getTime() - current.rotatedAt.getTime() <= deps.config.refreshGraceSeconds * 1000 &&
    child &&
    !child.rotatedAt &&
    !child.revokedAt;
  if (withinGrace) {
    let childToken: string | undefined;
    try {
      childToken = open(keyFromToken(presented), current.childSealed!);
    } catch {}
    if (childToken) {
      const access = await accessTokenFor(deps, user, row.familyId);
      return { accessToken: access.token, refreshToken: childToken, expiresIn: access.expiresIn, user };
    }
  }

  await revokeFamily(deps.db, row.familyId, 'reuse', now);
  // Whoever replayed the token may hold the family's access token too.
  await endAccessTokens(deps, row.userId, [row.familyId], 'reuse');
  await audit(deps.db, meta, 'session.refresh_reused', {
    actorId: row.userId,
    target: row.userId,
    detail: { familyId: row.familyId },
  });
  deps.logger.warn({ userId: row.userId, familyId: row.familyId }, 'refresh token reuse: family revoked');
  throw appError(
    'REFRESH_TOKEN_REUSED',
    'This refresh token was already used. Every session it belongs to has been ended: sign in again.',
  );
}

/** Ends the session a refresh token belongs to; true whatever state it was in. */
export async function logout(deps: UsersDeps, presented: string, meta: RequestMeta): Promise<boolean> {
  if (presented.length > 200) return true;
  const [row] = await deps.db
    .select({
      familyId: refreshTokens.familyId,
      userId: refreshTokens.userId,
      revokedAt: refreshTokens.revokedAt,
    })
    .from(refreshTokens)
    .where(eq(refreshTokens.tokenHash, hashToken(presented)))
    .limit(1);
  if (row && !row.revokedAt) {
    await revokeFamily(deps.db, row.familyId, 'logout', deps.now());
    await endAccessTokens(deps, row.userId, [row.familyId], 'logout');
    await audit(deps.db, meta, 'session.logout', { actorId: row.userId, target: row.userId });
  }
  return true;
}

/** Ends every live session of a user; returns their ids (the `sid` of their access tokens). */
export async function revokeAllSessions(
  db: Database,
  userId: string,
  reason: string,
  at: Date,
): Promise<string[]> {
  const rows = await db
    .update(refreshTokens)
    .set({ revokedAt: at, revokeReason: reason, childSealed: null, updatedAt: at })
    .where(and(eq(refreshTokens.userId, userId), isNull(refreshTokens.revokedAt)))
    .returning({ familyId: refreshTokens.familyId });
  return [...new Set(rows.map((r) => r.familyId))];
}

/**
 * Tells every service that these sessions ended, so their access tokens stop working now rather
 * than when they expire. Called after the revocation is committed.
 */
export async function endAccessTokens(
  deps: UsersDeps,
  userId: string,
  sessionIds: string[],
  reason: string,
): Promise<void> {
  try {
    await deps.revocations.revoke({ userId, sessionIds, reason });
  } catch (error) {
    // The sessions are ended in the database either way (no refresh works); their access tokens
    // then lapse within their lifetime, which is what happens without this list at all.
    deps.logger.error({ err: error, userId, reason }, 'could not announce ended sessions');
  }
}

export async function logoutEverywhere(deps: UsersDeps, userId: string, meta: RequestMeta): Promise<boolean> {
  const ended = await revokeAllSessions(deps.db, userId, 'logout_everywhere', deps.now());
  await endAccessTokens(deps, userId, ended, 'logout_everywhere');
  await audit(deps.db, meta, 'session.logout_everywhere', { target: userId });
  return true;
}
