import { createDatabase, type DatabaseHandle, rowsOf } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { clientEvents } from './client-events.js';
import {
  createPartitionManager,
  EVENT_KEY_TTL_HOURS,
  type PartitionManager,
  partitionName,
} from './partitions.js';
import { createIngestPipeline } from './pipeline.js';
import { platformEvent } from './platform-events.js';
import { busEvent, countOf, rawEventCount } from './testing/fixtures.js';
import type { IngestEvent } from './types.js';

const DAY = 86_400_000;
const START = new Date('2026-05-20T08:00:00.000Z');
const RETENTION_DAYS = 5;

let fixture: AnalyticsDbFixture;
let partitions: PartitionManager;
let other: DatabaseHandle;

async function partitionNames(): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(
    await fixture.deps.db.execute(sql`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      where p.relname = 'events' and p.relnamespace = 'analytics'::regnamespace
      order by 1`),
  );
  return rows.map((r) => r.name);
}

const day = (iso: string) => partitionName(Date.parse(iso));

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: START, config: { retentionDays: RETENTION_DAYS } });
  other = await createDatabase({ url: fixture.database.url, poolMax: 2 });
  partitions = createPartitionManager(fixture.deps);
});
afterAll(async () => {
  await other?.close();
  await fixture?.stop();
});

describe('partitions', () => {
  it('creates today’s partition and two days on each side, once, however many instances maintain at once', async () => {
    const second = createPartitionManager({ ...fixture.deps, db: other.db });
    await Promise.all([partitions.maintain(), second.maintain(), partitions.maintain()]);
    expect(await partitionNames()).toEqual([
      day('2026-05-18'),
      day('2026-05-19'),
      day('2026-05-20'),
      day('2026-05-21'),
      day('2026-05-22'),
    ]);
    expect(day('2026-05-18')).toBe('events_p20260518');
  });

  it('routes each event to its UTC day, and creates an older day’s partition when a late batch needs it', async () => {
    const pipeline = createIngestPipeline(fixture.deps, partitions);
    const late = new Date('2026-05-16T23:59:59.999Z'); // 3+ days back: within the 5-day retention
    const events = [late, new Date('2026-05-20T00:00:00.000Z')].map(
      (at) => platformEvent(busEvent('user.logged_in', { userId: 'p-user', at: at.toISOString() }, at))!,
    );
    await pipeline.ingest(events);
    expect(await partitionNames()).toContain(day('2026-05-16'));
    expect(await rawEventCount(fixture.deps.db, sql`user_id = 'p-user'`, 'events_p20260516')).toBe(1);
    expect(await rawEventCount(fixture.deps.db, sql`user_id = 'p-user'`, 'events_p20260520')).toBe(1);
  });

  it('drops whole partitions past the retention as the days go by, keeping the roll-ups', async () => {
    const pipeline = createIngestPipeline(fixture.deps, partitions);
    await pipeline.ingest(clientEvents('p-keep', [{ name: 'kept.rollup' }], START));
    fixture.clock.now = new Date(START.getTime() + 10 * DAY); // 2026-05-30: keeps 25–30 May
    await partitions.maintain();
    expect(await partitionNames()).toEqual([
      day('2026-05-28'),
      day('2026-05-29'),
      day('2026-05-30'),
      day('2026-05-31'),
      day('2026-06-01'),
    ]);
    expect(await rawEventCount(fixture.deps.db)).toBe(0);
    expect(await countOf(fixture.deps.db, 'kept.rollup', 'DAY', new Date('2026-05-20T00:00:00.000Z'))).toBe(
      1,
    );

    // The oldest kept day (25 May) still takes a late platform event; the day before is skipped.
    const at = (iso: string) => new Date(iso);
    const result = await pipeline.ingest(
      [at('2026-05-25T00:00:00.000Z'), at('2026-05-24T23:59:59.000Z')].map(
        (t) => platformEvent(busEvent('user.logged_in', { userId: 'p-edge', at: t.toISOString() }, t))!,
      ),
    );
    expect(result.accepted).toBe(1);
    expect(await partitionNames()).toContain(day('2026-05-25'));
    expect(await partitionNames()).not.toContain(day('2026-05-24'));
  });

  it('forgets idempotency keys after the replay horizon, and only those', async () => {
    const base = fixture.clock.now;
    const pipeline = createIngestPipeline(fixture.deps, partitions);
    const event = (id: string): IngestEvent[] =>
      clientEvents('p-keys', [{ id, name: 'keys.test' }], fixture.clock.now);
    await pipeline.ingest(event('old'));
    fixture.clock.now = new Date(base.getTime() + 2 * 3_600_000);
    await pipeline.ingest(event('newer'));
    fixture.clock.now = new Date(base.getTime() + (EVENT_KEY_TTL_HOURS + 1) * 3_600_000);
    await partitions.maintain();
    const keys = rowsOf<{ key: string }>(
      await fixture.deps.db.execute(
        sql`select key from analytics.event_keys where key like 'c:p-keys:%' order by key`,
      ),
    ).map((r) => r.key);
    expect(keys).toEqual(['c:p-keys:newer']);
  });

  it('runs hourly from a timer that stops at once', async () => {
    const stop = partitions.startTimer();
    await expect(stop()).resolves.toBeUndefined();
  });
});
