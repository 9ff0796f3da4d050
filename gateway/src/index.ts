export { type GatewayEnv, gatewayEnv, subgraphUrlOverrides } from './env.js';
export { createGateway, type GatewayOptions, type RunningGateway } from './server.js';
