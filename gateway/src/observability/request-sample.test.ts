import { createMemoryBus, silentLogger } from '@ukp/kit';
import { describe, expect, it, vi } from 'vitest';
import type { RequestRecord } from './request-record.js';
import { GATEWAY_REQUEST_TOPIC, type GatewayRequestEvent, requestSampler } from './request-sample.js';

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

describe('request sampling', () => {
  it('publishes the sampled share of requests as gateway.request', async () => {
    const bus = createMemoryBus({ logger: silentLogger() });
    const received: GatewayRequestEvent[] = [];
    await bus.subscribe<GatewayRequestEvent>(GATEWAY_REQUEST_TOPIC, (event) => received.push(event.data));
    const draws = [0.05, 0.5, 0.09];
    const sample = requestSampler({
      bus,
      rate: 0.1,
      logger: silentLogger(),
      random: () => draws.shift() ?? 1,
    });
    sample(record);
    sample(record);
    sample(record);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(2);
    expect(received[0]).toEqual({
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
    const bus = createMemoryBus({ logger: silentLogger() });
    const received: GatewayRequestEvent[] = [];
    await bus.subscribe<GatewayRequestEvent>(GATEWAY_REQUEST_TOPIC, (event) => received.push(event.data));
    const random = vi.fn(() => 0.999);
    const sample = requestSampler({ bus, rate: 1, logger: silentLogger(), random });
    sample({ ...record, subgraphTimings: { users: 1.25, knowledge: 3 } });
    sample(record);
    await new Promise((resolve) => setImmediate(resolve));
    expect(random).not.toHaveBeenCalled();
    expect(received.map((e) => e.sampleRate)).toEqual([1, 1]);
    expect(received[0]?.subgraphTimings).toEqual({ users: 1.25, knowledge: 3 });
    // Nothing fetched: no member at all, rather than an empty object.
    expect(received[1]).not.toHaveProperty('subgraphTimings');
    await bus.close();
  });

  it('publishes nothing at rate 0', async () => {
    const bus = createMemoryBus({ logger: silentLogger() });
    const received: unknown[] = [];
    await bus.subscribe(GATEWAY_REQUEST_TOPIC, (event) => received.push(event));
    requestSampler({ bus, rate: 0, logger: silentLogger(), random: () => 0 })(record);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toEqual([]);
    await bus.close();
  });
});
