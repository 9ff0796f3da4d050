// The gateway's own entry, for tests that run more gateway instances beside the platform's.
export { createGateway, type RunningGateway } from '@ukp/gateway';
export { type PlatformConfig, platformConfig } from './config.js';
export {
  type Platform,
  type PlatformService,
  type StartPlatformOptions,
  startPlatform,
} from './platform.js';
export type { Restartable, RestartableService } from './restartable.js';
