import type { RequestContext } from '@ukp/kit';

export interface GatewayContext extends RequestContext {
  /** The verified `Authorization` header, forwarded to subgraphs. */
  authorization?: string | undefined;
  traceparent?: string | undefined;
}
