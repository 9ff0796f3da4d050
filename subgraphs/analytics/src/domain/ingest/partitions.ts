import { rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import type { AnalyticsDeps } from '../deps.js';
import { DAY_MS, windowStartMs } from '../metrics/intervals.js';

/** Days of partitions kept ready on each side of today (UTC). */
export const PARTITION_DAYS_BEHIND = 2;
export const PARTITION_DAYS_AHEAD = 2;
/** How long an idempotency key is remembered: beyond the 48 h an event may be late, and any redelivery. */
export const EVENT_KEY_TTL_HOURS = 72;
const MAINTAIN_EVERY_MS = 3_600_000;
/** Expired keys are deleted in chunks, so no statement holds locks or a snapshot for long. */
const PRUNE_CHUNK = 20_000;
const PRUNE_MAX_CHUNKS = 500;
/** Dropping a partition locks the events table; past this wait it is left for the next run. */
const DROP_LOCK_TIMEOUT = '5s';

const PARTITION = /^events_p(\d{4})(\d{2})(\d{2})$/;
// One lock for every partition change across instances: creating one twice at once races.
const LOCK = sql`select pg_advisory_xact_lock(hashtext('ukp:analytics:partitions'))`;

export interface PartitionManager {
  /** Creates the partitions around today, drops those past the retention, prunes expired keys. */
  maintain(): Promise<void>;
  /** Makes sure the partition of every day in `ats` exists (cheap when known to). */
  ensureFor(ats: readonly Date[]): Promise<void>;
  /** Runs `maintain` hourly; returns its stopper (which waits for a run in progress). */
  startTimer(): () => Promise<void>;
}

/**
 * The oldest instant whose raw events are kept: midnight UTC `retentionDays` days before today's.
 * Partitions wholly before it are dropped, and events before it are not stored.
 */
export function retentionStart(now: Date, retentionDays: number): Date {
  return new Date(windowStartMs(now.getTime(), 'DAY') - retentionDays * DAY_MS);
}

/** `events_pYYYYMMDD` of the UTC day starting at `dayMs`. */
export function partitionName(dayMs: number): string {
  return `events_p${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

function dayOf(name: string): number | null {
  const match = PARTITION.exec(name);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return partitionName(ms) === name ? ms : null;
}

type Executor = Pick<AnalyticsDeps['db'], 'execute'>;

async function existingDays(tx: Executor): Promise<number[]> {
  const rows = rowsOf<{ name: string }>(
    await tx.execute(sql`
      select c.relname as name
      from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace
      where n.nspname = 'analytics' and p.relname = 'events'`),
  );
  return rows.map((r) => dayOf(r.name)).filter((day): day is number => day !== null);
}

/**
 * The raw events' daily partitions (`analytics.events_pYYYYMMDD`, UTC days). Created ahead of
 * need, so that ingestion rarely waits on the exclusive lock creating one takes, and on demand
 * for an older day a late batch needs; dropped whole once past `retentionDays` (roll-ups stay).
 */
export function createPartitionManager(deps: AnalyticsDeps): PartitionManager {
  /** Days whose partition is known to exist: `ensureFor` costs no statement for them. */
  const known = new Set<number>();

  async function create(days: readonly number[]): Promise<void> {
    const created: string[] = [];
    await deps.db.transaction(async (tx) => {
      await tx.execute(LOCK);
      const existing = new Set(await existingDays(tx));
      for (const day of days) {
        if (existing.has(day)) continue;
        const name = partitionName(day);
        await tx.execute(
          sql.raw(
            `create table if not exists analytics.${name} partition of analytics.events ` +
              `for values from ('${new Date(day).toISOString()}') to ('${new Date(day + DAY_MS).toISOString()}')`,
          ),
        );
        created.push(name);
      }
      for (const day of existing) known.add(day);
    });
    for (const day of days) known.add(day);
    if (created.length > 0) deps.logger.info({ partitions: created }, 'raw event partitions created');
  }

  async function dropExpired(now: Date): Promise<void> {
    const cutoff = retentionStart(now, deps.config.retentionDays).getTime();
    const dropped: string[] = [];
    await deps.db.transaction(async (tx) => {
      await tx.execute(LOCK);
      await tx.execute(sql.raw(`set local lock_timeout = '${DROP_LOCK_TIMEOUT}'`));
      for (const day of await existingDays(tx)) {
        if (day + DAY_MS > cutoff) continue;
        const name = partitionName(day);
        await tx.execute(sql.raw(`drop table if exists analytics.${name}`));
        dropped.push(name);
      }
    });
    for (const name of dropped) known.delete(dayOf(name)!);
    if (dropped.length > 0)
      deps.logger.info(
        { partitions: dropped, retentionDays: deps.config.retentionDays },
        'raw event partitions past the retention dropped',
      );
  }

  async function pruneKeys(now: Date): Promise<void> {
    const cutoff = new Date(now.getTime() - EVENT_KEY_TTL_HOURS * 3_600_000).toISOString();
    let pruned = 0;
    for (let chunk = 0; chunk < PRUNE_MAX_CHUNKS; chunk++) {
      const [row] = rowsOf<{ n: number }>(
        await deps.db.execute(sql`
          with gone as (
            delete from analytics.event_keys where ctid in (
              select ctid from analytics.event_keys where seen_at < ${cutoff}::timestamptz limit ${PRUNE_CHUNK})
            returning 1)
          select count(*)::int as n from gone`),
      );
      const n = Number(row?.n ?? 0);
      pruned += n;
      if (n < PRUNE_CHUNK) break;
    }
    if (pruned > 0) deps.logger.debug({ pruned }, 'expired idempotency keys pruned');
  }

  async function maintain(): Promise<void> {
    const now = deps.now();
    const today = windowStartMs(now.getTime(), 'DAY');
    const days: number[] = [];
    for (let d = -PARTITION_DAYS_BEHIND; d <= PARTITION_DAYS_AHEAD; d++) days.push(today + d * DAY_MS);
    const oldest = retentionStart(now, deps.config.retentionDays).getTime();
    // Ingestion cannot go on without these: a failure here is the caller's.
    await create(days.filter((day) => day >= oldest));
    // The rest is housekeeping: a failure (a busy table) is logged and retried next hour.
    for (const [what, work] of [
      ['drop expired partitions', () => dropExpired(now)],
      ['prune idempotency keys', () => pruneKeys(now)],
    ] as const) {
      try {
        await work();
      } catch (error) {
        deps.logger.warn({ err: error }, `could not ${what}`);
      }
    }
  }

  return {
    maintain,
    async ensureFor(ats) {
      const missing = new Set<number>();
      for (const at of ats) {
        const day = windowStartMs(at.getTime(), 'DAY');
        if (!known.has(day)) missing.add(day);
      }
      if (missing.size > 0) await create([...missing]);
    },
    startTimer() {
      let running: Promise<void> | null = null;
      const timer = setInterval(() => {
        if (running) return;
        running = deps.background
          .track(maintain())
          .catch((error: unknown) => deps.logger.error({ err: error }, 'partition maintenance failed'))
          .finally(() => {
            running = null;
          });
      }, MAINTAIN_EVERY_MS);
      timer.unref();
      return async () => {
        clearInterval(timer);
        await running;
      };
    },
  };
}
