import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { type DocumentNode, GraphQLError, type GraphQLSchema } from 'graphql';
import { limitOf } from './errors.js';
import { collapseAbortedValidation } from './fragment-cycles.js';
import { hideSuggestions } from './suggestions.js';

export interface PluginLimits {
  production: boolean;
  checkSource(source: string): GraphQLError | undefined;
  checkOperationLimits(
    document: DocumentNode,
    variables: Readonly<Record<string, unknown>>,
    schema: GraphQLSchema,
    operationName?: string,
  ): GraphQLError[];
}

/**
 * The limits' Apollo side, for HTTP and for operations the socket hands to `executeOperation`:
 * checks the list limits with the request's variables before the gateway plans anything, and
 * gives every limit error its code, since Apollo relabels what fails parsing or validation.
 */
export function limitsPlugin(limits: PluginLimits): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request, schema, operationName }) {
          const [error] = limits.checkOperationLimits(
            document,
            request.variables ?? {},
            schema,
            operationName ?? undefined,
          );
          if (!error) return;
          // Apollo answers an error thrown here with its `http` status; execution never starts.
          throw new GraphQLError(error.message, {
            extensions: { ...error.extensions, http: { status: 400 } },
          });
        },
        async didEncounterErrors({ errors, source }) {
          // Apollo's type is readonly, but it formats this very array afterwards.
          collapseAbortedValidation(errors as GraphQLError[]);
          for (const error of errors) relabel(error, source, limits);
          if (limits.production) hideSuggestions(errors);
        },
      };
    },
  };
}

// Runs before `formatError`; the errors are Apollo's own objects, changed in place because
// Apollo formats its local list, not a replacement. Their `http` status (400) is kept.
function relabel(error: GraphQLError, source: string | undefined, limits: PluginLimits): void {
  if (limitOf(error)) {
    error.extensions.code = 'QUERY_TOO_COMPLEX';
    return;
  }
  // graphql-js stopped at the token limit (Apollo's `parseOptions`), or the text is too long
  // to be worth a syntax error: say which limit, as the socket does before parsing.
  if (error.extensions.code !== 'GRAPHQL_PARSE_FAILED' || source === undefined) return;
  const rejection = limits.checkSource(source);
  if (!rejection) return;
  error.message = rejection.message;
  Object.assign(error.extensions, rejection.extensions);
}
