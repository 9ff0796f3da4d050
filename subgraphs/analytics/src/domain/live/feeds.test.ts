import { BackgroundTasks, codeOf, createMemoryBus, type EventBus, silentLogger } from '@ukp/kit';
import { within } from '@ukp/kit/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refusal } from '../../testing/refusal.js';
import type { AnalyticsDeps } from '../deps.js';
import { createLiveFeeds, type LiveFeeds } from './feeds.js';
import {
  type AnomalyPayload,
  LIVE_TOPICS,
  type MetricSamplePayload,
  type NotificationPayload,
} from './topics.js';

let bus: EventBus;
let feeds: LiveFeeds;

beforeEach(() => {
  bus = createMemoryBus();
  const deps: AnalyticsDeps = {
    // The feeds touch only the bus and the logger: no database in a unit test.
    db: undefined as unknown as AnalyticsDeps['db'],
    bus,
    logger: silentLogger(),
    background: new BackgroundTasks(),
    now: () => new Date(),
    config: {
      retentionDays: 90,
      anomaly: { threshold: 3.5, minHistory: 30, window: 60 },
      webhook: { allowPrivate: false, timeoutMs: 1000, maxAttempts: 3 },
    },
  };
  feeds = createLiveFeeds(deps);
});

afterEach(async () => {
  await bus.close();
});

const sample = (metric: string, value: number): MetricSamplePayload => ({
  metric,
  value,
  at: '2026-03-02T10:00:00.000Z',
});
const anomaly = (metric: string): AnomalyPayload => ({ metric, at: '', value: 1, expected: 0, score: 9 });
const notice = (id: string, userId: string): NotificationPayload => ({
  id,
  userId,
  ruleId: 'r',
  metric: 'm',
  message: '',
  value: 0,
  at: '',
});

describe('metricUpdated', () => {
  it('yields only the named metrics, in order', async () => {
    const feed = await feeds.metricUpdated(['searches', 'logins']);
    await bus.publish(LIVE_TOPICS.metric, sample('errors', 1));
    await bus.publish(LIVE_TOPICS.metric, sample('searches', 2));
    await bus.publish(LIVE_TOPICS.metric, sample('logins', 3));
    expect((await within(feed.next(), 'searches')).value).toEqual(sample('searches', 2));
    expect((await within(feed.next(), 'logins')).value).toEqual(sample('logins', 3));
    await feed.return?.();
  });

  it.each([
    ['no metrics', []],
    ['21 metrics', Array.from({ length: 21 }, (_, i) => `m${i}`)],
    ['a bad name', ['searches', 'Not A Metric']],
    ['an empty name', ['']],
  ])('refuses %s with BAD_USER_INPUT', async (_what, metrics) => {
    const error = await refusal(feeds.metricUpdated(metrics));
    expect(codeOf(error)).toBe('BAD_USER_INPUT');
    expect(error.extensions?.field).toBe('metrics');
  });

  it('accepts 20 metrics', async () => {
    const feed = await feeds.metricUpdated(Array.from({ length: 20 }, (_, i) => `m${i}`));
    await feed.return?.();
  });
});

describe('anomalyDetected', () => {
  it('yields every anomaly without a filter, only the named ones with one', async () => {
    const all = await feeds.anomalyDetected(null);
    const empty = await feeds.anomalyDetected([]);
    const some = await feeds.anomalyDetected(['errors']);
    await bus.publish(LIVE_TOPICS.anomaly, anomaly('searches'));
    await bus.publish(LIVE_TOPICS.anomaly, anomaly('errors'));
    expect((await within(all.next(), 'first')).value?.metric).toBe('searches');
    expect((await within(all.next(), 'second')).value?.metric).toBe('errors');
    expect((await within(empty.next(), 'first')).value?.metric).toBe('searches');
    expect((await within(some.next(), 'errors')).value?.metric).toBe('errors');
    for (const feed of [all, empty, some]) await feed.return?.();
  });

  it('refuses a bad metric name', async () => {
    expect(codeOf(await refusal(feeds.anomalyDetected(['ERRORS'])))).toBe('BAD_USER_INPUT');
  });
});

describe('notifications', () => {
  it("yields the user's own notifications only", async () => {
    const mine = await feeds.notifications('u1');
    await bus.publish(LIVE_TOPICS.notification, notice('a', 'u2'));
    await bus.publish(LIVE_TOPICS.notification, notice('b', 'u1'));
    await bus.publish(LIVE_TOPICS.notification, notice('c', 'u2'));
    await bus.publish(LIVE_TOPICS.notification, notice('d', 'u1'));
    expect((await within(mine.next(), 'b')).value?.id).toBe('b');
    expect((await within(mine.next(), 'd')).value?.id).toBe('d');
    await mine.return?.();
  });
});
