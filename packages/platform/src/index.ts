export { type PlatformConfig, platformConfig } from './config.js';
export { type Platform, type StartPlatformOptions, startPlatform } from './platform.js';
