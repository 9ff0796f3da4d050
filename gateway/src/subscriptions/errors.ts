import { appError } from '@ukp/kit';
import type { GraphQLError } from 'graphql';

/** The errors a running subscription can end with, so every path words them the same way. */
export const subscriptionErrors = {
  shuttingDown: (): GraphQLError =>
    appError('SHUTTING_DOWN', 'The gateway is shutting down; reconnect to continue.'),
  schemaReloaded: (): GraphQLError =>
    appError('SCHEMA_RELOADED', 'The API schema changed; subscribe again to continue.'),
  tokenExpired: (): GraphQLError =>
    appError('UNAUTHENTICATED', 'Access token expired; reconnect with a fresh token to continue.'),
  sessionEnded: (): GraphQLError =>
    appError('UNAUTHENTICATED', 'This session has ended (signed out or deactivated); sign in again.'),
  subgraphUnavailable: (subgraph: string): GraphQLError =>
    appError(
      'SUBGRAPH_UNAVAILABLE',
      `The ${subgraph} service is unavailable; the subscription has ended. Subscribe again later.`,
      { subgraph },
    ),
};
