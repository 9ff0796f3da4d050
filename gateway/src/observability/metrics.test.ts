import { Gauge, processMetricsRegistry } from '@ukp/kit';
import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from './metrics.js';
import type { RequestRecord } from './request-record.js';

const record = (overrides: Partial<RequestRecord> = {}): RequestRecord => ({
  requestId: 'r',
  transport: 'http',
  userId: null,
  operationName: 'Me',
  operationType: 'query',
  startedAt: new Date(),
  durationMs: 12,
  status: 200,
  outcome: 'ok',
  errorCodes: [],
  ...overrides,
});

describe('gateway metrics', () => {
  it('counts requests, durations and error codes by label', async () => {
    const metrics = createGatewayMetrics();
    metrics.request(record());
    metrics.request(record({ outcome: 'rejected', status: 429, errorCodes: ['RATE_LIMITED'] }));
    metrics.request(record({ operationName: null, operationType: null, outcome: 'rejected', status: 400 }));
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toContain('text/plain');
    expect(body).toContain(
      'ukp_gateway_requests_total{operation_name="Me",operation_type="query",outcome="ok"} 1',
    );
    expect(body).toContain(
      'ukp_gateway_requests_total{operation_name="Me",operation_type="query",outcome="rejected"} 1',
    );
    expect(body).toContain(
      'ukp_gateway_requests_total{operation_name="__unknown",operation_type="unknown",outcome="rejected"} 1',
    );
    expect(body).toContain(
      'ukp_gateway_request_duration_seconds_bucket{le="0.025",operation_name="Me",operation_type="query",outcome="ok"} 1',
    );
    expect(body).toContain('ukp_gateway_errors_total{code="RATE_LIMITED"} 1');
  });

  it('counts subgraph fetches, rejections and cache lookups', async () => {
    const metrics = createGatewayMetrics();
    metrics.subgraphFetch('users', 0.02, 'ok');
    metrics.rateLimited('login:email');
    metrics.limitRejected('depth');
    metrics.cacheHit('apq');
    metrics.cacheMiss('apq');
    metrics.samplesDropped('full', 3);
    const { body } = await metrics.scrape();
    expect(body).toContain(
      'ukp_gateway_subgraph_fetch_duration_seconds_count{subgraph="users",outcome="ok"} 1',
    );
    expect(body).toContain('ukp_gateway_rate_limit_rejections_total{rule="login:email"} 1');
    expect(body).toContain('ukp_gateway_limit_rejections_total{limit="depth"} 1');
    expect(body).toContain('ukp_gateway_cache_hits_total{cache="apq"} 1');
    expect(body).toContain('ukp_gateway_cache_misses_total{cache="apq"} 1');
    expect(body).toContain('ukp_gateway_request_samples_dropped_total{reason="full"} 3');
  });

  it('keeps two gateways in one process apart, and adds the process metrics to each', async () => {
    const a = createGatewayMetrics();
    const b = createGatewayMetrics();
    a.request(record());
    const [bodyA, bodyB] = await Promise.all([a.scrape(), b.scrape()]).then((r) => r.map((x) => x.body));
    expect(bodyA).toContain('ukp_gateway_requests_total{operation_name="Me"');
    expect(bodyB).not.toContain('ukp_gateway_requests_total{operation_name="Me"');
    expect(bodyA).toContain('ukp_process_cpu_user_seconds_total');
    expect(bodyB).toContain('ukp_nodejs_eventloop_lag_seconds');
  });

  it('serves the process metrics of the kit’s one registry, not a collection of its own', async () => {
    const shared = processMetricsRegistry();
    const marker = new Gauge({ name: 'ukp_test_process_marker', help: 'test', registers: [shared] });
    marker.set(7);
    try {
      const { body } = await createGatewayMetrics().scrape();
      expect(body).toContain('ukp_test_process_marker 7');
      expect(body.match(/^# TYPE ukp_process_cpu_user_seconds_total /gm)).toHaveLength(1);
    } finally {
      shared.removeSingleMetric('ukp_test_process_marker');
    }
  });
});
