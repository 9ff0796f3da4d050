export { responseCacheEnv } from './env.js';
export { FallbackResponseStore } from './fallback-store.js';
export { invalidateOnDocumentChanges } from './invalidation.js';
export { responseCachePlugin } from './plugin.js';
export { MemoryResponseStore, RedisResponseStore, type ResponseStore } from './store.js';
