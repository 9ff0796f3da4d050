import { createDatabase, type DatabaseHandle } from '@ukp/kit';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import type { AnalyticsDeps } from '../deps.js';
import { clientEvents } from './client-events.js';
import { createPartitionManager } from './partitions.js';
import { createIngestPipeline, type IngestPipeline } from './pipeline.js';
import { platformEvent } from './platform-events.js';
import {
  busEvent,
  countOf,
  gatewaySample,
  rawEventCount,
  readGauge,
  readWindow,
  scalar,
  subscriptionReading,
} from './testing/fixtures.js';
import type { IngestEvent, IngestResult } from './types.js';

const NOW = new Date('2026-03-10T12:30:15.000Z');
const MINUTE = new Date('2026-03-10T12:30:00.000Z');
const HOUR = new Date('2026-03-10T12:00:00.000Z');
const DAY = new Date('2026-03-10T00:00:00.000Z');

let fixture: AnalyticsDbFixture;
let pipeline: IngestPipeline;
const extraHandles: DatabaseHandle[] = [];

function pipelineOn(deps: AnalyticsDeps): IngestPipeline {
  return createIngestPipeline(deps, createPartitionManager(deps));
}

/** Another connection pool on the same database: what a second analytics instance would have. */
async function secondInstance(onQuery?: (query: string) => void): Promise<AnalyticsDeps> {
  const handle = await createDatabase({
    url: fixture.database.url,
    poolMax: 4,
    ...(onQuery ? { onQuery } : {}),
  });
  extraHandles.push(handle);
  return { ...fixture.deps, db: handle.db };
}

function platform(events: ReturnType<typeof busEvent>[]): IngestEvent[] {
  return events.map((e) => platformEvent(e)).filter((e): e is IngestEvent => e !== null);
}

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: NOW });
  const partitions = createPartitionManager(fixture.deps);
  await partitions.maintain();
  pipeline = createIngestPipeline(fixture.deps, partitions);
});
afterAll(async () => {
  for (const handle of extraHandles) await handle.close();
  await fixture?.stop();
});

describe('idempotency', () => {
  it('counts a replayed batch of client ids once, and reports the replays', async () => {
    const inputs = [
      { id: 'a', name: 'replay.test' },
      { id: 'b', name: 'replay.test' },
      { id: 'c', name: 'replay.test' },
    ];
    const first = await pipeline.ingest(clientEvents('u-replay', inputs, NOW));
    const second = await pipeline.ingest(clientEvents('u-replay', inputs, NOW));
    expect(first).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(second).toMatchObject({ accepted: 0, duplicates: 3, touched: [] });
    for (const [interval, at] of [
      ['MINUTE', MINUTE],
      ['HOUR', HOUR],
      ['DAY', DAY],
    ] as const)
      expect(await countOf(fixture.deps.db, 'replay.test', interval, at)).toBe(3);
    expect(await rawEventCount(fixture.deps.db, sql`name = 'replay.test'`)).toBe(3);
  });

  it('counts an id repeated within one batch once, and events without an id every time', async () => {
    const events = clientEvents(
      'u-dup',
      [
        { id: 'x', name: 'dup.test' },
        { id: 'x', name: 'dup.test' },
        { name: 'dup.test' },
        { name: 'dup.test' },
      ],
      NOW,
    );
    const result = await pipeline.ingest(events);
    expect(result).toMatchObject({ accepted: 3, duplicates: 1 });
    expect(await countOf(fixture.deps.db, 'dup.test', 'MINUTE', MINUTE)).toBe(3);
  });

  it('keys client ids per user: the same id from two users is two events', async () => {
    await pipeline.ingest(clientEvents('u-1', [{ id: 'same', name: 'peruser.test' }], NOW));
    await pipeline.ingest(clientEvents('u-2', [{ id: 'same', name: 'peruser.test' }], NOW));
    expect(await countOf(fixture.deps.db, 'peruser.test', 'MINUTE', MINUTE)).toBe(2);
  });

  it('counts the same platform events once when two instances ingest them at the same time', async () => {
    const other = pipelineOn(await secondInstance());
    const events = platform(
      Array.from({ length: 200 }, (_, i) =>
        busEvent(
          'search.performed',
          { query: `q${i}`, resultCount: i, latencyMs: 3, userId: `u${i % 7}` },
          NOW,
        ),
      ),
    );
    const results = await Promise.all([
      pipeline.ingest(events),
      other.ingest(events),
      pipeline.ingest(events),
      other.ingest(events),
    ]);
    expect(results.reduce((sum, r) => sum + r.accepted, 0)).toBe(200);
    expect(results.reduce((sum, r) => sum + r.duplicates, 0)).toBe(600);
    expect(await countOf(fixture.deps.db, 'searches', 'MINUTE', MINUTE)).toBe(200);
    expect(await countOf(fixture.deps.db, 'search.performed', 'DAY', DAY)).toBe(200);
    expect(await rawEventCount(fixture.deps.db, sql`name = 'search.performed'`)).toBe(200);
    expect(
      await scalar(
        fixture.deps.db,
        sql`select coalesce(sum(events), 0)::int as n from analytics.user_activity where user_id like 'u_'`,
      ),
    ).toBe(200);
  });

  it('never deadlocks two instances ingesting overlapping windows in opposite orders', async () => {
    const other = pipelineOn(await secondInstance());
    const names = Array.from({ length: 30 }, (_, i) => `lock.m${String(i).padStart(2, '0')}`);
    const batch = (order: string[]) =>
      clientEvents(
        'u-lock',
        order.map((name) => ({ name })),
        NOW,
      );
    const rounds = Array.from({ length: 10 }, () => [
      pipeline.ingest(batch(names)),
      other.ingest(batch([...names].reverse())),
    ]).flat();
    await Promise.all(rounds);
    expect(await countOf(fixture.deps.db, 'lock.m00', 'MINUTE', MINUTE)).toBe(20);
    expect(await countOf(fixture.deps.db, 'lock.m29', 'HOUR', HOUR)).toBe(20);
  });
});

