import { z } from 'zod';

/**
 * Tracing, by the OpenTelemetry SDK's own variable names. Off unless OTEL_TRACES_EXPORTER says
 * where spans go; a caller's `traceparent` is forwarded to the subgraphs either way.
 */
export const tracingEnv = {
  /** `none` (no spans), `otlp` (OTLP over HTTP to a collector), `console` (stdout, for debugging). */
  OTEL_TRACES_EXPORTER: z.enum(['none', 'otlp', 'console']).default('none'),
  /** Collector base URL; `/v1/traces` is appended. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().default('http://localhost:4318'),
  /** Full traces URL; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.url().optional(),
  /** `service.name` of the spans; each service has its own default (gateway, users, knowledge). */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
  /** Share (0–1) of new traces recorded; a caller's sampling decision is always followed. */
  OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).default(1),
};

export type TracingEnv = z.infer<z.ZodObject<typeof tracingEnv>>;

/** The traces URL an `otlp` exporter posts to. */
export function otlpTracesUrl(env: TracingEnv): string {
  return (
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    `${env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`
  );
}
