import type { GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';

export interface GraphqlWsOptions<C> {
  schema: GraphQLSchema;
  /** Builds the context for each operation from the `connection_init` payload; throw to refuse. */
  context: (connectionParams: Record<string, unknown> | undefined) => Promise<C>;
  connectionInitWaitTimeout?: number;
}

/** graphql-ws on a service's WebSocket server; returns the disposer for shutdown. */
export function attachGraphqlWs<C>(options: GraphqlWsOptions<C>) {
  return (wss: WebSocketServer) => {
    const server = useServer<Record<string, unknown> | undefined>(
      {
        schema: options.schema,
        connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? 3000,
        onConnect: async (ctx) => {
          try {
            await options.context(ctx.connectionParams);
            return true;
          } catch {
            return false;
          }
        },
        context: (ctx) => options.context(ctx.connectionParams) as Promise<Record<string, unknown>>,
      },
      wss,
    );
    return () => server.dispose();
  };
}
