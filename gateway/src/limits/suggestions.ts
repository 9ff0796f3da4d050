import type { GraphQLError } from 'graphql';

// graphql-js appends its hints as one sentence: ` Did you mean "title"?`, `Did you mean the enum
// value "PUBLISHED"?`, `Did you mean to use an inline fragment on "User"?`. Names never hold a `?`.
const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/**
 * Removes field, argument, type and enum suggestions from error messages, in place (Apollo has
 * already wrapped the errors it will send). With introspection off they would map the schema.
 */
export function hideSuggestions(errors: readonly GraphQLError[]): void {
  for (const error of errors) {
    if (error.message.includes('Did you mean')) error.message = error.message.replace(SUGGESTION, '');
  }
}
