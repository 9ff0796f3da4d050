import type { RequestContext } from '@ukp/kit';
import type { RequestTrace } from './observability/tracing.js';

export interface GatewayContext extends RequestContext {
  /** The verified `Authorization` header, forwarded to subgraphs. */
  authorization?: string | undefined;
  /** The caller's `traceparent` as it came (kept for code that has no `trace`). */
  traceparent?: string | undefined;
  /** The request's trace: a span (or the caller's headers) for every subgraph fetch. */
  trace?: RequestTrace | undefined;
}
