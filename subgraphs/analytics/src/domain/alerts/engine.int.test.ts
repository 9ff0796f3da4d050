import { createEventBus, type EventBus, rowsOf } from '@ukp/kit';
import { testRedisUrl, uniqueRedisPrefix, within } from '@ukp/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsDbFixture, startAnalyticsDb } from '../../testing/db-fixture.js';
import type { AnalyticsDeps } from '../deps.js';
import { createLiveFeeds } from '../live/feeds.js';
import { type AnomalyPayload, LIVE_TOPICS, type NotificationPayload } from '../live/topics.js';
import { createAlertEngine } from './engine.js';
import { createAlertRule } from './rules.js';
import { secondInstance, setMinuteCount, setMinuteSeries, thresholdRule } from './test-support.js';

const MINUTE = 60_000;
/** The minute under evaluation: a tick at T + 1 min + 5 s looks at the window [T, T + 1 min). */
const T = new Date('2026-03-02T10:00:00.000Z');
const minute = (n: number) => new Date(T.getTime() + n * MINUTE);
const tickTimeFor = (n: number) => new Date(minute(n + 1).getTime() + 5000);

/** Reads an iterator until `last` says stop; returns everything read before (and including) it. */
async function readUntil<V>(iterator: AsyncIterator<V>, last: (value: V) => boolean): Promise<V[]> {
  const seen: V[] = [];
  for (;;) {
    const next = await within(iterator.next(), 'the sentinel event');
    if (next.done) return seen;
    seen.push(next.value);
    if (last(next.value)) return seen;
  }
}

async function notificationRows(deps: AnalyticsDeps) {
  return rowsOf<{ rule_id: string; user_id: string; at: Date | string; value: number; message: string }>(
    await deps.db.execute(
      sql`select rule_id, user_id, at, value, message from analytics.notifications order by at, rule_id`,
    ),
  );
}

describe('alert engine: two instances on one database', () => {
  let fixture: AnalyticsDbFixture;
  let a: AnalyticsDeps;
  let b: Awaited<ReturnType<typeof secondInstance>>;

  beforeAll(async () => {
    fixture = await startAnalyticsDb({ now: new Date(T.getTime() - 30 * MINUTE) });
    a = fixture.deps;
    b = await secondInstance(fixture);
  });

  afterAll(async () => {
    await b?.handle.close();
    await fixture?.stop();
  });

  async function tickBoth(n: number) {
    fixture.clock.now = tickTimeFor(n);
    await Promise.all([createAlertEngine(a).tick(), createAlertEngine(b.deps).tick()]);
  }

  it('threshold rules fire once per window across instances, when the value crosses', async () => {
    fixture.clock.now = new Date(T.getTime() - 30 * MINUTE);
    const above = await thresholdRule(a, 'owner-t', 'orders', 5);
    const below = await thresholdRule(a, 'owner-t', 'orders', 5, 'BELOW');
    const feeds = createLiveFeeds(a);
    const feed = await feeds.notifications('owner-t');

    // orders per minute: 3, 10 (crosses above), 12 (stays above), 2 (crosses below), 9 (crosses above).
    await setMinuteCount(a, 'orders', minute(-1), 3);
    await setMinuteCount(a, 'orders', minute(0), 10);
    await setMinuteCount(a, 'orders', minute(1), 12);
    await setMinuteCount(a, 'orders', minute(2), 2);
    await setMinuteCount(a, 'orders', minute(3), 9);
    for (const n of [0, 0, 1, 2, 3, 3]) await tickBoth(n);

    const rows = (await notificationRows(a)).filter((r) => r.user_id === 'owner-t');
    expect(rows.map((r) => [r.rule_id, new Date(r.at).toISOString(), r.value])).toEqual([
      [above.id, minute(0).toISOString(), 10],
      [below.id, minute(2).toISOString(), 2],
      [above.id, minute(3).toISOString(), 9],
    ]);
    expect(rows[0]?.message).toBe(
      'orders was 10 in the minute from 2026-03-02 10:00 UTC: above the threshold of 5.',
    );

    // Each firing was published once, by the instance whose insert won.
    await a.bus.publish<NotificationPayload>(LIVE_TOPICS.notification, {
      id: 'sentinel',
      userId: 'owner-t',
      ruleId: 'sentinel',
      metric: 'orders',
      message: '',
      value: 0,
      at: '',
    });
    const published = await readUntil(feed, (n) => n.id === 'sentinel');
    expect(published.map((n) => [n.ruleId, n.at])).toEqual([
      [above.id, minute(0).toISOString()],
      [below.id, minute(2).toISOString()],
      [above.id, minute(3).toISOString()],
      ['sentinel', ''],
    ]);
    await feed.return?.();
  });

  it('a rule created while the metric is already beyond its threshold fires on its first window', async () => {
    await setMinuteCount(a, 'carts', minute(9), 50);
    fixture.clock.now = new Date(minute(10).getTime() + 20_000);
    await setMinuteCount(a, 'carts', minute(10), 60);
    const rule = await thresholdRule(a, 'owner-n', 'carts', 40);
    await tickBoth(10);
    await tickBoth(10);
    const rows = (await notificationRows(a)).filter((r) => r.rule_id === rule.id);
    expect(rows.map((r) => [new Date(r.at).toISOString(), r.value])).toEqual([
      [minute(10).toISOString(), 60],
    ]);
  });

  it('anomalies are stored and published once across instances; ANOMALY rules fire once; noise and short histories are not flagged', async () => {
    fixture.clock.now = new Date(T.getTime() + 20 * MINUTE);
    const spiky = (await createAlertRule(a, 'owner-a', { metric: 'checkout.completed', kind: 'ANOMALY' }))
      .rule;
    await createAlertRule(a, 'owner-a', { metric: 'noise.metric', kind: 'ANOMALY' });
    await createAlertRule(a, 'owner-a', { metric: 'young.metric', kind: 'ANOMALY' });
    const feeds = createLiveFeeds(a);
    const anomalies = await feeds.anomalyDetected(null);
    const notices = await feeds.notifications('owner-a');

    const at = minute(30);
    // 60 minutes of 18–22, each value 12 times: median 20; deviations 0×12, 1×24, 2×24, so MAD = 1.
    const history = Array.from({ length: 60 }, (_, i) => 18 + ((i * 7) % 5));
    await setMinuteSeries(a, 'checkout.completed', at, history);
    await setMinuteCount(a, 'checkout.completed', at, 80);
    await setMinuteSeries(a, 'noise.metric', at, history);
    await setMinuteCount(a, 'noise.metric', at, 22); // 0.6745 × 2 / 1 = 1.35: ordinary
    await setMinuteSeries(a, 'young.metric', at, history.slice(0, 10)); // 10 minutes < minHistory 30
    await setMinuteCount(a, 'young.metric', at, 500);

    await tickBoth(30);
    await tickBoth(30);

    const stored = rowsOf<{ metric: string; value: number; expected: number; score: number }>(
      await a.db.execute(
        sql`select metric, value, expected, score from analytics.anomalies where at = ${at.toISOString()}::timestamptz`,
      ),
    );
    expect(stored).toHaveLength(1);
    // Robust z-score 0.6745 × (80 − 20) / 1 (Iglewicz & Hoaglin), computed by hand from the series above.
    expect(stored[0]).toMatchObject({ metric: 'checkout.completed', value: 80, expected: 20 });
    expect(stored[0]?.score).toBeCloseTo(0.6745 * 60, 9);

    const rows = (await notificationRows(a)).filter((r) => r.user_id === 'owner-a');
    expect(rows.map((r) => [r.rule_id, r.value])).toEqual([[spiky.id, 80]]);
    expect(rows[0]?.message).toBe(
      'checkout.completed was 80 in the minute from 2026-03-02 10:30 UTC: unusual, about 20 was expected (robust z-score 40.47).',
    );

    const sentinel: AnomalyPayload = { metric: 'sentinel', at: '', value: 0, expected: 0, score: 0 };
    await a.bus.publish(LIVE_TOPICS.anomaly, sentinel);
    const published = await readUntil(anomalies, (x) => x.metric === 'sentinel');
    expect(published.map((x) => [x.metric, x.at, x.value, x.expected])).toEqual([
      ['checkout.completed', at.toISOString(), 80, 20],
      ['sentinel', '', 0, 0],
    ]);
    await a.bus.publish<NotificationPayload>(LIVE_TOPICS.notification, {
      id: 'sentinel',
      userId: 'owner-a',
      ruleId: '',
      metric: '',
      message: '',
      value: 0,
      at: '',
    });
    expect((await readUntil(notices, (n) => n.id === 'sentinel')).map((n) => n.ruleId)).toEqual([
      spiky.id,
      '',
    ]);
    await anomalies.return?.();
    await notices.return?.();
  });

  it('a deleted rule no longer fires', async () => {
    fixture.clock.now = new Date(minute(40).getTime());
    const rule = await thresholdRule(a, 'owner-d', 'refunds', 1);
    await a.db.execute(sql`update analytics.alert_rules set deleted_at = now() where id = ${rule.id}::uuid`);
    await setMinuteCount(a, 'refunds', minute(41), 5);
    await tickBoth(41);
    expect((await notificationRows(a)).filter((r) => r.rule_id === rule.id)).toEqual([]);
  });
});

