export type { SubscriptionLimits } from './limits.js';
export type { UpstreamPoolStats } from './upstream-pool.js';
export {
  createSubscriptionServer,
  type SubscriptionServer,
  type SubscriptionServerOptions,
  type SubscriptionStats,
} from './ws-server.js';
