import type { RequestContext } from '@ukp/kit';
import type { SubgraphTimingSink } from './observability/request-record.js';
import type { RequestTrace } from './observability/tracing.js';

export interface GatewayContext extends RequestContext {
  /** The verified `Authorization` header, forwarded to subgraphs. */
  authorization?: string | undefined;
  /** The request's trace: a span (or the caller's headers) for every subgraph fetch. */
  trace?: RequestTrace | undefined;
  /** Where the subgraph client reports each fetch's duration (the request's analytics sample). */
  subgraphTimings?: SubgraphTimingSink | undefined;
}