describe('windows', () => {
  it('adds a late event to its own (older) minute, hour and day windows', async () => {
    const late = new Date('2026-03-08T23:59:30.000Z'); // 36.5 h before NOW: accepted, two days back
    await pipeline.ingest(clientEvents('u-late', [{ name: 'late.test', at: late }], NOW));
    await pipeline.ingest(clientEvents('u-late', [{ name: 'late.test' }], NOW));
    expect(await countOf(fixture.deps.db, 'late.test', 'MINUTE', new Date('2026-03-08T23:59:00.000Z'))).toBe(
      1,
    );
    expect(await countOf(fixture.deps.db, 'late.test', 'HOUR', new Date('2026-03-08T23:00:00.000Z'))).toBe(1);
    expect(await countOf(fixture.deps.db, 'late.test', 'DAY', new Date('2026-03-08T00:00:00.000Z'))).toBe(1);
    expect(await countOf(fixture.deps.db, 'late.test', 'DAY', DAY)).toBe(1);
    const [activity] = await fixture.deps.db
      .execute(
        sql`select events, last_at from analytics.user_activity where user_id = 'u-late' order by hour`,
      )
      .then((r) => (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ events: number }>);
    expect(activity?.events).toBe(1);
  });

  it('derives the built-in metrics from platform events, weighting sampled requests', async () => {
    const at = new Date('2026-03-10T12:31:10.000Z');
    const minute = new Date('2026-03-10T12:31:00.000Z');
    const events = platform([
      busEvent('user.signed_up', { userId: 'nu1', at: at.toISOString() }, at),
      busEvent('user.logged_in', { userId: 'nu1', at: at.toISOString() }, at),
      busEvent(
        'question.asked',
        { question: 'why?', answered: true, confidence: 0.5, latencyMs: 9, userId: 'nu1' },
        at,
      ),
      busEvent('document.created', { documentId: 'doc-1', authorId: 'nu1', actorId: 'nu1' }, at),
      busEvent('document.viewed', { documentId: 'doc-1', authorId: 'nu1', actorId: 'nu2' }, at),
      busEvent('document.viewed', { documentId: 'doc-1', authorId: 'nu1', actorId: null }, at),
      gatewaySample(at, 40, { sampleRate: 0.25, operationName: 'Slow' }),
      gatewaySample(at, 10, { outcome: 'error', operationName: 'Slow' }),
      gatewaySample(at, 5, { outcome: 'rejected', operationName: null, operationType: null }),
      subscriptionReading('gw-a', 7, at),
    ]);
    expect(events).toHaveLength(10);
    const result = await pipeline.ingest(events);
    expect(result.accepted).toBe(10);
    const count = (metric: string) => countOf(fixture.deps.db, metric, 'MINUTE', minute);
    expect(await count('signups')).toBe(1);
    expect(await count('user.signed_up')).toBe(1);
    expect(await count('logins')).toBe(1);
    expect(await count('questions')).toBe(1);
    expect(await count('documents_created')).toBe(1);
    expect(await count('document.viewed')).toBe(2);
    expect(await count('requests')).toBe(4 + 1 + 1); // 1 / 0.25, and two unsampled requests
    expect(await count('errors')).toBe(2); // `error` and `rejected` are both not `ok`
    expect(await count('gateway.request')).toBe(3); // the raw name counts samples
    const latency = await readWindow(fixture.deps.db, 'latency_ms', 'MINUTE', minute);
    expect(latency?.sketch?.count).toBe(6);
    expect(latency?.sum).toBe(40 * 4 + 10 + 5);
    expect(await readGauge(fixture.deps.db, 'active_subscriptions', 'MINUTE', minute)).toEqual({
      'gw-a': { value: 7, at: at.toISOString() },
    });
    expect(
      await scalar(
        fixture.deps.db,
        sql`select views::int as n from analytics.document_views where document_id = 'doc-1'`,
      ),
    ).toBe(2);
    expect(await rawEventCount(fixture.deps.db, sql`name = 'document.viewed' and user_id = 'nu2'`)).toBe(1);
    // The gauge keeps no raw row.
    expect(await rawEventCount(fixture.deps.db, sql`name like 'gateway.subscriptions'`)).toBe(0);
    const ops = await fixture.deps.db.execute(
      sql`select operation_name, operation_type, count, errors from analytics.operation_windows
          where interval = 'MINUTE' and at = ${minute.toISOString()}::timestamptz order by operation_name`,
    );
    expect(Array.isArray(ops) ? ops : (ops as { rows: unknown[] }).rows).toEqual([
      { operation_name: 'Slow', operation_type: 'query', count: 5, errors: 1 },
    ]);
  });

  it("keeps each instance's newest gauge reading, whatever order readings arrive in", async () => {
    const minute = new Date('2026-03-10T12:20:00.000Z');
    const reading = (instance: string, value: number, second: number) =>
      subscriptionReading(instance, value, new Date(minute.getTime() + second * 1000), NOW);
    const stored = async (interval: 'MINUTE' | 'HOUR', at: Date) =>
      Object.fromEntries(
        Object.entries(await readGauge(fixture.deps.db, 'active_subscriptions', interval, at)).map(
          ([instance, reading]) => [instance, reading.value],
        ),
      );
    await pipeline.ingest(platform([reading('gw-a', 5, 30)]));
    await pipeline.ingest(platform([reading('gw-a', 3, 10), reading('gw-b', 2, 5)])); // gw-a's is older: ignored
    expect(await stored('MINUTE', minute)).toEqual({ 'gw-a': 5, 'gw-b': 2 });
    await pipeline.ingest(platform([reading('gw-a', 9, 50), reading('gw-a', 8, 40), reading('gw-b', 1, 45)]));
    expect(await stored('MINUTE', minute)).toEqual({ 'gw-a': 9, 'gw-b': 1 });
    // gw-a's reading at 12:31:10 (the test above) is newer than 12:20:50.
    expect(await stored('HOUR', HOUR)).toEqual({ 'gw-a': 7, 'gw-b': 1 });
  });

  it('skips platform events past the retention or a day ahead, and stores the rest', async () => {
    const old = new Date(NOW.getTime() - 100 * 86_400_000);
    const ahead = new Date(NOW.getTime() + 2 * 86_400_000);
    const result = await pipeline.ingest(
      platform([
        busEvent('user.logged_in', { userId: 'r1', at: old.toISOString() }, old),
        busEvent('user.logged_in', { userId: 'r2', at: ahead.toISOString() }, ahead),
        busEvent('user.logged_in', { userId: 'r3', at: NOW.toISOString() }, NOW),
      ]),
    );
    expect(result.accepted).toBe(1);
    expect(await rawEventCount(fixture.deps.db, sql`user_id in ('r1', 'r2', 'r3')`)).toBe(1);
  });
});

