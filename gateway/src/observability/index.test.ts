import type { GraphQLServerContext } from '@apollo/server';
import { createMemoryBus, parseEnv, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { createObservability, GATEWAY_REQUEST_TOPIC, observabilityEnv } from './index.js';
import type { RequestRecord } from './request-record.js';

describe('observability wiring', () => {
  const deps = () => ({ logger: silentLogger(), bus: createMemoryBus({ logger: silentLogger() }) });

  it('serves /metrics by default', () => {
    const { routes } = createObservability(
      { METRICS_ENABLED: true, GATEWAY_METRICS_SAMPLE_RATE: 0.1 },
      deps(),
    );
    expect(Object.keys(routes)).toEqual(['/metrics']);
  });

  it('serves no /metrics route when METRICS_ENABLED is false', () => {
    const { routes } = createObservability(
      { METRICS_ENABLED: false, GATEWAY_METRICS_SAMPLE_RATE: 0.1 },
      deps(),
    );
    expect(routes).toEqual({});
  });

  it('samples every request by default', () => {
    expect(parseEnv(observabilityEnv, {}).GATEWAY_METRICS_SAMPLE_RATE).toBe(1);
    expect(
      parseEnv(observabilityEnv, { GATEWAY_METRICS_SAMPLE_RATE: '0.25' }).GATEWAY_METRICS_SAMPLE_RATE,
    ).toBe(0.25);
  });

  it('publishes the samples still waiting when Apollo stops', async () => {
    const bus = createMemoryBus({ logger: silentLogger() });
    const received: unknown[] = [];
    await bus.subscribe(GATEWAY_REQUEST_TOPIC, (event) => received.push(event));
    const { samples, requests } = createObservability(
      { METRICS_ENABLED: true, GATEWAY_METRICS_SAMPLE_RATE: 1 },
      { logger: silentLogger(), bus },
    );
    const record: RequestRecord = {
      requestId: 'r1',
      transport: 'http',
      userId: null,
      operationName: 'Me',
      operationType: 'query',
      startedAt: new Date(),
      durationMs: 1,
      status: 200,
      outcome: 'ok',
      errorCodes: [],
    };
    samples.record(record);
    const listener = await requests.plugin().serverWillStart?.({} as GraphQLServerContext);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(0);
    await listener?.serverWillStop?.();
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toHaveLength(1);
    await bus.close();
  });
});
