import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import type { RequestContext } from '../context.js';
import { serverSpanPlugin } from '../tracing/apollo-plugin.js';
import { createErrorFormatter, requestIdPlugin } from './error-masking.js';

export interface SubgraphApolloOptions<C extends RequestContext> {
  schema: GraphQLSchema;
  logger: Logger;
  plugins?: ApolloServerPlugin<C>[];
}

/**
 * What a signed-in caller receives may be theirs alone: its cache policy (the `Cache-Control` the
 * gateway combines) is PRIVATE whatever the schema's `@cacheControl` hints say. Runs before Apollo's
 * cache-control plugin writes the header (that one is added after every configured plugin).
 */
export function privateWhenSignedIn<C extends RequestContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, overallCachePolicy }) {
          if (contextValue.viewer) overallCachePolicy.restrict({ scope: 'PRIVATE' });
        },
      };
    },
  };
}

/** A subgraph's Apollo Server: masked errors, request ids, no landing page (clients use the gateway). */
export async function startSubgraphApollo<C extends RequestContext>(options: SubgraphApolloOptions<C>) {
  const apollo = new ApolloServer<C>({
    schema: options.schema,
    formatError: createErrorFormatter(options.logger),
    includeStacktraceInErrorResponses: false,
    // The gateway reads `_service { sdl }`; introspection of a subgraph is never needed by clients.
    introspection: false,
    plugins: [
      requestIdPlugin<C>(),
      ApolloServerPluginLandingPageDisabled(),
      // Traces for Apollo Studio: we report to our own metrics, and they cost per request.
      ApolloServerPluginInlineTraceDisabled(),
      // Names the OpenTelemetry server span (when there is one) after the operation.
      serverSpanPlugin<C>(),
      privateWhenSignedIn<C>(),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();
  return apollo;
}
