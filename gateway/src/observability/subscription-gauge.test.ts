import type { EventBus } from '@ukp/kit';
import { silentLogger } from '@ukp/kit';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  GATEWAY_SUBSCRIPTIONS_TOPIC,
  type GatewaySubscriptionsEvent,
  startSubscriptionGauge,
} from './subscription-gauge.js';

/** A bus that records what is published, or fails the way `fail` says. */
function recordingBus(fail: () => 'reject' | 'throw' | undefined = () => undefined) {
  const published: Array<{ topic: string; data: GatewaySubscriptionsEvent }> = [];
  const bus: EventBus = {
    kind: 'memory',
    publish(topic, data) {
      const failure = fail();
      if (failure === 'throw') throw new Error('bus broken (expected by the test)');
      if (failure === 'reject') return Promise.reject(new Error('bus closed (expected by the test)'));
      published.push({ topic, data: data as GatewaySubscriptionsEvent });
      return Promise.resolve();
    },
    subscribe: () => Promise.resolve(async () => {}),
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  return { bus, published, values: () => published.map((p) => p.data.active) };
}

describe('subscription gauge', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2030-01-02T03:04:05.000Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('publishes the count at start, on a change at most once a second, and every 15 s', () => {
    const { bus, published, values } = recordingBus();
    let active = 0;
    const stop = startSubscriptionGauge({
      bus,
      active: () => active,
      logger: silentLogger(),
      instance: 'gw1',
    });
    expect(published).toEqual([
      {
        topic: GATEWAY_SUBSCRIPTIONS_TOPIC,
        data: { active: 0, at: '2030-01-02T03:04:05.000Z', instance: 'gw1' },
      },
    ]);
    // Three changes within one second: one event, with the count at the end of it.
    active = 1;
    vi.advanceTimersByTime(300);
    active = 2;
    vi.advanceTimersByTime(300);
    active = 3;
    expect(values()).toEqual([0]);
    vi.advanceTimersByTime(400);
    expect(values()).toEqual([0, 3]);
    expect(published[1]?.data.at).toBe('2030-01-02T03:04:06.000Z');
    // Unchanged: nothing until 15 s after the last event.
    vi.advanceTimersByTime(14_000);
    expect(values()).toEqual([0, 3]);
    vi.advanceTimersByTime(1_000);
    expect(values()).toEqual([0, 3, 3]);
    expect(published[2]?.data.at).toBe('2030-01-02T03:04:21.000Z');
    stop();
    active = 9;
    vi.advanceTimersByTime(60_000);
    expect(values()).toEqual([0, 3, 3]);
  });

  it('keeps going when the bus rejects or throws, or the count cannot be read', async () => {
    let failure: 'reject' | 'throw' | undefined = 'throw';
    const { bus, values } = recordingBus(() => failure);
    let active: () => number = () => 1;
    const stop = startSubscriptionGauge({ bus, active: () => active(), logger: silentLogger() });
    expect(values()).toEqual([]);
    failure = 'reject';
    active = () => 2;
    vi.advanceTimersByTime(1_000);
    // The rejection is handled (an unhandled one would fail the test run).
    await vi.advanceTimersByTimeAsync(0);
    active = () => {
      throw new Error('count unavailable (expected by the test)');
    };
    vi.advanceTimersByTime(1_000);
    failure = undefined;
    active = () => 4;
    vi.advanceTimersByTime(1_000);
    expect(values()).toEqual([4]);
    stop();
  });
});
