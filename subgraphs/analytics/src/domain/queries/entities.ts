import { type Database, rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { DAY_MS, windowStart } from '../metrics/intervals.js';

/** A federated `Document` or `User` as analytics knows it: by id only. */
export interface EntityRef {
  id: string;
}

export interface UserStats {
  lastSeenAt: Date | null;
  eventsLast7Days: number;
}

const WEEK_MS = 7 * DAY_MS;

/** The ids as one JSON parameter, whatever their number: the statement's text stays the same. */
const idList = (ids: readonly string[]) =>
  sql`jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) with ordinality as ids(id, ord)`;

/** `Document.views` for a DataLoader batch, in the order asked (0 for a document never viewed). */
export async function documentViewsByIds(db: Database, ids: readonly string[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = rowsOf<{ id: string; views: number | string | null }>(
    await db.execute(sql`
      select ids.id, v.views from ${idList(ids)}
      left join analytics.document_views v on v.document_id = ids.id
      order by ids.ord`),
  );
  const views = new Map(rows.map((row) => [row.id, Number(row.views ?? 0)]));
  return ids.map((id) => views.get(id) ?? 0);
}

/**
 * `User.lastSeenAt` and `User.eventsLast7Days` for a DataLoader batch, in the order asked, from
 * the hourly `user_activity` rows. The last week is the hours from the one holding `now − 7 d`
 * to the current one (an hour's grain, as the rows have). The latest hour row holds the latest
 * event, so `lastSeenAt` is one index probe per user however long their history.
 */
export async function userStatsByIds(db: Database, ids: readonly string[], now: Date): Promise<UserStats[]> {
  if (ids.length === 0) return [];
  const since = windowStart(new Date(now.getTime() - WEEK_MS), 'HOUR');
  const rows = rowsOf<{ id: string; last_at: Date | string | null; events: number | string }>(
    await db.execute(sql`
      select ids.id,
        (select a.last_at from analytics.user_activity a
          where a.user_id = ids.id order by a.hour desc limit 1) as last_at,
        (select coalesce(sum(a.events), 0)::int from analytics.user_activity a
          where a.user_id = ids.id and a.hour >= ${since.toISOString()}::timestamptz
            and a.hour <= ${now.toISOString()}::timestamptz) as events
      from ${idList(ids)}
      order by ids.ord`),
  );
  const stats = new Map<string, UserStats>(
    rows.map((row) => [
      row.id,
      { lastSeenAt: row.last_at == null ? null : new Date(row.last_at), eventsLast7Days: Number(row.events) },
    ]),
  );
  return ids.map((id) => stats.get(id) ?? { lastSeenAt: null, eventsLast7Days: 0 });
}
