import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import type { Logger } from '@ukp/kit';
import type { GatewayContext } from '../context.js';
import { InflightRequests, type Leader } from './inflight.js';
import { responseKey } from './key.js';
import { knowledgeNamespace, maxAgeOf } from './policy.js';
import type { ResponseStore } from './store.js';

export interface ResponseCacheOptions {
  store: ResponseStore;
  /** GATEWAY_DEDUP_INFLIGHT. */
  dedupInflight: boolean;
  logger: Logger;
  onHit: () => void;
  onMiss: () => void;
  now?: () => number;
}

/** What one request did with the cache, for `willSendResponse`. */
type RequestState =
  | { kind: 'none' }
  | { kind: 'answered' }
  | { kind: 'miss'; key: string; maxAge: number; leader?: Leader | undefined };

function response(body: string, headers: Array<[string, string]>, status?: number): GraphQLResponse {
  return {
    http: { status, headers: new HeaderMap(headers) },
    body: { kind: 'single', singleResult: JSON.parse(body) },
  };
}

/**
 * Answers public, anonymous, allow-listed queries from the cache in `responseForOperation` (so a
 * hit never reaches a subgraph) and stores successful misses in `willSendResponse`. A request with
 * an Authorization header is never looked up nor stored: what a signed-in user sees may be theirs
 * alone. The key carries the namespace's generation read before execution, so a response computed
 * while an invalidation happens lands under the old generation and is never served.
 */
export function responseCachePlugin(options: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const inflight = new InflightRequests();
  return {
    async requestDidStart() {
      let state: RequestState = { kind: 'none' };
      return {
        async responseForOperation({ request, contextValue, document, operation, operationName }) {
          if (contextValue.authorization || request.http?.headers.get('authorization')) return null;
          const maxAge = maxAgeOf(document, operation);
          if (maxAge === undefined) return null;
          let key: string;
          try {
            const generation = await store.generation(knowledgeNamespace);
            key = `${knowledgeNamespace}:${generation}:${responseKey(document, operationName, request.variables)}`;
            // Followers are checked before and after the lookup: a leader may start or finish
            // storing while it is in flight.
            const running = options.dedupInflight ? inflight.follow(key) : undefined;
            const cached = running ? undefined : await store.get(key);
            if (cached) {
              state = { kind: 'answered' };
              options.onHit();
              const age = Math.max(0, Math.floor((now() - cached.storedAt) / 1000));
              return response(cached.body, [
                ['x-cache', 'HIT'],
                ['age', String(age)],
              ]);
            }
          } catch (error) {
            // The cache is an optimisation: without it the query still runs.
            logger.warn({ err: error }, 'response cache unavailable; executing the query');
            return null;
          }
          options.onMiss();
          const running = options.dedupInflight ? inflight.follow(key) : undefined;
          if (running) {
            const shared = await running;
            if (shared) {
              state = { kind: 'answered' };
              return response(shared.body, [['x-cache', 'MISS']], shared.status);
            }
            // The leader had nothing to share (incremental delivery, or it failed): run our own.
          }
          state = {
            kind: 'miss',
            key,
            maxAge,
            leader: options.dedupInflight && !running ? inflight.lead(key) : undefined,
          };
          return null;
        },

        async willSendResponse({ response: sent }) {
          if (state.kind !== 'miss') return;
          const { key, maxAge, leader } = state;
          sent.http.headers.set('x-cache', 'MISS');
          try {
            if (sent.body.kind !== 'single') return;
            const result = sent.body.singleResult;
            leader?.share({ body: JSON.stringify(result), status: sent.http.status });
            // Errors may be transient or caller-specific; only a clean answer is worth keeping.
            if (result.errors?.length || result.data == null) return;
            await store.set(key, { body: JSON.stringify({ data: result.data }), storedAt: now() }, maxAge);
          } catch (error) {
            logger.warn({ err: error }, 'could not store a response in the cache');
          } finally {
            leader?.release();
          }
        },
      };
    },
  };
}