describe('conversions', () => {
  it('records an exposed user’s first metric event after exposure, for running experiments only', async () => {
    const db = fixture.deps.db;
    await db.execute(sql`
      insert into analytics.experiments (key, metric, status, variants, created_by) values
        ('exp-run', 'conv.buy', 'RUNNING', '[{"name":"a","weight":0.5},{"name":"b","weight":0.5}]', 'x'),
        ('exp-done', 'conv.buy', 'CONCLUDED', '[{"name":"a","weight":0.5},{"name":"b","weight":0.5}]', 'x')`);
    const exposedAt = new Date('2026-03-10T12:00:00.000Z');
    await db.execute(sql`
      insert into analytics.exposures (experiment_key, user_id, variant, exposed_at) values
        ('exp-run', 'cu1', 'a', ${exposedAt.toISOString()}::timestamptz),
        ('exp-run', 'cu2', 'b', ${exposedAt.toISOString()}::timestamptz),
        ('exp-done', 'cu1', 'a', ${exposedAt.toISOString()}::timestamptz)`);
    const before = new Date('2026-03-10T11:59:00.000Z');
    const after = new Date('2026-03-10T12:10:00.000Z');
    const later = new Date('2026-03-10T12:20:00.000Z');
    await pipeline.ingest(clientEvents('cu1', [{ name: 'conv.buy', at: later }], NOW));
    await pipeline.ingest(
      clientEvents(
        'cu1',
        [
          { name: 'conv.buy', at: after },
          { name: 'conv.other', at: after },
        ],
        NOW,
      ),
    );
    await pipeline.ingest(clientEvents('cu2', [{ name: 'conv.buy', at: before }], NOW)); // before exposure
    await pipeline.ingest(clientEvents('cu3', [{ name: 'conv.buy', at: after }], NOW)); // never exposed
    const rows = await db.execute(
      sql`select experiment_key, user_id, converted_at = ${after.toISOString()}::timestamptz as earliest
          from analytics.conversions order by experiment_key, user_id`,
    );
    expect(Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows).toEqual([
      { experiment_key: 'exp-run', user_id: 'cu1', earliest: true },
    ]);
  });
});

