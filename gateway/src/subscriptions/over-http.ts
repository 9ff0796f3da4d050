import type { ApolloServerPlugin } from '@apollo/server';
import { appError } from '@ukp/kit';
import type { GatewayContext } from '../context.js';

/**
 * Subscriptions are served over graphql-ws on the same URL. Over HTTP the gateway's executor
 * would fail with a 500; tell the client what to do instead, as a 400.
 */
export function subscriptionsOverHttpPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          const error = appError(
            'BAD_REQUEST',
            'Subscriptions are served over WebSocket (graphql-ws protocol, graphql-transport-ws) on this same URL.',
          );
          Object.assign(error.extensions, { http: { status: 400 } });
          throw error;
        },
      };
    },
  };
}
