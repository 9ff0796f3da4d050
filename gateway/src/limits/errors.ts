import { appError } from '@ukp/kit';
import type { GraphQLError } from 'graphql';

/** What `extensions.limit` names on a QUERY_TOO_COMPLEX error from this module. */
export type LimitName =
  | 'cost'
  | 'depth'
  | 'aliases'
  | 'directives'
  | 'tokens'
  | 'listSize'
  | 'documentSize'
  | 'selections'
  /** A limit check itself failed on the document (a bug or an input it cannot handle). */
  | 'unmeasurable';

/** An operation refused by one limit: the error to send and the limit to count. */
export interface Rejection {
  limit: LimitName;
  error: GraphQLError;
}

/** Called once per rejection, with the limit that was exceeded (the metrics count them). */
export type LimitRejectionListener = (limit: LimitName) => void;

// Apollo wraps validation errors in its own ValidationError (code GRAPHQL_VALIDATION_FAILED) and
// keeps ours as `originalError`: identity, not the message, tells the plugin which ones to relabel.
const limitErrors = new WeakSet<Error>();

/** A QUERY_TOO_COMPLEX error naming the limit and its value; no HTTP status (the socket has none). */
export function limitError(limit: LimitName, max: number | undefined, message: string): GraphQLError {
  const error = appError('QUERY_TOO_COMPLEX', message, max === undefined ? { limit } : { limit, max });
  limitErrors.add(error);
  return error;
}

/** The limit behind an error made by `limitError`, itself or wrapped once by Apollo. */
export function limitOf(error: GraphQLError): LimitName | undefined {
  const ours =
    limitErrors.has(error) || (error.originalError !== undefined && limitErrors.has(error.originalError));
  return ours ? (error.extensions.limit as LimitName) : undefined;
}

/** What a limit check that threw is answered with: the detail stays out of the client's sight. */
export function unmeasurableRejection(): Rejection {
  return {
    limit: 'unmeasurable',
    error: limitError(
      'unmeasurable',
      undefined,
      'The operation could not be checked against the query limits; send a smaller or simpler operation.',
    ),
  };
}
