import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from '../context.js';
import type { SubgraphClient } from '../execution/subgraph-client.js';

function isGatewayContext(context: unknown): context is GatewayContext {
  return typeof context === 'object' && context !== null && 'requestId' in context;
}

/**
 * @apollo/gateway's view of a subgraph (used where its own executor still runs: the per-event
 * entity fetches of subscriptions, and GATEWAY_EXECUTOR=apollo), sending through the same
 * client as the plan executor — one pool, one retry policy and one circuit breaker per subgraph,
 * the same identity and trace headers, the same SUBGRAPH_UNAVAILABLE.
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
    return reply as Awaited<ReturnType<GraphQLDataSource<GatewayContext>['process']>>;
  }
}
