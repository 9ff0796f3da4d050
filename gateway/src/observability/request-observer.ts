import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  codeOf,
  disabledTracing,
  type Logger,
  type RequestContext,
  startHttpServerSpan,
  startServerSpan,
  type Tracing,
} from '@ukp/kit';
import type { GraphQLFormattedError } from 'graphql';
import { RequestObservation, type RequestRecord, type SubgraphTimingSink } from './request-record.js';
import { passthroughTrace, type RequestTrace, spanTrace } from './tracing.js';

type ContextFactory<C> = (req: IncomingMessage, requestId: string) => Promise<C>;

export interface RequestObserver {
  /**
   * For the service server's `before` hook: starts the clock on a GraphQL HTTP request and
   * records it when the response has gone (or the client has). Timing at the HTTP layer also
   * covers what Apollo never sees: bodies too large, malformed JSON, a forged token.
   */
  observeHttp(req: IncomingMessage, res: ServerResponse): void;
  /**
   * The trace of a request seen by `observeHttp`, for its context: with tracing on, subgraph
   * fetches become children of its server span; off, they forward the caller's `traceparent`.
   */
  traceOf(req: IncomingMessage): RequestTrace | undefined;
  /** Wraps the context factory: links the request's context to its observation, or records why it failed. */
  context<C extends RequestContext>(factory: ContextFactory<C>): ContextFactory<C>;
  /**
   * Fills in what only Apollo knows (operation, errors). Operations sent over the socket also run
   * through Apollo but have no HTTP request: for those the plugin records the request itself.
   */
  plugin<
    C extends RequestContext & {
      trace?: RequestTrace | undefined;
      subgraphTimings?: SubgraphTimingSink | undefined;
    },
  >(): ApolloServerPlugin<C>;
}

function codesOf(errors: readonly GraphQLFormattedError[] | undefined): string[] {
  return (errors ?? []).map((error) => {
    const code = error.extensions?.code;
    return typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  });
}

// Apollo hands plugins a shallow copy of the context, not the object the factory returned, so the
// link to the observation travels as a property (a symbol: invisible to resolvers and to JSON).
const OBSERVATION = Symbol('request observation');

function observationOf(context: object): RequestObservation | undefined {
  const value: unknown = Reflect.get(context, OBSERVATION);
  return value instanceof RequestObservation ? value : undefined;
}

/** The path the service server routes to GraphQL; the usual spellings are matched without a URL parse. */
function isGraphqlPath(url: string | undefined): boolean {
  if (url === '/graphql' || url?.startsWith('/graphql?')) return true;
  return new URL(url ?? '/', 'http://localhost').pathname === '/graphql';
}

export function createRequestObserver(
  listeners: ReadonlyArray<(record: RequestRecord) => void>,
  logger: Logger,
  tracing: Tracing = disabledTracing('gateway'),
): RequestObserver {
  const pending = new WeakMap<IncomingMessage, RequestObservation>();
  const traces = new WeakMap<RequestObservation, RequestTrace>();

  function emit(record: RequestRecord) {
    for (const listener of listeners) {
      try {
        listener(record);
      } catch (error) {
        logger.warn({ err: error }, 'request observer failed');
      }
    }
  }

  return {
    observeHttp(req, res) {
      if (req.method !== 'POST' && req.method !== 'GET') return;
      if (!isGraphqlPath(req.url)) return;
      const observation = new RequestObservation(String(res.getHeader('x-request-id') ?? ''), 'http');
      if (tracing.enabled) {
        observation.span = startHttpServerSpan(tracing, req.method, '/graphql', req.headers);
        traces.set(observation, spanTrace(observation.span));
      } else {
        traces.set(observation, passthroughTrace(req.headers));
      }
      observation.traceId = traces.get(observation)?.traceId;
      pending.set(req, observation);
      // 499 (as nginx logs it): the client went away before the response was complete.
      res.once('close', () => emit(observation.finish(res.writableFinished ? res.statusCode : 499)));
    },

    traceOf(req) {
      const observation = pending.get(req);
      return observation ? traces.get(observation) : undefined;
    },

    context(factory) {
      return async (req, requestId) => {
        const observation = pending.get(req);
        try {
          const context = await factory(req, requestId);
          if (observation) {
            observation.userId = context.viewer?.userId ?? null;
            Object.assign(context, { [OBSERVATION]: observation, subgraphTimings: observation });
          }
          return context;
        } catch (error) {
          observation?.errorCodes.push(codeOf(error) ?? 'INTERNAL_SERVER_ERROR');
          throw error;
        }
      };
    },

    plugin() {
      return {
        async requestDidStart({ contextValue }) {
          const bound = observationOf(contextValue);
          const observation = bound ?? new RequestObservation(contextValue.requestId, 'ws');
          observation.userId = contextValue.viewer?.userId ?? null;
          // An operation over the socket: Apollo's copy of the context is what the executor receives.
          if (!bound) contextValue.subgraphTimings = observation;
          if (!bound && tracing.enabled && !contextValue.trace) {
            // An operation over the socket: its own trace (graphql-ws has no headers to continue).
            observation.span = startServerSpan(
              tracing,
              'graphql-ws',
              {},
              { 'network.protocol.name': 'websocket' },
            );
            observation.traceId = observation.span.traceId;
            // Apollo's copy of the context is what the gateway's data sources receive.
            contextValue.trace = spanTrace(observation.span);
          }
          return {
            async didResolveOperation({ operation, operationName }) {
              observation.operationType = operation?.operation ?? null;
              observation.operationName = operationName;
              observation.span?.operation(operation?.operation, operationName);
            },
            async executionDidStart() {
              observation.executed = true;
            },
            async willSendResponse({ response }) {
              if (response.body.kind === 'single')
                observation.errorCodes.push(...codesOf(response.body.singleResult.errors));
              if (!bound) emit(observation.finish(response.http.status ?? 200));
            },
          };
        },
      };
    },
  };
}
