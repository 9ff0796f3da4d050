import type { Database } from '@ukp/kit';
import { eq, sql } from 'drizzle-orm';
import { loginThrottle } from '../db/schema.js';

/** Failures within this window count towards a lock. */
export const FAILURE_WINDOW_MS = 12 * 60 * 60 * 1000;
export const FAILURES_BEFORE_LOCK = 5;
const LOCK_STEP_SECONDS = 60;
const LOCK_MAX_SECONDS = 15 * 60;

/** Seconds until the email may try again, or 0 when it is not locked. */
export async function lockedFor(db: Database, emailKey: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ lockedUntil: loginThrottle.lockedUntil })
    .from(loginThrottle)
    .where(eq(loginThrottle.emailKey, emailKey))
    .limit(1);
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** Failures kept per email: enough to reach the longest lock, and a bound on the row's size. */
const MAX_KEPT_FAILURES = 50;

/**
 * Counts a failure atomically (concurrent failures all count) and locks the email once there
 * have been five within the last twelve hours (a sliding window: each failure ages out on its
 * own): 60 s, growing by 60 s per further failure, at most 15 min. Returns the lock in seconds, or 0.
 */
export async function recordFailure(db: Database, emailKey: string, now: Date): Promise<number> {
  // Raw `sql` parameters skip drizzle's column mapping, so pass times as ISO text with a cast.
  const at = sql`${now.toISOString()}::timestamptz`;
  const windowStart = sql`${new Date(now.getTime() - FAILURE_WINDOW_MS).toISOString()}::timestamptz`;
  // The failures of the stored row that are still in the window (SET sees the row as it was).
  const recent = sql`array(select t from unnest(${loginThrottle.failureTimes}) as t where t > ${windowStart} order by t desc limit ${MAX_KEPT_FAILURES - 1})`;
  const [row] = await db
    .insert(loginThrottle)
    .values({ emailKey, failures: 1, firstFailureAt: now, failureTimes: sql`array[${at}]`, updatedAt: now })
    .onConflictDoUpdate({
      target: loginThrottle.emailKey,
      set: {
        failureTimes: sql`${recent} || ${at}`,
        failures: sql`cardinality(${recent}) + 1`,
        firstFailureAt: sql`coalesce((select min(t) from unnest(${recent}) as t), ${at})`,
        updatedAt: now,
      },
    })
    .returning({ failures: loginThrottle.failures });
  const failures = row?.failures ?? 1;
  if (failures < FAILURES_BEFORE_LOCK) return 0;
  const seconds = Math.min(LOCK_STEP_SECONDS * (failures - FAILURES_BEFORE_LOCK + 1), LOCK_MAX_SECONDS);
  await db
    .update(loginThrottle)
    .set({ lockedUntil: new Date(now.getTime() + seconds * 1000) })
    .where(eq(loginThrottle.emailKey, emailKey));
  return seconds;
}

export async function clearFailures(db: Database, emailKey: string): Promise<void> {
  await db.delete(loginThrottle).where(eq(loginThrottle.emailKey, emailKey));
}
