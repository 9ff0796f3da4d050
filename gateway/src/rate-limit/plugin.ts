import { type ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { failedSignIns } from './auth-rules.js';
import type { RateLimiter, SignInAttempts } from './rate-limiter.js';

/**
 * Charges each operation once it is parsed, validated and resolved (so its fields and variables
 * are known) and before anything is planned or fetched. A refusal is thrown with
 * `extensions.http`, which Apollo turns into the status and headers and strips from the body.
 * Sign-in attempts are settled once the answer is known: only the ones that failed stay charged.
 */
export function rateLimitPlugin(limiter: RateLimiter): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      let attempts: SignInAttempts | undefined;
      return {
        async didResolveOperation({ contextValue, document, operation, request, response }) {
          if (!operation) return;
          const decision = await limiter.consume(contextValue, {
            document,
            operation,
            variables: request.variables ?? {},
          });
          if (decision.allowed) {
            attempts = decision.attempts;
            for (const [name, value] of Object.entries(decision.headers))
              response.http.headers.set(name, value);
            return;
          }
          throw new GraphQLError(decision.error.message, {
            extensions: {
              ...decision.error.extensions,
              http: { status: decision.status, headers: new HeaderMap(Object.entries(decision.headers)) },
            },
          });
        },
        // Also runs when a later plugin refused the operation or execution failed: those
        // attempts checked no password, and get their points back.
        async willSendResponse({ response }) {
          if (!attempts) return;
          const settling = attempts;
          attempts = undefined;
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
          await settling.settle(failedSignIns(errors));
        },
      };
    },
  };
}
