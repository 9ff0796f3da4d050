import type { EventBus, Logger, RouteHandler, TokenVerifier, Tracing } from '@ukp/kit';
import { accessLog } from './access-log.js';
import type { ObservabilityEnv } from './env.js';
import { createGatewayMetrics, type GatewayMetrics } from './metrics.js';
import { metricsRoute } from './metrics-route.js';
import { createRequestObserver, type RequestObserver } from './request-observer.js';
import { requestSampler } from './request-sample.js';

export { type ObservabilityEnv, observabilityEnv } from './env.js';
export { createGatewayMetrics, type GatewayMetrics, type LiveCounts } from './metrics.js';
export type { Outcome, RequestRecord, SubgraphTimingSink } from './request-record.js';
export { GATEWAY_REQUEST_TOPIC, type GatewayRequestEvent } from './request-sample.js';
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
  /** For the service server's `routes`: `/metrics` unless METRICS_ENABLED is false. */
  routes: Record<string, RouteHandler>;
}

/**
 * Every finished request goes to the metrics, the access log and (sampled) the bus; with tracing
 * on, each runs in a server span that its subgraph fetches are children of.
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
  const requests = createRequestObserver(
    [
      metrics.request,
      accessLog(deps.logger),
      requestSampler({ bus: deps.bus, rate: env.GATEWAY_METRICS_SAMPLE_RATE, logger: deps.logger }),
    ],
    deps.logger,
    deps.tracing,
  );
  return {
    metrics,
    requests,
    routes: env.METRICS_ENABLED
      ? { '/metrics': metricsRoute(metrics, env.METRICS_TOKEN, deps.verifier) }
      : {},
  };
}
