export { apqEnv } from './env.js';
export { type ApqOptions, persistedQueries } from './persisted-queries.js';
export { RedisKeyValueCache, type StringKeyValueCache } from './redis-cache.js';
