import { createMemoryBus, parseEnv, silentLogger } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { createObservability, observabilityEnv } from './index.js';

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
});
