export { responseCacheEnv } from './env.js';
export { invalidateOnDocumentChanges } from './invalidation.js';
export { responseCachePlugin } from './plugin.js';
export { MemoryResponseStore, RedisResponseStore, type ResponseStore } from './store.js';
