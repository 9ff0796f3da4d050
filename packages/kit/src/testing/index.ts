export * from './bus-events.js';
export * from './federation-query.js';
export * from './graphql-client.js';
export * from './subscription.js';
export * from './test-env.js';
export * from './timeout.js';
export * from './tracing.js';
export * from './ws-client.js';
