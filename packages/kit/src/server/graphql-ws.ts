import type { FormattedExecutionResult, GraphQLError, GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import type { WebSocketServer } from 'ws';
import { createErrorFormatter } from '../graphql/error-masking.js';

export interface GraphqlWsOptions<C> {
  schema: GraphQLSchema;
  /** Builds the context for each operation from the `connection_init` payload; throw to refuse. */
  context: (connectionParams: Record<string, unknown> | undefined) => Promise<C>;
  connectionInitWaitTimeout?: number;
  /** Masks unknown errors over the socket by the same rule as HTTP; without it errors pass as they are. */
  logger?: Logger;
}

/** graphql-ws on a service's WebSocket server; returns the disposer for shutdown. */
export function attachGraphqlWs<C>(options: GraphqlWsOptions<C>) {
  const format = options.logger ? createErrorFormatter(options.logger) : undefined;
  const mask = (errors: readonly GraphQLError[]) =>
    format ? errors.map((error) => format(error.toJSON(), error)) : errors.map((error) => error.toJSON());
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
        // Results and errors leave over the socket masked like HTTP responses: registry codes
        // pass, anything else becomes INTERNAL_SERVER_ERROR with the detail in the log.
        onNext: (_ctx, _id, _payload, _args, result) => {
          if (!result.errors?.length) return undefined;
          return { ...result, errors: mask(result.errors) } as FormattedExecutionResult;
        },
        onError: (_ctx, _id, _payload, errors) => mask(errors),
      },
      wss,
    );
    return () => server.dispose();
  };
}
