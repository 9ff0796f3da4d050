import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { ServerSpan } from './spans.js';

// Apollo hands plugins a shallow copy of the context: the span travels on it as a symbol property,
// which the copy keeps and which resolvers and JSON never see.
const SERVER_SPAN = Symbol('server span');

/** Links a request's context to its server span, for `serverSpanPlugin`. */
export function withServerSpan<C extends object>(context: C, span: ServerSpan | undefined): C {
  if (span) Object.assign(context, { [SERVER_SPAN]: span });
  return context;
}

export function serverSpanOf(context: object): ServerSpan | undefined {
  return Reflect.get(context, SERVER_SPAN) as ServerSpan | undefined;
}

/**
 * Names the request's server span after the operation and records its error codes. Requests
 * without a span (tracing off, or over the socket) cost one property read.
 */
export function serverSpanPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart({ contextValue }) {
      const span = serverSpanOf(contextValue);
      if (!span) return;
      return {
        async didResolveOperation({ operation, operationName }) {
          span.operation(operation?.operation, operationName);
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const errors = response.body.singleResult.errors ?? [];
          const codes = errors.map((e) => {
            const code = e.extensions?.code;
            return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
          });
          span.result(codes.length > 0 ? 'error' : 'ok', codes);
        },
      };
    },
  };
}
