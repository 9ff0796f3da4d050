import type { EventBus, Logger, RouteHandler, TokenVerifier, Tracing } from '@ukp/kit';
import { accessLog } from './access-log.js';
import type { ObservabilityEnv } from './env.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { metricsRoute } from './metrics-route.js';
import { createRequestObserver, type RequestObserver } from './request-observer.js';
import { type RequestSampler, requestSampler } from './request-sample.js';

export { type ObservabilityEnv, observabilityEnv } from './env.js';
export { createGatewayMetrics, type GatewayMetrics, type LiveCounts } from './metrics.js';
export type { Outcome, RequestRecord, SubgraphTimingSink } from './request-record.js';
export {
  GATEWAY_REQUEST_TOPIC,
  type GatewayRequestEvent,
  type RequestSampler,
  type SampleDropReason,
} from './request-sample.js';
export {
  GATEWAY_SUBSCRIPTIONS_TOPIC,
  type GatewaySubscriptionsEvent,
  type SubscriptionGaugeOptions,
  startSubscriptionGauge,
} from './subscription-gauge.js';
export { passthroughTrace, type RequestTrace, type SubgraphSpan, spanTrace } from './tracing.js';

export interface Observability {
  metrics: GatewayMetrics;
  requests: RequestObserver;
  /** The analytics sample's buffer: `stop()` publishes what waits (the Apollo plugin calls it). */
  samples: RequestSampler;
  /** For the service server's `routes`: `/metrics` unless METRICS_ENABLED is false. */
  routes: Record<string, RouteHandler>;
}

/**
 * Samples wait in the sampler for a burst; Apollo stops after the HTTP server has let its last
 * request finish (server.ts closes its resources in reverse), so the plugin's `serverWillStop`
 * is where the last burst goes out, while the bus is still open.
 */
function flushingOnStop(observer: RequestObserver, samples: RequestSampler): RequestObserver {
  return {
    ...observer,
    plugin() {
      return {
        ...observer.plugin(),
        async serverWillStart() {
          return {
            serverWillStop: () => samples.stop(),
          };
        },
      };
    },
  };
}

/**
 * Every finished request goes to the metrics, the access log and (sampled, in bursts) the bus;
 * with tracing on, each runs in a server span that its subgraph fetches are children of.
 */
export function createObservability(
  env: ObservabilityEnv,
  deps: {
    logger: Logger;
    bus: EventBus;
    tracing?: Tracing;
    /** Lets an ADMIN or ANALYST access token open /metrics behind METRICS_TOKEN (the dashboard). */
    verifier?: TokenVerifier;
  },
): Observability {
  const metrics = createGatewayMetrics();
  const samples = requestSampler({
    bus: deps.bus,
    rate: env.GATEWAY_METRICS_SAMPLE_RATE,
    logger: deps.logger,
    onDropped: metrics.samplesDropped,
  });
  const observer = createRequestObserver(
    [metrics.request, accessLog(deps.logger), samples.record],
    deps.logger,
    deps.tracing,
  );
  return {
    metrics,
    requests: flushingOnStop(observer, samples),
    samples,
    routes: env.METRICS_ENABLED
      ? { '/metrics': metricsRoute(metrics, env.METRICS_TOKEN, deps.verifier) }
      : {},
  };
}
