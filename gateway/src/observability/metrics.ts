import type { Server } from 'node:http';
import { processMetricsRegistry } from '@ukp/kit';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SubscriptionStats } from '../subscriptions/index.js';
import { operationNameLabels } from './operation-label.js';
import type { RequestRecord } from './request-record.js';
import type { SampleDropReason } from './request-sample.js';

/** Counts that exist only once the servers do; read on each scrape. */
export interface LiveCounts {
  http: Server;
  subscriptions(): SubscriptionStats;
  /** Dependencies with a local fallback, by name, and whether they answer now (read without I/O). */
  dependencies?: Record<string, () => boolean>;
}

function openConnections(server: Server): Promise<number> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));
}

export interface GatewayMetrics {
  request(record: RequestRecord): void;
  subgraphFetch(subgraph: string, seconds: number, outcome: 'ok' | 'error'): void;
  /** A rate-limit rule refused a request (`deny`, `operations`, `login:ip`, `login:email`, …). */
  rateLimited(rule: string): void;
  /** A socket cap refused a graphql-ws socket (`sockets`, `socketsPerAddress`, `socketsPerUser`, …). */
  wsRefused(reason: string): void;
  /** A query limit refused an operation (depth, cost, aliases, …): for gateway/src/limits. */
  limitRejected(limit: string): void;
  /** For the response cache and APQ: hits and misses by cache name. */
  cacheHit(cache: string): void;
  cacheMiss(cache: string): void;
  /** Analytics samples that never reached the bus (`request-sample.ts`). */
  samplesDropped(reason: SampleDropReason, count: number): void;
  watch(live: LiveCounts): void;
  /** The gateway's metrics and the process's, in Prometheus text format. */
  scrape(): Promise<{ contentType: string; body: string }>;
}

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Prometheus metrics in a registry of this gateway's own (never prom-client's global one), so two
 * gateways in one process, as in the tests, each count only their own requests.
 */
