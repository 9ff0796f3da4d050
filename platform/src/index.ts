// The whole platform in one process, for `pnpm start`, the end-to-end tests, the benchmarks and the
// repo-wide scripts. The services have their own packages: import `@ukp/gateway` for a gateway.
export { ENV_SCHEMAS, type PlatformConfig, platformConfig } from './config.js';
export { MIGRATIONS } from './migrations.js';
export {
  type Platform,
  type PlatformService,
  type StartPlatformOptions,
  startPlatform,
} from './platform.js';
export type { Restartable, RestartableService } from './restartable.js';
