import { describe, expect, it } from 'vitest';
import { LATENCY_METRIC } from '../metrics/catalog.js';
import { clientEvents } from './client-events.js';
import { planBatch } from './plan.js';
import { platformEvent } from './platform-events.js';
import { busEvent, gatewaySample, subscriptionReading } from './testing/fixtures.js';
import type { IngestEvent } from './types.js';

const NOW = new Date('2026-04-01T12:34:56.789Z');

function windowsOf(events: IngestEvent[], metric: string) {
  return planBatch(events)
    .windows.filter((w) => w.metric === metric)
    .map((w) => ({
      interval: w.interval,
      at: new Date(w.at).toISOString(),
      count: w.count,
      sum: w.sum,
    }))
    .sort((a, b) => a.interval.localeCompare(b.interval) || a.at.localeCompare(b.at));
}

describe('planBatch', () => {
  it('adds each event to its UTC minute, hour and day', () => {
    const events = clientEvents(
      'u',
      [
        { name: 'a' },
        { name: 'a', at: '2026-04-01T12:34:00.000Z' },
        { name: 'a', at: '2026-04-01T11:59:59.999Z' },
        { name: 'a', at: '2026-03-31T23:59:59.999Z' },
      ],
      NOW,
    );
    expect(windowsOf(events, 'a')).toEqual([
      { interval: 'DAY', at: '2026-03-31T00:00:00.000Z', count: 1, sum: 0 },
      { interval: 'DAY', at: '2026-04-01T00:00:00.000Z', count: 3, sum: 0 },
      { interval: 'HOUR', at: '2026-03-31T23:00:00.000Z', count: 1, sum: 0 },
      { interval: 'HOUR', at: '2026-04-01T11:00:00.000Z', count: 1, sum: 0 },
      { interval: 'HOUR', at: '2026-04-01T12:00:00.000Z', count: 2, sum: 0 },
      { interval: 'MINUTE', at: '2026-03-31T23:59:00.000Z', count: 1, sum: 0 },
      { interval: 'MINUTE', at: '2026-04-01T11:59:00.000Z', count: 1, sum: 0 },
      { interval: 'MINUTE', at: '2026-04-01T12:34:00.000Z', count: 2, sum: 0 },
    ]);
  });

  it('weights values into counts, sums and one sketch per window', () => {
    const events = [gatewaySample(NOW, 10, { sampleRate: 0.5 }), gatewaySample(NOW, 30)].map(
      (e) => platformEvent(e)!,
    );
    const plan = planBatch(events);
    const minute = plan.windows.find((w) => w.metric === LATENCY_METRIC && w.interval === 'MINUTE')!;
    expect(minute).toMatchObject({ count: 3, sum: 10 * 2 + 30 });
    expect(minute.sketch?.count).toBe(3);
    expect(plan.windows.find((w) => w.metric === 'requests' && w.interval === 'DAY')?.count).toBe(3);
    expect(
      plan.operations.map((o) => [o.operationName, o.interval, o.count, o.errors, o.sketch.count]),
    ).toEqual([
      ['Dashboard', 'MINUTE', 3, 0, 3],
      ['Dashboard', 'HOUR', 3, 0, 3],
    ]);
  });

  it("keeps each instance's newest gauge reading of a window, whatever the order in the batch", () => {
    const second = (s: number) => new Date(Date.UTC(2026, 3, 1, 12, 34, s));
    const events = [
      subscriptionReading('g1', 5, second(20)),
      subscriptionReading('g1', 9, second(40)),
      subscriptionReading('g2', 4, second(50)),
      subscriptionReading('g1', 7, second(30)),
    ].map((e) => platformEvent(e)!);
    const plan = planBatch(events);
    expect(
      plan.gauges
        .filter((g) => g.interval === 'MINUTE')
        .map((g) => [g.metric, g.instance, new Date(g.at).toISOString(), g.value, g.valueAt])
        .sort(),
    ).toEqual([
      ['active_subscriptions', 'g1', '2026-04-01T12:34:00.000Z', 9, second(40).getTime()],
      ['active_subscriptions', 'g2', '2026-04-01T12:34:00.000Z', 4, second(50).getTime()],
    ]);
    expect(plan.gauges.filter((g) => g.interval === 'DAY').map((g) => [g.instance, g.value])).toEqual([
      ['g1', 9],
      ['g2', 4],
    ]);
    // The metric's own window counts the readings (and sums them, for their mean).
    expect(windowsOf(events, 'active_subscriptions')[2]).toEqual({
      interval: 'MINUTE',
      at: '2026-04-01T12:34:00.000Z',
      count: 4,
      sum: 25,
    });
  });

  it('keeps raw rows for named events only, activity per user and hour, views per document', () => {
    const events = [
      ...clientEvents('u1', [{ name: 'a' }, { name: 'b', at: '2026-04-01T12:00:00.000Z' }], NOW),
      platformEvent(busEvent('document.viewed', { documentId: 'd1', actorId: 'u2' }, NOW))!,
      platformEvent(busEvent('document.viewed', { documentId: 'd1', actorId: null }, NOW))!,
      platformEvent(subscriptionReading('g1', 1, NOW))!,
    ];
    const plan = planBatch(events);
    expect(plan.raw.map((e) => e.name)).toEqual(['a', 'b', 'document.viewed', 'document.viewed']);
    expect(plan.activity).toEqual([
      { userId: 'u1', hour: Date.parse('2026-04-01T12:00:00.000Z'), events: 2, lastAt: NOW.getTime() },
      { userId: 'u2', hour: Date.parse('2026-04-01T12:00:00.000Z'), events: 1, lastAt: NOW.getTime() },
    ]);
    expect(plan.views).toEqual([{ documentId: 'd1', views: 2 }]);
  });

  it('reports the minute windows it touches, once each', () => {
    const plan = planBatch(
      clientEvents('u', [{ name: 'a' }, { name: 'a' }, { name: 'b', at: '2026-04-01T12:00:30Z' }], NOW),
    );
    expect(plan.touched.map((t) => `${t.metric}@${t.at.toISOString()}`).sort()).toEqual([
      'a@2026-04-01T12:34:00.000Z',
      'b@2026-04-01T12:00:00.000Z',
    ]);
  });
});