describe('cost', () => {
  it('runs the same bounded number of statements for a batch of 5 and of 500', async () => {
    const statements: string[] = [];
    const deps = await secondInstance((query) => statements.push(query));
    const counted = pipelineOn(deps);
    const gateway = (n: number, run: string) =>
      platform(
        Array.from({ length: n }, (_, i) =>
          gatewaySample(NOW, 10 + i, { operationName: `Op${i % 20}`, userId: `cost-${run}-${i % 50}` }),
        ),
      );
    const client = (n: number, run: string) =>
      clientEvents(
        `cost-${run}`,
        Array.from({ length: n }, (_, i) => ({ id: `${run}-${i}`, name: `cost.e${i % 30}` })),
        NOW,
      );

    const measure = async (events: IngestEvent[]) => {
      await counted.ingest(events.slice(0, 1)); // partitions of the day known before counting
      statements.length = 0;
      await counted.ingest(events.slice(1));
      return statements.length;
    };
    const small = await measure([...gateway(3, 'a'), ...client(3, 'a')]);
    const large = await measure([...gateway(251, 'b'), ...client(250, 'b')]);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
  });

  it('keeps that bound with model exposures, acceptances and drift anomalies in the batch', async () => {
    const statements: string[] = [];
    const deps = await secondInstance((query) => statements.push(query));
    const counted = pipelineOn(deps);
    const ml = (n: number, run: string) =>
      platform(
        Array.from({ length: n }, (_, i) => {
          const userId = `ml-${run}-${i % 40}`;
          const at = NOW.toISOString();
          if (i % 3 === 1)
            return busEvent(
              'ml.model_served',
              { experimentKey: 'model:cost', model: 'cost', version: 1, variant: 'v1', userId, at },
              NOW,
            );
          if (i % 3 === 0)
            return busEvent(
              'ml.suggestion_accepted',
              { model: 'cost', version: 1, userId, tag: 't', at },
              NOW,
            );
          return busEvent(
            'ml.drift_detected',
            { model: `cost-${run}-${i % 7}`, version: 1, psi: 0.3, at },
            NOW,
          );
        }),
      );
    // The first event (an acceptance, kept raw) makes the day's partitions known before counting.
    const measure = async (events: IngestEvent[]) => {
      await counted.ingest(events.slice(0, 1));
      statements.length = 0;
      await counted.ingest(events.slice(1));
      return statements.length;
    };
    const small = await measure(ml(6, 'a'));
    const large = await measure(ml(501, 'b'));
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
  });

  it('tells its listeners after the commit, with the minute windows it touched', async () => {
    const seen: IngestResult[] = [];
    const stop = pipeline.onCommitted((result) => seen.push(result));
    await pipeline.ingest(clientEvents('u-listen', [{ name: 'listen.a' }, { name: 'listen.b' }], NOW));
    stop();
    await pipeline.ingest(clientEvents('u-listen', [{ name: 'listen.c' }], NOW));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.touched.map((t) => [t.metric, t.at.toISOString()]).sort()).toEqual([
      ['listen.a', MINUTE.toISOString()],
      ['listen.b', MINUTE.toISOString()],
    ]);
  });
});
