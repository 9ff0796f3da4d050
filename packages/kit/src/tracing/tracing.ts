import {
  type Attributes,
  type Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ConsoleSpanExporter,
  ParentBasedSampler,
  SimpleSpanProcessor,
  type SpanProcessor,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import { otlpTracesUrl, type TracingEnv } from './env.js';

/** Request headers as `node:http` gives them (lower-case names). */
export type TraceHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface StartedSpan {
  readonly span: Span;
  /** `parent` with this span in it: the parent of whatever this span's work starts. */
  readonly context: Context;
}

/**
 * One service's tracer. Nothing here is registered globally: every span is started from an
 * explicit parent `Context`, and the W3C propagator is called directly.
 */
export interface Tracing {
  /** False when no exporter is configured: callers skip spans altogether. */
  readonly enabled: boolean;
  readonly serviceName: string;
  /** The caller's span from `traceparent`/`tracestate`; ROOT_CONTEXT when absent or invalid. */
  extract(headers: TraceHeaders): Context;
  startSpan(name: string, options: { kind: SpanKind; attributes?: Attributes }, parent: Context): StartedSpan;
  /** `traceparent` (and `tracestate` when there is one) for a request made from `context`. */
  inject(context: Context): Record<string, string>;
  forceFlush(): Promise<void>;
  /** Flushes and stops the exporters; register it with the service's resources. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  serviceName: string;
  /** Where spans go; `none` with no `spanProcessors` turns tracing off. */
  exporter?: TracingEnv['OTEL_TRACES_EXPORTER'];
  /** The OTLP/HTTP traces URL (`otlp` only). */
  otlpUrl?: string;
  /** Share of new traces recorded; children follow their parent's decision. Default 1. */
  ratio?: number;
  /**
   * Extra processors (tests: a SimpleSpanProcessor over an InMemorySpanExporter). They stay the
   * caller's: `shutdown` flushes them but does not stop them (a restarted service reuses them).
   */
  spanProcessors?: readonly SpanProcessor[];
}

/** What a composition root accepts besides env: a test's processors, a name in a shared process. */
export interface TracingOverrides {
  serviceName?: string;
  spanProcessors?: readonly SpanProcessor[];
}

const propagator = new W3CTraceContextPropagator();

function extract(headers: TraceHeaders): Context {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

function inject(context: Context): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(context, carrier, defaultTextMapSetter);
  return carrier;
}

function borrowed(processor: SpanProcessor): SpanProcessor {
  return {
    onStart: (span, parent) => processor.onStart(span, parent),
    onEnd: (span) => processor.onEnd(span),
    forceFlush: () => processor.forceFlush(),
    shutdown: () => processor.forceFlush(),
  };
}

function exporterProcessor(options: TracingOptions): SpanProcessor | undefined {
  switch (options.exporter ?? 'none') {
    case 'otlp':
      return new BatchSpanProcessor(new OTLPTraceExporter(options.otlpUrl ? { url: options.otlpUrl } : {}));
    case 'console':
      return new SimpleSpanProcessor(new ConsoleSpanExporter());
    default:
      return undefined;
  }
}

export function createTracing(options: TracingOptions): Tracing {
  const fromExporter = exporterProcessor(options);
  const spanProcessors = [
    ...(fromExporter ? [fromExporter] : []),
    ...(options.spanProcessors ?? []).map(borrowed),
  ];
  if (spanProcessors.length === 0) return disabledTracing(options.serviceName);

  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.ratio ?? 1) }),
    spanProcessors,
  });
  const tracer = provider.getTracer('@ukp/kit');
  let stopped: Promise<void> | undefined;
  return {
    enabled: true,
    serviceName: options.serviceName,
    extract,
    inject,
    startSpan(name, spanOptions, parent) {
      const span = tracer.startSpan(name, spanOptions, parent);
      return { span, context: trace.setSpan(parent, span) };
    },
    forceFlush: () => provider.forceFlush(),
    shutdown() {
      stopped ??= provider.shutdown();
      return stopped;
    },
  };
}

/**
 * No spans: `startSpan` hands back the parent's span context as a non-recording span, so whatever
 * is injected from it carries the caller's trace on unchanged.
 */
export function disabledTracing(serviceName = 'unknown'): Tracing {
  return {
    enabled: false,
    serviceName,
    extract,
    inject,
    startSpan(_name, _options, parent) {
      const span = trace.wrapSpanContext(trace.getSpanContext(parent) ?? INVALID_SPAN_CONTEXT);
      return { span, context: trace.setSpan(parent, span) };
    },
    forceFlush: async () => {},
    shutdown: async () => {},
  };
}

/** A service's tracing from its env; `defaultServiceName` when OTEL_SERVICE_NAME is unset. */
export function tracingFromEnv(
  env: TracingEnv,
  defaultServiceName: string,
  overrides: TracingOverrides = {},
): Tracing {
  return createTracing({
    serviceName: overrides.serviceName ?? env.OTEL_SERVICE_NAME ?? defaultServiceName,
    exporter: env.OTEL_TRACES_EXPORTER,
    otlpUrl: otlpTracesUrl(env),
    ratio: env.OTEL_TRACES_SAMPLER_ARG,
    ...(overrides.spanProcessors ? { spanProcessors: overrides.spanProcessors } : {}),
  });
}
