import { type ApolloServerPlugin, type GraphQLResponse, HeaderMap } from '@apollo/server';
import type { Logger } from '@ukp/kit';
import type { GatewayContext } from '../context.js';
import { InflightRequests, type Leader } from './inflight.js';
import { responseKey } from './key.js';
import { responsesNamespace, UncacheableOperations } from './policy.js';
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
  | { kind: 'miss'; key: string | undefined; operation: string; leader?: Leader | undefined };

function response(body: string, headers: Array<[string, string]>, status?: number): GraphQLResponse {
  return {
    http: { ...(status !== undefined ? { status } : {}), headers: new HeaderMap(headers) },
    body: { kind: 'single', singleResult: JSON.parse(body) },
  };
}

/**
 * Answers anonymous queries from the cache in `responseForOperation` (so a hit never reaches a
 * subgraph) and stores a miss in `willSendResponse` when the subgraphs' combined cache policy is
 * PUBLIC with a max-age (their `@cacheControl` hints; see policy.ts), for that long. A request with
 * an Authorization header is never looked up nor stored: what a signed-in user sees may be theirs
 * alone. The key carries the namespace's generation read before execution, so a response computed
 * while an invalidation happens lands under the old generation and is never served. Identical
 * concurrent anonymous queries share one execution (GATEWAY_DEDUP_INFLIGHT).
 */
export function responseCachePlugin(options: ResponseCacheOptions): ApolloServerPlugin<GatewayContext> {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const inflight = new InflightRequests();
  const uncacheable = new UncacheableOperations(now);
  return {
    async requestDidStart() {
      let state: RequestState = { kind: 'none' };
      return {
        async responseForOperation({ request, contextValue, document, operation, operationName, queryHash }) {
          if (contextValue.authorization || request.http?.headers.get('authorization')) return null;
          // Apollo's types promise an operation; a document whose operationName matches none has none.
          if (operation?.operation !== 'query') return null;
          const operationKey = `${operationName ?? ''}\u0000${queryHash}`;
          const lookup = !uncacheable.has(operationKey);
          // Known uncacheable and no sharing of executions: nothing needs the key (a hash per request).
          if (!lookup && !options.dedupInflight) return null;
          const identity = responseKey(document, operation, operationName, request.variables);
          if (identity === undefined) return null;
          let key: string | undefined;
          if (lookup) {
            try {
              const generation = await store.generation(responsesNamespace);
              key = `${responsesNamespace}:${generation}:${identity}`;
              // Followers are checked before and after the lookup: a leader may start or finish
              // storing while it is in flight.
              const cached =
                options.dedupInflight && inflight.follow(identity) ? undefined : await store.get(key);
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
              key = undefined;
            }
            options.onMiss();
          }
          const running = options.dedupInflight ? inflight.follow(identity) : undefined;
          if (running) {
            const shared = await running;
            if (shared) {
              state = { kind: 'answered' };
              return response(shared.body, lookup ? [['x-cache', 'MISS']] : [], shared.status);
            }
            // The leader had nothing to share (incremental delivery, or it failed): run our own.
          }
          state = {
            kind: 'miss',
            key,
            operation: operationKey,
            leader: options.dedupInflight && !running ? inflight.lead(identity) : undefined,
          };
          return null;
        },

        async willSendResponse({ response: sent, overallCachePolicy }) {
          if (state.kind !== 'miss') return;
          const { key, operation, leader } = state;
          if (key) sent.http.headers.set('x-cache', 'MISS');
          try {
            if (sent.body.kind !== 'single') return;
            const result = sent.body.singleResult;
            leader?.share({ body: JSON.stringify(result), status: sent.http.status });
            // Errors may be transient or caller-specific; only a clean answer is worth keeping.
            if (!key || result.errors?.length || result.data == null) return;
            const policy = overallCachePolicy.policyIfCacheable();
            if (policy?.scope !== 'PUBLIC') {
              uncacheable.add(operation);
              return;
            }
            await store.set(
              key,
              { body: JSON.stringify({ data: result.data }), storedAt: now() },
              policy.maxAge,
            );
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
