/**
 * What a metric name means. Every event name is a count metric; the built-ins of API.md are
 * derived from platform events (see `ingest/platform-events.ts`). A metric is *stored* under
 * one name (a `metric_windows.metric`, and a `gauge_windows.metric` for a gauge) and *read* one
 * way: a count, a quantile of the stored sketch, or a gauge's total over the instances that
 * report it (`gauges.ts`).
 */
export type MetricRead =
  | { kind: 'count'; stored: string }
  | { kind: 'quantile'; stored: string; q: number }
  | { kind: 'gauge'; stored: string };

/** Built-in metrics and how they are read. */
export const BUILTIN_METRICS: Readonly<Record<string, MetricRead>> = Object.freeze({
  requests: { kind: 'count', stored: 'requests' },
  errors: { kind: 'count', stored: 'errors' },
  latency_p50_ms: { kind: 'quantile', stored: 'latency_ms', q: 0.5 },
  latency_p95_ms: { kind: 'quantile', stored: 'latency_ms', q: 0.95 },
  latency_p99_ms: { kind: 'quantile', stored: 'latency_ms', q: 0.99 },
  searches: { kind: 'count', stored: 'searches' },
  questions: { kind: 'count', stored: 'questions' },
  documents_created: { kind: 'count', stored: 'documents_created' },
  signups: { kind: 'count', stored: 'signups' },
  logins: { kind: 'count', stored: 'logins' },
  active_subscriptions: { kind: 'gauge', stored: 'active_subscriptions' },
});

/** The stored metric that holds request durations (a sketch per window). */
export const LATENCY_METRIC = 'latency_ms';

/** Event and metric names: 1–100 characters of `[a-z0-9_.]`. */
export const METRIC_NAME = /^[a-z0-9_.]{1,100}$/;

/** How `name` is read; any other valid name is an event count. */
export function metricRead(name: string): MetricRead {
  return BUILTIN_METRICS[name] ?? { kind: 'count', stored: name };
}

export function isBuiltinMetric(name: string): boolean {
  return Object.hasOwn(BUILTIN_METRICS, name);
}