export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  const registers = [registry];
  const operationName = operationNameLabels();
  let live: LiveCounts | undefined;

  const requests = new Counter({
    name: 'ukp_gateway_requests_total',
    help: 'GraphQL requests by operation name, operation type and outcome (ok, error, rejected).',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'ukp_gateway_request_duration_seconds',
    help: 'Time from the first byte of a GraphQL request to the last byte of its response.',
    labelNames: ['operation_name', 'operation_type', 'outcome'] as const,
    buckets: SECONDS,
    registers,
  });
  const errors = new Counter({
    name: 'ukp_gateway_errors_total',
    help: 'Errors sent to clients, by extensions.code.',
    labelNames: ['code'] as const,
    registers,
  });
  const subgraphFetches = new Histogram({
    name: 'ukp_gateway_subgraph_fetch_duration_seconds',
    help: 'Fetches from the gateway to a subgraph, by subgraph and outcome (error: no usable answer).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: SECONDS,
    registers,
  });
  const rateLimited = new Counter({
    name: 'ukp_gateway_rate_limit_rejections_total',
    help: 'Requests refused by a rate-limit rule (deny is the address deny list).',
    labelNames: ['rule'] as const,
    registers,
  });
  const wsRefused = new Counter({
    name: 'ukp_gateway_ws_sockets_refused_total',
    help: 'graphql-ws sockets refused by a cap, by reason (before the upgrade; socketsPerUser at connection_init).',
    labelNames: ['reason'] as const,
    registers,
  });
  const limitRejections = new Counter({
    name: 'ukp_gateway_limit_rejections_total',
    help: 'Operations refused by a query limit (depth, cost, aliases, …), by limit.',
    labelNames: ['limit'] as const,
    registers,
  });
  const cacheHits = new Counter({
    name: 'ukp_gateway_cache_hits_total',
    help: 'Cache hits by cache (response cache, APQ).',
    labelNames: ['cache'] as const,
    registers,
  });
  const cacheMisses = new Counter({
    name: 'ukp_gateway_cache_misses_total',
    help: 'Cache misses by cache, so hit ratios can be computed.',
    labelNames: ['cache'] as const,
    registers,
  });
  const samplesDropped = new Counter({
    name: 'ukp_gateway_request_samples_dropped_total',
    help: 'Analytics request samples not published, by reason (full: too many waiting; failed: the bus refused them).',
    labelNames: ['reason'] as const,
    registers,
  });
  new Gauge({
    name: 'ukp_gateway_http_connections_active',
    help: 'TCP connections open to the gateway (HTTP keep-alive and WebSocket).',
    registers,
    async collect() {
      if (live) this.set(await openConnections(live.http));
    },
  });
  new Gauge({
    name: 'ukp_gateway_ws_connections_active',
    help: 'Acknowledged graphql-ws client connections.',
    registers,
    collect() {
      if (live) this.set(live.subscriptions().connections);
    },
  });
  new Gauge({
    name: 'ukp_gateway_ws_sockets_open',
    help: 'graphql-ws client sockets open on this instance, acknowledged or not (what WS_MAX_SOCKETS caps).',
    registers,
    collect() {
      if (live) this.set(live.subscriptions().sockets);
    },
  });
  new Gauge({
    name: 'ukp_gateway_subscriptions_active',
    help: 'Client subscriptions running.',
    registers,
    collect() {
      if (live) this.set(live.subscriptions().subscriptions);
    },
  });
  new Gauge({
    name: 'ukp_gateway_upstream_subscriptions_active',
    help: 'Subscriptions the gateway holds open to subgraphs (shared by identical client subscriptions).',
    registers,
    collect() {
      if (live) this.set(live.subscriptions().upstream.streams);
    },
  });
  new Gauge({
    name: 'ukp_dependency_up',
    help: 'Whether a dependency with a local fallback (redis) is connected: 0 means the instance serves degraded.',
    labelNames: ['dependency'] as const,
    registers,
    collect() {
      for (const [dependency, up] of Object.entries(live?.dependencies ?? {}))
        this.set({ dependency }, up() ? 1 : 0);
    },
  });

  const requestSeries = new Map<
    string,
    { count: ReturnType<typeof requests.labels>; duration: ReturnType<typeof duration.labels> }
  >();
  const fetchSeries = new Map<string, ReturnType<typeof subgraphFetches.labels>>();

  return {
    request(record) {
      const name = operationName(record.operationName, record.operationType !== null);
      const type = record.operationType ?? 'unknown';
      // prom-client hashes a label object on every call; the children of a label set are found
      // once. Bounded: names are capped by `operationNameLabels`, types and outcomes are few.
      const key = `${name}\u0000${type}\u0000${record.outcome}`;
      let series = requestSeries.get(key);
      if (!series) {
        const labels = { operation_name: name, operation_type: type, outcome: record.outcome };
        series = { count: requests.labels(labels), duration: duration.labels(labels) };
        requestSeries.set(key, series);
      }
      series.count.inc();
      series.duration.observe(record.durationMs / 1000);
      for (const code of record.errorCodes) errors.inc({ code });
    },
    subgraphFetch(subgraph, seconds, outcome) {
      // Subgraph names come from the supergraph, so this map is as small as it.
      const key = `${subgraph}\u0000${outcome}`;
      let series = fetchSeries.get(key);
      if (!series) {
        series = subgraphFetches.labels({ subgraph, outcome });
        fetchSeries.set(key, series);
      }
      series.observe(seconds);
    },
    rateLimited: (rule) => rateLimited.inc({ rule }),
    wsRefused: (reason) => wsRefused.inc({ reason }),
    limitRejected: (limit) => limitRejections.inc({ limit }),
    cacheHit: (cache) => cacheHits.inc({ cache }),
    cacheMiss: (cache) => cacheMisses.inc({ cache }),
    samplesDropped: (reason, count) => samplesDropped.inc({ reason }, count),
    watch(counts) {
      live = counts;
    },
    async scrape() {
      const merged = Registry.merge([processMetricsRegistry(), registry]);
      return { contentType: merged.contentType, body: await merged.metrics() };
    },
  };
}
