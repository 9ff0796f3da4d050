import { type BusEvent, createMemoryBus, type EventBus, silentLogger } from '@ukp/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RequestRecord } from './request-record.js';
import {
  GATEWAY_REQUEST_TOPIC,
  type GatewayRequestEvent,
  type RequestSamplerOptions,
  requestSampler,
} from './request-sample.js';

const record: RequestRecord = {
  requestId: 'r1',
  transport: 'http',
  userId: 'u1',
  operationName: 'Me',
  operationType: 'query',
  startedAt: new Date('2030-01-02T03:04:05.000Z'),
  durationMs: 4.5,
  status: 200,
  outcome: 'error',
  errorCodes: ['SUBGRAPH_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE'],
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function listening(): Promise<{ bus: EventBus; received: Array<BusEvent<GatewayRequestEvent>> }> {
  const bus = createMemoryBus({ logger: silentLogger() });
  const received: Array<BusEvent<GatewayRequestEvent>> = [];
  await bus.subscribe<GatewayRequestEvent>(GATEWAY_REQUEST_TOPIC, (event) => received.push(event));
  return { bus, received };
}

/** A bus whose publishes wait until `release` is called (a slow Redis). */
function stalledBus(): EventBus & { release(): void; published: number } {
  const waiting: Array<() => void> = [];
  const bus = {
    kind: 'memory' as const,
    published: 0,
    publish: () => {
      bus.published += 1;
      return new Promise<void>((resolve) => waiting.push(resolve));
    },
    subscribe: async () => async () => {},
    ping: async () => {},
    close: async () => {},
    release: () => {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
  return bus;
}

function sampler(bus: EventBus, overrides: Partial<RequestSamplerOptions> = {}) {
  return requestSampler({ bus, rate: 1, logger: silentLogger(), ...overrides });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('request sampling', () => {
  it('publishes the sampled share of requests as gateway.request', async () => {
    const { bus, received } = await listening();
    const draws = [0.05, 0.5, 0.09];
    const sample = sampler(bus, { rate: 0.1, random: () => draws.shift() ?? 1 });
    sample.record(record);
    sample.record(record);
    sample.record(record);
    await sample.flush();
    await settle();
    expect(received).toHaveLength(2);
    expect(received[0]?.data).toEqual({
      sampleRate: 0.1,
      operationName: 'Me',
      operationType: 'query',
      durationMs: 4.5,
      outcome: 'error',
      errorCodes: ['SUBGRAPH_UNAVAILABLE'],
      userId: 'u1',
      at: '2030-01-02T03:04:05.000Z',
    });
    await bus.close();
  });

  it('at rate 1 publishes every request, with its subgraph timings, drawing nothing', async () => {
    const { bus, received } = await listening();
    const random = vi.fn(() => 0.999);
    const sample = sampler(bus, { random });
    sample.record({ ...record, subgraphTimings: { users: 1.25, knowledge: 3 } });
    sample.record(record);
    await sample.flush();
    await settle();
    expect(random).not.toHaveBeenCalled();
    expect(received.map((e) => e.data.sampleRate)).toEqual([1, 1]);
    expect(received[0]?.data.subgraphTimings).toEqual({ users: 1.25, knowledge: 3 });
    // Nothing fetched: no member at all, rather than an empty object.
    expect(received[1]?.data).not.toHaveProperty('subgraphTimings');
    await bus.close();
  });

  it('publishes nothing at rate 0', async () => {
    const { bus, received } = await listening();
    const sample = sampler(bus, { rate: 0, random: () => 0 });
    sample.record(record);
    await sample.stop();
    await settle();
    expect(received).toEqual([]);
    await bus.close();
  });

  it('holds samples back for flushMs, then publishes them together, each once as its own event', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { bus, received } = await listening();
    const sample = sampler(bus, { flushMs: 250 });
    for (let i = 0; i < 3; i += 1) sample.record({ ...record, requestId: `r${i}`, durationMs: i });
    await settle();
    expect(received).toEqual([]);
    vi.advanceTimersByTime(249);
    await settle();
    expect(received).toEqual([]);
    vi.advanceTimersByTime(1);
    await settle();
    expect(received.map((e) => e.data.durationMs)).toEqual([0, 1, 2]);
    expect(new Set(received.map((e) => e.id)).size).toBe(3);
    // Nothing is published twice by a later flush.
    await sample.flush();
    vi.advanceTimersByTime(1000);
    await settle();
    expect(received).toHaveLength(3);
    await bus.close();
  });

  it('flushes at once when flushAt samples are waiting', async () => {
    const { bus, received } = await listening();
    const sample = sampler(bus, { flushMs: 60_000, flushAt: 2 });
    sample.record(record);
    await settle();
    expect(received).toHaveLength(0);
    sample.record(record);
    await settle();
    expect(received).toHaveLength(2);
    await sample.stop();
    await bus.close();
  });

  it('publishes what waits when stopped, and later samples straight away', async () => {
    const { bus, received } = await listening();
    const sample = sampler(bus, { flushMs: 60_000 });
    sample.record(record);
    await sample.stop();
    await settle();
    expect(received).toHaveLength(1);
    sample.record(record);
    await settle();
    expect(received).toHaveLength(2);
    await bus.close();
  });

  it('drops and counts samples beyond maxPending while the bus is slow', async () => {
    const bus = stalledBus();
    const dropped = vi.fn();
    const sample = sampler(bus, { flushMs: 60_000, flushAt: 2, maxPending: 3, onDropped: dropped });
    for (let i = 0; i < 5; i += 1) sample.record(record);
    // Two in flight, one waiting: the fourth and fifth find no room.
    expect(bus.published).toBe(2);
    expect(dropped.mock.calls).toEqual([
      ['full', 1],
      ['full', 1],
    ]);
    bus.release();
    await settle();
    sample.record(record);
    expect(dropped).toHaveBeenCalledTimes(2);
    await sample.stop();
    expect(bus.published).toBe(4);
  });

  it('counts the samples the bus refuses, and never throws at the caller', async () => {
    const bus = createMemoryBus({ logger: silentLogger() });
    await bus.close();
    const dropped = vi.fn();
    const sample = sampler(bus, { onDropped: dropped });
    expect(() => sample.record(record)).not.toThrow();
    sample.record(record);
    await sample.flush();
    expect(dropped).toHaveBeenCalledWith('failed', 2);
  });
});