describe('notifications feed across instances (Redis bus)', () => {
  let fixture: AnalyticsDbFixture;
  let busA: EventBus;
  let busB: EventBus;

  beforeAll(async () => {
    const prefix = uniqueRedisPrefix();
    busA = await createEventBus({ redisUrl: testRedisUrl, prefix });
    busB = await createEventBus({ redisUrl: testRedisUrl, prefix });
    fixture = await startAnalyticsDb({ now: new Date(T.getTime() - 10 * MINUTE), bus: busA });
  });

  afterAll(async () => {
    await fixture?.stop();
    await busA?.close();
    await busB?.close();
  });

  it("delivers a firing to its owner's subscription on another instance, and to nobody else's", async () => {
    const deps = fixture.deps;
    const mine = await thresholdRule(deps, 'owner-1', 'logins', 0);
    await thresholdRule(deps, 'owner-2', 'logins', 0);
    const feedsOnB = createLiveFeeds({ ...deps, bus: busB });
    const owner1 = await feedsOnB.notifications('owner-1');
    const owner3 = await feedsOnB.notifications('owner-3');

    await setMinuteCount(deps, 'logins', T, 4);
    fixture.clock.now = tickTimeFor(0);
    await createAlertEngine(deps).tick();
    expect((await notificationRows(deps)).map((r) => r.user_id).sort()).toEqual(['owner-1', 'owner-2']);

    for (const userId of ['owner-1', 'owner-3']) {
      await busA.publish<NotificationPayload>(LIVE_TOPICS.notification, {
        id: 'sentinel',
        userId,
        ruleId: '',
        metric: '',
        message: '',
        value: 0,
        at: '',
      });
    }
    const got = await readUntil(owner1, (n) => n.id === 'sentinel');
    expect(got.map((n) => [n.userId, n.ruleId, n.value])).toEqual([
      ['owner-1', mine.id, 4],
      ['owner-1', '', 0],
    ]);
    expect((await readUntil(owner3, (n) => n.id === 'sentinel')).map((n) => n.ruleId)).toEqual(['']);
    await owner1.return?.();
    await owner3.return?.();
  });
});
