// The typed documents and result types codegen writes from `schema/operations/*.graphql`
// (`pnpm codegen`); each document's `__meta__.hash` is its id in the trusted-documents manifest.
export * from './generated/graphql.js';
