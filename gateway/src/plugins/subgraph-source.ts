import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { GatewayContext } from '../context.js';

/**
 * Subgraph calls carry the caller's identity and the trace: the subgraphs verify the same
 * token themselves (defence in depth) and log under the same request id.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context || !('requestId' in context)) return;
    headers.set('x-request-id', context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.traceparent) headers.set('traceparent', context.traceparent);
    if (context.ip) headers.set('x-forwarded-for', context.ip);
  }
}
