import { type Attributes, type Context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_URL_PATH,
} from '@opentelemetry/semantic-conventions';
import type { TraceHeaders, Tracing } from './tracing.js';

/** Attribute names: OpenTelemetry's GraphQL conventions, and ours under `ukp.`. */
export const traceAttributes = {
  operationName: 'graphql.operation.name',
  operationType: 'graphql.operation.type',
  /** `ok`, `error` or (gateway) `rejected`: as the access log and the metrics say it. */
  outcome: 'ukp.outcome',
  errorCodes: 'ukp.error_codes',
  subgraph: 'ukp.subgraph',
} as const;

/**
 * A service's span over one GraphQL request, continuing the caller's trace when its
 * `traceparent` is valid (an invalid one starts a new trace; it is never an error).
 */
export class ServerSpan {
  readonly traceId: string;
  private ended = false;
  private outcome: string | undefined;
  private errorCodes: readonly string[] = [];

  constructor(
    private readonly tracing: Tracing,
    readonly span: ReturnType<Tracing['startSpan']>['span'],
    /** The parent of everything this request does (subgraph fetches). */
    readonly context: Context,
  ) {
    this.traceId = span.spanContext().traceId;
  }

  /** Names the span `<type> <name>` (GraphQL conventions) once the operation is known. */
  operation(type: string | null | undefined, name: string | null | undefined): void {
    if (!type) return;
    this.span.updateName(name ? `${type} ${name}` : type);
    this.span.setAttribute(traceAttributes.operationType, type);
    if (name) this.span.setAttribute(traceAttributes.operationName, name);
  }

  /** A CLIENT child span for a call to another service, and the headers that carry it. */
  child(name: string, attributes: Attributes = {}): ClientSpan {
    const started = this.tracing.startSpan(name, { kind: SpanKind.CLIENT, attributes }, this.context);
    return new ClientSpan(started.span, this.tracing.inject(started.context));
  }

  /** What the response said: `ok`/`error`/`rejected` and its error codes (kept for `end`). */
  result(outcome: string, errorCodes: readonly string[] = []): void {
    this.outcome = outcome;
    this.errorCodes = errorCodes;
  }

  /** Ends the span with the HTTP status (499: the client left) and the request's outcome. */
  end(status: number, outcome = this.outcome, errorCodes = this.errorCodes): void {
    if (this.ended) return;
    this.ended = true;
    this.span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
    if (outcome) this.span.setAttribute(traceAttributes.outcome, outcome);
    if (errorCodes.length > 0) this.span.setAttribute(traceAttributes.errorCodes, [...new Set(errorCodes)]);
    if (status >= 500 || outcome === 'error') this.span.setStatus({ code: SpanStatusCode.ERROR });
    this.span.end();
  }
}

/** A call to another service: `headers` go on the request, `end` when the answer (or failure) is in. */
export class ClientSpan {
  private ended = false;

  constructor(
    readonly span: ReturnType<Tracing['startSpan']>['span'],
    readonly headers: Record<string, string>,
  ) {}

  end(error?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    if (error === undefined) {
      this.span.setAttribute(traceAttributes.outcome, 'ok');
    } else {
      this.span.setAttribute(traceAttributes.outcome, 'error');
      this.span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : String(error),
      });
    }
    this.span.end();
  }
}

/**
 * Starts a SERVER span named `name` (renamed after the operation later), continuing the trace
 * in `headers` when they carry a valid `traceparent`.
 */
export function startServerSpan(
  tracing: Tracing,
  name: string,
  headers: TraceHeaders,
  attributes: Attributes = {},
): ServerSpan {
  const started = tracing.startSpan(name, { kind: SpanKind.SERVER, attributes }, tracing.extract(headers));
  return new ServerSpan(tracing, started.span, started.context);
}

/** The SERVER span of a GraphQL HTTP request (`POST /graphql`). */
export function startHttpServerSpan(
  tracing: Tracing,
  method: string,
  path: string,
  headers: TraceHeaders,
): ServerSpan {
  return startServerSpan(tracing, `${method} ${path}`, headers, {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_PATH]: path,
  });
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-[\da-f]{16}-[\da-f]{2}/;

/** The trace id of a `traceparent` header, or undefined when it has none (cheap: no propagator). */
export function traceIdOf(traceparent: string | undefined): string | undefined {
  const id = traceparent === undefined ? undefined : TRACEPARENT.exec(traceparent)?.[1];
  return id && id !== '00000000000000000000000000000000' ? id : undefined;
}
