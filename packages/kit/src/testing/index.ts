export * from './graphql-client.js';
export * from './test-env.js';
export * from './ws-client.js';
