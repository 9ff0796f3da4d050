import { describe, expect, it } from 'vitest';
import { parsePrometheus, subgraphCounters, subgraphRates, sum } from './prometheus.js';

const scrape = (ok: number, error: number, fast: number) => `
# HELP ukp_gateway_subgraph_fetch_duration_seconds Fetches
# TYPE ukp_gateway_subgraph_fetch_duration_seconds histogram
ukp_gateway_subgraph_fetch_duration_seconds_bucket{le="0.01",subgraph="users",outcome="ok"} ${fast}
ukp_gateway_subgraph_fetch_duration_seconds_bucket{le="0.1",subgraph="users",outcome="ok"} ${ok}
ukp_gateway_subgraph_fetch_duration_seconds_bucket{le="+Inf",subgraph="users",outcome="ok"} ${ok}
ukp_gateway_subgraph_fetch_duration_seconds_count{subgraph="users",outcome="ok"} ${ok}
ukp_gateway_subgraph_fetch_duration_seconds_bucket{le="0.01",subgraph="users",outcome="error"} 0
ukp_gateway_subgraph_fetch_duration_seconds_bucket{le="0.1",subgraph="users",outcome="error"} 0
ukp_gateway_subgraph_fetch_duration_seconds_bucket{le="+Inf",subgraph="users",outcome="error"} ${error}
ukp_gateway_subgraph_fetch_duration_seconds_count{subgraph="users",outcome="error"} ${error}
ukp_gateway_errors_total{code="INVALID_CREDENTIALS"} 3
ukp_gateway_errors_total{code="RATE_LIMITED"} 4
`;

describe('the dashboard reading the gateway metrics', () => {
  it('sums a counter over the labels asked for', () => {
    const samples = parsePrometheus(scrape(1, 0, 1));
    expect(sum(samples, 'ukp_gateway_errors_total')).toBe(7);
    expect(sum(samples, 'ukp_gateway_errors_total', { code: 'INVALID_CREDENTIALS' })).toBe(3);
  });

  it('turns two scrapes into fetches per second, error rate and p95 of what happened between them', () => {
    const before = subgraphCounters(parsePrometheus(scrape(10, 0, 10))).get('users');
    const after = subgraphCounters(parsePrometheus(scrape(110, 0, 20))).get('users')!;
    // 100 new fetches in 10 s, 10 of them under 10 ms: the 95th falls in the 100 ms bucket.
    expect(subgraphRates(before, after, 10)).toEqual({ rps: 10, errorRate: 0, p95Ms: 100 });
    const failing = subgraphCounters(parsePrometheus(scrape(110, 100, 20))).get('users')!;
    // Every new fetch failed, slower than every finite bucket: there is no finite p95.
    expect(subgraphRates(after, failing, 10)).toEqual({ rps: 10, errorRate: 1, p95Ms: null });
  });

  it('reports nothing rather than zero latency when no fetch happened', () => {
    const same = subgraphCounters(parsePrometheus(scrape(10, 0, 10))).get('users')!;
    expect(subgraphRates(same, same, 2)).toEqual({ rps: 0, errorRate: null, p95Ms: null });
  });
});
