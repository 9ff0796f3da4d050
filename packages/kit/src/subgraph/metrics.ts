import { collectDefaultMetrics, Registry } from 'prom-client';
import type { RouteHandler } from '../server/service-server.js';

// The metric types a subgraph registers on its registry, so services need no prom-client of their own.
export { Counter, Gauge, Histogram, Registry as MetricsRegistry } from 'prom-client';

let processMetrics: Registry | undefined;

/**
 * prom-client's default metrics (CPU, memory, event-loop lag, GC) with the `ukp_` prefix, once per
 * process: they describe the process, and each collection installs a GC observer and an event-loop
 * monitor that are never removed, so one per service would pile up where many start (the
 * platform's one process, tests). Every service's `/metrics` merges this one registry with its own
 * (the gateway's too). Never prom-client's global registry.
 */
export function processMetricsRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, prefix: 'ukp_' });
  }
  return processMetrics;
}

/**
 * `GET /metrics` in Prometheus' text format: the process's metrics and the service's own registry
 * (each subgraph has one, so two in a process each count only their own). Subgraphs sit behind the
 * gateway, off the public network, so the route has no token of its own.
 */
export function metricsRoute(registry: Registry): RouteHandler {
  return async (req, res) => {
    const merged = Registry.merge([processMetricsRegistry(), registry]);
    const body = await merged.metrics();
    res.writeHead(200, { 'content-type': merged.contentType, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
