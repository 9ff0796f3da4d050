export * from './graphql-client.js';
export * from './test-env.js';
export * from './tracing.js';
export * from './ws-client.js';
