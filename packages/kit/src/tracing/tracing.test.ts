import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../env.js';
import { otlpTracesUrl, tracingEnv } from './env.js';
import { startHttpServerSpan, traceIdOf } from './spans.js';
import { createTracing, disabledTracing, type Tracing, tracingFromEnv } from './tracing.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const traceparent = (flags = '01') => `00-${TRACE_ID}-${PARENT_ID}-${flags}`;

let opened: Tracing[] = [];
afterEach(async () => {
  await Promise.all(opened.map((t) => t.shutdown()));
  opened = [];
});

function inMemory(ratio = 1) {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({
    serviceName: 'test',
    ratio,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  opened.push(tracing);
  return { exporter, tracing };
}

describe('tracing', () => {
  it('continues a valid traceparent: same trace, the caller as remote parent', () => {
    const { exporter, tracing } = inMemory();
    const server = startHttpServerSpan(tracing, 'POST', '/graphql', {
      traceparent: traceparent(),
      tracestate: 'vendor=a',
    });
    server.operation('query', 'Me');
    server.end(200, 'ok');

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('query Me');
    expect(span?.kind).toBe(SpanKind.SERVER);
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: PARENT_ID, isRemote: true });
    expect(span?.attributes).toMatchObject({
      'graphql.operation.name': 'Me',
      'graphql.operation.type': 'query',
      'http.response.status_code': 200,
      'ukp.outcome': 'ok',
    });
    expect(span?.resource.attributes['service.name']).toBe('test');
  });

  it('injects a child span as traceparent and carries tracestate on', () => {
    const { exporter, tracing } = inMemory();
    const server = startHttpServerSpan(tracing, 'POST', '/graphql', {
      traceparent: traceparent(),
      tracestate: 'vendor=a',
    });
    const child = server.child('subgraph users');
    child.end();
    server.end(200);

    const spans = exporter.getFinishedSpans();
    const clientSpan = spans.find((s) => s.name === 'subgraph users');
    expect(clientSpan?.kind).toBe(SpanKind.CLIENT);
    expect(clientSpan?.parentSpanContext?.spanId).toBe(server.span.spanContext().spanId);
    expect(child.headers).toEqual({
      traceparent: `00-${TRACE_ID}-${clientSpan?.spanContext().spanId}-01`,
      tracestate: 'vendor=a',
    });
  });

  it.each([
    ['garbage', 'not a traceparent'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-${PARENT_ID}-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['a short trace id', `00-${TRACE_ID.slice(2)}-${PARENT_ID}-01`],
    ['version ff', `ff-${TRACE_ID}-${PARENT_ID}-01`],
    ['upper-case hex', traceparent().toUpperCase()],
  ])('starts a new trace on %s, without an error', (_case, header) => {
    const { exporter, tracing } = inMemory();
    startHttpServerSpan(tracing, 'POST', '/graphql', { traceparent: header }).end(200);
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toMatch(/^[\da-f]{32}$/);
    expect(span?.spanContext().traceId).not.toBe(TRACE_ID);
    expect(span?.parentSpanContext).toBeUndefined();
  });

  it('sampler at 0: records nothing, yet still hands the subgraphs a traceparent (not sampled)', () => {
    const { exporter, tracing } = inMemory(0);
    const server = startHttpServerSpan(tracing, 'POST', '/graphql', {});
    const child = server.child('subgraph users');
    child.end();
    server.end(200);
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    expect(child.headers.traceparent).toMatch(new RegExp(`^00-${server.traceId}-[\\da-f]{16}-00$`));
  });

  it('sampler at 0 follows a caller that sampled (parent-based), and one that did not', () => {
    const { exporter, tracing } = inMemory(0);
    startHttpServerSpan(tracing, 'POST', '/graphql', { traceparent: traceparent('01') }).end(200);
    startHttpServerSpan(tracing, 'POST', '/graphql', { traceparent: traceparent('00') }).end(200);
    expect(exporter.getFinishedSpans().map((s) => s.spanContext().traceId)).toEqual([TRACE_ID]);
  });

  it('off (no exporter): no spans, and what goes out is the caller’s traceparent unchanged', () => {
    const tracing = tracingFromEnv(parseEnv(tracingEnv, {}), 'users');
    expect(tracing.enabled).toBe(false);
    const header = `00-${TRACE_ID}-${PARENT_ID}-01`;
    const started = tracing.startSpan(
      'x',
      { kind: SpanKind.CLIENT },
      tracing.extract({ traceparent: header }),
    );
    expect(started.span.isRecording()).toBe(false);
    expect(tracing.inject(started.context)).toEqual({ traceparent: header });
    expect(tracing.inject(tracing.startSpan('x', { kind: SpanKind.CLIENT }, ROOT_CONTEXT).context)).toEqual(
      {},
    );
    expect(disabledTracing().enabled).toBe(false);
  });

  it('leaves injected processors running when the service shuts down (a restart reuses them)', async () => {
    const exporter = new InMemorySpanExporter();
    const processor = new SimpleSpanProcessor(exporter);
    const first = createTracing({ serviceName: 'a', spanProcessors: [processor] });
    first.startSpan('one', { kind: SpanKind.INTERNAL }, ROOT_CONTEXT).span.end();
    await first.shutdown();
    const second = createTracing({ serviceName: 'a', spanProcessors: [processor] });
    second.startSpan('two', { kind: SpanKind.INTERNAL }, ROOT_CONTEXT).span.end();
    await second.shutdown();
    expect(exporter.getFinishedSpans().map((s) => s.name)).toEqual(['one', 'two']);
  });

  it('spans never reach the global API (nothing registered globally)', () => {
    const { tracing } = inMemory();
    const started = tracing.startSpan('local', { kind: SpanKind.INTERNAL }, ROOT_CONTEXT);
    expect(trace.getActiveSpan()).toBeUndefined();
    expect(trace.getTracer('x').startSpan('global').isRecording()).toBe(false);
    started.span.end();
  });
});

describe('tracing env', () => {
  it('is off by default and reads the OTLP endpoint', () => {
    const env = parseEnv(tracingEnv, {});
    expect(env.OTEL_TRACES_EXPORTER).toBe('none');
    expect(env.OTEL_TRACES_SAMPLER_ARG).toBe(1);
    expect(otlpTracesUrl(env)).toBe('http://localhost:4318/v1/traces');
    expect(
      otlpTracesUrl(parseEnv(tracingEnv, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' })),
    ).toBe('http://collector:4318/v1/traces');
    expect(
      otlpTracesUrl(
        parseEnv(tracingEnv, {
          OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://jaeger:4318/v1/traces',
        }),
      ),
    ).toBe('http://jaeger:4318/v1/traces');
  });

  it('rejects an unknown exporter and a ratio outside 0–1', () => {
    expect(() => parseEnv(tracingEnv, { OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
    expect(() => parseEnv(tracingEnv, { OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });

  it('names the service from OTEL_SERVICE_NAME, else the default, unless overridden', () => {
    const processors = [new SimpleSpanProcessor(new InMemorySpanExporter())];
    const named = tracingFromEnv(parseEnv(tracingEnv, { OTEL_SERVICE_NAME: 'edge' }), 'gateway', {
      spanProcessors: processors,
    });
    opened.push(named);
    expect(named.serviceName).toBe('edge');
    expect(named.enabled).toBe(true);
    expect(tracingFromEnv(parseEnv(tracingEnv, {}), 'gateway').serviceName).toBe('gateway');
    expect(
      tracingFromEnv(parseEnv(tracingEnv, {}), 'gateway', { serviceName: 'ukp-gateway' }).serviceName,
    ).toBe('ukp-gateway');
  });
});

describe('traceIdOf', () => {
  it('reads the trace id of a traceparent, or nothing', () => {
    expect(traceIdOf(traceparent())).toBe(TRACE_ID);
    expect(traceIdOf(undefined)).toBeUndefined();
    expect(traceIdOf('nope')).toBeUndefined();
    expect(traceIdOf(`00-${'0'.repeat(32)}-${PARENT_ID}-01`)).toBeUndefined();
  });
});
