import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../context.js';
import type { SubgraphClient } from './subgraph-client.js';

function isGatewayContext(context: unknown): context is GatewayContext {
  return typeof context === 'object' && context !== null && 'requestId' in context;
}

/**
 * @apollo/gateway's view of a subgraph. `buildService` must return one, and it is where the
 * gateway tells us each subgraph's name and URL (server.ts makes the subgraph's client there);
 * the plan executor sends every fetch itself, so the gateway calls `process` only if it runs
 * something of its own (a health check). Then it goes through the same client: one pool, one
 * retry policy and circuit breaker, the same identity and trace headers, SUBGRAPH_UNAVAILABLE.
 */
export class ForwardingDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(readonly client: SubgraphClient) {}

  get subgraphName(): string {
    return this.client.name;
  }

  async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): ReturnType<GraphQLDataSource<GatewayContext>['process']> {
    const { query = '', variables, operationName } = options.request;
    const kind = /^\s*mutation\b/.test(query) ? 'mutation' : 'query';
    const context: unknown = options.context;
    const { cacheHint, ...reply } = await this.client.call(
      { kind, body: JSON.stringify({ query, variables, operationName }) },
      isGatewayContext(context) ? context : undefined,
    );
    // What Apollo's own data source does with a subgraph's Cache-Control.
    if ('incomingRequestContext' in options) {
      options.incomingRequestContext.overallCachePolicy.restrict(cacheHint ?? { maxAge: 0 });
    }
    return reply;
  }
}
