// graphql-middleware ships types its package.json "exports" does not point at under Bundler
// resolution; this declares the one function we use.
declare module 'graphql-middleware' {
  import type { GraphQLSchema } from 'graphql';
  export function applyMiddleware(schema: GraphQLSchema, ...middlewares: unknown[]): GraphQLSchema;
}
