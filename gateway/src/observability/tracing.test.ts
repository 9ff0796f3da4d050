import { startHttpServerSpan } from '@ukp/kit';
import { inMemoryTracing } from '@ukp/kit/testing';
import { describe, expect, it } from 'vitest';
import { passthroughTrace, spanTrace } from './tracing.js';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

describe('request trace', () => {
  it('with tracing off forwards the caller’s traceparent and tracestate unchanged', () => {
    const trace = passthroughTrace({ traceparent: TRACEPARENT, tracestate: 'vendor=a' });
    expect(trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const span = trace.subgraph('users', 'query');
    expect(span.headers).toEqual({ traceparent: TRACEPARENT, tracestate: 'vendor=a' });
    span.end(new Error('ignored'));
  });

  it('with tracing off and no traceparent sends none', () => {
    const trace = passthroughTrace({});
    expect(trace.traceId).toBeUndefined();
    expect(trace.subgraph('users', 'query').headers).toEqual({});
  });

  it('with tracing off forwards even a header it cannot read, as it came', () => {
    const trace = passthroughTrace({ traceparent: 'garbage' });
    expect(trace.traceId).toBeUndefined();
    expect(trace.subgraph('users', 'query').headers).toEqual({ traceparent: 'garbage' });
  });

  it('with tracing on makes each subgraph fetch a CLIENT child carried by traceparent', () => {
    const { tracing, exporter } = inMemoryTracing('gateway');
    const server = startHttpServerSpan(tracing, 'POST', '/graphql', { traceparent: TRACEPARENT });
    const trace = spanTrace(server);
    expect(trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const ok = trace.subgraph('users', 'query');
    const failed = trace.subgraph('knowledge', 'mutation');
    ok.end();
    failed.end(new Error('connection refused'));
    server.end(200, 'error');

    const spans = exporter.getFinishedSpans();
    const users = spans.find((s) => s.name === 'subgraph users');
    const knowledge = spans.find((s) => s.name === 'subgraph knowledge');
    expect(ok.headers.traceparent).toBe(`00-${trace.traceId}-${users?.spanContext().spanId}-01`);
    expect(users?.parentSpanContext?.spanId).toBe(server.span.spanContext().spanId);
    expect(users?.attributes).toMatchObject({ 'ukp.subgraph': 'users', 'graphql.operation.type': 'query' });
    expect(knowledge?.status).toMatchObject({ code: 2, message: 'connection refused' });
    expect(knowledge?.attributes['ukp.outcome']).toBe('error');
  });
});
