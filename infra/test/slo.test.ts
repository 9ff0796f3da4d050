import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parser } from '@prometheus-io/lezer-promql';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createGatewayMetrics, type LiveCounts } from '../../gateway/src/observability/metrics.js';

const infra = fileURLToPath(new URL('../', import.meta.url));

type Rule = { record?: string; alert?: string; expr: string };
const ruleFiles = readdirSync(`${infra}prometheus/rules`).filter((f) => f.endsWith('.yml'));
const rules: Rule[] = ruleFiles.flatMap((f) =>
  (
    parse(readFileSync(`${infra}prometheus/rules/${f}`, 'utf8')) as { groups: { rules: Rule[] }[] }
  ).groups.flatMap((g) => g.rules),
);
const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
const dashboards = readdirSync(`${infra}grafana/dashboards`).map((f) => ({
  file: f,
  json: JSON.parse(readFileSync(`${infra}grafana/dashboards/${f}`, 'utf8')) as {
    panels: { title: string; targets: { expr: string }[] }[];
  },
}));

/** Series Prometheus makes itself for every target, and the labels it adds to every series. */
const SYNTHETIC = new Set(['up']);
const TARGET_LABELS = ['job', 'instance'];

type Selector = { metric: string; labels: string[] };

/** The selectors of a PromQL expression, from Prometheus' own grammar; throws on a syntax error. */
function selectors(expr: string): Selector[] {
  const tree = parser.parse(expr);
  const out: Selector[] = [];
  const cursor = tree.cursor();
  do {
    if (cursor.type.isError) throw new Error(`syntax error at ${cursor.from} in: ${expr}`);
    if (cursor.name === 'VectorSelector') {
      const node = cursor.node;
      const identifier = node.getChild('Identifier');
      const labels = node
        .getChild('LabelMatchers')
        ?.getChildren('UnquotedLabelMatcher')
        .map((m) => m.getChild('LabelName'))
        .map((n) => (n ? expr.slice(n.from, n.to) : ''));
      if (identifier) out.push({ metric: expr.slice(identifier.from, identifier.to), labels: labels ?? [] });
    }
  } while (cursor.next());
  return out;
}

/** What a gateway's /metrics exports: each series name with the label names it carries. */
async function exported(): Promise<Map<string, Set<string>>> {
  const metrics = createGatewayMetrics();
  // One of each kind of observation, so every labelled series appears in the scrape with its labels.
  metrics.request({
    requestId: 'r',
    transport: 'http',
    userId: null,
    operationName: 'Me',
    operationType: 'query',
    startedAt: new Date(),
    durationMs: 12,
    status: 200,
    outcome: 'ok',
    errorCodes: ['BAD_USER_INPUT'],
  });
  metrics.subgraphFetch('users', 0.01, 'error');
  metrics.rateLimited('operations');
  metrics.wsRefused('sockets');
  metrics.limitRejected('depth');
  metrics.cacheHit('response');
  metrics.cacheMiss('response');
  metrics.watch({
    http: createServer(),
    subscriptions: () => ({ connections: 0, sockets: 0, subscriptions: 0, upstream: { streams: 0 } }),
    dependencies: { redis: () => true },
  } as unknown as LiveCounts);
  const { body } = await metrics.scrape();
  const series = new Map<string, Set<string>>();
  for (const line of body.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? /.exec(line);
    if (!match) continue;
    const labels = [...(match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="/g)].map((m) => m[1]!);
    const known = series.get(match[1]!) ?? new Set();
    for (const label of labels) known.add(label);
    series.set(match[1]!, known);
  }
  return series;
}

const series = await exported();

/** Every selector in the expressions that names a series /metrics does not export, or a label it lacks. */
function unknown(exprs: string[]): string[] {
  const out: string[] = [];
  for (const expr of exprs)
    for (const { metric, labels } of selectors(expr)) {
      if (SYNTHETIC.has(metric) || recorded.has(metric)) continue;
      const known = series.get(metric);
      if (!known) out.push(`${metric} is not exported`);
      else
        for (const label of labels)
          if (!known.has(label) && !TARGET_LABELS.includes(label))
            out.push(`${metric} has no label ${label}`);
    }
  return out;
}

describe('SLO rules and dashboard against what the gateway exports', () => {
  it('finds the gateway metrics in a real scrape', () => {
    expect(series.get('ukp_gateway_requests_total')).toEqual(
      new Set(['operation_name', 'operation_type', 'outcome']),
    );
    expect(series.has('ukp_gateway_request_duration_seconds_bucket')).toBe(true);
    expect(series.has('ukp_nodejs_eventloop_lag_p99_seconds')).toBe(true);
  });

  it('alerts on availability and latency, each with a long and a short window', () => {
    const alerts = rules.filter((r) => r.alert);
    const burn = alerts.filter((r) => r.alert?.startsWith('GatewayErrorBudgetBurn'));
    expect(burn.length).toBeGreaterThanOrEqual(2);
    for (const r of burn) expect(r.expr).toMatch(/rate(1h|6h|1d|3d)\b[\s\S]*rate(5m|30m|2h|6h)\b/);
    expect(burn.map((r) => r.expr).join()).toContain('14.4 * 0.001');
    const latency = alerts.find((r) => r.alert === 'GatewayLatencyP95High');
    expect(latency?.expr).toContain('> 0.2');
    expect(rules.find((r) => r.record === 'ukp:gateway_request_duration_seconds:p95_5m')?.expr).toMatch(
      /^histogram_quantile\(0\.95,/,
    );
  });

  it('uses only series and labels the gateway exports in every rule', () => {
    expect(rules.length).toBeGreaterThan(10);
    expect(unknown(rules.map((r) => r.expr))).toEqual([]);
  });

  it('uses only series and labels the gateway exports (or rules record) in every dashboard panel', () => {
    const exprs = dashboards.flatMap((d) => d.json.panels.flatMap((p) => p.targets.map((t) => t.expr)));
    expect(exprs.length).toBeGreaterThan(10);
    expect(unknown(exprs)).toEqual([]);
  });

  it('reports a misspelt metric, an unknown label and a syntax error', () => {
    expect(unknown(['sum(rate(ukp_gateway_request_total[5m]))'])).toEqual([
      'ukp_gateway_request_total is not exported',
    ]);
    expect(unknown(['ukp_gateway_requests_total{status="500"}'])).toEqual([
      'ukp_gateway_requests_total has no label status',
    ]);
    expect(() => unknown(['sum(rate(ukp_gateway_requests_total[5m])'])).toThrow(/syntax error/);
  });
});
