import { appError, type Database, errors, isRole, type Role } from '@ukp/kit';
import { and, arrayContains, eq, isNull } from 'drizzle-orm';
import { accounts } from '../db/schema.js';
import { audit } from './audit.js';
import type { RequestMeta, UsersDeps } from './deps.js';
import { type Account, endAccessTokens, revokeAllSessions } from './sessions.js';
import { isUuid } from './validate.js';

async function loadTarget(deps: UsersDeps, userId: string): Promise<Account> {
  if (!isUuid(userId)) throw errors.notFound('User');
  const [user] = await deps.db.select().from(accounts).where(eq(accounts.id, userId)).limit(1);
  if (!user) throw errors.notFound('User');
  return user;
}

/**
 * Whether anyone other than `userId` is an active ADMIN, so the last one cannot lock everybody out.
 * Locks every active ADMIN row, in id order, until the caller's transaction ends: two ADMINs
 * removing each other at the same time are serialised, and the second one sees the first's change.
 */
async function anotherActiveAdmin(tx: Database, userId: string): Promise<boolean> {
  const admins = await tx
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(arrayContains(accounts.roles, ['ADMIN']), isNull(accounts.deactivatedAt)))
    .orderBy(accounts.id)
    .for('update');
  return admins.some((admin) => admin.id !== userId);
}

/**
 * Replaces a user's roles. Access tokens carry roles, so the change reaches the user's requests
 * when their access token is next refreshed (at most its lifetime, 15 minutes by default).
 */
export async function setUserRoles(
  deps: UsersDeps,
  userId: string,
  roles: readonly string[],
  meta: RequestMeta,
) {
  const unique = [...new Set(roles)];
  if (unique.length === 0) throw errors.badInput('A user needs at least one role.', 'roles');
  if (!unique.every(isRole)) throw errors.badInput('Unknown role.', 'roles');
  const user = await loadTarget(deps, userId);
  const removingAdmin = user.roles.includes('ADMIN') && !unique.includes('ADMIN');
  const updated = await deps.db.transaction(async (tx) => {
    if (removingAdmin && !user.deactivatedAt && !(await anotherActiveAdmin(tx, user.id))) {
      throw appError('CONFLICT', 'This is the last active ADMIN; make someone else an ADMIN first.', {
        field: 'roles',
      });
    }
    const [row] = await tx
      .update(accounts)
      .set({ roles: unique as Role[], updatedAt: deps.now() })
      .where(eq(accounts.id, user.id))
      .returning();
    return row;
  });
  await audit(deps.db, meta, 'user.roles_changed', {
    target: user.id,
    detail: { before: user.roles, after: unique },
  });
  return updated!;
}

/** Soft-deactivates a user: the row stays, every session ends, sign-in and refresh stop at once. */
export async function deactivateUser(deps: UsersDeps, userId: string, meta: RequestMeta) {
  const user = await loadTarget(deps, userId);
  if (user.deactivatedAt) return user;
  const now = deps.now();
  const { updated, ended } = await deps.db.transaction(async (tx) => {
    if (user.roles.includes('ADMIN') && !(await anotherActiveAdmin(tx, user.id))) {
      throw appError('CONFLICT', 'This is the last active ADMIN and cannot be deactivated.');
    }
    const [row] = await tx
      .update(accounts)
      .set({ deactivatedAt: now, updatedAt: now })
      .where(eq(accounts.id, user.id))
      .returning();
    return { updated: row!, ended: await revokeAllSessions(tx, user.id, 'deactivated', now) };
  });
  await endAccessTokens(deps, user.id, ended, 'deactivated');
  await audit(deps.db, meta, 'user.deactivated', { target: user.id });
  await deps.bus.publish('user.deactivated', { userId: user.id, at: now.toISOString() });
  return updated;
}
