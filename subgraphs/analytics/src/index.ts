export { type AnalyticsEnv, analyticsEnv } from './env.js';
export {
  type AnalyticsServer,
  type AnalyticsServerOptions,
  createAnalyticsServer,
  MIGRATIONS_FOLDER,
} from './server.js';
