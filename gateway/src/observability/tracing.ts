import { type ServerSpan, type TraceHeaders, traceAttributes, traceIdOf } from '@ukp/kit';

/** One call to a subgraph: put `headers` on the request, `end` it when the answer (or failure) is in. */
export interface SubgraphSpan {
  readonly headers: Record<string, string>;
  end(error?: unknown): void;
}

/**
 * The trace of one gateway request, on its context as `trace`. Every subgraph fetch asks it for a
 * span: with tracing on a CLIENT child of the request's server span (its context goes out as
 * `traceparent`/`tracestate`); off, the caller's own headers, forwarded unchanged.
 */
export interface RequestTrace {
  readonly traceId: string | undefined;
  subgraph(name: string, kind: 'query' | 'mutation' | 'subscription'): SubgraphSpan;
}

const NO_HEADERS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NOTHING: SubgraphSpan = { headers: NO_HEADERS, end: () => {} };
const NO_TRACE: RequestTrace = { traceId: undefined, subgraph: () => NOTHING };

/** Subgraph fetches are CLIENT children of the request's server span. */
export function spanTrace(span: ServerSpan): RequestTrace {
  return {
    traceId: span.traceId,
    subgraph: (name, kind) =>
      span.child(`subgraph ${name}`, {
        [traceAttributes.subgraph]: name,
        [traceAttributes.operationType]: kind,
      }),
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Tracing off: no spans, but the caller's `traceparent` (and `tracestate`) still reach the
 * subgraphs as they came, so a trace started outside stays continuous.
 */
export function passthroughTrace(headers: TraceHeaders): RequestTrace {
  const traceparent = single(headers.traceparent);
  if (!traceparent) return NO_TRACE;
  const tracestate = single(headers.tracestate);
  const forwarded: Record<string, string> = { traceparent };
  if (tracestate) forwarded.tracestate = tracestate;
  const span: SubgraphSpan = { headers: Object.freeze(forwarded), end: () => {} };
  return { traceId: traceIdOf(traceparent), subgraph: () => span };
}
