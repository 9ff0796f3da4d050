import { rowsOf } from '@ukp/kit';
import { within } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import { createAlertEngine } from '../alerts/engine.js';
import { createAlertRule } from '../alerts/rules.js';
import { secondInstance } from '../alerts/test-support.js';
import { createLiveFeeds } from '../live/feeds.js';
import { type AnomalyPayload, LIVE_TOPICS } from '../live/topics.js';
import { createPartitionManager } from './partitions.js';
import { createIngestPipeline } from './pipeline.js';
import { platformEvent } from './platform-events.js';
import { busEvent } from './testing/fixtures.js';
import type { IngestEvent } from './types.js';

/** The drift is detected during this minute; the tick after it evaluates it. */
const MINUTE = new Date('2026-03-10T12:30:00.000Z');
const DETECTED = new Date('2026-03-10T12:30:20.000Z');
const TICK = new Date('2026-03-10T12:31:05.000Z');

let fixture: AnalyticsDbFixture;
let other: Awaited<ReturnType<typeof secondInstance>>;

beforeAll(async () => {
  fixture = await startAnalyticsDb({ now: new Date('2026-03-10T12:30:30.000Z') });
  other = await secondInstance(fixture);
});
afterAll(async () => {
  await other?.handle.close();
  await fixture?.stop();
});

function drift(psi: number, at: Date, id?: string) {
  return busEvent(
    'ml.drift_detected',
    {
      model: 'document-tags',
      version: 4,
      psi,
      labelPsi: psi,
      lengthPsi: 0.01,
      oovPsi: 0.02,
      sampleSize: 500,
      threshold: 0.2,
      at: at.toISOString(),
    },
    at,
    id,
  );
}

describe('drift detections', () => {
  it('are stored and published once as anomalies, and an ANOMALY rule on the drift metric fires at the tick', async () => {
    const rule = (
      await createAlertRule(fixture.deps, 'owner-ml', { metric: 'ml.drift.document_tags', kind: 'ANOMALY' })
    ).rule;
    const anomalies = await createLiveFeeds(fixture.deps).anomalyDetected([
      'ml.drift.document_tags',
      'sentinel',
    ]);
    const pipelines = [fixture.deps, other.deps].map((deps) =>
      createIngestPipeline(deps, createPartitionManager(deps)),
    );
    const event = platformEvent(drift(0.5, DETECTED, 'drift-1')) as IngestEvent;
    // Redelivered to two instances at once, and another detection in the same minute: one anomaly.
    const later = platformEvent(drift(0.9, new Date(DETECTED.getTime() + 30_000))) as IngestEvent;
    await Promise.all([pipelines[0]!.ingest([event]), pipelines[1]!.ingest([event])]);
    await pipelines[1]!.ingest([later]);

    const stored = rowsOf<{
      metric: string;
      at: Date | string;
      value: number;
      expected: number;
      score: number;
    }>(
      await fixture.deps.db.execute(sql`select metric, at, value, expected, score from analytics.anomalies`),
    );
    expect(stored.map((r) => ({ ...r, at: new Date(r.at).toISOString() }))).toEqual([
      {
        metric: 'ml.drift.document_tags',
        at: MINUTE.toISOString(),
        value: 0.5,
        expected: 0,
        score: 0.5 / 0.2,
      },
    ]);
    expect(
      rowsOf<{ n: number }>(
        await fixture.deps.db.execute(
          sql`select count(*)::int as n from analytics.events where name = 'ml.drift_detected'`,
        ),
      )[0]?.n,
    ).toBe(2);

    await fixture.deps.bus.publish<AnomalyPayload>(LIVE_TOPICS.anomaly, {
      metric: 'sentinel',
      at: '',
      value: 0,
      expected: 0,
      score: 0,
    });
    const published: AnomalyPayload[] = [];
    for (;;) {
      const next = await within(anomalies.next(), 'the sentinel anomaly');
      if (next.done || next.value.metric === 'sentinel') break;
      published.push(next.value);
    }
    expect(published).toEqual([
      {
        metric: 'ml.drift.document_tags',
        at: MINUTE.toISOString(),
        value: 0.5,
        expected: 0,
        score: 0.5 / 0.2,
      },
    ]);
    await anomalies.return?.();

    fixture.clock.now = TICK;
    await createAlertEngine(fixture.deps).tick();
    await createAlertEngine(other.deps).tick();
    const notified = rowsOf<{ rule_id: string; user_id: string; value: number; at: Date | string }>(
      await fixture.deps.db.execute(sql`select rule_id, user_id, value, at from analytics.notifications`),
    );
    expect(notified.map((n) => [n.rule_id, n.user_id, n.value, new Date(n.at).toISOString()])).toEqual([
      [rule.id, 'owner-ml', 0.5, MINUTE.toISOString()],
    ]);
  });
  it('a detection that arrives after its minute was ticked still fires once, at the next tick', async () => {
    const late = new Date('2026-03-10T12:40:00.000Z');
    fixture.clock.now = new Date('2026-03-10T12:39:00.000Z');
    await createAlertRule(fixture.deps, 'owner-late', { metric: 'ml.drift.document_tags', kind: 'ANOMALY' });
    const notifiedTo = async (owner: string) =>
      rowsOf<{ at: Date | string; value: number }>(
        await fixture.deps.db.execute(
          sql`select at, value from analytics.notifications where user_id = ${owner} order by at`,
        ),
      ).map((n) => [new Date(n.at).toISOString(), n.value]);

    // The minute 12:40 is ticked at 12:41:05, before its detection (made at 12:40:50) is ingested.
    fixture.clock.now = new Date('2026-03-10T12:41:05.000Z');
    await createAlertEngine(fixture.deps).tick();
    expect(await notifiedTo('owner-late')).toEqual([]);
    const pipeline = createIngestPipeline(fixture.deps, createPartitionManager(fixture.deps));
    await pipeline.ingest([
      platformEvent(drift(0.7, new Date(late.getTime() + 50_000), 'drift-late')) as IngestEvent,
    ]);

    for (const tickAt of ['2026-03-10T12:42:05.000Z', '2026-03-10T12:43:05.000Z']) {
      fixture.clock.now = new Date(tickAt);
      await Promise.all([createAlertEngine(fixture.deps).tick(), createAlertEngine(other.deps).tick()]);
    }
    expect(await notifiedTo('owner-late')).toEqual([[late.toISOString(), 0.7]]);
  });

  it('a rule created after a drift minute ended does not fire for it', async () => {
    fixture.clock.now = new Date('2026-03-10T12:50:30.000Z');
    const pipeline = createIngestPipeline(fixture.deps, createPartitionManager(fixture.deps));
    await pipeline.ingest([
      platformEvent(drift(0.6, new Date('2026-03-10T12:50:10.000Z'), 'drift-old')) as IngestEvent,
    ]);
    fixture.clock.now = new Date('2026-03-10T12:52:30.000Z');
    await createAlertRule(fixture.deps, 'owner-new', { metric: 'ml.drift.document_tags', kind: 'ANOMALY' });
    fixture.clock.now = new Date('2026-03-10T12:53:05.000Z');
    await createAlertEngine(fixture.deps).tick();
    expect(
      rowsOf<{ n: number }>(
        await fixture.deps.db.execute(
          sql`select count(*)::int as n from analytics.notifications where user_id = 'owner-new'`,
        ),
      )[0]?.n,
    ).toBe(0);
  });
});
