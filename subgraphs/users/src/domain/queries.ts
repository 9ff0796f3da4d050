import {
  type Database,
  decodeCursor,
  errors,
  isTimeIdCursor,
  pageSize,
  type TimeIdCursor,
  toConnection,
} from '@ukp/kit';
import { and, asc, count, desc, eq, gt, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { accountColumns, accounts, auditEvents } from '../db/schema.js';
import { isUuid } from './validate.js';

/** Accounts by id in one statement, in the order asked (DataLoader's batch function), secrets left out. */
export async function accountsByIds(db: Database, ids: readonly string[]) {
  const valid = ids.filter(isUuid);
  const rows =
    valid.length > 0 ? await db.select(accountColumns).from(accounts).where(inArray(accounts.id, valid)) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id));
}

// Postgres keeps microseconds, a JS Date (and so a cursor) milliseconds: compare at the cursor's precision.
const ms = (column: PgColumn) => sql`date_trunc('milliseconds', ${column})`;
// Compared with an expression, not a column, drizzle passes a Date through unmapped and postgres-js
// refuses it: send the cursor's time as text and let Postgres cast it.
const at = (iso: string) => sql`${new Date(iso).toISOString()}::timestamptz`;

/** A cursor this service issued: a uuid and a time Postgres can hold, or BAD_USER_INPUT (never a SQL error). */
function timeIdCursor(after: string | null | undefined): TimeIdCursor | null {
  const cursor = decodeCursor<TimeIdCursor>(after, isTimeIdCursor);
  const year = cursor ? new Date(cursor.t).getUTCFullYear() : 0;
  if (cursor && (!isUuid(cursor.id) || year < 1 || year > 9999)) {
    throw errors.badInput('after is not a cursor from this list.', 'after');
  }
  return cursor;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listUsers(
  db: Database,
  args: { first?: number | null; after?: string | null; search?: string | null },
) {
  const limit = pageSize(args.first, 20);
  const cursor = timeIdCursor(args.after);
  const search = args.search?.trim().slice(0, 100);
  const filters: SQL[] = [];
  if (search) {
    const pattern = `%${escapeLike(search)}%`;
    filters.push(or(ilike(accounts.emailKey, pattern), ilike(accounts.displayName, pattern))!);
  }
  const where = filters.length > 0 ? and(...filters) : undefined;
  const after = cursor
    ? or(
        gt(ms(accounts.createdAt), at(cursor.t)),
        and(eq(ms(accounts.createdAt), at(cursor.t)), gt(accounts.id, cursor.id)),
      )
    : undefined;
  const rows = await db
    .select(accountColumns)
    .from(accounts)
    .where(and(where, after))
    .orderBy(asc(ms(accounts.createdAt)), asc(accounts.id))
    .limit(limit + 1);
  const [total] = await db.select({ n: count() }).from(accounts).where(where);
  return toConnection(rows, limit, (r) => ({ t: r.createdAt.toISOString(), id: r.id }), total?.n ?? 0);
}

export async function listAuditEvents(
  db: Database,
  args: { first?: number | null; after?: string | null; actorId?: string | null; action?: string | null },
) {
  const limit = pageSize(args.first, 50);
  const cursor = timeIdCursor(args.after);
  const filters: SQL[] = [];
  if (args.actorId) {
    if (!isUuid(args.actorId)) return toConnection([], limit, () => null, 0);
    filters.push(eq(auditEvents.actorId, args.actorId));
  }
  if (args.action) filters.push(eq(auditEvents.action, args.action.slice(0, 100)));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const before = cursor
    ? or(
        lt(ms(auditEvents.at), at(cursor.t)),
        and(eq(ms(auditEvents.at), at(cursor.t)), lt(auditEvents.id, cursor.id)),
      )
    : undefined;
  const rows = await db
    .select()
    .from(auditEvents)
    .where(and(where, before))
    .orderBy(desc(ms(auditEvents.at)), desc(auditEvents.id))
    .limit(limit + 1);
  const [total] = await db.select({ n: count() }).from(auditEvents).where(where);
  return toConnection(rows, limit, (r) => ({ t: r.at.toISOString(), id: r.id }), total?.n ?? 0);
}
