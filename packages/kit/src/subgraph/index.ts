export * from './infrastructure.js';
export * from './metrics.js';
export * from './request-context.js';
export * from './socket-request.js';
export * from './start-subgraph.js';
export * from './subgraph-schema.js';
