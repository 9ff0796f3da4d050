// Test and benchmark fixtures of the executor, for other packages (`@ukp/gateway/testing`).
export { federationQuery } from './federation-query.js';
