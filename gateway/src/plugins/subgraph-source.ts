import { type GraphQLDataSourceProcessOptions, RemoteGraphQLDataSource } from '@apollo/gateway';
import { appError, codeOf } from '@ukp/kit';
import type { GatewayContext } from '../context.js';

/**
 * Subgraph calls carry the caller's identity and the trace: the subgraphs verify the same
 * token themselves (defence in depth) and log under the same request id. A subgraph that cannot
 * be reached becomes SUBGRAPH_UNAVAILABLE naming it; the rest of the plan still runs.
 */
export class ForwardingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    readonly subgraphName: string,
    url: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = request.http?.headers;
    if (!headers || !context || !('requestId' in context)) return;
    headers.set('x-request-id', context.requestId);
    if (context.authorization) headers.set('authorization', context.authorization);
    if (context.traceparent) headers.set('traceparent', context.traceparent);
    if (context.ip) headers.set('x-forwarded-for', context.ip);
  }

  override async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<RemoteGraphQLDataSource['process']> {
    try {
      return await super.process(options);
    } catch (error) {
      if (codeOf(error)) throw error;
      throw appError(
        'SUBGRAPH_UNAVAILABLE',
        `The ${this.subgraphName} service is unavailable; fields it provides are null.`,
        {
          subgraph: this.subgraphName,
        },
      );
    }
  }
}
